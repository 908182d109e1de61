"""The facts stage. Placeholder until the fact checker lands: no verdicts."""

from __future__ import annotations

from ..pipeline import stage


@stage("facts", requires=("pack", "dates", "numbers", "entities", "sentences"), assigns=("facts",))
def facts_stage(essay):
    essay.set("facts", [])
    return essay
