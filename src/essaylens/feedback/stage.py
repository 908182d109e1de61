"""The feedback stage. Placeholder until the feedback issue lands."""

from __future__ import annotations

from ..pipeline import stage
from ..report.models import Summary


@stage("feedback", requires=("marks", "stance", "facts", "analysis_links"), assigns=("feedback", "summary"))
def feedback_stage(essay):
    essay.set("feedback", [])
    essay.set("summary", Summary())
    return essay
