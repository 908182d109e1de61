"""N-gram TF-IDF and ridge regression in plain Python and numpy.

The holistic scorer stacks ridge regressions over word and character n-gram
TF-IDF. They are trained with scikit-learn, but the run time must not import
it (cold start), so :class:`NgramRidge` keeps only what inference needs: the
vocabulary, the idf vector and the ridge coefficients, and re-implements the
transform of ``TfidfVectorizer`` with the settings used at training time:
lower-casing, the ``word`` / ``char`` / ``char_wb`` analyzers, sublinear tf
(1 + log tf), idf weighting and l2 normalisation. A test checks that it
matches scikit-learn to 1e-6.

One ridge may have several targets (heads) over the same TF-IDF row; the
transform, which is most of the cost, is then done once per text.
"""

from __future__ import annotations

import itertools
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
        out += [text[i:i + n] for i in range(len(text) - n + 1)]
    return out


def _word_grams(w: str, lo: int, hi: int) -> list[str]:
    """The ``char_wb`` n-grams of one word, padded with a space each side."""
    w = " " + w + " "
    out: list[str] = []
    for n in range(lo, hi + 1):
        if n >= len(w):  # the padded word is no longer than n: counted once, whole
            out.append(w)
            break
        out += [w[i:i + n] for i in range(len(w) - n + 1)]
    return out


def _char_wb_ngrams(text: str, lo: int, hi: int) -> list[str]:
    out: list[str] = []
    for w in _WHITE.sub(" ", text).split():
        out += _word_grams(w, lo, hi)
    return out


def count_ngrams(text: str, analyzer: str, ngram_range: tuple[int, int], token_pattern: str = r"(?u)\b\w\w+\b"
                 ) -> Counter:
    """``Counter(analyze(...))``, faster for ``char_wb``: each distinct word's grams are built once."""
    if analyzer != "char_wb":
        return Counter(analyze(text, analyzer, ngram_range, token_pattern))
    lo, hi = ngram_range
    counts: Counter = Counter()
    for w, k in Counter(_WHITE.sub(" ", text.lower()).split()).items():
        grams = _word_grams(w, lo, hi)
        counts.update(grams if k == 1 else {g: c * k for g, c in Counter(grams).items()})
    return counts


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
        coef: ridge coefficients (float32): shape (columns,) for one target, (columns, k) for k.
        intercept: ridge intercept, a float or one per target.
    """

    analyzer: str
    ngram_range: tuple[int, int]
    token_pattern: str
    vocabulary: dict
    idf: np.ndarray
    coef: np.ndarray
    intercept: float | np.ndarray

    @classmethod
    def from_sklearn(cls, vectorizer, ridge) -> "NgramRidge":
        """Copy a fitted ``TfidfVectorizer`` and ``Ridge`` (training time only).

        A ridge fitted on one target keeps a coefficient vector; one fitted
        on k targets keeps a (columns, k) matrix and k intercepts. The
        coefficients are kept in float32 (half the artefact; predictions
        move by under 1e-6).
        """
        vocab = {k: int(v) for k, v in sorted(vectorizer.vocabulary_.items())}
        coef = np.asarray(ridge.coef_, dtype=np.float32)
        intercept = np.asarray(ridge.intercept_, dtype=np.float64)
        if coef.ndim == 2 and coef.shape[0] > 1:
            coef, intercept = np.ascontiguousarray(coef.T), intercept.ravel()
        else:
            coef, intercept = coef.ravel(), float(intercept.ravel()[0])
        return cls(vectorizer.analyzer, tuple(vectorizer.ngram_range), vectorizer.token_pattern, vocab,
                   np.asarray(vectorizer.idf_, dtype=np.float64), coef, intercept)

    @property
    def n_targets(self) -> int:
        """Number of ridge targets (1 for a coefficient vector)."""
        return 1 if self.coef.ndim == 1 else int(self.coef.shape[1])

    def transform_one(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """Sparse TF-IDF row of one document.

        Returns:
            (columns, values): sorted column indices and their l2-normalised weights.
        """
        grams = count_ngrams(text, self.analyzer, self.ngram_range, self.token_pattern)
        # Look every n-gram up at once (-1: not in the vocabulary) and sort in
        # numpy: a character analyzer yields thousands of distinct grams.
        get = self.vocabulary.get
        cols = np.fromiter(map(get, grams, itertools.repeat(-1)), dtype=np.int64, count=len(grams))
        tf = np.fromiter(grams.values(), dtype=np.float64, count=len(grams))
        known = cols >= 0
        if not known.any():
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        cols, tf = cols[known], tf[known]
        order = np.argsort(cols)
        cols, tf = cols[order], tf[order]
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
        """Ridge predictions: shape (n,) for one target, (n, k) for k targets."""
        out = np.empty((len(texts), self.n_targets))
        for i, t in enumerate(texts):
            cols, vals = self.transform_one(t)
            out[i] = vals @ self.coef[cols] + self.intercept
        return out[:, 0] if self.coef.ndim == 1 else out
