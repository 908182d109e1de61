"""Training recipe for the holistic scorer (1-6).

Data: ``holistic_scores.csv`` joined to ``persuade_essays.jsonl``. Each
essay's features come from :func:`essaylens.scoring.features.essay_features`,
with discourse elements from the trained segmenter. (At training time the
sentences come from a light regular-expression split, since parsing 6,000
essays with spaCy would not fit the time budget; at run time they come from
the spaCy parse. The two splits agree on most sentences.)

Model: three ridge regressions over n-gram TF-IDF (word 1-2-grams, character
1-4-grams, word-bounded character 3-5-grams), each with six targets (the
score, and "score above k" for k = 1..5), are stacked: their out-of-fold
predictions (5 folds) become 18 extra columns; with :data:`TOKEN_CNN` the
token convolution (:mod:`.textcnn`, same six targets, same folds) adds 6
more. A LightGBM classifier and a
LightGBM regressor are fitted on the extended rows; the score is the mean of
the classifier's expected score and the regressor's output, cut at
thresholds tuned for QWK on the out-of-fold predictions of the same 5 folds.
The reported probabilities are an ordinal distribution around that blended
score, at the same thresholds, whose one spread is fitted there by
likelihood (:func:`_spread`); the classifier's own probabilities are kept,
calibrated by a single temperature. Everything is converted to plain numpy structures
(:class:`~essaylens.scoring.ngrams.NgramRidge`,
:class:`~essaylens.scoring.textcnn.TokenCNN`,
:class:`essaylens.gbdt.TreeEnsemble`) so the run time imports neither
scikit-learn, LightGBM nor PyTorch. Seeded and deterministic.

Topic-neutral scorer (twelfth round, :data:`TOPIC_NEUTRAL`; needs each
essay's prompt): the same two tree models over the columns that carry no
topic (every feature but the content embedding; no text models), with
thresholds, temperature and spread fitted on leave-one-prompt-out
predictions, so they are set for a prompt the trees never saw; and a
:class:`~essaylens.scoring.model.TopicGate`: each prompt's centroid of the
content embedding, and as cut-off the :data:`GATE_PERCENTILE` percentile of
the training essays' cosine to their nearest centroid.
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

from ..gbdt import TreeEnsemble
from ..scoring.features import essay_features, feature_names
from ..scoring.model import HolisticModel, TopicGate, ordinal_probabilities, unit_rows
from ..scoring.ngrams import NgramRidge
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


# (name, TfidfVectorizer settings, ridge alpha); alphas chosen by 5-fold CV
# on the training part (out-of-fold RMSE).
TEXT_MODELS = [
    ("word12", dict(analyzer="word", ngram_range=(1, 2), min_df=3, max_features=50000,
                    token_pattern=r"(?u)\b\w+\b"), 0.3),
    ("char14", dict(analyzer="char", ngram_range=(1, 4), min_df=5, max_features=40000), 1.0),
    ("charwb35", dict(analyzer="char_wb", ngram_range=(3, 5), min_df=5, max_features=30000), 1.0),
]
ORDINAL_CUTS = (1, 2, 3, 4, 5)

#: Stack the token convolution (:mod:`essaylens.training.textcnn`) beside the
#: n-gram ridges: its six out-of-fold outputs join the tree models' rows and
#: the refitted model joins the artefact's text models.
TOKEN_CNN = True

#: Fit the topic-neutral scorer and its gate beside the full stack (when
#: :func:`train` is given the prompts).
TOPIC_NEUTRAL = True
#: The gate turns away an essay less like its nearest training prompt than
#: this percentile of the training essays are like theirs.
GATE_PERCENTILE = 1.0


def _lgb(kind: str, seed: int, n_trees: int):
    kw = dict(n_estimators=n_trees, learning_rate=0.04, num_leaves=15, colsample_bytree=0.3, subsample=0.8,
              subsample_freq=1, min_child_samples=20, reg_lambda=1.0, n_jobs=1, random_state=seed,
              deterministic=True, force_row_wise=True, verbose=-1)
    return lgb.LGBMClassifier(**kw) if kind == "clf" else lgb.LGBMRegressor(**kw)


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


def _spread(expected: np.ndarray, y: np.ndarray, cuts: list[float]) -> float:
    """The scale of :func:`ordinal_probabilities` (at ``cuts``) with the least out-of-fold log-loss."""
    rows = np.arange(len(y))
    grid = np.arange(0.05, 1.5001, 0.01)
    nll = [-np.log(ordinal_probabilities(expected, cuts, float(t))[rows, y - 1]).mean() for t in grid]
    return round(float(grid[int(np.argmin(nll))]), 3)


def ridge_targets(y: np.ndarray) -> np.ndarray:
    """What each n-gram ridge predicts: the score, then "score above k" for k = 1..5.

    The five ordinal heads share the TF-IDF row with the score head, so they
    cost one dot product each at run time; as stacked columns they raised
    the 5-fold CV QWK (MODEL_CARD.md).
    """
    return np.column_stack([y] + [(y > k) for k in ORDINAL_CUTS]).astype(np.float64)


def stacked_text_models(texts: list[str], y: np.ndarray, folds, log=print):
    """Out-of-fold predictions of the n-gram ridges, and the ridges refitted on all rows.

    The vectorizer (vocabulary and idf, no labels) is fitted once on all
    ``texts``; each ridge is fitted per fold for the out-of-fold columns.

    Returns:
        (oof, models): an (n, 3 x 6) array, each ridge's targets
        (:func:`ridge_targets`) side by side, and the :class:`NgramRidge` list.
    """
    Y = ridge_targets(y)
    k = Y.shape[1]
    oof = np.zeros((len(y), len(TEXT_MODELS) * k), dtype=np.float32)
    models = []
    for j, (name, kw, alpha) in enumerate(TEXT_MODELS):
        vec = TfidfVectorizer(sublinear_tf=True, dtype=np.float32, **kw)
        A = vec.fit_transform(texts)
        for a, b in folds:
            oof[b, j * k:(j + 1) * k] = Ridge(alpha=alpha).fit(A[a], Y[a]).predict(A[b])
        models.append(NgramRidge.from_sklearn(vec, Ridge(alpha=alpha).fit(A, Y)))
        log(f"  holistic: n-gram ridge {name} ({A.shape[1]} features, {k} targets)")
    return oof, models


def embedding_columns() -> np.ndarray:
    """Where the content embedding sits in the feature row."""
    return np.array([i for i, n in enumerate(feature_names()) if n.startswith("emb_")], dtype=np.int64)


def fit_gate(X: np.ndarray, prompts, percentile: float = GATE_PERCENTILE) -> TopicGate:
    """Prompt centroids of the content embedding, and the cut-off at ``percentile`` of the training rows."""
    cols = embedding_columns()
    prompts = np.asarray(prompts)
    names = sorted(set(prompts.tolist()))
    E = unit_rows(X[:, cols])
    C = unit_rows(np.vstack([E[prompts == g].mean(0) for g in names]))
    gate = TopicGate(C.astype(np.float32), 0.0, cols, names)
    gate.cutoff = round(float(np.percentile(gate.similarity(X), percentile)), 4)
    return gate


def train_neutral(X: np.ndarray, y: np.ndarray, prompts, seed: int = 0, n_trees: int = 400,
                  log=print) -> HolisticModel:
    """The topic-neutral scorer: trees over the topic-free columns, calibrated leaving one prompt out.

    Returns:
        A :class:`HolisticModel` that reads only those columns; ``info["lopo"]``
        holds the leave-one-prompt-out QWK (pooled and per prompt) and each
        prompt's mean error (predicted expected score minus gold).
    """
    prompts = np.asarray(prompts)
    cols = np.setdiff1d(np.arange(X.shape[1]), embedding_columns())
    Xn = X[:, cols]
    oof_p, oof_r = np.zeros((len(y), 6)), np.zeros(len(y))
    names = sorted(set(prompts.tolist()))
    for g in names:
        a, b = prompts != g, prompts == g
        oof_p[b] = _lgb("clf", seed, n_trees).fit(Xn[a], y[a] - 1).predict_proba(Xn[b])
        oof_r[b] = _lgb("reg", seed, n_trees).fit(Xn[a], y[a]).predict(Xn[b])
    log(f"  holistic: topic-neutral trees, leave-one-prompt-out over {len(names)} prompts done")
    expected = (oof_p @ np.arange(1, 7) + oof_r) / 2
    cuts = _tune_thresholds(expected, y)
    pred = 1 + np.searchsorted(cuts, expected)
    lopo = {"qwk": round(qwk(y, pred), 4),
            "qwk_per_prompt": {g: round(qwk(y[prompts == g], pred[prompts == g]), 4) for g in names},
            "bias_per_prompt": {g: round(float((expected - y)[prompts == g].mean()), 3) for g in names}}
    clf = TreeEnsemble.from_lightgbm(_lgb("clf", seed, n_trees).fit(Xn, y - 1))
    reg = TreeEnsemble.from_lightgbm(_lgb("reg", seed, n_trees).fit(Xn, y))
    return HolisticModel(clf, reg, cuts, _temperature(np.log(np.clip(oof_p, 1e-12, None)), y),
                         info={"lopo": lopo}, spread=_spread(expected, y, cuts), columns=cols)


def train(X: np.ndarray, y: np.ndarray, ids: list[str], texts: list[str], seed: int = 0,
          n_trees: int = 400, log=print, prompts=None) -> HolisticModel:
    """Fit the scorer on ``X`` (5-fold out-of-fold stacking, thresholds and temperature).

    Args:
        X: feature rows.
        y: scores 1..6.
        ids: essay ids (kept for the record).
        texts: the essay texts, in the same order.
        seed: random seed.
        n_trees: boosting rounds of each tree model.
        log: progress printer.
        prompts: each essay's prompt; with :data:`TOPIC_NEUTRAL`, the model
            gets the topic-neutral scorer and its gate (:func:`train_neutral`,
            :func:`fit_gate`).

    Returns:
        The fitted :class:`HolisticModel`; ``info["cv"]`` holds the 5-fold
        QWK per fold and its mean (out-of-fold, with the tuned thresholds).
    """
    folds = list(KFold(5, shuffle=True, random_state=seed).split(X))
    oof_text, text_models = stacked_text_models(texts, y, folds, log)
    if TOKEN_CNN:
        from .textcnn import stacked_token_cnn

        oof_cnn, cnn = stacked_token_cnn(texts, y, folds, seed=seed, log=log)
        oof_text = np.hstack([oof_text, oof_cnn])
        text_models = text_models + [cnn]
    Xs = np.hstack([X, oof_text])
    oof_p = np.zeros((len(y), 6))
    oof_r = np.zeros(len(y))
    for a, b in folds:
        oof_p[b] = _lgb("clf", seed, n_trees).fit(Xs[a], y[a] - 1).predict_proba(Xs[b])
        oof_r[b] = _lgb("reg", seed, n_trees).fit(Xs[a], y[a]).predict(Xs[b])
    log("  holistic: out-of-fold tree models done")
    clf = TreeEnsemble.from_lightgbm(_lgb("clf", seed, n_trees).fit(Xs, y - 1))
    reg = TreeEnsemble.from_lightgbm(_lgb("reg", seed, n_trees).fit(Xs, y))
    expected = (oof_p @ np.arange(1, 7) + oof_r) / 2
    cuts = _tune_thresholds(expected, y)
    temp = _temperature(np.log(np.clip(oof_p, 1e-12, None)), y)
    spread = _spread(expected, y, cuts)
    per_fold = [round(qwk(y[b], 1 + np.searchsorted(cuts, expected[b])), 4) for _, b in folds]
    info = {"cv": {"qwk_per_fold": per_fold, "qwk_mean": round(float(np.mean(per_fold)), 4)}}
    neutral = gate = None
    if TOPIC_NEUTRAL and prompts is not None:
        neutral = train_neutral(X, y, prompts, seed, n_trees, log)
        gate = fit_gate(X, prompts)
    return HolisticModel(clf, reg, cuts, temp, info=info, text_models=text_models, spread=spread,
                         neutral=neutral, gate=gate)
