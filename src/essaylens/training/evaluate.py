"""``make eval``: held-out figures for the discourse segmenter and the holistic scorer.

    python -m essaylens.training.evaluate

Refits both models on their training folds (the same recipe and seed as
``make train``; parses and features come from the cache when present) and
prints, on the held-out folds:

* discourse: Feedback Prize F1 per class and macro on the held-out CIC fold
  and the mean over 5 folds (cross-validation over essays), each beside the
  paragraph-position rules baseline;
* holistic: QWK on the held-out PERSUADE fold, beside the mean-score baseline.
"""

from __future__ import annotations

import sys

from .run import discourse_round, format_figures, holistic_features, holistic_round


def main() -> int:
    _, disc_fig, _, _, _ = discourse_round()
    from ..discourse.model import shipped_model

    # The holistic features use the shipped segmenter (trained on CIC and
    # unscored PERSUADE essays only), so no held-out score leaks into them.
    seg = shipped_model()
    if seg is None:
        print("No shipped discourse model: run `make train` first.", file=sys.stderr)
        return 2
    X, y, ids = holistic_features(seg)
    _, hol_fig = holistic_round(X, y, ids)
    print(format_figures(disc_fig, hol_fig))
    return 0


if __name__ == "__main__":
    sys.exit(main())
