"""The question stage: from the title, else from the introduction."""

from __future__ import annotations

from ..pipeline import stage
from .analysis import find_question


@stage("question", requires=("header", "sentences", "paragraphs"), assigns=("question",))
def question_stage(essay):
    essay.set("question", find_question(essay))
    return essay
