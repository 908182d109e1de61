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


def test_gbdt_pickle_packs_the_trees_into_few_arrays():
    import pickle

    X, y = _data(classes=3)
    clf = lightgbm.LGBMClassifier(n_estimators=20, num_leaves=6, min_child_samples=5, verbose=-1, n_jobs=1).fit(X, y)
    ens = TreeEnsemble.from_lightgbm(clf)
    state = ens.__getstate__()
    assert "trees" not in state
    assert all(isinstance(v, np.ndarray) for v in state["packed_trees"].values())
    assert len(state["packed_trees"]) == 9  # seven joined arrays and two counts, whatever the number of trees
    loaded = pickle.loads(pickle.dumps(ens))
    np.testing.assert_allclose(loaded.predict_proba(X), clf.predict_proba(X), rtol=1e-9, atol=1e-12)
    # the per-tree view comes back on demand, equal to the original
    assert len(loaded.trees) == len(ens.trees) == 60
    for a, b in zip(loaded.trees, ens.trees):
        for name in ("feature", "threshold", "left", "right", "default_left", "missing", "leaf_value"):
            np.testing.assert_array_equal(getattr(a, name), getattr(b, name))
    # a pickle of the loaded model is the same bytes as one of the original
    assert pickle.dumps(loaded) == pickle.dumps(ens)


def test_gbdt_loads_the_older_per_tree_pickle():
    import pickle

    X, y = _data(classes=2)
    reg = lightgbm.LGBMRegressor(n_estimators=10, num_leaves=5, min_child_samples=5, verbose=-1, n_jobs=1)
    reg.fit(X, y.astype(float))
    ens = TreeEnsemble.from_lightgbm(reg)
    old = TreeEnsemble.__new__(TreeEnsemble)
    old.__setstate__({k: v for k, v in ens.__dict__.items()})  # the state as pickles before packing held it
    np.testing.assert_allclose(old.predict(X), reg.predict(X), rtol=1e-9, atol=1e-12)
