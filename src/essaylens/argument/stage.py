"""The argument stage: stance, the argument graph and counter-evidence.

It reads the question's hypotheses, the discourse elements, the analysis links
and the topic pack (when one matched), and assigns ``stance`` (per unit and
for the essay), ``argument`` (the graph) and ``counter_evidence`` (pack
evidence for the side the essay neglects).
"""

from __future__ import annotations

from ..pipeline import stage
from .counter import suggest_counter_evidence
from .graph import build_graph
from .side import essay_stance


@stage(
    "argument",
    requires=("question", "discourse", "analysis_links", "pack"),
    assigns=("stance", "argument", "counter_evidence"),
)
def argument_stage(essay):
    stance, units = essay_stance(essay)
    essay.set("stance", stance)
    essay.set("argument", build_graph(essay, units, stance))
    essay.set("counter_evidence", suggest_counter_evidence(essay, stance, units))
    return essay
