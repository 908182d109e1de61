"""Training corpora, parsed once with the run-time annotator and cached.

The discourse model must see the same sentences and paragraphs at training
time as at run time, so every training essay goes through
:func:`essaylens.annotate.stage.annotate_text`. spaCy is the slow part: the
parse is done once (``nlp.pipe``) and the layers the models need are cached
in ``.cache/training`` (git-ignored) as plain tuples.
"""

from __future__ import annotations

import csv
import json
import os
import pickle
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..errors import Messages, UsageError

ROOT = Path(__file__).resolve().parents[3]
SHARED = Path(os.environ.get("ESSAYLENS_SHARED", ROOT.parent / "shared"))
DATA = SHARED / "data"
CACHE = Path(os.environ.get("ESSAYLENS_CACHE", ROOT / ".cache" / "training"))


@dataclass
class ParsedEssay:
    """The layers of one annotated essay that training needs."""

    essay_id: str
    text: str
    body_start: int
    paragraphs: list[tuple[int, int]]
    sentences: list[tuple[int, int]]
    n_tokens: int = 0
    meta: dict = field(default_factory=dict)


def data_path(name: str) -> Path:
    """Path of a shared data file, or a clear error when it is absent."""
    p = DATA / name
    if not p.exists():
        raise UsageError(Messages.E303.format(path=p))
    return p


def read_cic() -> list[dict]:
    """The CIC essays with their spans."""
    with data_path("cic_discourse.jsonl").open() as fh:
        return [json.loads(line) for line in fh]


def read_persuade() -> dict[str, str]:
    """PERSUADE essay texts by id."""
    out: dict[str, str] = {}
    with data_path("persuade_essays.jsonl").open() as fh:
        for line in fh:
            row = json.loads(line)
            out[row["essay_id"]] = row["text"]
    return out


def read_scores() -> list[dict]:
    """Rows of holistic_scores.csv (essay_id, holistic_score, prompt_name)."""
    with data_path("holistic_scores.csv").open(newline="") as fh:
        return [{"essay_id": r["essay_id"], "score": int(r["holistic_score"]), "prompt": r["prompt_name"]}
                for r in csv.DictReader(fh)]


def parse(items: list[tuple[str, str]], name: str, meta: dict[str, dict] | None = None,
          log=print) -> list[ParsedEssay]:
    """Annotate essays (cached by ``name``).

    Args:
        items: (essay_id, text) pairs, in a fixed order.
        name: cache key; a cache whose ids differ is rebuilt.
        meta: extra per-essay data to keep (e.g. CIC spans).
        log: progress printer.

    Returns:
        One :class:`ParsedEssay` per item, in order.
    """
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"parse_{name}.pkl"
    ids = [i for i, _ in items]
    if path.exists():
        with path.open("rb") as fh:
            cached = [ParsedEssay(**d) for d in pickle.load(fh)]
        if [p.essay_id for p in cached] == ids:
            if meta is not None:  # labels may have changed since the parse was cached
                for p in cached:
                    p.meta = meta.get(p.essay_id, {})
            return cached
    from ..essay import Essay
    from ..annotate.stage import annotate_text
    from ..resources import spacy_nlp

    nlp = spacy_nlp()
    out: list[ParsedEssay] = []
    t0 = time.time()
    texts = [t for _, t in items]
    for k, ((eid, text), doc) in enumerate(zip(items, nlp.pipe(texts, batch_size=32))):
        essay = annotate_text(Essay(text, essay_id=eid), doc=doc)
        out.append(ParsedEssay(
            eid, text, essay.header.body_start,
            [(p.start, p.end) for p in essay.paragraphs],
            [(s.start, s.end) for s in essay.sentences],
            n_tokens=len(essay.tokens), meta=(meta or {}).get(eid, {}),
        ))
        if (k + 1) % 200 == 0:
            log(f"  parsed {k + 1}/{len(items)} {name} essays ({time.time() - t0:.0f}s)")
    with path.open("wb") as fh:
        # Plain dicts, so the cache does not depend on where the class lives.
        pickle.dump([asdict(p) for p in out], fh, protocol=pickle.HIGHEST_PROTOCOL)
    return out


def cic_parsed(log=print) -> list[ParsedEssay]:
    """CIC essays, parsed; ``meta`` holds spans and the SAT score."""
    rows = read_cic()
    meta = {r["essay_id"]: {"spans": r["spans"], "score": r.get("holistic_score")} for r in rows}
    return parse([(r["essay_id"], r["text"]) for r in rows], "cic", meta, log)


def persuade_parsed(n: int = 1200, log=print) -> list[ParsedEssay]:
    """``n`` unlabelled PERSUADE essays (the first by id of those without a
    holistic score, so they never overlap the scorer's held-out fold), parsed.
    """
    texts = read_persuade()
    scored = {r["essay_id"] for r in read_scores()}
    ids = sorted(i for i in texts if i not in scored)[:n]
    return parse([(i, texts[i]) for i in ids], f"persuade_{len(ids)}", None, log)


#: PERSUADE essays annotated unit by unit by the project (ids and offsets only).
ANNOTATIONS = ROOT / "data" / "annotations" / "persuade_units.jsonl"


def annotated_parsed(log=print) -> list[ParsedEssay]:
    """The project-annotated PERSUADE essays, parsed; ``meta`` holds their
    spans (all seven classes, Lead included: ``has_lead``)."""
    if not ANNOTATIONS.exists():
        return []
    rows = [json.loads(line) for line in ANNOTATIONS.open() if line.strip()]
    texts = read_persuade()
    meta = {r["essay_id"]: {"spans": r["spans"], "has_lead": True} for r in rows}
    return parse([(r["essay_id"], texts[r["essay_id"]]) for r in rows], "annotated", meta, log)


if __name__ == "__main__":  # parse and cache everything
    cic_parsed()
    persuade_parsed()
