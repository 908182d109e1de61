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


#: Closed-class words (and number words) that may open a correction; after "but"
#: they are lower-cased. Any other first word may be a name and keeps its capital.
_LOWER_OPENERS = frozenset(
    "the there this these that those no not in it its a an most only by on at both neither few many some all each "
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen twenty hundreds "
    "thousands dozens several after before during until when while although though as for from with".split()
    + ["'storming'"])
#: The longest fact message, in words (a student reads it in about ten seconds).
FACT_WORDS = 45


def first_sentences(text: str, words: int) -> str:
    """The leading whole sentences of ``text`` that fit in ``words`` words (at least one).

    Args:
        text: one or more sentences.
        words: the word budget.
    """
    parts = re.split(r"(?<=[.!?])\s+(?=[A-Z'\"(])", " ".join((text or "").split()))
    out: list[str] = []
    for part in parts:
        if out and len(" ".join(out + [part]).split()) > words:
            break
        out.append(part)
    return " ".join(out).strip()


_CLAUSE_CUT = re.compile(r"\s*(?:;|:|\s[-–—]\s|,\s(?=(?:and|but|so|while|which|who|although|though|as|because)\b))")


def fit_words(sentence: str, words: int) -> str:
    """``sentence`` cut at its last clause boundary that keeps it within ``words`` words.

    Args:
        sentence: one sentence (or a few).
        words: the word budget.

    Returns:
        The text unchanged when it fits; else its longest leading clause that
        fits, closed with a full stop; else a word cut with an ellipsis.
    """
    if len(sentence.split()) <= words:
        return sentence
    cuts = [m.start() for m in _CLAUSE_CUT.finditer(sentence) if 4 <= len(sentence[: m.start()].split()) <= words]
    if cuts:
        return sentence[: max(cuts)].rstrip(" ,;:") + "."
    return " ".join(sentence.split()[:words]).rstrip(" ,;:") + "…"


def _lower_first(text: str) -> str:
    head = text.split(" ", 1)[0]
    return text[0].lower() + text[1:] if head.lower() in _LOWER_OPENERS else text


def _pack_fact(pack, fact_id: str | None):
    if pack is None or not fact_id:
        return None
    facts = getattr(getattr(pack, "pack", pack), "facts", []) or []
    return next((f for f in facts if getattr(f, "id", None) == fact_id), None)


def fact_action(f, pack=None) -> str:
    """A short action for one flagged fact: what to check, not the answer again.

    Args:
        f: the FactCheck.
        pack: the SelectedPack (or Pack) whose fact it cites, or None.
    """
    family = (f.rule or "").split(":", 1)[0]
    if family == "calendar-mixing":
        return "Give the date in one calendar and say which (Old Style or New Style)."
    if family == "arithmetic":
        return "Redo the sum and correct the figure."
    if family == "chronology":
        return "Check the order of these events and correct it."
    if family == "anachronism":
        return "Check when this existed and correct the date or the name."
    if f.verdict == "disputed":
        return "Present this as one view and say who holds it."
    fact = _pack_fact(pack, f.fact_id)
    attribute = " ".join(str(getattr(fact, "attribute", "") or "").split())
    if attribute:
        what = attribute if re.match(r"(?:how|when|where|who|why|what|which)\b", attribute, re.I) else f"the {attribute}"
        return f"Check {what} and correct it." if f.verdict == "incorrect" else f"Check {what} and say exactly what you mean."
    if family == "timeline":
        return "Check the date and correct it."
    return "Check this against your notes and correct it." if f.verdict == "incorrect" else "Say exactly what you mean here."


def fact_comments(report, pack=None) -> list[Comment]:
    """One comment per fact that is wrong, imprecise or disputed.

    The message quotes the student and gives the correction once (its first
    sentences, within :data:`FACT_WORDS` words); the suggestion is a short
    action. Facts judged correct or unverifiable never become comments here.

    Args:
        report: the report (facts, text).
        pack: the SelectedPack, to name the fact's attribute in the action.
    """
    out = []
    sev = {"incorrect": ("high", 0.0), "imprecise": ("medium", -20.0), "disputed": ("low", -30.0)}
    seen: set[tuple[str, str]] = set()
    for i, f in enumerate(report.facts):
        if f.verdict not in sev:
            continue
        severity, shift = sev[f.verdict]
        said = quote(f.claim or report.text[f.start:f.end], 60)
        lead = {"incorrect": f'You wrote "{said}", but', "imprecise": f'You wrote "{said}", which needs care:',
                "disputed": f'You state "{said}" as settled, but historians disagree:'}[f.verdict]
        budget = max(12, FACT_WORDS - len(lead.split()))
        correction = fit_words(first_sentences(f.correction or "", budget), budget)
        if correction:
            msg = f"{lead} {_lower_first(correction)}"
        else:
            msg = {"incorrect": f'You wrote "{said}", which is not right.',
                   "imprecise": f'You wrote "{said}", which is not precise.',
                   "disputed": f'You state "{said}" as settled, but historians dispute it.'}[f.verdict]
        key = (f.rule or "", (f.fact_id or f.claim).lower())
        repeat = key in seen
        seen.add(key)
        out.append(Comment(kind="fact", severity=severity if not repeat else "low", start=f.start, end=f.end,
                           message=msg if not repeat else f'You repeat "{said}": the same correction applies here.',
                           suggestion=fact_action(f, pack), priority=PRIORITY["fact"] + shift - i * 0.01 - (40 if repeat else 0)))
    return out


def unverified_note(report) -> list[Comment]:
    """Teacher view only: one low note on the statements no pack fact covers.

    Args:
        report: the report (facts).
    """
    unverified = [f for f in report.facts if f.verdict == "unverifiable"]
    if not unverified:
        return []
    f = unverified[0]
    said = quote(f.claim or report.text[f.start:f.end], 50)
    n = len(unverified)
    what = "statement" if n == 1 else "statements"
    return [Comment(kind="fact-unverified", severity="low", start=f.start, end=f.end,
                    message=f'{n} factual {what} could not be checked against the topic pack, e.g. "{said}".',
                    suggestion="Worth a glance when marking; they are not flagged to the student.",
                    priority=PRIORITY["praise"] - 5)]


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
        # A Position may span several sentences: quote the one that ends it.
        inside = [s for s in report.sentences if s.start < p.end and p.start < s.end]
        start, end = (max(p.start, inside[-1].start), min(p.end, inside[-1].end)) if inside else (p.start, p.end)
        msg = (f'Your introduction ends "{quote(report.text[start:end], 90)}". This restates the question instead of '
               f"answering it. {answer}, and give the main reason.")
    else:
        par = report.paragraphs[0] if report.paragraphs else None
        start, end = (par.start, par.end) if par else (report.meta.body_start, len(report.text))
        msg = f"Your introduction never says what you will argue. {answer}."
    question = report.question.text or "the question"
    example = (f'For example: "Although there is some evidence for the other view, this essay will argue that it was '
               f'mainly {side}, because..."') if side else f'Answer "{quote(question, 80)}" in one sentence.'
    return [Comment(kind="thesis", severity="high", start=start, end=end, message=msg, suggestion=example,
                    priority=PRIORITY["thesis"])]


#: The longest piece of pack evidence quoted in a comment, in characters.
EVIDENCE_CHARS = 150


def evidence_short(text: str, limit: int = EVIDENCE_CHARS) -> str:
    """Pack evidence cut to a complete sentence or clause of at most ``limit`` characters.

    Args:
        text: the evidence item's text.
        limit: the longest result.

    Returns:
        The first sentence; if it is too long, its longest leading clause (cut
        at ";", ":", " - " or a comma before a conjunction) that fits; only
        when no clause fits, a word-boundary cut with an ellipsis.
    """
    sentence = first_sentences(text, 1)
    if len(sentence) <= limit:
        return sentence
    cuts = [m.start() for m in _CLAUSE_CUT.finditer(sentence)]
    fitting = [c for c in cuts if 40 <= c <= limit]
    if fitting:
        return sentence[: max(fitting)].rstrip(" ,;:") + "."
    return quote(sentence, limit)


def pick_counter_evidence(suggestions, side: str | None, most: int = 3, chars: int = 320) -> list:
    """At most ``most`` suggestions for the other side(s), strongest first, within ``chars``.

    Args:
        suggestions: the report's counter-evidence.
        side: the essay's hypothesis id.
        most: the most suggestions (at least two are kept when there are two).
        chars: the character budget of their short texts together.
    """
    out, used = [], 0
    for s in suggestions:
        if s.hypothesis == side:
            continue
        n = len(evidence_short(s.text))
        if len(out) >= 2 and used + n > chars:
            break
        out.append(s)
        used += n
        if len(out) >= most:
            break
    return out


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
    ideas = pick_counter_evidence(report.counter_evidence, st.hypothesis)
    if ideas:
        parts = []
        for s in ideas:
            who = f" (argued by {', '.join(s.historians[:2])})" if s.historians else ""
            parts.append(f"{evidence_short(s.text).rstrip('.')}{who}")
        suggestion = "Add a paragraph on the other side, e.g.: " + "; ".join(parts) + ". Then say why your side is still stronger."
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
