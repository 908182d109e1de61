"""The discourse and analysis stages.

``discourse_stage`` labels the body with PERSUADE's element types; until the
trained model ships it uses the rules baseline. ``analysis_stage`` links each
analysis sentence to the evidence it interprets.
"""

from __future__ import annotations

from ..pipeline import stage
from .rules import find_analysis_links, label_sentences_by_rules, merge_runs


@stage("discourse", requires=("sentences", "paragraphs", "header"), assigns=("discourse",))
def discourse_stage(essay):
    labelled = [(s, label, 0.5) for s, label in label_sentences_by_rules(essay)]
    essay.set("discourse", merge_runs(essay, labelled))
    return essay


@stage("analysis", requires=("discourse", "sentences"), assigns=("analysis_links",))
def analysis_stage(essay):
    essay.set("analysis_links", find_analysis_links(essay))
    return essay
