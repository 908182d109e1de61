"""All trees of a :class:`essaylens.gbdt.TreeEnsemble` evaluated at once.

``TreeEnsemble.predict_raw`` walks the trees one by one, which costs a
Python loop over 1,600 trees (200 rounds x 8 classes) for every essay: about
0.1 s. :class:`PackedTrees` pads the trees into ``(trees, nodes)`` arrays and
walks them together, one numpy step per tree level, with the same split and
missing-value rules, so the probabilities are the same (a test checks this)
and an essay takes a few milliseconds.
"""

from __future__ import annotations

import numpy as np

_ZERO_EPS = 1e-35  # LightGBM's kZeroThreshold, as in essaylens.gbdt


class PackedTrees:
    """A packed, vectorised copy of a tree ensemble.

    Args:
        ensemble: an :class:`essaylens.gbdt.TreeEnsemble` (multiclass,
            binary or regression).
    """

    def __init__(self, ensemble):
        trees = ensemble.trees
        self.n_classes = ensemble.n_classes
        self.objective = ensemble.objective
        self.sigmoid = ensemble.sigmoid
        self.average_output = ensemble.average_output
        self.classes = ensemble.classes
        t = len(trees)
        m = max(1, max(tr.feature.size for tr in trees) if trees else 1)
        n_leaf = max(1, max(tr.leaf_value.size for tr in trees) if trees else 1)
        self.feature = np.zeros((t, m), np.int64)
        self.threshold = np.zeros((t, m))
        # A single-leaf tree becomes one node whose both children are leaf 0.
        self.left = np.full((t, m), -1, np.int64)
        self.right = np.full((t, m), -1, np.int64)
        self.default_left = np.ones((t, m), bool)
        self.missing = np.zeros((t, m), np.int8)
        self.leaf_value = np.zeros((t, n_leaf))
        for i, tr in enumerate(trees):
            k = tr.feature.size
            self.feature[i, :k] = tr.feature
            self.threshold[i, :k] = tr.threshold
            self.left[i, :k] = tr.left
            self.right[i, :k] = tr.right
            self.default_left[i, :k] = tr.default_left
            self.missing[i, :k] = tr.missing
            self.leaf_value[i, :tr.leaf_value.size] = tr.leaf_value
        self.tree_class = np.arange(t) % max(self.n_classes, 1)

    def predict_raw(self, X) -> np.ndarray:
        """Raw scores: shape (n,) for one output, (n, K) for multiclass."""
        X = np.asarray(X, dtype=np.float64)
        if X.ndim == 1:
            X = X[None, :]
        t, n = self.feature.shape[0], X.shape[0]
        rows = np.arange(t)[:, None]
        cols = np.arange(n)[None, :]
        node = np.zeros((t, n), np.int64)
        leaf = np.full((t, n), -1, np.int64)
        while True:
            live = leaf < 0
            if not live.any():
                break
            f = self.feature[rows, node]
            x = X[cols, f]
            miss = self.missing[rows, node]
            nan = np.isnan(x)
            x = np.where(nan & (miss != 2), 0.0, x)
            is_default = ((miss == 1) & (np.abs(x) <= _ZERO_EPS)) | (nan & (miss != 0))
            go_left = np.where(is_default, self.default_left[rows, node], x <= self.threshold[rows, node])
            child = np.where(go_left, self.left[rows, node], self.right[rows, node])
            done = live & (child < 0)
            leaf = np.where(done, ~child, leaf)
            node = np.where(live & (child >= 0), child, node)
        values = self.leaf_value[rows, leaf]
        k = max(self.n_classes, 1)
        raw = np.zeros((n, k))
        for c in range(k):
            raw[:, c] = values[self.tree_class == c].sum(0)
        if self.average_output and t:
            raw /= t // k
        return raw[:, 0] if k == 1 else raw

    def predict_proba(self, X) -> np.ndarray:
        """Class probabilities, as the ensemble's ``predict_proba`` gives them."""
        raw = self.predict_raw(X)
        if self.objective == "multiclass":
            z = raw - raw.max(axis=1, keepdims=True)
            e = np.exp(z)
            return e / e.sum(axis=1, keepdims=True)
        if self.objective == "binary":
            p = 1.0 / (1.0 + np.exp(-self.sigmoid * raw))
            return np.column_stack([1.0 - p, p])
        raise ValueError("predict_proba needs a classification objective")


def packed(model):
    """A :class:`PackedTrees` for a TreeEnsemble; any other classifier unchanged."""
    from ..gbdt import TreeEnsemble

    return PackedTrees(model) if isinstance(model, TreeEnsemble) else model
