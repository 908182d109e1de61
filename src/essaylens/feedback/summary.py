"""The "What went well / Even better if" summary, built from the marks and comments."""

from __future__ import annotations

from ..report.models import Comment, Summary
from .comments import quote


def build_summary(report, comments: list[Comment]) -> Summary:
    """Two short lists a student can act on.

    Args:
        report: the report so far (marks, stance, analysis links).
        comments: the ordered margin comments.

    Returns:
        The Summary: up to three points each way.
    """
    went_well: list[str] = []
    st = report.stance.essay
    labels = {h.id: h.label for h in report.question.hypotheses}
    if st.committal and st.hypothesis:
        went_well.append(f'You take a clear position: "{labels[st.hypothesis].lower()}".')
    elif st.hypothesis:
        went_well.append(f'Your body paragraphs argue consistently for "{labels[st.hypothesis].lower()}".')
    n_links = len(report.analysis_links)
    if n_links >= 2:
        first = report.analysis_links[0]
        went_well.append(f'You explain what your evidence shows in {n_links} places, for example '
                         f'"{quote(report.text[first.start:first.end], 60)}".')
    # Pieces of evidence are counted by sentence: one Evidence element often
    # runs over a whole paragraph of facts.
    spans = [(d.start, d.end) for d in report.discourse if d.type == "Evidence"]
    reading = {(a.start, a.end) for a in report.analysis_links}  # what the evidence shows is not evidence
    ev = [s for s in report.sentences
          if any(a <= s.start < b for a, b in spans) and (s.start, s.end) not in reading
          and _specific(report.text[s.start:s.end])]
    if len(ev) >= 2:
        # The example is a piece of evidence, not a bracketed note about dates or sources.
        example = next((d for d in ev if not report.text[d.start:d.end].lstrip().startswith(("(", "["))), ev[0])
        went_well.append(f"You use {len(ev)} pieces of specific evidence, such as "
                         f'"{quote(report.text[example.start:example.end], 60)}".')
    if st.has_counterargument:
        went_well.append("You consider the other side of the argument instead of ignoring it.")
    if st.has_conclusion:
        went_well.append("You finish with a conclusion that draws the argument together.")
    better = [c.suggestion or c.message for c in comments if c.severity in {"high", "medium"}]
    # One point per kind of problem, in the comments' order of importance.
    seen, even_better = set(), []
    for c in comments:
        if c.severity not in {"high", "medium"} or c.kind in seen:
            continue
        seen.add(c.kind)
        even_better.append(_short(c))
    return Summary(went_well=went_well[:3], even_better_if=even_better[:3] or better[:3])


def _specific(text: str) -> bool:
    """Whether an evidence element names something: a number or date, a
    name (a capitalised word that does not open a sentence), or a quotation.
    "They eventually did this" is evidence by position, not specific evidence."""
    words = text.split()
    if len(words) < 5:
        return False
    named = any(w[:1].isupper() and not prev.endswith((".", "!", "?", ":")) and w != "I" and not w.startswith("I'")
                for prev, w in zip(words, words[1:]))
    return named or any(ch.isdigit() for ch in text) or any(q in text for q in ('"', "\u201c"))


def _short(c: Comment) -> str:
    if c.kind == "fact":
        return "you checked the facts and dates flagged in the margin before handing in."
    if c.kind == "thesis":
        return "your introduction answered the question instead of restating it."
    if c.kind == "counterargument":
        return "you weighed the evidence for the other side and explained why your side is stronger."
    if c.kind == "conclusion":
        return "you ended with a conclusion that gives your final judgement."
    if c.kind == "evidence":
        return "every piece of evidence was followed by a sentence saying what it shows."
    return (c.suggestion or c.message).rstrip(".") + "."
