"""``essaylens segment``: discourse elements and holistic scores only, for a large corpus.

A district that wants the structure and a score of 100,000 essays, not a
marked report of each, needs neither the topic pack, the fact check, the
mark scheme nor the full spaCy parse. This runs only:

1. the text checks every essay gets (:func:`essaylens.ingest.check_text`);
2. the structure-only annotation (:mod:`essaylens.annotate.structure`:
   header, paragraphs, sentences from spaCy's ``senter``);
3. the discourse segmenter (:func:`essaylens.discourse.stage.discourse_stage`);
4. the holistic scorer (:func:`essaylens.scoring.holistic.score_essay`).

and writes, in input order:

* ``discourse.csv``: ``id,class,predictionstring``, the Feedback Prize
  submission format (word indices over the whitespace-split essay text), the
  same rows ``essaylens mark`` writes for the same elements;
* ``scores.csv``: the holistic score, its confidence and the probability of
  each score, with the essay's word, paragraph, sentence and element counts;
* ``errors.csv``: every essay that could not be read or segmented, with the
  reason; the others are unaffected.

Rows are written as they come back, so the outputs are never held in
memory (with more than one worker or on Dask the input texts are, as in
``essaylens mark``). A worker process that dies is replaced, and only the
essay that killed it twice is lost (E505), as in ``mark``. The same input
gives byte-identical files for any worker count, chunk size or engine.
"""

from __future__ import annotations

import csv
import os
import time
from dataclasses import dataclass, field
from contextlib import ExitStack
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from ..errors import InputError, Messages, UsageError
from ..ingest import Document
from ..ingest.readers import InputFailure
from .inputs import iter_inputs
from .outputs import cell
from .runner import Outcome
from .worker import describe_failure

#: Essays per unit of work (one batch through the sentence recogniser).
CHUNK_SIZE = 64
SCORE_FIELDS = ["essay_id", "holistic_score", "confidence", "p1", "p2", "p3", "p4", "p5", "p6",
                "basis", "words", "paragraphs", "sentences", "elements"]
ERROR_FIELDS = ["essay_id", "source", "code", "error"]


@dataclass
class SegmentResult(Outcome):
    """What a ``segment`` run did."""

    out_dir: Path
    total: int = 0
    succeeded: int = 0
    failures: list[dict[str, Any]] = field(default_factory=list)
    elapsed_s: float = 0.0


def _failed(item: Document | InputFailure, code: int, message: str) -> dict[str, Any]:
    """The result row of an essay that could not be segmented (its :data:`ERROR_FIELDS` row inside)."""
    return {"status": "error", "error": {"essay_id": item.essay_id, "source": item.source, "code": code,
                                         "error": message}}


def _error_row(doc: Document, err: BaseException) -> dict[str, Any]:
    message, code = describe_failure(doc.essay_id, err)
    return _failed(doc, code, message)


def segment_one(doc: Document, sentence_doc=None, checked: bool = False) -> dict[str, Any]:
    """Segment and score one essay.

    Args:
        doc: the essay as read.
        sentence_doc: its Doc from :func:`essaylens.annotate.structure.sentence_docs`,
            when the chunk was run together.
        checked: ``doc`` already passed :func:`essaylens.ingest.check_text`.

    Returns:
        ``{"status": "ok", "discourse": [(class, predictionstring)], "scores": {...}}``
        or :func:`_failed`'s row.
    """
    from ..annotate.structure import annotate_structure
    from ..discourse.export import predictionstring
    from ..discourse.stage import discourse_stage
    from ..essay import Essay
    from ..ingest import check_text
    from ..scoring.holistic import score_essay

    try:
        if not checked:
            check_text(doc.text, doc.source)
        essay = annotate_structure(Essay(doc.text, essay_id=doc.essay_id, source=doc.source, fmt=doc.fmt),
                                   doc=sentence_doc)
        discourse_stage(essay)
        scores = score_essay(essay)
    except Exception as err:  # one broken essay must not sink the corpus
        return _error_row(doc, err)
    rows = []
    for el in essay.get("discourse", []):
        ps = predictionstring(doc.text, el.start, el.end)
        if ps:
            rows.append((el.type, ps))
    probs = scores.holistic_probabilities or {}
    score_row = {
        "essay_id": doc.essay_id,
        "holistic_score": "" if scores.holistic is None else scores.holistic,
        "confidence": "" if scores.holistic_confidence is None else f"{scores.holistic_confidence:.4f}",
        **{f"p{k}": f"{float(p):.4f}" for k, p in sorted(probs.items())},
        "basis": scores.holistic_basis or "",
        "words": len(doc.text[essay.body_start:].split()),
        "paragraphs": len(essay.get("paragraphs", [])),
        "sentences": len(essay.get("sentences", [])),
        "elements": len(rows),
    }
    return {"status": "ok", "discourse": rows, "scores": score_row}


def segment_chunk(docs: list[Document]) -> list[dict[str, Any]]:
    """:func:`segment_one` over a chunk, its readable essays through the sentence recogniser as one batch.

    If the batch itself fails, each essay is run alone, so one bad essay
    cannot take the others with it.
    """
    from ..annotate.structure import sentence_docs
    from ..ingest import check_text

    ok, out = [], [None] * len(docs)
    for i, doc in enumerate(docs):
        try:
            check_text(doc.text, doc.source)
        except Exception as err:
            out[i] = _error_row(doc, err)
            continue
        ok.append(i)
    try:
        parsed = dict(zip(ok, sentence_docs([docs[i].text for i in ok])))
    except Exception:
        parsed = {}
    for i in ok:
        out[i] = segment_one(docs[i], parsed.get(i), checked=True)
    return out


def _chunks(items: Iterable[Document | InputFailure], size: int) -> Iterator[list[Document | InputFailure]]:
    chunk: list[Document | InputFailure] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _run_chunk(chunk: list[Document | InputFailure]) -> list[dict[str, Any]]:
    docs = [d for d in chunk if isinstance(d, Document)]
    results = iter(segment_chunk(docs))
    out = []
    for item in chunk:
        if isinstance(item, InputFailure):
            out.append(_failed(item, item.error.exit_code, str(item.error)))
        else:
            out.append(next(results))
    return out


def _lost_chunk(chunk: list[Document | InputFailure], err: BaseException) -> list[dict[str, Any]]:
    """Error rows for a chunk whose Dask task failed for good."""
    return [_failed(d, 1, Messages.E504.format(essay_id=d.essay_id, kind=type(err).__name__, detail=err))
            for d in chunk]


def _crash_rows(chunk: list[Document | InputFailure]) -> list[dict[str, Any]]:
    """Error rows for an essay that killed its worker process (twice)."""
    return [_failed(d, 1, Messages.E505.format(essay_id=d.essay_id)) for d in chunk]


def load_models() -> None:
    """Load the sentence recogniser and both models (once per process; a pool's initialiser)."""
    from ..discourse.model import shipped_model as discourse_model
    from ..scoring.model import shipped_model as holistic_model
    from ..annotate.structure import senter_nlp

    senter_nlp()
    discourse_model()
    holistic_model()


def _results(items: Iterable[Document | InputFailure], workers: int, chunk_size: int, engine: str,
             scheduler: str | None) -> Iterable[dict[str, Any]]:
    """One result row per input item, in input order, from the chosen engine."""
    chunks = _chunks(items, chunk_size)
    if engine == "dask":
        from .dask_engine import run_dask

        return run_dask(list(chunks), workers=workers, scheduler=scheduler, task=_run_chunk, init=load_models,
                        lost=_lost_chunk)
    if workers == 1:
        load_models()
        return (row for chunk in chunks for row in _run_chunk(chunk))
    from .runner import run_pool

    return run_pool(list(chunks), workers, task=_run_chunk, init=load_models, crash=_crash_rows)


def _write_rows(rows: Iterable[dict[str, Any]], handles: dict, result: SegmentResult, chunk_size: int,
                progress: Callable[[int], None] | None) -> None:
    disc = csv.writer(handles["discourse.csv"], lineterminator="\n")
    disc.writerow(["id", "class", "predictionstring"])
    scores = csv.DictWriter(handles["scores.csv"], fieldnames=SCORE_FIELDS, lineterminator="\n", restval="")
    scores.writeheader()
    errors = csv.DictWriter(handles["errors.csv"], fieldnames=ERROR_FIELDS, lineterminator="\n")
    errors.writeheader()
    for row in rows:
        result.total += 1
        if row["status"] == "ok":
            result.succeeded += 1
            essay_id = cell(row["scores"]["essay_id"])
            disc.writerows((essay_id, cls, ps) for cls, ps in row["discourse"])
            scores.writerow({**row["scores"], "essay_id": essay_id})
        else:
            result.failures.append(row["error"])
            errors.writerow({k: cell(v) for k, v in row["error"].items()})
        if progress is not None and result.total % chunk_size == 0:
            progress(result.total)
    if progress is not None:
        progress(result.total)


def segment(input_path: str | Path, out_dir: str | Path, workers: int = 1, chunk_size: int = CHUNK_SIZE,
            progress: Callable[[int], None] | None = None, engine: str = "local",
            scheduler: str | None = None) -> SegmentResult:
    """Segment and score every essay of ``input_path`` into ``out_dir``.

    Args:
        input_path: a folder of essay files, a zip, a CSV or a JSONL of rows.
        out_dir: the output folder (created).
        workers: worker processes; each loads the models once.
        chunk_size: essays per unit of work.
        progress: called with the number of essays done after each chunk.
        engine: ``"local"`` (processes on this machine) or ``"dask"`` (a
            LocalCluster of ``workers`` processes, or the cluster at ``scheduler``);
            both give the same files.
        scheduler: a Dask scheduler address.

    Returns:
        The :class:`SegmentResult`; ``exit_code`` is 4 when some essays failed.

    Raises:
        UsageError: on a worker count below 1, an unknown engine or an
            unreachable scheduler.
        InputError: when the input cannot be opened or holds no essays.
    """
    if workers < 1:
        raise UsageError(Messages.E509.format(workers=workers))
    if engine not in ("local", "dask"):
        raise UsageError(Messages.E507.format(engine=engine))
    input_path, out = Path(input_path), Path(out_dir)
    items = iter_inputs(input_path)
    out.mkdir(parents=True, exist_ok=True)
    result = SegmentResult(out)
    t0 = time.perf_counter()
    files = {name: (out / name, out / f"{name}.tmp") for name in ("discourse.csv", "scores.csv", "errors.csv")}
    try:
        with ExitStack() as stack:
            handles = {name: stack.enter_context(open(tmp, "w", encoding="utf-8", newline=""))
                       for name, (_, tmp) in files.items()}
            _write_rows(_results(items, workers, chunk_size, engine, scheduler), handles, result, chunk_size,
                        progress)
    except BaseException:
        for _, tmp in files.values():
            tmp.unlink(missing_ok=True)
        raise
    if result.total == 0:
        for _, tmp in files.values():
            tmp.unlink(missing_ok=True)
        raise InputError(Messages.E510.format(source=input_path))
    for path, tmp in files.values():
        os.replace(tmp, path)
    result.elapsed_s = time.perf_counter() - t0
    return result
