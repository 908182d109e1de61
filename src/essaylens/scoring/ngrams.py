"""N-gram TF-IDF and ridge regression in plain Python and numpy.

The holistic scorer stacks ridge regressions over word and character n-gram
TF-IDF. They are trained with scikit-learn, but the run time must not import
it (cold start), so :class:`NgramRidge` keeps only what inference needs: the
vocabulary, the idf vector and the ridge coefficients, and re-implements the
transform of ``TfidfVectorizer`` with the settings used at training time:
lower-casing, the ``word`` / ``char`` / ``char_wb`` analyzers, sublinear tf
(1 + log tf), idf weighting and l2 normalisation. A test checks that it
matches scikit-learn to 1e-6.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

import numpy as np

_WHITE = re.compile(r"\s\s+")


def _word_ngrams(text: str, lo: int, hi: int, token_pattern: str) -> list[str]:
    tokens = re.findall(token_pattern, text)
    if hi == 1:
        return tokens
    out = list(tokens) if lo == 1 else []
    for n in range(max(lo, 2), hi + 1):
        out.extend(" ".join(tokens[i:i + n]) for i in range(len(tokens) - n + 1))
    return out


def _char_ngrams(text: str, lo: int, hi: int) -> list[str]:
    text = _WHITE.sub(" ", text)
    out: list[str] = []
    for n in range(lo, min(hi, len(text)) + 1):
        out.extend(text[i:i + n] for i in range(len(text) - n + 1))
    return out


def _char_wb_ngrams(text: str, lo: int, hi: int) -> list[str]:
    text = _WHITE.sub(" ", text)
    out: list[str] = []
    for w in text.split():
        w = " " + w + " "
        wlen = len(w)
        for n in range(lo, hi + 1):
            offset = 0
            out.append(w[offset:offset + n])
            while offset + n < wlen:
                offset += 1
                out.append(w[offset:offset + n])
            if offset == 0:  # a word shorter than n is counted once
                break
    return out


def analyze(text: str, analyzer: str, ngram_range: tuple[int, int], token_pattern: str = r"(?u)\b\w\w+\b"
            ) -> list[str]:
    """The n-grams of ``text`` as scikit-learn's analyzer yields them (lower-cased).

    Args:
        text: a document.
        analyzer: ``"word"``, ``"char"`` or ``"char_wb"``.
        ngram_range: (min_n, max_n).
        token_pattern: the word analyzer's token regex.

    Returns:
        The n-grams, with repeats.
    """
    text = text.lower()
    lo, hi = ngram_range
    if analyzer == "word":
        return _word_ngrams(text, lo, hi, token_pattern)
    if analyzer == "char":
        return _char_ngrams(text, lo, hi)
    if analyzer == "char_wb":
        return _char_wb_ngrams(text, lo, hi)
    raise ValueError(f"unknown analyzer {analyzer!r}")


@dataclass
class NgramRidge:
    """A TF-IDF transform plus a linear model, without scikit-learn.

    Attributes:
        analyzer: ``word``, ``char`` or ``char_wb``.
        ngram_range: (min_n, max_n).
        token_pattern: the word analyzer's token regex.
        vocabulary: n-gram -> column.
        idf: idf weight per column.
        coef: ridge coefficient per column.
        intercept: ridge intercept.
    """

    analyzer: str
    ngram_range: tuple[int, int]
    token_pattern: str
    vocabulary: dict
    idf: np.ndarray
    coef: np.ndarray
    intercept: float

    @classmethod
    def from_sklearn(cls, vectorizer, ridge) -> "NgramRidge":
        """Copy a fitted ``TfidfVectorizer`` and ``Ridge`` (training time only)."""
        vocab = {k: int(v) for k, v in sorted(vectorizer.vocabulary_.items())}
        return cls(vectorizer.analyzer, tuple(vectorizer.ngram_range), vectorizer.token_pattern, vocab,
                   np.asarray(vectorizer.idf_, dtype=np.float64), np.asarray(ridge.coef_, dtype=np.float64).ravel(),
                   float(np.ravel(ridge.intercept_)[0]) if np.ndim(ridge.intercept_) else float(ridge.intercept_))

    def transform_one(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """Sparse TF-IDF row of one document.

        Returns:
            (columns, values): sorted column indices and their l2-normalised weights.
        """
        vocab = self.vocabulary
        grams = Counter(analyze(text, self.analyzer, self.ngram_range, self.token_pattern))
        hits = sorted((vocab[g], c) for g, c in grams.items() if g in vocab)
        if not hits:
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        cols = np.fromiter((c for c, _ in hits), dtype=np.int64, count=len(hits))
        tf = np.fromiter((n for _, n in hits), dtype=np.float64, count=len(hits))
        vals = (1.0 + np.log(tf)) * self.idf[cols]
        return cols, vals / np.sqrt((vals * vals).sum())

    def transform(self, texts: list[str]) -> np.ndarray:
        """Dense TF-IDF matrix (for tests and small batches)."""
        out = np.zeros((len(texts), len(self.idf)))
        for i, t in enumerate(texts):
            cols, vals = self.transform_one(t)
            out[i, cols] = vals
        return out

    def predict(self, texts: list[str]) -> np.ndarray:
        """Ridge predictions, one per text."""
        out = np.empty(len(texts))
        for i, t in enumerate(texts):
            cols, vals = self.transform_one(t)
            out[i] = float(vals @ self.coef[cols]) + self.intercept
        return out
