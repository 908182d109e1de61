"""A bidirectional GRU over an essay's units: the segmenter's sequence view.

The tree views classify each unit from its own features and a few
hand-made neighbour columns. This view reads the whole essay in order: each
unit's feature row is standardised, projected to 128 dimensions (tanh-GELU),
and a bidirectional GRU (64 units each way) runs over the essay's units; the
class probabilities come from the GRU states beside the projection. It is
trained with PyTorch (:mod:`essaylens.training.sequence`) and runs here in
plain numpy: 2-3 ms for an essay of 25 units on one core, no torch at run time.
"""

from __future__ import annotations

import numpy as np


def _sigmoid(x: np.ndarray) -> np.ndarray:
    # Clipped: beyond +-40 the result is 0 or 1 in float32 anyway, and exp
    # would overflow (a RuntimeWarning on stderr) for far-out feature rows.
    return 1.0 / (1.0 + np.exp(-np.clip(x, -40.0, 40.0)))


def _gelu_tanh(x: np.ndarray) -> np.ndarray:
    return 0.5 * x * (1.0 + np.tanh(0.7978845608028654 * (x + 0.044715 * x ** 3)))


def _gru(xs: np.ndarray, w_ih: np.ndarray, w_hh: np.ndarray, b_ih: np.ndarray, b_hh: np.ndarray) -> np.ndarray:
    """PyTorch's GRU recurrence (gates r, z, n) over the rows of ``xs``."""
    h = np.zeros(w_hh.shape[1], dtype=np.float32)
    n_h = h.shape[0]
    gi = xs @ w_ih.T + b_ih
    out = np.empty((len(xs), n_h), dtype=np.float32)
    for t in range(len(xs)):
        gh = w_hh @ h + b_hh
        r = _sigmoid(gi[t, :n_h] + gh[:n_h])
        z = _sigmoid(gi[t, n_h:2 * n_h] + gh[n_h:2 * n_h])
        n = np.tanh(gi[t, 2 * n_h:] + r * gh[2 * n_h:])
        h = (1.0 - z) * n + z * h
        out[t] = h
    return out


class SequenceModel:
    """Numpy inference for the trained unit-sequence GRU.

    Args:
        weights: arrays by name: ``mu``, ``sd`` (standardisation),
            ``proj_w``, ``proj_b``, ``{fwd,bwd}_{w_ih,w_hh,b_ih,b_hh}``,
            ``out_w``, ``out_b``. It reads every feature column.
    """

    def __init__(self, weights: dict[str, np.ndarray]):
        self.w = {k: np.asarray(v, dtype=np.float32) for k, v in weights.items()}

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        """Class probabilities for the units of ONE essay, in text order (rows of ``X``)."""
        w = self.w
        z = _gelu_tanh(((np.asarray(X, dtype=np.float32) - w["mu"]) / w["sd"]) @ w["proj_w"].T + w["proj_b"])
        fwd = _gru(z, w["fwd_w_ih"], w["fwd_w_hh"], w["fwd_b_ih"], w["fwd_b_hh"])
        bwd = _gru(z[::-1], w["bwd_w_ih"], w["bwd_w_hh"], w["bwd_b_ih"], w["bwd_b_hh"])[::-1]
        logits = np.hstack([fwd, bwd, z]) @ w["out_w"].T + w["out_b"]
        logits = logits - logits.max(1, keepdims=True)
        p = np.exp(logits.astype(np.float64))
        return p / p.sum(1, keepdims=True)


class SequenceEnsemble:
    """Several :class:`SequenceModel` runs over the same units, their probabilities averaged.

    Args:
        members: the fitted models (e.g. different seeds, or a student
            trained with pseudo-labels beside plain ones).
    """

    def __init__(self, members):
        self.members = list(members)

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        """The members' mean class probabilities for the units of ONE essay."""
        return np.mean([m.predict_proba(X) for m in self.members], axis=0)
