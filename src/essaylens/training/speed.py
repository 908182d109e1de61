"""Speed of the trained stages, beside a bare spaCy parse.

    python -m essaylens.training.speed [N]

Times the discourse segmenter plus the holistic scorer over ``N`` PERSUADE
essays whose parse is cached (so spaCy's time is excluded), then times a bare
spaCy parse of the same texts, and prints essays per second for both and
their ratio. Single process; the figures depend on the machine's load.
"""

from __future__ import annotations

import sys
import time

from ..discourse.stage import discourse_stage
from ..resources import spacy_nlp
from ..scoring.holistic import score_essay
from .baseline import essay_from_parsed
from .corpus import persuade_parsed


def measure(n: int = 300) -> dict[str, float]:
    """Essays per second of segment+score and of a bare parse.

    Args:
        n: number of essays to time.

    Returns:
        {"segment_score_eps", "spacy_parse_eps", "ratio", "n"}.
    """
    essays = persuade_parsed(log=lambda *_: None)[:n]
    built = [essay_from_parsed(p) for p in essays]
    for e in built[:3]:  # load the models before timing
        e2 = essay_from_parsed(essays[0])
        discourse_stage(e2)
        score_essay(e2)
    t = time.perf_counter()
    for e in built:
        discourse_stage(e)
        score_essay(e)
    seg = len(built) / (time.perf_counter() - t)
    nlp = spacy_nlp()
    texts = [p.text for p in essays]
    nlp(texts[0])
    t = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=32):
        pass
    parse = len(texts) / (time.perf_counter() - t)
    return {"segment_score_eps": round(seg, 1), "spacy_parse_eps": round(parse, 1),
            "ratio": round(seg / parse, 2), "n": len(built)}


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    r = measure(n)
    print(f"segment+score: {r['segment_score_eps']} essays/s; bare spaCy parse: {r['spacy_parse_eps']} essays/s; "
          f"ratio {r['ratio']}x (n={r['n']}, one process)")
