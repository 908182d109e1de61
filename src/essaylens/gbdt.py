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


#: The arrays of a tree, with the type each is stored in.
_PACKED_FIELDS = {"feature": np.int32, "threshold": np.float64, "left": np.int32, "right": np.int32,
                  "default_left": bool, "missing": np.int8, "leaf_value": np.float64}


def _pack(trees: list) -> dict:
    """Every tree's arrays joined end to end, with each tree's node and leaf count.

    This is the pickled form: a few large arrays load far faster than seven
    small ones per tree (an ensemble holds thousands of trees).
    """
    packed = {"n_nodes": np.array([t.feature.size for t in trees], dtype=np.int64),
              "n_leaves": np.array([t.leaf_value.size for t in trees], dtype=np.int64)}
    for name, dtype in _PACKED_FIELDS.items():
        parts = [getattr(t, name) for t in trees]
        packed[name] = np.concatenate(parts).astype(dtype) if parts else np.zeros(0, dtype)
    return packed


def _unpack(packed: dict) -> list:
    """The per-tree arrays again, as views into the packed ones."""
    node_cuts = np.cumsum(packed["n_nodes"])[:-1]
    leaf_cuts = np.cumsum(packed["n_leaves"])[:-1]
    columns = [np.split(packed[name], leaf_cuts if name == "leaf_value" else node_cuts) for name in _PACKED_FIELDS]
    return [_Tree(*parts) for parts in zip(*columns)]


class _Flat:
    """Every tree in shared node arrays, walked all at once.

    One essay is scored by one numpy pass per tree level over all (row, tree)
    pairs, instead of a Python loop over thousands of trees. Children >= 0
    are node indices; a child < 0 is leaf ``-child - 1`` of the shared leaf
    array.
    """

    def __init__(self, packed: dict, n_classes: int):
        n_nodes, n_leaves = packed["n_nodes"], packed["n_leaves"]
        node_start = np.cumsum(n_nodes) - n_nodes
        leaf_start = np.cumsum(n_leaves) - n_leaves
        owner = np.repeat(np.arange(n_nodes.size), n_nodes)

        def globalise(child):
            # a tree's own node i becomes node_start + i; its leaf ~j becomes
            # shared leaf leaf_start + j, written as -(leaf) - 1
            child = np.asarray(child, dtype=np.int64)
            return np.where(child >= 0, child + node_start[owner], -(leaf_start[owner] + ~child) - 1)

        self.feature = packed["feature"].astype(np.int64)
        self.threshold = packed["threshold"].astype(np.float64)
        self.left = globalise(packed["left"])
        self.right = globalise(packed["right"])
        self.default_left = packed["default_left"].astype(bool)
        self.missing = packed["missing"].astype(np.int8)
        self.leaf_value = packed["leaf_value"].astype(np.float64)
        self.roots = np.where(n_nodes > 0, node_start, -leaf_start - 1).astype(np.int64)
        self.n_classes = n_classes
        self.tree_class = np.arange(self.roots.size) % max(n_classes, 1)

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
        packed = state.pop("_packed_trees", None)
        trees = state.pop("trees", None)
        state["packed_trees"] = packed if packed is not None else _pack(trees)
        return state

    def __setstate__(self, state):
        state = dict(state)
        if "packed_trees" in state:  # the per-tree list is rebuilt only if asked for
            state["_packed_trees"] = state.pop("packed_trees")
        self.__dict__.update(state)

    def __getattr__(self, name):
        # only reached when ``trees`` is missing: a loaded model keeps the packed arrays
        if name == "trees" and "_packed_trees" in self.__dict__:
            trees = self.__dict__["trees"] = _unpack(self.__dict__["_packed_trees"])
            return trees
        raise AttributeError(name)

    def _tree_arrays(self) -> dict:
        packed = self.__dict__.get("_packed_trees")
        return packed if packed is not None else _pack(self.trees)

    def _packed(self) -> "_Flat":
        flat = self.__dict__.get("_flat")
        if flat is None:
            flat = self.__dict__["_flat"] = _Flat(self._tree_arrays(), self.n_classes)
        return flat

    def predict_raw(self, X) -> np.ndarray:
        """Raw scores: shape (n,) for one output, (n, K) for multiclass."""
        X = np.asarray(X, dtype=np.float64)
        if X.ndim == 1:
            X = X[None, :]
        flat = self._packed()
        raw = flat.raw(X)
        k = self.n_classes
        if self.average_output and flat.roots.size:
            raw /= flat.roots.size // k
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
