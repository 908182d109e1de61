"""The argument stage. Placeholder until the argument issue lands."""

from __future__ import annotations

from ..pipeline import stage
from ..report.models import ArgumentGraph, Stance


@stage(
    "argument",
    requires=("question", "discourse", "analysis_links", "pack"),
    assigns=("stance", "argument", "counter_evidence"),
)
def argument_stage(essay):
    essay.set("stance", Stance())
    essay.set("argument", ArgumentGraph())
    essay.set("counter_evidence", [])
    return essay
