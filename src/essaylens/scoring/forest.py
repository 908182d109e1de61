"""Fast evaluation of a :class:`essaylens.gbdt.TreeEnsemble` for a few rows.

``TreeEnsemble`` walks its trees one at a time, vectorised over rows: right
for large batches, slow for the single essay the pipeline scores (thousands
of trees, each a handful of numpy calls). :class:`FlatForest` packs every
tree into shared node arrays and walks all trees at once, vectorised over
(row, tree) pairs, so one essay costs one numpy pass per tree level. It
follows the same split and missing-value rules as ``TreeEnsemble`` and gives
the same raw scores (a test checks this).
"""

from __future__ import annotations

import numpy as np

_ZERO_EPS = 1e-35  # LightGBM's kZeroThreshold, as in essaylens.gbdt


class FlatForest:
    """All trees of an ensemble in flat arrays.

    Args:
        ensemble: a :class:`essaylens.gbdt.TreeEnsemble`.
    """

    def __init__(self, ensemble):
        self.n_classes = int(ensemble.n_classes)
        self.objective = ensemble.objective
        self.sigmoid = float(ensemble.sigmoid)
        self.average = bool(ensemble.average_output)
        feats, thr, left, right, dleft, miss, leaves, roots = [], [], [], [], [], [], [], []
        n_nodes = n_leaves = 0
        for t in ensemble.trees:
            m = int(t.feature.size)

            def glob(child, m=m, n_nodes=n_nodes, n_leaves=n_leaves):
                child = np.asarray(child, dtype=np.int64)
                return np.where(child >= 0, child + n_nodes, -(n_leaves + ~child) - 1)

            roots.append(n_nodes if m else -n_leaves - 1)
            feats.append(t.feature)
            thr.append(t.threshold)
            left.append(glob(t.left))
            right.append(glob(t.right))
            dleft.append(t.default_left)
            miss.append(t.missing)
            leaves.append(t.leaf_value)
            n_nodes += m
            n_leaves += int(t.leaf_value.size)
        cat = lambda parts, dt: np.concatenate(parts).astype(dt) if parts else np.zeros(0, dt)  # noqa: E731
        self.feature = cat(feats, np.int64)
        self.threshold = cat(thr, np.float64)
        self.left = cat(left, np.int64)
        self.right = cat(right, np.int64)
        self.default_left = cat(dleft, bool)
        self.missing = cat(miss, np.int8)
        self.leaf_value = cat(leaves, np.float64)
        self.roots = np.asarray(roots, dtype=np.int64)
        self.tree_class = np.arange(len(roots)) % self.n_classes

    def predict_raw(self, X) -> np.ndarray:
        """Raw scores: shape (n,) for one output, (n, K) for multiclass."""
        X = np.asarray(X, dtype=np.float64)
        if X.ndim == 1:
            X = X[None, :]
        n, t = X.shape[0], self.roots.size
        node = np.tile(self.roots, (n, 1)).ravel()
        row = np.repeat(np.arange(n), t)
        active = np.flatnonzero(node >= 0)
        while active.size:
            nd = node[active]
            x = X[row[active], self.feature[nd]]
            miss = self.missing[nd]
            nan = np.isnan(x)
            x = np.where(nan & (miss != 2), 0.0, x)
            is_default = (miss == 1) & (np.abs(x) <= _ZERO_EPS) | nan & (miss != 0)
            go_left = np.where(is_default, self.default_left[nd], x <= self.threshold[nd])
            node[active] = np.where(go_left, self.left[nd], self.right[nd])
            active = active[node[active] >= 0]
        values = self.leaf_value[-node - 1].reshape(n, t)
        k = self.n_classes
        raw = np.zeros((n, k))
        for c in range(k):
            raw[:, c] = values[:, self.tree_class == c].sum(1)
        if self.average and t:
            raw /= t // k
        return raw[:, 0] if k == 1 else raw

    def predict_proba(self, X) -> np.ndarray:
        """Class probabilities (multiclass softmax or binary sigmoid)."""
        raw = self.predict_raw(X)
        if self.objective == "multiclass":
            z = np.exp(raw - raw.max(axis=1, keepdims=True))
            return z / z.sum(axis=1, keepdims=True)
        if self.objective == "binary":
            p = 1.0 / (1.0 + np.exp(-self.sigmoid * raw))
            return np.column_stack([1.0 - p, p])
        raise ValueError("predict_proba needs a classification objective")
