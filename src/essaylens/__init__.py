"""EssayLens: an offline marking assistant for argumentative history essays."""

__version__ = "0.1.0"

import os as _os

# EssayLens's numpy matrix products are small (one essay's units at a time),
# and OpenBLAS's extra threads only spin against whatever else holds the
# other cores: with one other busy process on 2 cores, the segmenter's GRU
# view took 42 ms per essay with OpenBLAS's default threads and 6 ms with
# one. So one BLAS thread, unless the user has chosen (and only if numpy is
# not loaded yet, since OpenBLAS reads this when it starts).
_os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
_os.environ.setdefault("MKL_NUM_THREADS", "1")

from .errors import EssayLensError  # noqa: E402

__all__ = ["EssayLensError", "__version__", "analyze"]


def analyze(text_or_path, **kwargs):
    """Analyse one essay; see :func:`essaylens.api.analyze`."""
    from .api import analyze as _analyze

    return _analyze(text_or_path, **kwargs)
