"""Annotated Word documents: the student's own .docx with margin comments.

For a .docx input the student's file is reopened and every comment is
anchored to the runs that hold its span. Report offsets are mapped back to
paragraphs with the ingest joining rule (:func:`essaylens.ingest.office.
docx_block_offsets`), then runs are split at span boundaries, keeping their
formatting, so Word highlights exactly the words concerned. For .txt, .pdf and
other inputs a fresh document is written: the header, then each line of the
essay as a paragraph, annotated the same way. Either way a summary (side,
marks with reasons, What went well / Even better if, fact checks) is appended.

Output is deterministic: comment dates are left out and the ZIP is written
with fixed timestamps.
"""

from __future__ import annotations

import copy
import io
import unicodedata
import zipfile
from pathlib import Path

from ..errors import Messages, UsageError
from .models import Report
from .view import (
    DISCOURSE_STYLES, SEVERITY_WORDS, body_paragraphs, clip_elements, fact_comments, fmt_num, holistic_note,
    number_comments, number_facts, scheme_marks, short, side_of, sides, suggestion_of, unchecked_facts,
)

AUTHOR, INITIALS = "EssayLens", "EL"
_SPLITTABLE = {"rPr", "t", "tab", "br", "cr"}


def _qn(tag: str) -> str:
    from docx.oxml.ns import qn

    return qn(tag)


def _local(el) -> str:
    return el.tag.rsplit("}", 1)[-1]


def _runs(paragraph) -> list[tuple[object, int, int]]:
    """The paragraph's runs (hyperlink runs included) with their offsets."""
    from docx.text.hyperlink import Hyperlink
    from docx.text.run import Run

    out, pos = [], 0
    for item in paragraph.iter_inner_content():
        runs = item.runs if isinstance(item, Hyperlink) else [item] if isinstance(item, Run) else []
        for run in runs:
            n = len(run.text)
            out.append((run, pos, pos + n))
            pos += n
    return out


def _split(run, k: int):
    """Split ``run`` after ``k`` characters, keeping formatting; None if it cannot be split."""
    from docx.text.run import Run

    text = run.text
    if not 0 < k < len(text) or any(_local(c) not in _SPLITTABLE for c in run._r):
        return None
    new_r = copy.deepcopy(run._r)
    run._r.addnext(new_r)
    right = Run(new_r, run._parent)
    run.text, right.text = text[:k], text[k:]
    return right


def _cut(paragraph, at: int) -> None:
    for run, a, b in _runs(paragraph):
        if a < at < b:
            _split(run, at - a)
            return


class _Anchors:
    """Maps report offsets to runs in a document's essay paragraphs."""

    def __init__(self, blocks: list[tuple[object, int, int]]):
        self.blocks = [b for b in blocks if b[2] > b[1]]

    def runs(self, start: int, end: int) -> list:
        """First and last run covering [start, end), splitting runs at the edges."""
        hit = [(p, s, e) for p, s, e in self.blocks if s < end and start < e]
        if not hit:
            return []
        first_p, fs, _ = hit[0]
        last_p, ls, le = hit[-1]
        _cut(first_p, max(start, fs) - fs)
        _cut(last_p, min(end, le) - ls)
        first = [r for r, a, b in _runs(first_p) if b > max(start, fs) - fs and b > a]
        last = [r for r, a, b in _runs(last_p) if a < min(end, le) - ls and b > a]
        return [first[0], last[-1]] if first and last else []


def _comment(document, anchors: _Anchors, start: int, end: int, text: str) -> bool:
    runs = anchors.runs(start, end)
    if not runs:
        return False
    comment = document.add_comment(runs, text=text, author=AUTHOR, initials=INITIALS)
    comment._comment_elm.attrib.pop(_qn("w:date"), None)
    return True


def _style(document, name: str) -> str | None:
    try:
        document.styles[name]
        return name
    except KeyError:
        return None


def _student_blocks(document, report: Report) -> list[tuple[object, int, int]]:
    from ..ingest.office import docx_block_offsets, docx_paragraphs

    blocks = []
    for para, (s, e) in zip(docx_paragraphs(document), docx_block_offsets(document)):
        if unicodedata.normalize("NFC", para.text) == report.text[s:e]:
            blocks.append((para, s, e))
    if report.text.strip() and not blocks:
        raise UsageError(Messages.E401.format(source=report.meta.source))
    return blocks


def _fresh_document(report: Report):
    import docx

    document = docx.Document()
    document.core_properties.title = report.meta.title or report.essay_id
    document.core_properties.author = report.meta.author or ""
    blocks, pos = [], 0
    title = report.meta.title_span
    for line in report.text.split("\n"):
        s, e = pos, pos + len(line)
        pos = e + 1
        if title and s == title.start:
            para = document.add_paragraph(line, style=_style(document, "Title"))
        elif s < report.meta.body_start:
            para = document.add_paragraph(line, style=_style(document, "Subtitle"))
        else:
            para = document.add_paragraph(line)
        blocks.append((para, s, e))
    return document, blocks


def _structure_note(report: Report, span: tuple[int, int], table) -> str:
    kinds: list[str] = []
    for d in clip_elements(report):
        if span[0] <= d.start < span[1]:
            label = DISCOURSE_STYLES[d.type].label
            if not kinds or kinds[-1] != label:
                kinds.append(label)
    if not kinds:
        return ""
    counts: dict[str, int] = {}
    for n in report.argument.nodes:
        if span[0] <= n.start < span[1] and n.hypothesis:
            counts[n.hypothesis] = counts.get(n.hypothesis, 0) + 1
    note = "Structure: " + " → ".join(kinds) + "."
    if counts:
        best = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        note += f" Argues for: {side_of(table, best).label}."
    return note


def _annotate(document, anchors: _Anchors, report: Report) -> None:
    table = sides(report)
    paragraphs = body_paragraphs(report)
    for span in paragraphs:
        note = _structure_note(report, span, table)
        if note:
            # Anchor to the first word: a whole-paragraph range would bury the other comments.
            words = report.text[span[0]:span[1]].split(None, 1)
            _comment(document, anchors, span[0], span[0] + len(words[0]), note)
    refs = number_facts(report)
    for r in refs:
        f = r.fact
        if f.verdict == "correct" or f.end <= f.start:
            continue
        # One short comment per fact; sources are in the summary's fact check.
        detail = f"same mistake as F{r.repeat_of}." if r.repeat_of else (f.correction or "")
        _comment(document, anchors, f.start, f.end, f"{r.icon} {r.label} {r.word}: {detail}".rstrip(": "))
    comments = number_comments(report, paragraphs)
    restated = fact_comments(comments, refs)
    for nc in comments:
        c = nc.comment
        if nc.paragraph is None or nc.number in restated:
            continue
        text = f"{SEVERITY_WORDS.get(c.severity, c.severity)} ({c.kind.replace('_', ' ')}): {c.message}"
        sugg = suggestion_of(c)
        if sugg:
            text += f"\nTry: {sugg}"
        _comment(document, anchors, c.start, c.end, text)


def _summary(document, report: Report) -> None:
    table = sides(report)
    document.add_page_break()
    document.add_heading("EssayLens feedback", level=1)
    bullet = _style(document, "List Bullet")
    q = report.question
    if q.text:
        document.add_paragraph(f"Question: {q.text}")
    essay = report.stance.essay
    if essay.hypothesis or report.stance.balance:
        side = side_of(table, essay.hypothesis)
        yes_no = lambda b: "yes" if b else "no"  # noqa: E731
        document.add_paragraph(
            f"Argues for: {side.label}. Commits in the introduction: {yes_no(essay.committal)}. "
            f"Considers the other side: {yes_no(essay.has_counterargument)}. "
            f"Conclusion: {yes_no(essay.has_conclusion)}.")
        if report.stance.balance:
            document.add_paragraph("Evidence per side: " + "; ".join(
                f"{s.label}: {report.stance.balance.get(s.id, 0)}" for k, s in table.items() if k is not None))
    if report.scores.holistic:
        note = holistic_note(report)
        document.add_paragraph(f"Holistic score: {report.scores.holistic} / 6" + (f" ({note})" if note else ""))
    for mark in scheme_marks(report):
        level = f" ({mark.level})" if mark.level else ""
        document.add_heading(f"{mark.name or mark.scheme}: {fmt_num(mark.total)} / {fmt_num(mark.max)}{level}", level=2)
        if mark.criteria:
            grid = document.add_table(rows=1, cols=3)
            if _style(document, "Table Grid"):
                grid.style = "Table Grid"
            for cell, head in zip(grid.rows[0].cells, ("Criterion", "Mark", "Why")):
                cell.text = head
            for c in mark.criteria:
                cells = grid.add_row().cells
                cells[0].text, cells[1].text = c.name or c.id, (f"{fmt_num(c.points)} / {fmt_num(c.max)}" if c.max else "descriptor")
                cells[2].text = c.reason
    for heading, items in (("What went well", report.summary.went_well),
                           ("Even better if", report.summary.even_better_if)):
        if items:
            document.add_heading(heading, level=2)
            for item in items:
                document.add_paragraph(item, style=bullet)
    flagged = [r for r in number_facts(report) if r.fact.verdict != "correct"]
    unchecked = unchecked_facts(report)
    if flagged or unchecked:
        document.add_heading("Fact check", level=2)
        for r in flagged:
            f = r.fact
            said = short(report.text[f.start:f.end], 100)
            text = f"{r.icon} {r.label} “{said}”: {r.word}."
            text += f" Same as F{r.repeat_of}." if r.repeat_of else (f" {f.correction}" if f.correction else "")
            if f.sources and not r.repeat_of:
                text += " Sources: " + "; ".join(f.sources) + "."
            document.add_paragraph(text, style=bullet)
        if unchecked:
            document.add_paragraph("Not checked (no source in the topic pack covers these): " + "; ".join(
                f"“{short(report.text[f.start:f.end], 60)}”" for f in unchecked) + ".")
    general = [nc.comment for nc in number_comments(report, body_paragraphs(report)) if nc.paragraph is None]
    if general:
        document.add_heading("On the whole essay", level=2)
        for c in general:
            sugg = suggestion_of(c)
            document.add_paragraph(c.message + (f" Try: {sugg}" if sugg else ""), style=bullet)


def _stable_zip(data: bytes) -> bytes:
    """Rewrite the package with fixed timestamps so equal reports give equal bytes."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def render_docx(report: Report, source_path: str | Path | None = None) -> bytes:
    """The annotated Word document for ``report``.

    Args:
        report: the Report.
        source_path: the student's .docx, when the essay came from one; otherwise None.

    Returns:
        The .docx file as bytes.

    Raises:
        UsageError: E401 when the .docx cannot be opened or does not hold the report's text.
    """
    import docx

    if source_path is not None and Path(source_path).suffix.lower() == ".docx":
        try:
            document = docx.Document(str(source_path))
        except Exception as err:  # python-docx raises zipfile, lxml and KeyError alike
            raise UsageError(Messages.E400.format(source=source_path, detail=err)) from None
        blocks = _student_blocks(document, report)
    else:
        document, blocks = _fresh_document(report)
    _annotate(document, _Anchors(blocks), report)
    _summary(document, report)
    buffer = io.BytesIO()
    document.save(buffer)
    return _stable_zip(buffer.getvalue())
