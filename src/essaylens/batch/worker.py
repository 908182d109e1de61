"""The unit of batch work: analyse a chunk of essays inside one worker process.

The same function runs in the local process pool and on Dask workers, which is
what makes the two engines give byte-identical results. Models load once per
process (the resources are cached), on the first chunk or in the pool
initialiser. Any failure of one essay becomes a recorded error for that essay;
the rest of the chunk carries on.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
import traceback
from typing import Any

from ..errors import EssayLensError, Messages
from ..ingest import Document
from ..settings import Settings

#: One unit of work: the store key and the document.
WorkItem = tuple[str, Document]


#: Thread pools a worker process must keep to one thread: each worker is one
#: CPU's worth of work, and a second BLAS or tokenizer thread per worker only
#: fights the other workers for the same cores (OpenBLAS threads spin while
#: they wait). Dask's nanny sets the BLAS ones itself.
SINGLE_THREAD_ENV = {
    "OPENBLAS_NUM_THREADS": "1",
    "OMP_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "RAYON_NUM_THREADS": "1",
    "TOKENIZERS_PARALLELISM": "false",
}


def single_thread_environment() -> None:
    """Make processes started from now on single-threaded (user settings win)."""
    for name, value in SINGLE_THREAD_ENV.items():
        os.environ.setdefault(name, value)


def init_worker() -> None:
    """Load the models before the first essay arrives (pool initialiser)."""
    from ..api import default_pipeline
    from ..resources import spacy_nlp

    spacy_nlp()
    default_pipeline()


def peak_rss_mb() -> float:
    """This process's peak resident memory in MiB."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # Linux reports KiB, macOS bytes.
    return round(peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024, 1)


def describe_failure(essay_id: str, err: BaseException) -> tuple[str, int]:
    """(message, exit code) for an essay that failed: the error's own message for
    EssayLens's errors, else E504 with the exception's kind and where it was raised."""
    if isinstance(err, EssayLensError):
        return str(err), err.exit_code
    detail = f"{err}".strip() or "no message"
    where = traceback.extract_tb(err.__traceback__)[-1:]
    if where:
        detail += f" (at {os.path.basename(where[0].filename)}:{where[0].lineno})"
    return Messages.E504.format(essay_id=essay_id, kind=type(err).__name__, detail=detail), 1


def analyse_one(key: str, doc: Document, settings: Settings, parsed=None) -> dict[str, Any]:
    """Analyse one essay and return a store row as a plain dict.

    Args:
        key: the essay's store key.
        doc: the essay as read.
        settings: the run's settings.
        parsed: the essay's spaCy Doc when the chunk was parsed together.

    Returns:
        A dict with key, essay_id, source, status (``ok``/``error``), report
        (compact JSON without timings), timings (JSON), error and code.
    """
    from ..api import analyze_document

    row: dict[str, Any] = {"key": key, "essay_id": doc.essay_id, "source": doc.source}
    try:
        report = analyze_document(doc, settings, parsed=parsed)
    except Exception as err:  # one broken essay must not sink the class
        message, code = describe_failure(doc.essay_id, err)
        return {**row, "status": "error", "error": message, "code": code}
    return {
        **row,
        "status": "ok",
        "report": report.to_json(timings=False, indent=None),
        "timings": json.dumps(report.timings, sort_keys=True),
    }


def _parse_together(docs: list[Document]) -> dict[int, Any]:
    """spaCy Docs for the chunk's readable essays, parsed as one batch (faster, same result).

    Essays that fail the text checks are left out (``analyse_one`` reports
    them); if the batch itself fails, every essay is parsed alone instead, so
    one bad essay cannot take the others with it.
    """
    from ..annotate.parse import parse_many
    from ..ingest import check_text

    ok = []
    for i, doc in enumerate(docs):
        try:
            check_text(doc.text, doc.source)
        except Exception:
            continue
        ok.append(i)
    try:
        return dict(zip(ok, parse_many([docs[i].text for i in ok])))
    except Exception:
        return {}


def analyse_chunk(items: list[WorkItem], settings: Settings) -> list[dict[str, Any]]:
    """Analyse a chunk of essays in order.

    Args:
        items: (store key, Document) pairs.
        settings: the run's settings.

    Returns:
        One row per item, in the same order; each carries the worker's pid and
        peak memory so that the runner can report memory per worker.
    """
    t0 = time.perf_counter()
    parsed = _parse_together([doc for _, doc in items])
    share = (time.perf_counter() - t0) / max(1, len(parsed))
    rows = [analyse_one(key, doc, settings, parsed.get(i)) for i, (key, doc) in enumerate(items)]
    for i, row in enumerate(rows):
        if i in parsed and row.get("timings"):
            # The batch parse is part of each essay's annotate stage: give each its share.
            timings = json.loads(row["timings"])
            timings["annotate"] = timings.get("annotate", 0.0) + share
            row["timings"] = json.dumps(timings, sort_keys=True)
    worker = {"pid": os.getpid(), "peak_rss_mb": peak_rss_mb()}
    for row in rows:
        row["worker"] = worker
    return rows
