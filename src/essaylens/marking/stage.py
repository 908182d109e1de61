"""The marking stage. Placeholder until the mark-scheme issue lands."""

from __future__ import annotations

from ..pipeline import stage


@stage("marking", requires=("stance", "facts", "scores", "discourse"), assigns=("marks",))
def marking_stage(essay):
    essay.set("marks", [])
    return essay
