"""Training recipe for the holistic scorer (1-6).

Data: ``holistic_scores.csv`` joined to ``persuade_essays.jsonl``. Each
essay's features come from :func:`essaylens.scoring.features.essay_features`,
with discourse elements from the trained segmenter. (At training time the
sentences come from a light regular-expression split, since parsing 6,000
essays with spaCy would not fit the time budget; at run time they come from
the spaCy parse. The two splits agree on most sentences.)

Model: LightGBM multiclass over the six scores, with one stacked feature
(a ridge regression over character n-grams, out of fold). The predicted score is the
expected score under the probabilities, cut at thresholds tuned for QWK on an
inner validation split; the probabilities are calibrated there by a single
temperature. Seeded and deterministic.
"""

from __future__ import annotations

import re
import zlib
from typing import Callable

import lightgbm as lgb
import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import Ridge
from sklearn.model_selection import KFold
from sklearn.pipeline import make_pipeline

from ..scoring.features import essay_features
from ..scoring.model import HolisticModel
from .metrics import qwk

_SENT_END = re.compile(r"(?<=[.!?])[\"')\]”’]*\s+")


def light_layout(text: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Paragraph and sentence offsets from line breaks and end punctuation."""
    paragraphs, sentences = [], []
    pos = 0
    for line in text.split("\n"):
        s, e = pos, pos + len(line)
        pos = e + 1
        if line.strip():
            lead = len(line) - len(line.lstrip())
            s2, e2 = s + lead, s + len(line.rstrip())
            paragraphs.append((s2, e2))
            start = s2
            for m in _SENT_END.finditer(text, s2, e2):
                if m.start() > start:
                    sentences.append((start, m.start()))
                start = m.end()
            if start < e2:
                sentences.append((start, e2))
    return paragraphs, sentences


def fold_of(essay_id: str, k: int = 5) -> int:
    """Stable fold number of an essay id."""
    return zlib.crc32(essay_id.encode()) % k


def featurise(rows: list[dict], texts: dict[str, str], discourse_predict: Callable | None,
              encode: Callable, log=print) -> np.ndarray:
    """Feature rows for the scored essays (in ``rows`` order)."""
    X = []
    for i, r in enumerate(rows):
        text = texts[r["essay_id"]]
        pars, sents = light_layout(text)
        elements = [(s, e, t) for s, e, t, *_ in discourse_predict(text, pars, sents)] if discourse_predict else []
        X.append(essay_features(text, [text[s:e] for s, e in sents], len(pars), elements, encode))
        if (i + 1) % 1000 == 0:
            log(f"  holistic: featurised {i + 1}/{len(rows)} essays")
    return np.vstack(X)


def _clf(seed: int, n_trees: int):
    return lgb.LGBMClassifier(n_estimators=n_trees, learning_rate=0.04, num_leaves=15, colsample_bytree=0.3,
                              subsample=0.8, subsample_freq=1, min_child_samples=20, reg_lambda=1.0,
                              n_jobs=2, random_state=seed, deterministic=True, force_row_wise=True, verbose=-1)


def _tune_thresholds(expected: np.ndarray, y: np.ndarray) -> list[float]:
    cuts = [1.5, 2.5, 3.5, 4.5, 5.5]
    for _ in range(3):
        for j in range(5):
            best, best_c = -1.0, cuts[j]
            lo = cuts[j - 1] + 0.05 if j else 1.0
            hi = cuts[j + 1] - 0.05 if j < 4 else 6.0
            for c in np.arange(lo, hi, 0.05):
                trial = cuts[:j] + [float(c)] + cuts[j + 1:]
                q = qwk(y, 1 + np.searchsorted(trial, expected))
                if q > best:
                    best, best_c = q, float(c)
            cuts[j] = round(best_c, 3)
    return cuts


def _temperature(logp: np.ndarray, y: np.ndarray) -> float:
    best_t, best_nll = 1.0, np.inf
    for t in np.arange(0.5, 3.01, 0.05):
        z = logp / t
        z = z - z.max(1, keepdims=True)
        p = np.exp(z) / np.exp(z).sum(1, keepdims=True)
        nll = -np.log(np.clip(p[np.arange(len(y)), y - 1], 1e-12, None)).mean()
        if nll < best_nll:
            best_t, best_nll = float(t), nll
    return round(best_t, 3)


def text_model(seed: int = 0):
    """Ridge regression over character 3-5-gram TF-IDF of the essay text."""
    return make_pipeline(
        TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), min_df=5, max_features=30000, sublinear_tf=True,
                        dtype=np.float32),
        Ridge(alpha=3.0, random_state=seed),
    )


def train(X: np.ndarray, y: np.ndarray, ids: list[str], texts: list[str], seed: int = 0,
          n_trees: int = 400) -> HolisticModel:
    """Fit the scorer: LightGBM on 85% of ``X``, thresholds and temperature on the rest.

    The character n-gram ridge is stacked: its out-of-fold predictions
    (5 folds) are the extra column the trees train on, and a ridge refitted
    on all rows serves at run time.

    Args:
        X: feature rows.
        y: scores 1..6.
        ids: essay ids (for a stable inner split).
        texts: the essay texts, in the same order.
        seed: random seed.
        n_trees: boosting rounds.

    Returns:
        The fitted :class:`HolisticModel`.
    """
    oof = np.zeros(len(y), dtype=np.float32)
    for a, b in KFold(5, shuffle=True, random_state=seed).split(X):
        oof[b] = text_model(seed).fit([texts[i] for i in a], y[a]).predict([texts[i] for i in b])
    tm = text_model(seed).fit(texts, y)
    X = np.hstack([X, oof[:, None]])
    inner = np.array([zlib.crc32(("inner" + i).encode()) % 100 < 15 for i in ids])
    clf = _clf(seed, n_trees).fit(X[~inner], y[~inner] - 1)
    raw = clf.predict_proba(X[inner])
    temp = _temperature(np.log(np.clip(raw, 1e-12, None)), y[inner])
    model = HolisticModel(clf, [1.5, 2.5, 3.5, 4.5, 5.5], temp)
    cuts = _tune_thresholds(model.expected(X[inner]), y[inner])
    return HolisticModel(clf, cuts, temp, text_model=tm)
