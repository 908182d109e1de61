"""FlatForest gives LightGBM's (and TreeEnsemble's) raw scores."""

from __future__ import annotations

import numpy as np
import pytest

from essaylens.scoring.forest import FlatForest


@pytest.mark.parametrize("kind", ["multiclass", "regression"])
def test_scoring_forest_matches_lightgbm(kind):
    lgb = pytest.importorskip("lightgbm")
    from essaylens.gbdt import TreeEnsemble

    rng = np.random.default_rng(0)
    X = rng.normal(size=(300, 6))
    X[rng.random(X.shape) < 0.05] = np.nan
    X[:, 5] = np.where(rng.random(300) < 0.3, 0.0, X[:, 5])
    y = (np.nan_to_num(X[:, 0]) + np.nan_to_num(X[:, 1]) > 0).astype(int) + (np.nan_to_num(X[:, 2]) > 1)
    kw = dict(n_estimators=30, num_leaves=7, min_child_samples=5, verbose=-1, n_jobs=1, random_state=0)
    model = (lgb.LGBMClassifier(**kw) if kind == "multiclass" else lgb.LGBMRegressor(**kw)).fit(X, y)
    flat = FlatForest(TreeEnsemble.from_lightgbm(model))
    Xt = rng.normal(size=(50, 6))
    Xt[rng.random(Xt.shape) < 0.1] = np.nan
    want = model.predict(Xt, raw_score=True)
    assert np.abs(flat.predict_raw(Xt) - want).max() < 1e-9
    assert np.abs(flat.predict_raw(Xt[3]) - want[3]).max() < 1e-9
    if kind == "multiclass":
        assert np.abs(flat.predict_proba(Xt) - model.predict_proba(Xt)).max() < 1e-9
