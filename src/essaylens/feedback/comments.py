"""Margin comments: specific, anchored to spans, ordered by what matters most.

Order of importance: incorrect facts first, then the thesis, the missing
counter-argument, the conclusion, the quality of the analysis, and evidence
left unexplained; praise closes the list. Every comment quotes or names the
words it is about, so none could be pasted onto another essay.
"""

from __future__ import annotations

import re

from ..report.models import Comment

#: Base priority per kind; higher comes first.
PRIORITY = {"fact": 100.0, "thesis": 90.0, "counterargument": 80.0, "conclusion": 70.0,
            "analysis": 60.0, "evidence": 50.0, "praise": 10.0}


def quote(text: str, limit: int = 70) -> str:
    """A short quotation of ``text``, cut at a word boundary.

    Args:
        text: the words to quote.
        limit: the longest quotation, in characters.
    """
    text = " ".join(text.split()).strip()
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _labels(report) -> dict[str, str]:
    return {h.id: h.label for h in report.question.hypotheses}


def fact_comments(report) -> list[Comment]:
    """One comment per fact that is wrong, imprecise or disputed."""
    out = []
    sev = {"incorrect": ("high", 0.0), "imprecise": ("medium", -20.0), "disputed": ("low", -30.0)}
    for i, f in enumerate(report.facts):
        if f.verdict not in sev:
            continue
        severity, shift = sev[f.verdict]
        said = quote(f.claim or report.text[f.start:f.end], 80)
        verdict = {"incorrect": "is not right", "imprecise": "is not quite precise", "disputed": "is disputed by historians"}[f.verdict]
        msg = f'You wrote "{said}", which {verdict}.' + (f" {f.correction}" if f.correction else "")
        out.append(Comment(kind="fact", severity=severity, start=f.start, end=f.end, message=msg,
                           suggestion=f.correction, priority=PRIORITY["fact"] + shift - i * 0.01))
    return out


def thesis_comments(report) -> list[Comment]:
    """Flag a thesis that restates the question, or a missing one."""
    st, labels = report.stance.essay, _labels(report)
    if st.committal:
        return []
    positions = [d for d in report.discourse if d.type == "Position"]
    texts = {h.id: h.text for h in report.question.hypotheses}
    side = texts.get(st.hypothesis) if st.hypothesis else None
    answer = f'Your body paragraphs argue for "{side}", so say that here' if side else "Decide which answer your evidence supports and say it here"
    if positions:
        p = positions[-1]
        msg = (f'Your introduction ends "{quote(report.text[p.start:p.end], 90)}". This restates the question instead of '
               f"answering it. {answer}, and give the main reason.")
        start, end = p.start, p.end
    else:
        par = report.paragraphs[0] if report.paragraphs else None
        start, end = (par.start, par.end) if par else (report.meta.body_start, len(report.text))
        msg = f"Your introduction never says what you will argue. {answer}."
    question = report.question.text or "the question"
    example = (f'For example: "Although there is some evidence for the other view, this essay will argue that it was '
               f'mainly {side}, because..."') if side else f'Answer "{quote(question, 80)}" in one sentence.'
    return [Comment(kind="thesis", severity="high", start=start, end=end, message=msg, suggestion=example,
                    priority=PRIORITY["thesis"])]


def counter_comments(report) -> list[Comment]:
    """Flag a one-sided essay and name the evidence it could weigh."""
    st, labels = report.stance.essay, _labels(report)
    if st.has_counterargument or not st.hypothesis:
        return []
    others = [labels[h] for h in labels if h != st.hypothesis]
    side_units = [u for u in report.stance.units if u.hypothesis == st.hypothesis and u.type in {"Claim", "analysis"}]
    anchor = side_units[0] if side_units else None
    start, end = (anchor.start, anchor.end) if anchor else (report.meta.body_start, len(report.text))
    other = " or ".join(f'"{o.lower()}"' for o in others) or "the other view"
    msg = (f'Every paragraph argues for "{labels[st.hypothesis].lower()}"; you never consider the case for {other}. '
           "An examiner rewards the essay that weighs the other side and then explains why it is weaker.")
    ideas = [s for s in report.counter_evidence if s.hypothesis != st.hypothesis][:3]
    if ideas:
        parts = []
        for s in ideas:
            who = f" (argued by {', '.join(s.historians[:2])})" if s.historians else ""
            parts.append(quote(s.text, 110) + who)
        suggestion = "Add a paragraph on the other side, using for example: " + "; ".join(parts) + ". Then say why your side is still stronger."
    else:
        suggestion = f"Add a paragraph giving the best evidence for {other}, then explain why your side is still stronger."
    return [Comment(kind="counterargument", severity="high", start=start, end=end, message=msg, suggestion=suggestion,
                    priority=PRIORITY["counterargument"])]


def conclusion_comments(report) -> list[Comment]:
    """Flag an essay that stops without a conclusion."""
    if report.stance.essay.has_conclusion:
        return []
    body = [s for s in report.sentences if s.start >= report.meta.body_start]
    if not body:
        return []
    last = body[-1]
    side = {h.id: h.text for h in report.question.hypotheses}.get(report.stance.essay.hypothesis)
    judge = f'whether it was mainly "{side}"' if side else "which answer the evidence supports"
    return [Comment(kind="conclusion", severity="high", start=last.start, end=last.end,
                    message=f'The essay stops after "{quote(report.text[last.start:last.end], 80)}" with no conclusion.',
                    suggestion=f"Finish with a short paragraph that answers the question directly: state {judge}, "
                               "and give the one or two reasons that matter most.",
                    priority=PRIORITY["conclusion"])]
