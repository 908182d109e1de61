"""The question stages.

``question`` parses what the essay itself asks, from the title or else the
introduction (layer ``question_parsed``). ``question_final`` settles the
question every later stage uses (layer ``question``): the essay's own when it
names its positions, otherwise the matching topic pack's question, whose
hypotheses then stand in (an essay titled "The October Revolution" still
gets "popular revolution or coup?" when the 1917 pack matches it).
"""

from __future__ import annotations

from ..pipeline import stage
from ..report.models import Hypothesis, Question
from .analysis import find_question


@stage("question", requires=("header", "sentences", "paragraphs"), assigns=("question_parsed",))
def question_stage(essay):
    essay.set("question_parsed", find_question(essay))
    return essay


def adopts_pack_question(parsed: Question | None, pack_question) -> bool:
    """Whether the pack question's positions stand in for the essay's.

    Only when the essay names none itself, and only for two-sided debates
    (either-or, how far, was X a Y, a statement): the side-taking measures
    one side against another, not a list of causal factors.
    """
    if pack_question is None or pack_question.kind == "why" or len(pack_question.hypotheses) < 2:
        return False
    if parsed is None:
        return True
    return not parsed.hypotheses and parsed.kind in ("unknown", pack_question.kind)


def resolve_question(parsed: Question, selected) -> Question:
    """The essay's question, completed from the pack when it names no positions.

    Args:
        parsed: the question as the essay states it.
        selected: the SelectedPack (or None).

    Returns:
        ``parsed`` itself, or a copy whose hypotheses come from the pack's
        matching question, with ids h1, h2... in the pack's order (the pack
        stage maps those ids onto the pack's own hypothesis ids).
    """
    pq = getattr(selected, "question", None)
    if not adopts_pack_question(parsed, pq):
        return parsed
    hyps = [Hypothesis(id=f"h{i}", label=h.label, text=h.text) for i, h in enumerate(pq.hypotheses, 1)]
    if parsed.text:
        kind = parsed.kind if parsed.kind != "unknown" else pq.kind
        return parsed.model_copy(update={"kind": kind, "hypotheses": hyps})
    return Question(text=pq.text, kind=pq.kind, hypotheses=hyps, source="pack")


@stage("question_final", requires=("question_parsed", "pack"), assigns=("question",))
def question_final_stage(essay):
    essay.set("question", resolve_question(essay.question_parsed, essay.get("pack")))
    return essay
