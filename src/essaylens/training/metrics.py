"""Evaluation metrics: the Feedback Prize discourse F1 and quadratic weighted kappa.

The Feedback Prize metric matches a predicted element to a gold element of
the same class and essay when their word sets overlap by at least half of
each (overlap / gold >= 0.5 and overlap / prediction >= 0.5). Each gold
element matches at most once (the best-overlapping prediction). Per class,
F1 = TP / (TP + (FP + FN) / 2); the score is the macro average over classes.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Iterable

import numpy as np


def feedback_f1(gold: Iterable[tuple[str, str, set[int]]], pred: Iterable[tuple[str, str, set[int]]],
                classes: Iterable[str]) -> dict[str, float]:
    """Per-class F1 and their macro mean.

    Args:
        gold: (essay_id, class, word-index set) for every gold element.
        pred: the same for every predicted element.
        classes: the classes to score and average over.

    Returns:
        {class: F1, ..., "macro": mean F1}; a class with no gold and no
        prediction is left out of the mean.
    """
    by_g: dict[tuple[str, str], list[set[int]]] = defaultdict(list)
    by_p: dict[tuple[str, str], list[set[int]]] = defaultdict(list)
    for eid, cls, words in gold:
        by_g[(eid, cls)].append(set(words))
    for eid, cls, words in pred:
        by_p[(eid, cls)].append(set(words))
    out: dict[str, float] = {}
    for cls in classes:
        tp = fp = fn = 0
        keys = {k for k in list(by_g) + list(by_p) if k[1] == cls}
        for key in sorted(keys):
            gs, ps = by_g.get(key, []), by_p.get(key, [])
            pairs = []
            for gi, g in enumerate(gs):
                for pi, p in enumerate(ps):
                    inter = len(g & p)
                    if g and p and inter / len(g) >= 0.5 and inter / len(p) >= 0.5:
                        pairs.append((inter / len(g | p), gi, pi))
            used_g, used_p = set(), set()
            for _, gi, pi in sorted(pairs, reverse=True):
                if gi not in used_g and pi not in used_p:
                    used_g.add(gi)
                    used_p.add(pi)
            tp += len(used_g)
            fn += len(gs) - len(used_g)
            fp += len(ps) - len(used_p)
        if tp + fp + fn:
            out[cls] = tp / (tp + 0.5 * (fp + fn))
    out["macro"] = float(np.mean([v for k, v in out.items()])) if out else 0.0
    return out


def qwk(y_true: Iterable[int], y_pred: Iterable[int], lo: int = 1, hi: int = 6) -> float:
    """Quadratic weighted kappa between two integer ratings on ``lo..hi``."""
    a = np.asarray(list(y_true), dtype=int) - lo
    b = np.asarray(list(y_pred), dtype=int) - lo
    k = hi - lo + 1
    obs = np.zeros((k, k))
    for i, j in zip(a, b):
        obs[i, j] += 1
    w = np.array([[(i - j) ** 2 for j in range(k)] for i in range(k)]) / (k - 1) ** 2
    exp = np.outer(obs.sum(1), obs.sum(0)) / max(obs.sum(), 1)
    den = (w * exp).sum()
    return float(1 - (w * obs).sum() / den) if den else 0.0
