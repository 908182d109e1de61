"""Sentence meaning for stance: the shared encoder, with an injectable stand-in.

Stance and counter-evidence compare units of the essay with hypothesis texts
and pack evidence items by cosine similarity of sentence embeddings. The
encoder is ``essaylens.embed.encode`` when it is installed; otherwise (or when
it fails to load) a deterministic hashed bag-of-stems encoder keeps the
pipeline working, with lower quality. Tests can inject any encoder with
:func:`use_encoder`.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from contextlib import contextmanager
from typing import Callable, Iterator, Sequence

import numpy as np

Encoder = Callable[[list[str]], np.ndarray]

_override: Encoder | None = None
_resolved: Encoder | None = None

_WORD = re.compile(r"[a-z][a-z']+")
_STOP = frozenset(
    "a an the of to in on at by for with from and or but as is was were are be been being it its this that "
    "these those there their they them he she his her we our you your i me my which who whom what when where "
    "why how not no so than then into over under about after before also very more most some any all can "
    "could would should will may might must had has have do does did just only such other each".split()
)


def fold(text: str) -> str:
    """Lower-case ASCII form of ``text`` (accents and curly quotes removed)."""
    text = text.replace("’", "'").replace("‘", "'")
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def stem(word: str) -> str:
    """A light suffix-stripping stem, enough to match plural and verb forms."""
    word = word.strip("'")
    if word.endswith("'s"):
        word = word[:-2]
    for suffix in ("ations", "ation", "ings", "ing", "ies", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)] + ("y" if suffix == "ies" else "")
    return word


def content_stems(text: str) -> list[str]:
    """Stems of the content words of ``text``, in order."""
    return [stem(w) for w in _WORD.findall(fold(text)) if w.strip("'") not in _STOP]


def hashed_encode(texts: Sequence[str], dim: int = 1024) -> np.ndarray:
    """A deterministic bag-of-stems encoder (stems and stem bigrams, hashed).

    Args:
        texts: the sentences to encode.
        dim: the number of hash buckets.

    Returns:
        An array of L2-normalised float32 rows, one per text.
    """
    out = np.zeros((len(texts), dim), dtype=np.float32)
    for i, text in enumerate(texts):
        stems = content_stems(text)
        feats = stems + [f"{a}_{b}" for a, b in zip(stems, stems[1:])]
        for f in feats:
            h = int.from_bytes(hashlib.blake2b(f.encode(), digest_size=8).digest(), "little")
            out[i, h % dim] += 1.0 if "_" not in f else 0.5
        norm = float(np.linalg.norm(out[i]))
        if norm:
            out[i] /= norm
    return out


def _resolve() -> Encoder:
    global _resolved
    if _resolved is None:
        try:
            from ..embed import encode as shared_encode  # type: ignore[attr-defined]

            shared_encode(["probe"])
            _resolved = shared_encode
        except Exception:  # the models engineer's encoder is not installed
            _resolved = hashed_encode
    return _resolved


def encode(texts: Sequence[str]) -> np.ndarray:
    """Encode ``texts`` with the injected, shared or fallback encoder.

    Args:
        texts: sentences to embed.

    Returns:
        L2-normalised float32 rows (an empty ``(0, 1)`` array for no texts).
    """
    texts = list(texts)
    if not texts:
        return np.zeros((0, 1), dtype=np.float32)
    enc = _override or _resolve()
    vecs = np.asarray(enc(texts), dtype=np.float32)
    norms = np.linalg.norm(vecs, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return vecs / norms


def encoder_name() -> str:
    """Which encoder serves :func:`encode` (for reports and tests)."""
    enc = _override or _resolve()
    return getattr(enc, "__qualname__", type(enc).__name__)


@contextmanager
def use_encoder(encoder: Encoder) -> Iterator[None]:
    """Temporarily replace the encoder (tests, experiments).

    Args:
        encoder: a function from a list of texts to an array of rows.
    """
    global _override
    previous, _override = _override, encoder
    try:
        yield
    finally:
        _override = previous
