"""The marking stage: apply each chosen mark scheme to the essay.

Schemes come from ``Settings.scheme`` (names or paths), or the defaults (AP
LEQ, GCSE levels, IB bands, holistic) when it is empty.
"""

from __future__ import annotations

from ..pipeline import stage
from .features import compute_features
from .loader import DEFAULT_SCHEMES, load_scheme
from .marker import apply_scheme


def mark_essay(essay) -> list:
    """Marks for ``essay`` under the schemes its settings name.

    Args:
        essay: an Essay with stance, facts, scores and discourse layers.

    Returns:
        A list of Mark, in the order the schemes were named.
    """
    settings = essay.get("settings")
    names = tuple(getattr(settings, "scheme", ()) or ()) or DEFAULT_SCHEMES
    dirs = tuple(getattr(settings, "scheme_dirs", ()) or ())
    features = compute_features(essay)
    return [apply_scheme(load_scheme(n, dirs), features) for n in names]


@stage("marking", requires=("stance", "facts", "scores", "discourse"), assigns=("marks",))
def marking_stage(essay):
    essay.set("marks", mark_essay(essay))
    return essay
