"""Presentation helpers shared by the HTML, Markdown and DOCX renderers.

Renderers only read a :class:`~essaylens.report.models.Report`. This module
turns its offsets into things people read: the body split into paragraphs,
each paragraph cut into pieces at every annotation boundary, comments and
analysis links numbered in reading order, and a stable visual identity for
each discourse type and each side of the question. Nothing here touches the
pipeline, so a report with empty sections still renders.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .models import BASIS_NEUTRAL, AnalysisLink, Comment, DiscourseElement, FactCheck, Report


@dataclass(frozen=True)
class TypeStyle:
    """How one discourse type looks: a word, a key for CSS, colours and a pattern."""

    key: str
    label: str
    tint: str
    accent: str
    pattern: str
    meaning: str


DISCOURSE_STYLES: dict[str, TypeStyle] = {
    "Lead": TypeStyle("lead", "Lead", "#e7ebf0", "#3f4a59", "dotted underline",
                      "opens the essay and sets the scene"),
    "Position": TypeStyle("position", "Position", "#fde6c4", "#7f4300", "double underline",
                          "the writer's answer to the question (thesis)"),
    "Claim": TypeStyle("claim", "Claim", "#dbe9fa", "#1b4b8a", "solid underline",
                       "a point that supports the position"),
    "Counterclaim": TypeStyle("counterclaim", "Counterclaim", "#f9dcdc", "#8f1b1b", "wavy underline",
                              "a point for the other side"),
    "Rebuttal": TypeStyle("rebuttal", "Rebuttal", "#eedff7", "#63288a", "dashed underline",
                          "an answer to a counterclaim"),
    "Evidence": TypeStyle("evidence", "Evidence", "#dcf1e1", "#1c6331", "shaded only",
                          "facts or examples used as support"),
    "Concluding Statement": TypeStyle("concluding", "Concluding Statement", "#dcf0f2", "#0f5961",
                                      "thick underline", "sums up the argument"),
}
ANALYSIS_STYLE = TypeStyle("analysis", "Analysis", "#fff6cc", "#6b5200", "italic, left bar",
                           "explains what the evidence shows")


@dataclass(frozen=True)
class Side:
    """The visual identity of one hypothesis (or of 'no side')."""

    id: str | None
    letter: str
    label: str
    shape: str
    colour: str
    tint: str


_SIDE_LOOKS = [
    ("A", "circle", "#1f5aa6", "#dce8f7"),
    ("B", "square", "#9a4a00", "#fbe3cc"),
    ("C", "diamond", "#6a3a9c", "#ece2f6"),
    ("D", "triangle", "#0d6b63", "#d6f0ed"),
    ("E", "hexagon", "#8a1f4f", "#f6dce7"),
]
NEUTRAL = Side(None, "–", "No clear side", "none", "#4b5563", "#eceef1")

VERDICT_WORDS = {
    "correct": ("✓", "Correct"),
    "incorrect": ("✗", "Incorrect"),
    "imprecise": ("≈", "Imprecise"),
    "disputed": ("?", "Disputed"),
    "unverifiable": ("…", "Unverifiable"),
}
SEVERITY_WORDS = {"high": "Important", "medium": "Worth fixing", "low": "Minor", "praise": "Well done"}


def sides(report: Report) -> dict[str | None, Side]:
    """Give every hypothesis the report mentions a letter, shape and colour.

    Args:
        report: the Report.

    Returns:
        Mapping of hypothesis id (and None) to :class:`Side`, question order first.
    """
    ids: list[str] = [h.id for h in report.question.hypotheses]
    labels = {h.id: h.label for h in report.question.hypotheses}
    extra = set(report.stance.balance) | {n.hypothesis for n in report.argument.nodes if n.hypothesis}
    extra |= {s.hypothesis for s in report.counter_evidence if s.hypothesis}
    if report.stance.essay.hypothesis:
        extra.add(report.stance.essay.hypothesis)
    ids += sorted(extra - set(ids))
    out: dict[str | None, Side] = {None: NEUTRAL}
    for i, hid in enumerate(ids):
        letter, shape, colour, tint = _SIDE_LOOKS[i % len(_SIDE_LOOKS)]
        if i >= len(_SIDE_LOOKS):
            letter = chr(ord("A") + i) if i < 26 else str(i + 1)
        out[hid] = Side(hid, letter, labels.get(hid, hid), shape, colour, tint)
    return out


def side_of(table: dict[str | None, Side], hypothesis: str | None) -> Side:
    """The side for ``hypothesis``, neutral when unknown."""
    return table.get(hypothesis, NEUTRAL)


def body_paragraphs(report: Report) -> list[tuple[int, int]]:
    """Body paragraphs as (start, end) offsets, header excluded, empties dropped.

    Falls back to splitting the body at newlines when the report has no
    paragraph layer.
    """
    text, body = report.text, report.meta.body_start
    spans = [(p.start, p.end) for p in report.paragraphs]
    if not spans:
        pos = body
        for line in text[body:].split("\n"):
            spans.append((pos, pos + len(line)))
            pos += len(line) + 1
    out = []
    for start, end in spans:
        start, end = max(start, body), min(end, len(text))
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            out.append((start, end))
    return sorted(out)


@dataclass
class NumberedComment:
    """A feedback comment with its reading-order number and paragraph."""

    number: int
    comment: Comment
    paragraph: int | None


def number_comments(report: Report, paragraphs: list[tuple[int, int]]) -> list[NumberedComment]:
    """Number comments in reading order; whole-essay ones get paragraph None.

    A comment is anchored when its span lies in the body and is shorter than
    most of the body; whole-essay comments come first (they are shown first), then
    anchored ones by position.
    """
    body_len = max(1, len(report.text) - report.meta.body_start)
    anchored, general = [], []
    for c in report.feedback:
        para = None
        if report.meta.body_start <= c.start < c.end <= len(report.text) and (c.end - c.start) < 0.8 * body_len:
            for i, (ps, pe) in enumerate(paragraphs):
                if ps <= c.end - 1 < pe or ps <= c.start < pe:
                    para = i
                    break
        (anchored if para is not None else general).append((para, c))
    anchored.sort(key=lambda pc: (pc[1].end, pc[1].start, -pc[1].priority, pc[1].message))
    general.sort(key=lambda pc: (-pc[1].priority, pc[1].message))
    return [NumberedComment(i + 1, c, p) for i, (p, c) in enumerate(general + anchored)]


def number_links(report: Report) -> list[tuple[int, AnalysisLink]]:
    """Analysis links numbered A1, A2... in text order (returned as ints)."""
    links = sorted(report.analysis_links, key=lambda a: (a.start, a.end))
    return [(i + 1, a) for i, a in enumerate(links)]


@dataclass
class Piece:
    """A stretch of text with the same annotations throughout."""

    start: int
    end: int
    element: DiscourseElement | None = None
    element_starts: bool = False
    facts: list[tuple[int, FactCheck]] = field(default_factory=list)
    fact_ends: list[tuple[int, FactCheck]] = field(default_factory=list)
    analysis: int | None = None
    analysis_starts: int | None = None
    evidence_ends: list[int] = field(default_factory=list)
    comment_ends: list[int] = field(default_factory=list)


def clip_elements(report: Report) -> list[DiscourseElement]:
    """Discourse elements sorted and clipped so they never overlap."""
    out: list[DiscourseElement] = []
    last = -1
    for d in sorted(report.discourse, key=lambda d: (d.start, -d.end, d.type)):
        start = max(d.start, last)
        if d.end <= start:
            continue
        out.append(d.model_copy(update={"start": start}))
        last = d.end
    return out


def pieces(report: Report, span: tuple[int, int], comments: list[NumberedComment],
           index: int = -1) -> list[Piece]:
    """Cut one paragraph into pieces at every annotation boundary.

    Args:
        report: the Report.
        span: the paragraph's (start, end).
        comments: numbered comments; those anchored to paragraph ``index`` get markers.
        index: the paragraph's position in :func:`body_paragraphs`.

    Returns:
        Consecutive pieces covering the paragraph, in order.
    """
    ps, pe = span
    elements = [d for d in clip_elements(report) if d.start < pe and ps < d.end]
    facts = [(r.number, r.fact) for r in number_facts(report)]
    facts = [(n, f) for n, f in facts if f.start < pe and ps < f.end and f.end > f.start]
    links = [(n, a) for n, a in number_links(report) if a.start < pe and ps < a.end]
    evidence = [(n, r) for n, a in number_links(report) for r in a.evidence if ps < r.end <= pe]
    marks = [nc for nc in comments if nc.paragraph == index]
    cuts = {ps, pe}
    for obj in [*elements, *(f for _, f in facts), *(a for _, a in links)]:
        cuts.update(x for x in (obj.start, obj.end) if ps < x < pe)
    cuts.update(r.end for _, r in evidence if r.end < pe)
    cuts.update(min(max(nc.comment.end, ps + 1), pe) for nc in marks)
    bounds = sorted(cuts)
    out: list[Piece] = []
    for a, b in zip(bounds, bounds[1:]):
        piece = Piece(a, b)
        for d in elements:
            if d.start <= a < d.end:
                piece.element, piece.element_starts = d, (a == max(d.start, ps))
        piece.facts = [(n, f) for n, f in facts if f.start <= a and b <= f.end]
        piece.fact_ends = [(n, f) for n, f in facts if min(f.end, pe) == b]
        for n, link in links:
            if link.start <= a < link.end:
                piece.analysis = n
                if a == max(link.start, ps):
                    piece.analysis_starts = n
        piece.evidence_ends = sorted({n for n, r in evidence if min(r.end, pe) == b})
        piece.comment_ends = [nc.number for nc in marks if min(max(nc.comment.end, ps + 1), pe) == b]
        out.append(piece)
    return out


@dataclass(frozen=True)
class FactRef:
    """A checked fact with its reading-order number (F1, F2...) shared by every renderer.

    ``repeat_of`` is the number of an earlier fact with the same check and
    correction, so a repeated mistake can point back instead of repeating it.
    """

    number: int
    fact: FactCheck
    repeat_of: int | None = None

    @property
    def label(self) -> str:
        """The short reference, e.g. ``F8``."""
        return f"F{self.number}"

    @property
    def icon(self) -> str:
        """The verdict symbol."""
        return VERDICT_WORDS.get(self.fact.verdict, ("?", ""))[0]

    @property
    def word(self) -> str:
        """The verdict in words."""
        return VERDICT_WORDS.get(self.fact.verdict, ("", self.fact.verdict.title()))[1]


def _fact_key(f: FactCheck) -> tuple:
    return (f.start, f.end, f.rule)


def number_facts(report: Report) -> list[FactRef]:
    """Number the checked facts in text order; unverifiable ones are left out.

    Args:
        report: the Report.

    Returns:
        One :class:`FactRef` per fact whose verdict is not "unverifiable".
    """
    out: list[FactRef] = []
    first: dict[tuple, int] = {}
    checked = [f for f in sorted(report.facts, key=_fact_key) if f.verdict != "unverifiable"]
    for i, f in enumerate(checked, 1):
        key = (f.rule, f.verdict, f.correction or "")
        repeat = first.get(key) if f.verdict != "correct" else None
        first.setdefault(key, i)
        out.append(FactRef(i, f, repeat))
    return out


def unchecked_facts(report: Report) -> list[FactCheck]:
    """Facts nothing could verify, in text order (shown only in a collapsed group)."""
    return [f for f in sorted(report.facts, key=_fact_key) if f.verdict == "unverifiable"]


def fact_comments(comments: list[NumberedComment], refs: list[FactRef]) -> dict[int, FactRef]:
    """Map comment numbers to the fact each fact comment restates (same span).

    Renderers use it to show one flag per fact instead of a flag plus a comment marker.
    """
    by_span = {(r.fact.start, r.fact.end): r for r in refs if r.fact.verdict != "correct"}
    out: dict[int, FactRef] = {}
    for nc in comments:
        ref = by_span.get((nc.comment.start, nc.comment.end))
        if nc.comment.kind == "fact" and ref is not None and ref.number not in {r.number for r in out.values()}:
            out[nc.number] = ref
    return out


def suggestion_of(comment: Comment) -> str | None:
    """The comment's suggestion, or None when the message already says it word for word."""
    s = (comment.suggestion or "").strip()
    if not s:
        return None
    norm = lambda t: " ".join(t.split()).lower()  # noqa: E731
    return None if norm(s) in norm(comment.message) else s


def is_holistic_mark(report: Report, mark) -> bool:
    """Whether ``mark`` only restates the holistic score (shown once, as the holistic card)."""
    return report.scores.holistic is not None and (
        mark.scheme.lower() == "holistic" or (mark.name or "").lower().startswith("holistic"))


def scheme_marks(report: Report) -> list:
    """The report's marks without the one that duplicates the holistic score."""
    return [m for m in report.marks if not is_holistic_mark(report, m)]


def short(text: str, limit: int = 90) -> str:
    """Collapse whitespace and cut ``text`` at a word boundary with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "…"


def fmt_num(value: float) -> str:
    """A mark as people write it: 3 not 3.0, 2.5 stays 2.5."""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def holistic_note(report: Report) -> str:
    """A few words on how sure the holistic scorer is, e.g. "confidence 32%; 4 also likely".

    When the topic-neutral scorer gave the score (the essay's topic is unlike
    every prompt the scorer was trained on), the note says so.
    """
    sc = report.scores
    if sc.holistic is None or sc.holistic_confidence is None:
        return ""
    note = f"confidence {sc.holistic_confidence:.0%}"
    probs = sorted(((p, int(k)) for k, p in sc.holistic_probabilities.items() if str(k).isdigit()
                    and int(k) != sc.holistic), reverse=True)
    if probs and probs[0][0] >= 0.6 * sc.holistic_confidence:
        note += f"; {probs[0][1]} also likely"
    if sc.holistic_basis == BASIS_NEUTRAL:
        note += "; new topic, so scored on the writing alone"
    return note
