"""The trained discourse segmenter: unit classifier plus span merging.

:class:`DiscourseModel` wraps a fitted scikit-learn classifier over the unit
features of :mod:`essaylens.discourse.features`. Prediction runs in two
passes: the first classifies each unit from its own context; the second adds
the first pass's class probabilities of the neighbouring units (a stacked,
sequence-aware step, so that e.g. a rebuttal follows a counterclaim), then
neighbouring units of one label merge into elements.

The artefact is one joblib file under ``discourse/models``; it loads lazily,
once per process.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Callable, Sequence

import numpy as np

from .features import LABELS, Unit, make_units, merge_units, unit_features

MODEL_PATH = Path(__file__).resolve().parent / "models" / "discourse.joblib"


def full_probs(clf, X: np.ndarray, n_labels: int) -> np.ndarray:
    """``predict_proba`` with one column per label id, zeros for classes never seen in training."""
    p = clf.predict_proba(X)
    out = np.zeros((len(X), n_labels))
    out[:, np.asarray(clf.classes_, dtype=int)] = p
    return out


def neighbour_probs(units: Sequence[Unit], probs: np.ndarray) -> np.ndarray:
    """Stacking features: the previous and next units' class probabilities.

    Args:
        units: the essay's units.
        probs: first-pass probabilities, one row per unit.

    Returns:
        Array of ``2 * n_classes + 2`` columns (zeros where no neighbour sits
        in the same paragraph, plus two flags for that).
    """
    n, k = probs.shape
    out = np.zeros((n, 2 * k + 2), dtype=np.float32)
    for i, u in enumerate(units):
        if i > 0 and units[i - 1].paragraph == u.paragraph:
            out[i, :k] = probs[i - 1]
            out[i, 2 * k] = 1.0
        if i + 1 < n and units[i + 1].paragraph == u.paragraph:
            out[i, k:2 * k] = probs[i + 1]
            out[i, 2 * k + 1] = 1.0
    return out


def decode(units: Sequence[Unit], probs: np.ndarray, labels: Sequence[str],
           min_claim: float = 0.05) -> tuple[list[str], np.ndarray]:
    """Unit labels from probabilities, with one structural prior.

    Argmax per unit, except that a body paragraph of evidence alone (no
    claim, position, counterclaim or conclusion predicted in it) opens with a
    claim when the model gives its first unit at least ``min_claim``
    probability of being one: argumentative paragraphs state the point their
    evidence supports, and the model, trained on few essays, under-predicts
    such topic sentences.

    Returns:
        (labels, confidence of each label).
    """
    idx = probs.argmax(1).copy()
    lab_id = {lab: i for i, lab in enumerate(labels)}
    claim, evidence = lab_id.get("Claim"), lab_id.get("Evidence")
    framing = {lab_id[x] for x in ("Claim", "Position", "Counterclaim", "Concluding Statement", "Lead")
               if x in lab_id}
    if claim is not None and evidence is not None:
        pars: dict[int, list[int]] = {}
        for i, u in enumerate(units):
            pars.setdefault(u.paragraph, []).append(i)
        for members in pars.values():
            if (len(members) >= 3 and idx[members[0]] == evidence
                    and not any(idx[i] in framing for i in members) and probs[members[0], claim] >= min_claim):
                idx[members[0]] = claim
    return [labels[i] for i in idx], probs[np.arange(len(idx)), idx]


class DiscourseModel:
    """Unit classifier (two passes) and the labels it predicts.

    Args:
        first: fitted classifier over unit features (``predict_proba``).
        second: fitted classifier over unit features + neighbour probabilities.
        labels: class names in the classifiers' column order.
        info: training facts recorded with the artefact (metrics, sizes).
    """

    def __init__(self, first, second, labels: Sequence[str] = LABELS, info: dict | None = None):
        self.first = first
        self.second = second
        self.labels = tuple(labels)
        self.info = info or {}

    def unit_probs(self, units: Sequence[Unit], X: np.ndarray) -> np.ndarray:
        """Second-pass class probabilities for already-featurised units."""
        if len(units) == 0:
            return np.zeros((0, len(self.labels)))
        p1 = full_probs(self.first, X, len(self.labels))
        if self.second is None:
            return p1
        return full_probs(self.second, np.hstack([X, neighbour_probs(units, p1)]), len(self.labels))

    def predict(self, text: str, paragraphs: Sequence[tuple[int, int]], sentences: Sequence[tuple[int, int]],
                encode: Callable[[list[str]], np.ndarray]) -> list[tuple[int, int, str, float, int]]:
        """Elements of one essay.

        Args:
            text: the essay text.
            paragraphs: body paragraph offsets.
            sentences: body sentence offsets.
            encode: the sentence encoder the model was trained with.

        Returns:
            (start, end, type, confidence, paragraph) tuples in text order.
        """
        units = make_units(text, paragraphs, sentences)
        if not units:
            return []
        X = unit_features(text, units, len(paragraphs), encode)
        probs = self.unit_probs(units, X)
        labels, conf = decode(units, probs, self.labels)
        return merge_units(units, labels, conf)

    def save(self, path: Path = MODEL_PATH) -> None:
        """Write the artefact (joblib, compressed)."""
        import joblib

        path.parent.mkdir(parents=True, exist_ok=True)
        joblib.dump({"first": self.first, "second": self.second, "labels": self.labels, "info": self.info},
                    path, compress=3)

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> "DiscourseModel":
        """Read an artefact written by :meth:`save`."""
        import joblib

        data = joblib.load(path)
        return cls(data["first"], data["second"], data["labels"], data.get("info"))


@functools.lru_cache(maxsize=1)
def shipped_model() -> DiscourseModel | None:
    """The model shipped in the package, or None when the artefact is missing."""
    if not MODEL_PATH.exists():
        return None
    return DiscourseModel.load(MODEL_PATH)
