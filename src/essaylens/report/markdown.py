"""Markdown report: the HTML report's content in plain (GitHub-flavoured) Markdown.

Everything the essay or the analysis supplies goes through :func:`md_escape`,
which neutralises both Markdown syntax and raw HTML, so an essay containing
``<script>`` or ``**`` shows those characters literally. Discourse elements are
named in bold brackets (``**[Claim]**``), fact flags are short footnote references
(``✗[^F8]``) whose corrections are listed under the fact check,
comments are numbered in the text and listed under their paragraph, and the
argument map becomes an indented tree from the thesis down to the evidence.
"""

from __future__ import annotations

import re

from .models import ArgumentNode, Report
from .view import (
    DISCOURSE_STYLES, SEVERITY_WORDS, body_paragraphs, fact_comments, fmt_num, holistic_note, number_comments,
    number_facts, pieces, scheme_marks, short, side_of, sides, suggestion_of, unchecked_facts,
)

_MD_SPECIAL = re.compile(r"([\\`*_\[\]{}#|~!+])")


def md_escape(text: str) -> str:
    """Escape ``text`` so Markdown shows it literally (no emphasis, links or HTML).

    Args:
        text: any text from the essay or the analysis.

    Returns:
        The escaped text, on one line.
    """
    text = " ".join(text.split())
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", text)


def _yes(ok: bool, yes: str, no: str) -> str:
    return f"✓ {yes}" if ok else f"✗ {no}"


def _head(report: Report) -> list[str]:
    m = report.meta
    title = m.title or report.question.text or report.essay_id
    facts = [f"**Author:** {md_escape(m.author)}" if m.author else "",
             f"**Subject:** {md_escape(m.subject)}" if m.subject else "",
             f"**Words:** {m.word_count}", f"**Essay id:** {md_escape(report.essay_id)}",
             f"**Topic pack:** {md_escape(report.pack.title) if report.pack else 'none matched'}"]
    sc = report.scores
    note = holistic_note(report)
    conf = f" ({md_escape(note)})" if note else ""
    scores = [f"**Holistic score:** {sc.holistic} / 6{conf}" if sc.holistic else "**Holistic score:** not scored"]
    for mark in scheme_marks(report):
        level = f" ({md_escape(mark.level)})" if mark.level else ""
        scores.append(f"**{md_escape(mark.name or mark.scheme)}:** {fmt_num(mark.total)} / {fmt_num(mark.max)}{level}")
    return [f"# {md_escape(title)}", "", " · ".join(f for f in facts if f), "", " · ".join(scores), ""]


def _glance(report: Report) -> list[str]:
    table = sides(report)
    q, st = report.question, report.stance
    out = ["## At a glance", "", "### The question", ""]
    out += [f"> {md_escape(q.text)}", "", f"Kind: {q.kind} · found in the {q.source}", ""] if q.text else \
        ["_No question was found._", ""]
    out += [f"- **{s.letter}** {md_escape(s.label)}" for k, s in table.items() if k is not None]
    out += ["", "### Side and structure", ""]
    if st.units or st.balance or st.essay.hypothesis or st.essay.confidence:
        side = side_of(table, st.essay.hypothesis)
        e = st.essay
        out += [f"- **Argues for:** {side.letter} · {md_escape(side.label)} (confidence {e.confidence:.0%})",
                f"- {_yes(e.committal, 'Commits to a side in the introduction', 'Does not commit to a side in the introduction')}",
                f"- {_yes(e.has_counterargument, 'Considers the other side', 'Never considers the other side')}",
                f"- {_yes(not e.one_sided, 'Weighs both sides', 'One-sided')}",
                f"- {_yes(e.has_conclusion, 'Has a conclusion', 'No conclusion')}", ""]
    else:
        out += ["_The essay's side has not been assessed._", ""]
    if st.balance:
        top = max(max(st.balance.values()), 1)
        out += ["| Side | Evidence units | |", "|---|---:|---|"]
        for k, s in table.items():
            if k is not None:
                n = st.balance.get(k, 0)
                out.append(f"| {s.letter} · {md_escape(s.label)} | {n} | {'█' * round(12 * n / top)} |")
        out.append("")
    for heading, items in (("What went well", report.summary.went_well),
                           ("Even better if", report.summary.even_better_if)):
        out += [f"### {heading}", ""]
        out += [f"- {md_escape(i)}" for i in items] or ["_Nothing recorded yet._"]
        out.append("")
    return out


def _note(nc) -> str:
    c = nc.comment
    text = f"**{nc.number}. {SEVERITY_WORDS.get(c.severity, c.severity)}** ({md_escape(c.kind.replace('_', ' '))}): "
    text += md_escape(c.message)
    sugg = suggestion_of(c)
    return text + (f" _Try:_ {md_escape(sugg)}" if sugg else "")


def _essay(report: Report) -> list[str]:
    paragraphs = body_paragraphs(report)
    comments = number_comments(report, paragraphs)
    out = ["## The essay, annotated", "",
           "Key: " + "; ".join(f"**[{s.label}]** {s.meaning}" for s in DISCOURSE_STYLES.values())
           + "; **[Analysis An]** explains what evidence shows, and (→An) marks the evidence it interprets; "
           "a symbol with a footnote flags a checked fact (✗ wrong, ≈ imprecise, ? disputed; a bare ✓ is "
           "correct) and the footnote gives the correction; **(n)** points to comment n.", ""]
    refs = {r.number: r for r in number_facts(report)}
    # A fact comment says what the footnote says: the footnote stands in for it.
    flagged = set(fact_comments(comments, list(refs.values())))
    comments = [nc for nc in comments if nc.number not in flagged]
    general = [nc for nc in comments if nc.paragraph is None]
    if general:
        out += ["**Comments on the whole essay:**", ""] + [f"> {_note(nc)}  " for nc in general] + [""]
    for index, span in enumerate(paragraphs):
        parts = [f"¶{index + 1}"]
        for piece in pieces(report, span, comments, index):
            if piece.element_starts and piece.element:
                parts.append(f" **[{DISCOURSE_STYLES[piece.element.type].label}]** ")
            if piece.analysis_starts is not None:
                parts.append(f" **[Analysis A{piece.analysis_starts}]** ")
            chunk = md_escape(report.text[piece.start:piece.end])
            if report.text[piece.start:piece.end][:1].isspace():
                chunk = " " + chunk
            if report.text[piece.start:piece.end][-1:].isspace():
                chunk += " "
            parts.append(f"_{chunk.strip()}_" if piece.analysis is not None and chunk.strip() else chunk)
            if piece.evidence_ends:
                parts.append(" (→" + ",".join(f"A{n}" for n in piece.evidence_ends) + ")")
            for n, f in piece.fact_ends:
                ref = refs[n]
                parts.append(" ✓" if f.verdict == "correct" else f" {ref.icon}[^{ref.label}]")
            parts += [f" **({n})**" for n in piece.comment_ends]
        out += [re.sub(r" {2,}", " ", "".join(parts)).strip(), ""]
        notes = [nc for nc in comments if nc.paragraph == index]
        out += [f"> {_note(nc)}  " for nc in notes] + ([""] if notes else [])
    return out


def _map(report: Report) -> list[str]:
    g = report.argument
    out = ["## Argument map", ""]
    if not g.nodes:
        return out + ["_No argument map was built for this essay._", ""]
    table = sides(report)
    nodes = {n.id: n for n in g.nodes}
    into: dict[str, list] = {}
    outgoing = set()
    for e in sorted(g.edges, key=lambda e: (nodes[e.source].start if e.source in nodes else 0, e.source, e.target)):
        if e.source in nodes and e.target in nodes:
            into.setdefault(e.target, []).append(e)
            outgoing.add(e.source)
    passive = {"supports": "supported by", "attacks": "attacked by", "explains": "explained by"}
    seen: set[str] = set()

    def line(n: ArgumentNode) -> str:
        s = side_of(table, n.hypothesis)
        return f"**{md_escape(n.type.title())}** [{s.letter} · {md_escape(s.label)}]: “{md_escape(short(n.label, 110))}”"

    def walk(nid: str, depth: int, how: str) -> None:
        n = nodes[nid]
        out.append("  " * depth + f"- {how}{line(n)}" + (" _(see above)_" if nid in seen else ""))
        if nid in seen:
            return
        seen.add(nid)
        for e in into.get(nid, []):
            walk(e.source, depth + 1, f"_{passive.get(e.relation, e.relation)}_ ")

    roots = sorted((n for n in g.nodes if n.id not in outgoing), key=lambda n: (n.start, n.id))
    for n in roots:
        walk(n.id, 0, "")
    rest = sorted((n for n in g.nodes if n.id not in seen), key=lambda n: (n.start, n.id))
    for n in rest:
        if n.id not in seen:
            walk(n.id, 0, "")
    return out + [""]


def _marks_and_facts(report: Report) -> list[str]:
    out = ["## Marks", ""]
    if report.scores.holistic:
        note = holistic_note(report)
        conf = f" ({md_escape(note)})" if note else ""
        out += [f"**Holistic score: {report.scores.holistic} / 6**{conf}", ""]
    for mark in scheme_marks(report):
        level = f" · {md_escape(mark.level)}" if mark.level else ""
        out += [f"### {md_escape(mark.name or mark.scheme)}: {fmt_num(mark.total)} / {fmt_num(mark.max)}{level}", ""]
        if mark.criteria:
            out += ["| Criterion | Mark | Why |", "|---|---|---|"]
            out += [f"| {md_escape(c.name or c.id)} | "
                    f"{f'{fmt_num(c.points)} / {fmt_num(c.max)}' if c.max else 'descriptor'} | {md_escape(c.reason)} |"
                    for c in mark.criteria]
            out.append("")
    if not report.marks and not report.scores.holistic:
        out += ["_No mark scheme was applied._", ""]
    out += ["## Fact check", ""]
    refs = number_facts(report)
    if refs:
        out += ["| # | The essay says | Verdict | Correction and sources |", "|---|---|---|---|"]
        for r in refs:
            f = r.fact
            detail = f"Same as F{r.repeat_of}." if r.repeat_of else md_escape(f.correction or "")
            if f.sources and not r.repeat_of:
                detail += (" " if detail else "") + "Sources: " + md_escape("; ".join(f.sources))
            out.append(f"| {r.label} | “{md_escape(short(report.text[f.start:f.end], 120))}” | {r.icon} {r.word} "
                       f"| {detail} |")
        out.append("")
    elif not report.facts:
        out += ["_No checkable statements were flagged._", ""]
    unchecked = unchecked_facts(report)
    if unchecked:
        said = "; ".join(f"“{md_escape(short(report.text[f.start:f.end], 80))}”" for f in unchecked)
        out += [f"_Not checked ({len(unchecked)}), no source in the topic pack covers {'it' if len(unchecked) == 1 else 'them'}:_ {said}", ""]
    notes = [r for r in refs if r.fact.verdict != "correct"]
    for r in notes:
        text = f"same as F{r.repeat_of}." if r.repeat_of else md_escape(r.fact.correction or r.word)
        out.append(f"[^{r.label}]: {r.icon} {r.word}: {text}")
    if notes:
        out.append("")
    if report.counter_evidence:
        table = sides(report)
        out += ["## Evidence the essay did not use", ""]
        for s in report.counter_evidence:
            side = side_of(table, s.hypothesis)
            who = f" ({md_escape(', '.join(s.historians))})" if s.historians else ""
            out.append(f"- [{side.letter} · {md_escape(side.label)}] {md_escape(s.text)}{who}")
        out.append("")
    return out


def render_markdown(report: Report) -> str:
    """Render the report as Markdown.

    Args:
        report: the Report to show.

    Returns:
        The Markdown text, ending in one newline (deterministic for a given report).
    """
    lines = _head(report) + _glance(report) + _essay(report) + _map(report) + _marks_and_facts(report)
    lines += ["---", "", f"_Made by EssayLens on this computer (report schema {report.schema_version}). "
              "Automatic analysis: a teacher's judgement comes first._"]
    return "\n".join(lines).rstrip() + "\n"
