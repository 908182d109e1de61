"""The trained holistic scorer: calibrated probabilities over scores 1-6.

:class:`HolisticModel` wraps a LightGBM multiclass model over the essay
features plus one stacked feature: the score a ridge regression over
character n-grams (TF-IDF) gives the text. Its probabilities
are calibrated by one temperature fitted on held-out essays; the score is the
expected score cut at thresholds tuned for quadratic weighted kappa. The
artefact is one joblib file under ``scoring/models``, loaded lazily.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Sequence

import numpy as np

MODEL_PATH = Path(__file__).resolve().parent / "models" / "holistic.joblib"
SCORES = (1, 2, 3, 4, 5, 6)


class HolisticModel:
    """Calibrated 1-6 scorer.

    Args:
        clf: fitted multiclass classifier over scores 1..6 (as 0..5).
        thresholds: five cut points on the expected score.
        temperature: divides the log-probabilities before renormalising.
        info: training facts recorded with the artefact.
    """

    def __init__(self, clf, thresholds: Sequence[float], temperature: float = 1.0, info: dict | None = None,
                 text_model=None):
        self.clf = clf
        self.thresholds = list(thresholds)
        self.temperature = temperature
        self.info = info or {}
        self.text_model = text_model

    def augment(self, X: np.ndarray, texts: Sequence[str]) -> np.ndarray:
        """Append the text model's score (a ridge over character n-grams) to each row."""
        if self.text_model is None:
            return X
        return np.hstack([X, np.asarray(self.text_model.predict(list(texts)), dtype=np.float32)[:, None]])

    def probabilities(self, X: np.ndarray) -> np.ndarray:
        """Calibrated probabilities, one column per score 1..6."""
        raw = np.zeros((len(X), 6))
        raw[:, np.asarray(self.clf.classes_, dtype=int)] = self.clf.predict_proba(X)
        z = np.log(np.clip(raw, 1e-12, None)) / self.temperature
        z -= z.max(1, keepdims=True)
        p = np.exp(z)
        return p / p.sum(1, keepdims=True)

    def expected(self, X: np.ndarray) -> np.ndarray:
        """Expected score under the calibrated probabilities."""
        return self.probabilities(X) @ np.arange(1, 7)

    def predict(self, X: np.ndarray) -> np.ndarray:
        """Integer scores 1..6."""
        return 1 + np.searchsorted(self.thresholds, self.expected(X))

    def score(self, x: np.ndarray, text: str) -> tuple[int, float, dict[str, float]]:
        """(score, confidence, probabilities) for one essay.

        Args:
            x: its feature row (:func:`essaylens.scoring.features.essay_features`).
            text: its body text (for the character n-gram model).

        The confidence is the calibrated probability of the given score.
        """
        X = self.augment(x.reshape(1, -1), [text])
        p = self.probabilities(X)[0]
        s = int(self.predict(X)[0])
        return s, round(float(p[s - 1]), 4), {str(k): round(float(v), 4) for k, v in zip(SCORES, p)}

    def save(self, path: Path = MODEL_PATH) -> None:
        """Write the artefact (joblib, compressed)."""
        import joblib

        path.parent.mkdir(parents=True, exist_ok=True)
        joblib.dump({"clf": self.clf, "thresholds": self.thresholds, "temperature": self.temperature,
                     "info": self.info, "text_model": self.text_model}, path, compress=3)

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> "HolisticModel":
        """Read an artefact written by :meth:`save`."""
        import joblib

        d = joblib.load(path)
        return cls(d["clf"], d["thresholds"], d["temperature"], d.get("info"), d.get("text_model"))


@functools.lru_cache(maxsize=1)
def shipped_model() -> HolisticModel | None:
    """The scorer shipped in the package, or None when the artefact is missing."""
    return HolisticModel.load(MODEL_PATH) if MODEL_PATH.exists() else None
