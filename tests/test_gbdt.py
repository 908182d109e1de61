"""The numpy tree evaluator matches LightGBM's own predictions."""

from __future__ import annotations

import numpy as np
import pytest

lightgbm = pytest.importorskip("lightgbm")

from essaylens.gbdt import TreeEnsemble  # noqa: E402


def _data(n=400, d=8, classes=3, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d))
    X[rng.random((n, d)) < 0.05] = np.nan
    X[rng.random((n, d)) < 0.05] = 0.0
    y = (np.nan_to_num(X[:, 0]) + np.nan_to_num(X[:, 1]) > 0).astype(int)
    if classes > 2:
        y = y + (np.nan_to_num(X[:, 2]) > 0.5).astype(int)
    return X, y


@pytest.mark.parametrize("classes", [2, 3])
@pytest.mark.parametrize("zero_as_missing", [False, True])
def test_gbdt_matches_lightgbm_classifier(classes, zero_as_missing):
    X, y = _data(classes=classes)
    clf = lightgbm.LGBMClassifier(n_estimators=30, num_leaves=8, min_child_samples=5, verbose=-1,
                                  zero_as_missing=zero_as_missing, deterministic=True, n_jobs=1)
    clf.fit(X, y)
    ens = TreeEnsemble.from_lightgbm(clf)
    np.testing.assert_allclose(ens.predict_proba(X), clf.predict_proba(X), rtol=1e-9, atol=1e-12)
    assert (ens.predict(X) == clf.predict(X)).all()


def test_gbdt_matches_lightgbm_regressor():
    X, y = _data(classes=2)
    reg = lightgbm.LGBMRegressor(n_estimators=25, num_leaves=6, min_child_samples=5, verbose=-1, n_jobs=1)
    reg.fit(X, y.astype(float) + np.nan_to_num(X[:, 3]))
    ens = TreeEnsemble.from_lightgbm(reg)
    np.testing.assert_allclose(ens.predict(X), reg.predict(X), rtol=1e-9, atol=1e-12)


def test_gbdt_single_row_and_raw_scores_match():
    X, y = _data(classes=3)
    clf = lightgbm.LGBMClassifier(n_estimators=40, num_leaves=7, min_child_samples=5, verbose=-1, n_jobs=1).fit(X, y)
    ens = TreeEnsemble.from_lightgbm(clf)
    want = clf.predict(X[:20], raw_score=True)
    np.testing.assert_allclose(ens.predict_raw(X[:20]), want, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(ens.predict_raw(X[3]), want[3:4], rtol=1e-9, atol=1e-12)


def test_gbdt_pickles_without_lightgbm_objects():
    import pickle

    X, y = _data(classes=2)
    clf = lightgbm.LGBMClassifier(n_estimators=5, verbose=-1, n_jobs=1).fit(X, y)
    ens = TreeEnsemble.from_lightgbm(clf)
    ens.predict_proba(X[:2])  # builds the evaluation cache, which is not pickled
    blob = pickle.dumps(ens)
    assert b"lightgbm" not in blob and b"sklearn" not in blob and b"_flat" not in blob
    np.testing.assert_allclose(pickle.loads(blob).predict_proba(X), ens.predict_proba(X))
