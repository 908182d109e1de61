"""Sentence embeddings: ``encode(texts, precise=False)``.

The fast path is a model2vec static model distilled from all-MiniLM-L6-v2;
``precise=True`` runs the int8 ONNX export of MiniLM itself. Both models ship
inside the package (``embed/models``, built by ``make export-embeddings``),
load on first use, once per process, and need no torch and no network.

Example:
    >>> from essaylens.embed import encode
    >>> rows = encode(["The Bolsheviks planned the rising."])
    >>> rows.shape, rows.dtype
    ((1, 256), dtype('float32'))
"""

from __future__ import annotations

import functools

import numpy as np

from .encoders import OnnxEncoder, StaticEncoder

__all__ = ["encode", "dim", "static_encoder", "onnx_encoder", "StaticEncoder", "OnnxEncoder"]


@functools.lru_cache(maxsize=1)
def static_encoder() -> StaticEncoder:
    """The process-wide static (model2vec) encoder."""
    return StaticEncoder()


@functools.lru_cache(maxsize=1)
def onnx_encoder() -> OnnxEncoder:
    """The process-wide int8 ONNX MiniLM encoder."""
    return OnnxEncoder()


def encode(texts: list[str], precise: bool = False) -> np.ndarray:
    """Embed texts as L2-normalised float32 rows.

    Args:
        texts: the sentences or passages to embed.
        precise: use the int8 ONNX MiniLM (384 dims, ~100x slower) instead of
            the static model (256 dims).

    Returns:
        An array of shape ``(len(texts), dim)``; rows have unit length
        (an empty text gives a zero row under the static model).
    """
    enc = onnx_encoder() if precise else static_encoder()
    return enc.encode(list(texts))


def dim(precise: bool = False) -> int:
    """Width of the rows :func:`encode` returns for that path."""
    return 384 if precise else static_encoder().dim
