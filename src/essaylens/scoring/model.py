"""The trained holistic scorer: calibrated probabilities over scores 1-6.

:class:`HolisticModel` holds, as plain numpy structures (no scikit-learn or
LightGBM at run time):

* three ridge regressions over n-gram TF-IDF of the text (word 1-2-grams,
  character 1-4-grams, word-bounded character 3-5-grams;
  :class:`~essaylens.scoring.ngrams.NgramRidge`), each predicting the score
  and five "score above k" targets, whose predictions are appended to the
  essay's feature row (stacking); since the tenth round also a token
  convolution over the essay's model2vec tokens with the same six outputs
  (:class:`~essaylens.scoring.textcnn.TokenCNN`);
* a multiclass tree ensemble and a regression tree ensemble over that row
  (:class:`essaylens.gbdt.TreeEnsemble`, trained with LightGBM).

The score is the mean of the classifier's expected score and the
regressor's prediction, cut at five thresholds tuned for quadratic weighted
kappa on out-of-fold predictions. The reported probabilities come from the
same blended score: an ordinal (cumulative logistic) distribution centred on
it, with the five thresholds as its cut points and one spread fitted out of
fold (:func:`ordinal_probabilities`), so the score a teacher sees is the
likeliest one and its confidence is the probability of that score. (Before,
the probabilities were the classifier's own; on 18% of held-out essays their
likeliest score was not the reported one. ``classifier_probabilities``
still gives them.) The artefact is one gzipped pickle under
``scoring/models``, loaded lazily.

Since the twelfth round the artefact also holds a *topic-neutral* scorer
and a :class:`TopicGate`. The stack above learns what a good essay on each
of its seven training prompts looks like (the content embedding, the n-gram
ridges, the token convolution); on a prompt it never saw, such as a history
question, those columns extrapolate, and left out by prompt they lowered the
agreement and shifted the mean score (MODEL_CARD.md). An essay whose mean
sentence embedding is far from every training prompt's centroid is scored
by trees over the topic-free columns only (length, vocabulary, mechanics,
structure, style), with thresholds and spread fitted on leave-one-prompt-out
predictions.
"""

from __future__ import annotations

import functools
import gzip
import pickle
from pathlib import Path
from typing import Sequence

import numpy as np

MODEL_PATH = Path(__file__).resolve().parent / "models" / "holistic.pkl.gz"
SCORES = (1, 2, 3, 4, 5, 6)


def ordinal_probabilities(expected: np.ndarray, thresholds: Sequence[float], spread: float) -> np.ndarray:
    """P(score = k) for k = 1..6 under a cumulative logistic model around ``expected``.

    P(score <= k) = sigmoid((t_k - expected) / spread) for the five cut
    points t_1..t_5; the six probabilities are the steps between them. The
    score whose interval holds ``expected`` is the likeliest unless that
    interval is narrow next to the spread and ``expected`` sits near its edge
    (shipped: cut points 0.7-0.85 apart, spread 0.24; the reported score was
    the likeliest for 98% of held-out essays).

    Args:
        expected: blended expected scores, one per essay.
        thresholds: the five increasing cut points.
        spread: the logistic scale (> 0).

    Returns:
        An (n, 6) array whose rows sum to 1.

    Example:
        >>> p = ordinal_probabilities(np.array([3.0]), [1.5, 2.5, 3.5, 4.5, 5.5], 0.25)
        >>> int(p.argmax()) + 1, round(float(p.sum()), 6)
        (3, 1.0)
    """
    e = np.asarray(expected, dtype=np.float64).reshape(-1, 1)
    cdf = 1.0 / (1.0 + np.exp(-(np.asarray(thresholds, dtype=np.float64)[None, :] - e) / spread))
    cdf = np.hstack([np.zeros((len(e), 1)), cdf, np.ones((len(e), 1))])
    p = np.clip(np.diff(cdf, axis=1), 1e-9, None)
    return p / p.sum(1, keepdims=True)


def unit_rows(E: np.ndarray) -> np.ndarray:
    """Rows scaled to unit length (float64; an all-zero row stays zero)."""
    E = np.asarray(E, dtype=np.float64)
    return E / np.maximum(np.linalg.norm(E, axis=1, keepdims=True), 1e-9)


class TopicGate:
    """Whether an essay's content is close to the prompts the scorer was trained on.

    Args:
        centroids: one unit-length mean content embedding per training prompt.
        cutoff: the least cosine to the nearest centroid that counts as a
            trained prompt (shipped: the 1st percentile of the training essays').
        columns: where the content embedding sits in the feature row.
        names: the prompts, for the record.
    """

    def __init__(self, centroids: np.ndarray, cutoff: float, columns: Sequence[int], names: Sequence[str] = ()):
        self.centroids = np.asarray(centroids, dtype=np.float32)
        self.cutoff = float(cutoff)
        self.columns = np.asarray(columns, dtype=np.int64)
        self.names = tuple(names)

    def similarity(self, X: np.ndarray) -> np.ndarray:
        """Cosine of each row's content embedding to the nearest training prompt's centroid."""
        E = unit_rows(np.asarray(X)[:, self.columns])
        return (E @ self.centroids.T.astype(np.float64)).max(axis=1)

    def seen(self, X: np.ndarray) -> np.ndarray:
        """True for rows whose content is like a training prompt's."""
        return self.similarity(X) >= self.cutoff


class HolisticModel:
    """Calibrated 1-6 scorer.

    Args:
        clf: multiclass tree ensemble over scores 1..6 (as classes 0..5).
        reg: regression tree ensemble over the same rows, or None.
        thresholds: five cut points on the blended expected score.
        temperature: divides the classifier's log-probabilities before renormalising.
        info: training facts recorded with the artefact.
        text_models: text models (n-gram ridges, the token convolution) whose
            predictions extend each feature row; each has ``predict(texts)``.
        spread: scale of the ordinal distribution around the blended score
            (:func:`ordinal_probabilities`); None (artefacts from before it)
            reports the classifier's calibrated probabilities instead.
        columns: the feature columns the trees read (None: the whole row).
        neutral: the topic-neutral scorer for essays the gate turns away.
        gate: the :class:`TopicGate` that decides.
    """

    def __init__(self, clf, reg, thresholds: Sequence[float], temperature: float = 1.0, info: dict | None = None,
                 text_models: Sequence = (), spread: float | None = None, columns: Sequence[int] | None = None,
                 neutral: "HolisticModel | None" = None, gate: TopicGate | None = None):
        self.clf = clf
        self.reg = reg
        self.thresholds = list(thresholds)
        self.temperature = temperature
        self.info = info or {}
        self.text_models = list(text_models)
        self.spread = spread
        self.columns = None if columns is None else np.asarray(columns, dtype=np.int64)
        self.neutral = neutral
        self.gate = gate

    def _rows(self, X: np.ndarray) -> np.ndarray:
        return X if self.columns is None else X[:, self.columns]

    def seen(self, X: np.ndarray) -> np.ndarray:
        """True for the feature rows the full stack scores; False where the topic gate
        sends the essay to the topic-neutral scorer (always True without one)."""
        X = np.atleast_2d(X)
        if self.neutral is None or self.gate is None:
            return np.ones(len(X), dtype=bool)
        return self.gate.seen(X)

    def augment(self, X: np.ndarray, texts: Sequence[str]) -> np.ndarray:
        """Append each text model's predictions (one column per target) to each row."""
        if not self.text_models:
            return X
        n = len(texts)
        cols = [np.asarray(m.predict(list(texts)), dtype=np.float32).reshape(n, -1) for m in self.text_models]
        return np.hstack([X] + cols)

    def raw_probabilities(self, X: np.ndarray) -> np.ndarray:
        """The classifier's uncalibrated probabilities, one column per score 1..6."""
        raw = np.zeros((len(X), 6))
        classes = np.arange(6) if self.clf.classes is None else np.asarray(self.clf.classes, dtype=int)
        raw[:, classes] = self.clf.predict_proba(self._rows(X))
        return raw

    def classifier_probabilities(self, X: np.ndarray) -> np.ndarray:
        """The classifier's probabilities calibrated by its temperature, one column per score 1..6."""
        z = np.log(np.clip(self.raw_probabilities(X), 1e-12, None)) / self.temperature
        z -= z.max(1, keepdims=True)
        p = np.exp(z)
        return p / p.sum(1, keepdims=True)

    def probabilities(self, X: np.ndarray, expected: np.ndarray | None = None) -> np.ndarray:
        """The reported probabilities, one column per score 1..6 (ordinal around the blended score).

        ``expected`` (:meth:`expected` of ``X``) saves recomputing it.
        """
        if self.spread is None:
            return self.classifier_probabilities(X)
        e = self.expected(X) if expected is None else expected
        return ordinal_probabilities(e, self.thresholds, self.spread)

    def expected(self, X: np.ndarray) -> np.ndarray:
        """Blended expected score: classifier expectation and regressor, averaged."""
        e = self.raw_probabilities(X) @ np.arange(1, 7)
        if self.reg is not None:
            e = (e + self.reg.predict_raw(self._rows(X))) / 2
        return e

    def predict(self, X: np.ndarray, expected: np.ndarray | None = None) -> np.ndarray:
        """Integer scores 1..6 (``expected``, if given, is :meth:`expected` of ``X``)."""
        return 1 + np.searchsorted(self.thresholds, self.expected(X) if expected is None else expected)

    def score(self, x: np.ndarray, text: str) -> tuple[int, float, dict[str, float]]:
        """(score, confidence, probabilities) for one essay, from the scorer the gate picks (:meth:`score_many`).

        Args:
            x: its feature row (:func:`essaylens.scoring.features.essay_features`).
            text: its body text (for the n-gram models).

        Returns:
            The score, the calibrated probability of that score and the
            probability of every score.
        """
        return self.score_with_basis(x, text)[:3]

    def score_with_basis(self, x: np.ndarray, text: str) -> tuple[int, float, dict[str, float], bool]:
        """:meth:`score`, and whether the full stack gave it (False: the topic-neutral scorer)."""
        pred, probs, seen = self.score_many(x.reshape(1, -1), [text])
        s, p = int(pred[0]), probs[0]
        return s, round(float(p[s - 1]), 4), {str(k): round(float(v), 4) for k, v in zip(SCORES, p)}, bool(seen[0])

    def score_many(self, X: np.ndarray, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Scores and probabilities for many feature rows, each from the scorer the gate picks.

        Args:
            X: feature rows (:func:`essaylens.scoring.features.essay_features`).
            texts: the essays' body texts, in the same order.

        Returns:
            (scores, probabilities (n x 6), seen): ``seen`` is False where the
            topic-neutral scorer gave the score.
        """
        X = np.asarray(X)
        n = len(X)
        seen = self.seen(X)
        pred, probs = np.zeros(n, dtype=np.int64), np.zeros((n, 6))
        for rows, model in ((np.flatnonzero(seen), self), (np.flatnonzero(~seen), self.neutral)):
            if rows.size:
                Xa = model.augment(X[rows], [texts[i] for i in rows])
                e = model.expected(Xa)
                pred[rows], probs[rows] = model.predict(Xa, e), model.probabilities(Xa, e)
        return pred, probs, seen

    def save(self, path: Path = MODEL_PATH) -> None:
        """Write the artefact (gzipped pickle of plain numpy structures)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        state = {"clf": self.clf, "reg": self.reg, "thresholds": self.thresholds, "temperature": self.temperature,
                 "info": self.info, "text_models": self.text_models, "spread": self.spread,
                 "columns": self.columns, "neutral": self.neutral, "gate": self.gate}
        with path.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=9, mtime=0) as fh:
            pickle.dump(state, fh, protocol=pickle.HIGHEST_PROTOCOL)

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> "HolisticModel":
        """Read an artefact written by :meth:`save`."""
        with gzip.open(path, "rb") as fh:
            d = pickle.load(fh)
        return cls(d["clf"], d["reg"], d["thresholds"], d["temperature"], d.get("info"), d.get("text_models", ()),
                   d.get("spread"), d.get("columns"), d.get("neutral"), d.get("gate"))


@functools.lru_cache(maxsize=1)
def shipped_model() -> HolisticModel | None:
    """The scorer shipped in the package, or None when the artefact is missing."""
    return HolisticModel.load(MODEL_PATH) if MODEL_PATH.exists() else None
