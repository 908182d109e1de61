"""EssayLens: an offline marking assistant for argumentative history essays."""

__version__ = "0.1.0"

from .errors import EssayLensError  # noqa: E402

__all__ = ["EssayLensError", "__version__", "analyze"]


def analyze(text_or_path, **kwargs):
    """Analyse one essay; see :func:`essaylens.api.analyze`."""
    from .api import analyze as _analyze

    return _analyze(text_or_path, **kwargs)
