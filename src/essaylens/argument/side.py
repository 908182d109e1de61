"""The essay's side: units, inherited stance, balance and the overall judgement.

Units are the essay's argumentative spans: the thesis (Position), claims,
analysis sentences, evidence, counterclaims, rebuttals and the conclusion.
Evidence told as narrative ("A meeting was held where 12 men were present")
is often neutral in its own words; it takes the side of the analysis sentence
that interprets it, and neutral analysis takes the side of its paragraph's
claim. The essay's side weighs the units by their role: the thesis and the
conclusion count most, counterclaims (views the writer reports) not at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..discourse import cues
from ..report.models import EssayStance, Stance, UnitStance
from .balance import evidence_balance, evidence_pieces
from .meaning import fold
from .stance import StanceScorer, UnitScore, build_profiles, leading

#: How much each unit type counts toward the essay's side.
ROLE_WEIGHT = {
    "Position": 3.0, "Concluding Statement": 3.0, "Claim": 2.0, "analysis": 1.5,
    "Rebuttal": 1.5, "Evidence": 0.75, "Counterclaim": 0.5, "Lead": 0.5,
}

_STATES_VIEW = re.compile(r"\b(?:argue|in my (?:view|opinion)|i (?:think|believe|feel|would say)|will show|clearly|above all)\b")


@dataclass
class Unit:
    """One argument unit: its span, role and stance."""

    start: int
    end: int
    type: str
    paragraph: int
    text: str
    score: UnitScore | None = None
    scores: dict[str, float] = field(default_factory=dict)
    hypothesis: str | None = None
    confidence: float = 0.0
    inherited: bool = False


def collect_units(essay) -> list[Unit]:
    """The argument units of ``essay``: analysis sentences plus discourse elements.

    An element that coincides with an analysis sentence is that analysis unit.

    Args:
        essay: an Essay with discourse and analysis_links layers.

    Returns:
        Units in text order.
    """
    text = essay.text
    links = essay.get("analysis_links", []) or []
    units = [Unit(a.start, a.end, "analysis", 0, text[a.start:a.end]) for a in links]
    for d in essay.get("discourse", []) or []:
        if d.type == "Lead" and d.paragraph != 0:
            continue
        if any(a.start <= d.start and d.end <= a.end for a in links):
            continue
        units.append(Unit(d.start, d.end, d.type, d.paragraph, text[d.start:d.end]))
    pars = essay.get("paragraphs", []) or []
    for u in units:
        u.paragraph = next((i for i, p in enumerate(pars) if p.start <= u.start < p.end), u.paragraph)
    return sorted(units, key=lambda u: (u.start, u.end))


def _inherit(units: list[Unit], essay) -> None:
    """Give neutral analysis and evidence the side of what interprets them."""
    links = essay.get("analysis_links", []) or []
    analysis = {(u.start, u.end): u for u in units if u.type == "analysis"}
    claims = {}
    for u in units:
        if u.type in {"Claim", "Position", "Counterclaim"} and u.hypothesis and u.paragraph not in claims:
            claims[u.paragraph] = u

    def adopt(u: Unit, src: Unit, factor: float) -> None:
        u.scores = {k: round(v * factor, 4) for k, v in src.scores.items()}
        u.hypothesis, u.confidence, u.inherited = src.hypothesis, round(src.confidence * factor, 4), True

    # Neutral analysis: the next analysis of the same evidence, else the paragraph claim.
    for i, a in enumerate(links):
        u = analysis.get((a.start, a.end))
        if u is None or u.hypothesis:
            continue
        later = [analysis.get((b.start, b.end)) for b in links[i + 1:i + 2]
                 if [(e.start, e.end) for e in b.evidence] == [(e.start, e.end) for e in a.evidence]]
        src = next((x for x in later if x is not None and x.hypothesis), None) or claims.get(u.paragraph)
        if src is not None:
            adopt(u, src, 0.8)
    for u in units:
        if u.type != "Evidence" or (u.hypothesis and u.confidence >= 0.3):
            continue
        interpreters = [analysis[(a.start, a.end)] for a in links
                        if (a.start, a.end) in analysis and any(e.start < u.end and u.start < e.end for e in a.evidence)]
        src = next((x for x in interpreters if x.hypothesis), None) or claims.get(u.paragraph)
        if src is not None:
            adopt(u, src, 0.8)


#: Unit types whose verdict is read sentence by sentence when a span holds several.
_VERDICT_TYPES = frozenset({"Position", "Concluding Statement", "Lead", "Claim"})


def _sentence_verdicts(units: list[Unit], essay, scorer: StanceScorer) -> None:
    """Read a multi-sentence thesis, claim or conclusion by its verdict sentence.

    A discourse model may give "In conclusion, it was a popular revolution. The
    Bolsheviks organised the rising..." as one span; scored whole, the second
    sentence's words blur the first one's verdict. When one sentence of the
    span names a side in its own words (a lexical score of 0.5 or more) and
    says more than the whole span does, the span takes that sentence's score
    (the earliest such sentence if several tie). Spans of one sentence, and
    spans whose sentences name no side, keep their whole-span score.
    """
    sentences = essay.get("sentences", []) or []
    for u in units:
        if u.type not in _VERDICT_TYPES or u.score is None:
            continue
        parts = [s for s in sentences if u.start <= s.start and s.end <= u.end]
        if len(parts) < 2:
            continue
        scored = scorer.score([essay.text[s.start:s.end] for s in parts], [s.start for s in parts])
        strength = [max((abs(v) for v in sc.lexical.values()), default=0.0) if not sc.framed else 0.0 for sc in scored]
        best = max(range(len(parts)), key=lambda i: (strength[i], -i))
        whole = max((abs(v) for v in u.score.lexical.values()), default=0.0)
        if strength[best] >= 0.5 and (strength[best] > whole or leading(scored[best].scores) != u.hypothesis):
            sc = scored[best]
            u.score, u.scores, u.confidence = sc, dict(sc.scores), sc.confidence
            u.hypothesis = leading(sc.scores) if sc.confidence >= 0.2 or strength[best] >= 0.5 else None
            if u.hypothesis and sc.scores.get(u.hypothesis, 0) < 0.15:
                u.hypothesis = None


def thesis_units(units: list[Unit]) -> list[Unit]:
    """The thesis: Position units, else claims of the first paragraph."""
    found = [u for u in units if u.type == "Position"]
    # An introduction sentence that names a side outright is a thesis whatever its label.
    found += [u for u in units if u.paragraph == 0 and u.type in {"Lead", "Claim"} and u.score is not None
              and not u.score.framed and max((abs(v) for v in u.score.lexical.values()), default=0) >= 0.5
              and (cues.POSITION.search(u.text) or _STATES_VIEW.search(fold(u.text)))]
    found = sorted(found, key=lambda u: u.start)
    return found or [u for u in units if u.type == "Claim" and u.paragraph == 0]


def is_committal(u: Unit) -> bool:
    """Whether a thesis or conclusion unit commits to a judgement."""
    low = fold(u.text)
    if u.score is None:
        return False
    takes_side = u.hypothesis is not None and u.confidence >= 0.3 and not u.inherited
    balanced = u.score.balanced_cue and not u.score.framed and any(abs(v) > 0 for v in u.score.lexical.values())
    if cues.UNDECIDED.search(low) and not takes_side:
        return False
    return takes_side or balanced


def _margin(totals: dict[str, float]) -> tuple[str, float, float]:
    """The leading hypothesis, its weight, and its lead over the runner-up (0..1)."""
    ranked = sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))
    second = ranked[1][1] if len(ranked) > 1 else 0.0
    mass = ranked[0][1] + second or 1.0
    return ranked[0][0], ranked[0][1], (ranked[0][1] - second) / mass


def _judge(totals: dict[str, float], judgements: list[Unit], hids: list[str]) -> tuple[str | None, float]:
    """The essay's side: its stated judgement first, else the weight of its body.

    A thesis or conclusion that names a side decides; one that weighs both
    ("a mixture of both") makes the essay balanced unless its body is
    overwhelmingly one-sided; without a judgement the body decides.
    """
    stated = {h: 0.0 for h in hids}
    for u in judgements:
        if u.score is not None and not u.inherited:
            # A final judgement that names a side in its own words ("On balance, it was a
            # popular revolution") is the essay's answer: it counts more than an opening.
            final = (u.type == "Concluding Statement" and not u.score.framed and not u.score.attributed
                     and max((abs(v) for v in u.score.lexical.values()), default=0.0) >= 0.5)
            for h in hids:
                stated[h] += (1.5 if final else 1.0) * u.confidence * max(0.0, u.scores.get(h, 0.0))
    j_side, j_top, j_margin = _margin(stated)
    if j_top > 0.2 and j_margin >= 0.34:
        return j_side, round(min(0.99, 0.5 + j_margin / 2), 4)
    b_side, b_top, b_margin = _margin(totals)
    balanced = any(u.score and u.score.balanced_cue and is_committal(u) for u in judgements)
    needed = 0.7 if balanced else 0.25
    if b_top > 0.3 and b_margin >= needed:
        return b_side, round(min(0.99, b_margin), 4)
    return None, round(min(0.99, 1.0 - b_margin), 4)


def _answers(essay, question, u: Unit) -> bool:
    """Whether a thesis unit gives an answer to a question with no sides ("William won mainly because...").

    One of its sentences must answer the question in its own terms
    (:func:`essaylens.discourse.thesis.answers_question`), neither restating
    it nor only announcing a topic ("In this essay I will talk about...").
    """
    from ..discourse.thesis import answers_question, question_stems

    doc = essay.get("doc")
    if doc is None or question is None or not question.text or cues.UNDECIDED.search(fold(u.text)):
        return False
    stems = question_stems(question.text)
    for s in essay.get("sentences", []) or []:
        if s.start < u.end and u.start < s.end:
            span = doc.char_span(s.start, s.end, alignment_mode="expand")
            if span is not None and answers_question(span, stems, [], doc):
                return True
    return False


def _has_conclusion(essay, units: list[Unit]) -> bool:
    """A Concluding Statement, or a last paragraph that opens as a conclusion."""
    pars = essay.get("paragraphs", []) or []
    return any(u.type == "Concluding Statement" for u in units) or bool(
        pars and len(pars) > 1 and cues.CONCLUSION.match(essay.text[pars[-1].start:pars[-1].end].strip()))


def essay_stance(essay) -> tuple[Stance, list[Unit]]:
    """Score every unit and judge the essay's side.

    Args:
        essay: an Essay with question, discourse, analysis_links, pack and doc.

    Returns:
        The Stance report model and the scored units.
    """
    question = essay.get("question")
    profiles = build_profiles(question, essay.get("pack"))
    units = collect_units(essay)
    hids = [p.id for p in profiles]
    if not profiles:
        # A question with no sides to take ("Why did...?"): the essay commits when its
        # thesis gives an answer rather than restating the question.
        thesis = [u for u in thesis_units(units) if u.type == "Position"]
        essay_view = EssayStance(
            committal=any(_answers(essay, question, u) for u in thesis),
            has_counterargument=any(u.type == "Counterclaim" for u in units),
            has_conclusion=_has_conclusion(essay, units))
        return Stance(essay=essay_view,
                      units=[UnitStance(start=u.start, end=u.end, type=u.type) for u in units]), units
    scorer = StanceScorer(profiles, essay.get("doc"))
    for u, s in zip(units, scorer.score([u.text for u in units], [u.start for u in units])):
        u.score, u.scores, u.confidence = s, dict(s.scores), s.confidence
        u.hypothesis = leading(s.scores) if s.confidence >= 0.2 or any(abs(v) >= 0.5 for v in s.lexical.values()) else None
        if u.hypothesis and s.scores.get(u.hypothesis, 0) < 0.15:
            u.hypothesis = None
    _sentence_verdicts(units, essay, scorer)
    _inherit(units, essay)

    totals = {h: 0.0 for h in hids}
    for u in units:
        w = ROLE_WEIGHT.get(u.type, 1.0) * (0.5 if u.inherited else 1.0)
        if u.score is not None and u.score.attributed and u.type not in {"Position", "Concluding Statement"}:
            w *= 0.5
        for h in hids:
            totals[h] += w * u.confidence * max(0.0, u.scores.get(h, 0.0))
    judgements = thesis_units(units) + [u for u in units if u.type == "Concluding Statement"]
    side, confidence = _judge(totals, judgements, hids)
    committal = any(is_committal(u) for u in judgements)

    argumentative = {"Claim", "analysis", "Position", "Rebuttal", "Concluding Statement"}
    has_counter = any(u.type == "Counterclaim" for u in units) or any(
        u.type in argumentative and u.hypothesis and u.hypothesis != side and u.confidence >= 0.4 and not u.inherited
        for u in units) if side else len({u.hypothesis for u in units if u.hypothesis and u.type in argumentative}) > 1
    has_conclusion = _has_conclusion(essay, units)
    balance = evidence_balance(evidence_pieces(essay, units, scorer), hids)
    stance = Stance(
        essay=EssayStance(hypothesis=side, committal=committal, confidence=confidence,
                          one_sided=not has_counter, has_counterargument=has_counter, has_conclusion=has_conclusion),
        balance=balance,
        units=[UnitStance(start=u.start, end=u.end, type=u.type, scores=u.scores, hypothesis=u.hypothesis,
                          confidence=u.confidence) for u in units],
    )
    return stance, units
