"""Gradient-boosted trees evaluated with numpy alone.

Models are trained with LightGBM, then converted with
:meth:`TreeEnsemble.from_lightgbm` into flat numpy arrays that pickle without
LightGBM. At run time EssayLens imports neither LightGBM nor scikit-learn,
which keeps the cold start of ``essaylens analyze`` short; predictions match
LightGBM's own to floating-point rounding (a test checks this).

Supported: numerical splits (``decision_type "<="``) with LightGBM's three
missing-value modes (None, Zero, NaN); binary, multiclass and regression
objectives. Categorical splits are rejected at conversion time.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

_MISSING = {"None": 0, "Zero": 1, "NaN": 2}
_ZERO_EPS = 1e-35  # LightGBM's kZeroThreshold


@dataclass
class _Tree:
    """One tree in flat arrays (the pickled form; evaluation uses ``_Flat``)."""

    feature: np.ndarray  # int32, per internal node
    threshold: np.ndarray  # float64
    left: np.ndarray  # int32: >= 0 internal node, < 0 leaf ~index
    right: np.ndarray
    default_left: np.ndarray  # bool
    missing: np.ndarray  # int8: 0 none, 1 zero, 2 nan
    leaf_value: np.ndarray  # float64


def _flatten(structure: dict) -> _Tree:
    feature, threshold, left, right, default_left, missing, leaves = [], [], [], [], [], [], {}

    def visit(node: dict) -> int:
        if "leaf_value" in node:
            idx = node.get("leaf_index", 0)
            leaves[idx] = node["leaf_value"]
            return ~idx
        if node.get("decision_type", "<=") != "<=":
            raise ValueError("categorical splits are not supported")
        i = len(feature)
        feature.append(node["split_feature"])
        threshold.append(node["threshold"])
        default_left.append(bool(node.get("default_left", True)))
        missing.append(_MISSING.get(node.get("missing_type", "None"), 0))
        left.append(0)
        right.append(0)
        left[i] = visit(node["left_child"])
        right[i] = visit(node["right_child"])
        return i

    visit(structure)
    leaf_value = np.array([leaves[k] for k in sorted(leaves)], dtype=np.float64)
    return _Tree(
        np.array(feature, dtype=np.int32), np.array(threshold, dtype=np.float64),
        np.array(left, dtype=np.int32), np.array(right, dtype=np.int32),
        np.array(default_left, dtype=bool), np.array(missing, dtype=np.int8), leaf_value,
    )


class _Flat:
    """Every tree in shared node arrays, walked all at once.

    One essay is scored by one numpy pass per tree level over all (row, tree)
    pairs, instead of a Python loop over thousands of trees. Children >= 0
    are node indices; a child < 0 is leaf ``-child - 1`` of the shared leaf
    array.
    """

    def __init__(self, trees: list, n_classes: int):
        feats, thr, left, right, dleft, miss, leaves, roots = [], [], [], [], [], [], [], []
        n_nodes = n_leaves = 0
        for t in trees:
            m = int(t.feature.size)
            for side, out in ((t.left, left), (t.right, right)):
                child = np.asarray(side, dtype=np.int64)
                out.append(np.where(child >= 0, child + n_nodes, -(n_leaves + ~child) - 1))
            roots.append(n_nodes if m else -n_leaves - 1)
            feats.append(t.feature)
            thr.append(t.threshold)
            dleft.append(t.default_left)
            miss.append(t.missing)
            leaves.append(t.leaf_value)
            n_nodes += m
            n_leaves += int(t.leaf_value.size)

        def cat(parts, dtype):
            return np.concatenate(parts).astype(dtype) if parts else np.zeros(0, dtype)

        self.feature = cat(feats, np.int64)
        self.threshold = cat(thr, np.float64)
        self.left = cat(left, np.int64)
        self.right = cat(right, np.int64)
        self.default_left = cat(dleft, bool)
        self.missing = cat(miss, np.int8)
        self.leaf_value = cat(leaves, np.float64)
        self.roots = np.asarray(roots, dtype=np.int64)
        self.n_classes = n_classes
        self.tree_class = np.arange(len(roots)) % max(n_classes, 1)

    def raw(self, X: np.ndarray) -> np.ndarray:
        n, t = X.shape[0], self.roots.size
        node = np.tile(self.roots, (n, 1)).ravel()
        row = np.repeat(np.arange(n), t)
        active = np.flatnonzero(node >= 0)
        while active.size:
            nd = node[active]
            x = X[row[active], self.feature[nd]]
            miss = self.missing[nd]
            nan = np.isnan(x)
            # "None": NaN counts as 0; "Zero": 0 and NaN take the default
            # side; "NaN": NaN takes the default side.
            x = np.where(nan & (miss != 2), 0.0, x)
            is_default = (miss == 1) & (np.abs(x) <= _ZERO_EPS) | nan & (miss != 0)
            go_left = np.where(is_default, self.default_left[nd], x <= self.threshold[nd])
            node[active] = np.where(go_left, self.left[nd], self.right[nd])
            active = active[node[active] >= 0]
        values = self.leaf_value[-node - 1].reshape(n, t)
        k = max(self.n_classes, 1)
        out = np.zeros((n, k))
        for c in range(k):
            out[:, c] = values[:, self.tree_class == c].sum(1)
        return out


@dataclass
class TreeEnsemble:
    """A LightGBM model as numpy arrays.

    Attributes:
        trees: the flattened trees, in boosting order.
        n_classes: 1 for binary/regression, K for multiclass.
        objective: ``"binary"``, ``"multiclass"`` or ``"regression"``.
        sigmoid: the binary objective's sigmoid parameter.
        classes: the class labels of the classifier, if any.
    """

    trees: list
    n_classes: int
    objective: str
    sigmoid: float = 1.0
    classes: np.ndarray | None = None
    average_output: bool = False

    @classmethod
    def from_lightgbm(cls, model) -> "TreeEnsemble":
        """Convert an ``LGBMModel`` or ``Booster`` (training time only)."""
        booster = getattr(model, "booster_", model)
        dump = booster.dump_model()
        obj = dump.get("objective", "regression").split()
        kind = obj[0]
        sigmoid = 1.0
        for part in obj[1:]:
            if part.startswith("sigmoid:"):
                sigmoid = float(part.split(":")[1])
        if kind in {"multiclass", "softmax"}:
            objective = "multiclass"
        elif kind in {"binary", "cross_entropy"}:
            objective = "binary"
        else:
            objective = "regression"
        trees = [_flatten(t["tree_structure"]) for t in dump["tree_info"]]
        classes = getattr(model, "classes_", None)
        return cls(trees, int(dump.get("num_tree_per_iteration", 1)), objective, sigmoid,
                   None if classes is None else np.asarray(classes), bool(dump.get("average_output", False)))

    def __getstate__(self):
        state = dict(self.__dict__)
        state.pop("_flat", None)  # a cache, rebuilt on first use
        return state

    def _packed(self) -> "_Flat":
        flat = self.__dict__.get("_flat")
        if flat is None:
            flat = self.__dict__["_flat"] = _Flat(self.trees, self.n_classes)
        return flat

    def predict_raw(self, X) -> np.ndarray:
        """Raw scores: shape (n,) for one output, (n, K) for multiclass."""
        X = np.asarray(X, dtype=np.float64)
        if X.ndim == 1:
            X = X[None, :]
        raw = self._packed().raw(X)
        k = self.n_classes
        if self.average_output and self.trees:
            raw /= len(self.trees) // k
        return raw[:, 0] if k == 1 else raw

    def predict_proba(self, X) -> np.ndarray:
        """Class probabilities, as ``LGBMClassifier.predict_proba`` gives them."""
        raw = self.predict_raw(X)
        if self.objective == "multiclass":
            z = raw - raw.max(axis=1, keepdims=True)
            e = np.exp(z)
            return e / e.sum(axis=1, keepdims=True)
        if self.objective == "binary":
            p = 1.0 / (1.0 + np.exp(-self.sigmoid * raw))
            return np.column_stack([1.0 - p, p])
        raise ValueError("predict_proba needs a classification objective")

    def predict(self, X) -> np.ndarray:
        """Regression values, or the most probable class label."""
        if self.objective == "regression":
            return self.predict_raw(X)
        idx = self.predict_proba(X).argmax(axis=1)
        return self.classes[idx] if self.classes is not None else idx
