"""Essay features that mark-scheme decision rules test.

A mark scheme (YAML) states its rules over these named features ("thesis",
"n_specific_evidence >= 2", "!has_counterargument"). Each feature is a number
or a truth value computed from the essay's layers, and most carry the spans
that show it, so that every criterion can cite what earned or lacked it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..report.models import SpanRef

#: Names every rule may use, with what they mean (shown by ``scheme show``).
FEATURES: dict[str, str] = {
    "thesis": "the introduction or conclusion makes a committal, defensible claim that answers the question",
    "thesis_in_intro": "that committal claim is in the introduction",
    "thesis_noncommittal": "the thesis only restates the question ('it is difficult to say whether...')",
    "context": "the introduction sets the question in its wider historical situation (2+ sentences with names or dates)",
    "n_context": "sentences of historical context in the introduction",
    "n_evidence": "evidence sentences in the body",
    "n_specific_evidence": "evidence sentences that name people, places, dates or numbers",
    "n_linked_evidence": "specific evidence sentences that an analysis sentence interprets toward a side",
    "n_incorrect_facts": "statements the fact checker marks incorrect",
    "accurate": "no more than a third of the specific evidence carries an incorrect fact",
    "n_analysis": "analysis sentences that explain what evidence shows",
    "reasoning": "analysis sentences link evidence to the argument (2 or more, toward a side)",
    "has_side": "the essay argues one side",
    "has_counterargument": "the essay weighs an opposing view",
    "has_rebuttal": "the essay answers an opposing view",
    "both_sides_evidenced": "there is evidence for more than one hypothesis",
    "has_conclusion": "the essay ends with a conclusion",
    "conclusion_judgement": "the conclusion reaches a judgement",
    "complexity": "the argument weighs more than one perspective and reaches a qualified judgement",
    "n_paragraphs": "paragraphs in the body",
    "word_count": "words in the body",
    "holistic": "the holistic score (1-6), 0 when the model gave none",
}


@dataclass
class EssayFeatures:
    """Feature values and the spans behind them."""

    values: dict[str, float | bool] = field(default_factory=dict)
    spans: dict[str, list[SpanRef]] = field(default_factory=dict)

    def __getitem__(self, name: str):
        return self.values[name]


def _refs(items) -> list[SpanRef]:
    return [SpanRef(start=i.start, end=i.end) for i in items]


def _specific(essay, start: int, end: int) -> bool:
    text = essay.text[start:end]
    ents = any(start <= e.start < end and e.label in {"PERSON", "GPE", "ORG", "NORP", "DATE", "CARDINAL", "FAC", "EVENT", "LOC"}
               for e in essay.get("entities", []) or [])
    return ents or bool(re.search(r"\b\d", text))


def compute_features(essay) -> EssayFeatures:
    """Compute every feature in :data:`FEATURES` for ``essay``.

    Args:
        essay: an Essay with discourse, analysis_links, stance, facts and scores.

    Returns:
        The features with their spans.
    """
    from ..argument.balance import evidence_sentences
    from ..argument.side import collect_units, thesis_units

    stance = essay.get("stance")
    es = stance.essay if stance is not None else None
    discourse = essay.get("discourse", []) or []
    links = essay.get("analysis_links", []) or []
    facts = essay.get("facts", []) or []
    pars = essay.get("paragraphs", []) or []
    scores = essay.get("scores")
    units_by_span = {(u.start, u.end): u for u in (stance.units if stance else [])}
    question = essay.get("question")
    # A question with no sides ("Why did...?") asks for reasons, not a side: reasoning
    # counts whatever it argues, and a committal thesis is the essay's line.
    sides = bool(question is not None and question.hypotheses)

    def argues(span) -> bool:
        u = units_by_span.get((span.start, span.end))
        return u is not None and (bool(u.hypothesis) or not sides)

    f = EssayFeatures()
    v, sp = f.values, f.spans
    # Thesis: committal judgement in the introduction or the conclusion.
    raw_units = collect_units(essay)
    for u in raw_units:
        us = units_by_span.get((u.start, u.end))
        if us is not None:
            u.hypothesis, u.confidence, u.scores = us.hypothesis, us.confidence, us.scores
    positions = [d for d in discourse if d.type == "Position"]
    conclusions = [d for d in discourse if d.type == "Concluding Statement"]
    committal = bool(es and es.committal)
    v["thesis"] = committal
    v["thesis_noncommittal"] = bool(positions) and not committal
    intro_committal = committal and any(argues(d) for d in positions)
    v["thesis_in_intro"] = intro_committal
    sp["thesis"] = _refs(positions or conclusions)
    # Context: intro sentences before the thesis that carry names or dates.
    intro = pars[0] if len(pars) > 1 else None
    thesis_start = min((d.start for d in positions), default=intro.end if intro else 0)
    ctx = [s for s in essay.get("sentences", []) or []
           if intro is not None and intro.start <= s.start < min(intro.end, thesis_start) and _specific(essay, s.start, s.end)]
    v["n_context"] = len(ctx)
    v["context"] = len(ctx) >= 2
    sp["context"] = _refs(ctx) or ([SpanRef(start=intro.start, end=intro.end)] if intro else [])
    # Evidence.
    # Evidence is counted by sentence, so a run of evidence the discourse model
    # gives as one span counts once per sentence (see argument.balance).
    evidence = [SpanRef(start=a, end=b) for a, b in evidence_sentences(essay)]
    specific = [d for d in evidence if _specific(essay, d.start, d.end)]
    interpreted = [d for d in specific if any(
        any(e.start < d.end and d.start < e.end for e in a.evidence) and argues(a) for a in links)]
    wrong = [x for x in facts if x.verdict == "incorrect"]
    v["n_evidence"], v["n_specific_evidence"], v["n_linked_evidence"] = len(evidence), len(specific), len(interpreted)
    v["n_incorrect_facts"] = len(wrong)
    wrong_units = [d for d in specific if any(d.start <= x.start < d.end for x in wrong)]
    v["accurate"] = len(wrong_units) <= max(1, len(specific)) / 3
    sp["evidence"], sp["linked_evidence"], sp["incorrect_facts"] = _refs(specific or evidence), _refs(interpreted), _refs(wrong)
    # Analysis and reasoning.
    sided = [a for a in links if argues(a)]
    v["n_analysis"] = len(links)
    # With no sides, reasoning frames an argument only when the essay has one (a committal answer).
    v["reasoning"] = len(sided) >= 2 and (sides or committal)
    sp["analysis"] = _refs(links)
    # The shape of the argument.
    v["has_side"] = bool(es and es.hypothesis) or (not sides and committal)
    v["has_counterargument"] = bool(es and es.has_counterargument)
    counters = [d for d in discourse if d.type in {"Counterclaim", "Rebuttal"}]
    v["has_rebuttal"] = any(d.type == "Rebuttal" for d in discourse)
    sp["counterargument"] = _refs(counters)
    balance = stance.balance if stance else {}
    v["both_sides_evidenced"] = sum(1 for n in balance.values() if n > 0) >= 2
    v["has_conclusion"] = bool(es and es.has_conclusion)
    sp["conclusion"] = _refs(conclusions)
    concl_units = [units_by_span.get((d.start, d.end)) for d in conclusions]
    v["conclusion_judgement"] = any(u is not None and u.hypothesis for u in concl_units) or bool(
        conclusions and committal and (not positions or not sides))
    v["complexity"] = bool(v["has_counterargument"] and (v["has_rebuttal"] or v["both_sides_evidenced"])
                           and v["thesis"] and v["has_conclusion"])
    body_pars = pars[1:] if len(pars) > 1 else pars
    v["n_paragraphs"] = len(body_pars)
    v["word_count"] = len(re.findall(r"\S+", essay.text[essay.body_start:]))
    v["holistic"] = int(scores.holistic) if scores is not None and scores.holistic else 0
    sp["essay"] = [SpanRef(start=essay.body_start, end=len(essay.text))]
    return f
