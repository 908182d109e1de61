"""The holistic stage. Placeholder until the trained scorer lands: no score."""

from __future__ import annotations

from ..pipeline import stage
from ..report.models import Scores


@stage("holistic", requires=("discourse", "tokens"), assigns=("scores",))
def holistic_stage(essay):
    essay.set("scores", Scores())
    return essay
