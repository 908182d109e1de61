"""Annotated DOCX: comments anchored to the exact runs, summary, determinism."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

docx = pytest.importorskip("docx")
from docx.oxml.ns import qn  # noqa: E402

from essaylens.errors import UsageError  # noqa: E402
from essaylens.report.docx_out import render_docx  # noqa: E402
from essaylens.report.render import render  # noqa: E402
from report_sample import TEXT, rich_report  # noqa: E402


def anchored_texts(data: bytes) -> dict[str, tuple[str, str]]:
    """Comment id -> (text the comment covers, comment text), read back from the XML."""
    document = docx.Document(io.BytesIO(data))
    open_ids: list[str] = []
    covered: dict[str, list[str]] = {}
    for el in document.element.body.iter():
        tag = el.tag.rsplit("}", 1)[-1]
        if tag == "commentRangeStart":
            open_ids.append(el.get(qn("w:id")))
            covered[open_ids[-1]] = []
        elif tag == "commentRangeEnd":
            open_ids.remove(el.get(qn("w:id")))
        elif tag == "t":
            for cid in open_ids:
                covered[cid].append(el.text or "")
        elif tag == "p":
            for cid in open_ids:
                if covered[cid]:
                    covered[cid].append("\n")
    notes = {str(c.comment_id): c.text for c in document.comments}
    return {cid: ("".join(parts).strip(), notes[cid]) for cid, parts in covered.items()}


def student_docx(path: Path, text: str) -> None:
    """A Word file whose paragraphs are ``text``'s lines, each cut into formatted runs."""
    document = docx.Document()
    for i, line in enumerate(text.split("\n")):
        para = document.add_paragraph()
        cuts = sorted({0, len(line), *range(7 + i, len(line), 23)})
        for j, (a, b) in enumerate(zip(cuts, cuts[1:])):
            run = para.add_run(line[a:b])
            run.bold, run.italic = j % 3 == 1, j % 4 == 2
    document.save(path)


def test_report_docx_fresh_document_from_text():
    report = rich_report()
    data = render_docx(report)
    found = anchored_texts(data)
    texts: dict[str, list[str]] = {}
    for covered, note in found.values():
        texts.setdefault(covered, []).append(note)
    # One short Word comment per fact: the feedback comment that restates it is not added again.
    assert len(texts["Keynes argued in 1919"]) == 1
    note = texts["Keynes argued in 1919"][0]
    assert note.startswith("≈ F3 Imprecise: Keynes published") and "Sources" not in note and "\n" not in note
    assert any(n.startswith("Important (conclusion)") for notes in texts.values() for n in notes)
    assert "This shows that the Allies wanted to stop Germany from fighting again." in texts
    body = "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)
    assert "EssayLens feedback" in body and "What went well" in body and "Even better if" in body
    assert "GCSE levels: 12 / 16 (Level 3)" in body


def test_report_docx_student_document_keeps_runs_and_formatting(tmp_path):
    source = tmp_path / "student.docx"
    student_docx(source, TEXT)
    report = rich_report().model_copy(update={"meta": rich_report().meta.model_copy(update={"format": "docx"})})
    data = render(report, "docx", source_path=source)
    found = anchored_texts(data)
    spans = {report.text[f.start:f.end] for f in report.facts if f.verdict != "correct"}
    spans |= {report.text[c.start:c.end] for c in report.feedback if c.end - c.start < 500}
    covered = {c for c, _ in found.values()}
    assert spans <= covered
    out = docx.Document(io.BytesIO(data))
    assert "\n".join(p.text for p in out.paragraphs).startswith(TEXT)
    assert any(r.bold for p in out.paragraphs[:6] for r in p.runs)


def test_report_docx_through_ingest(tmp_path):
    """Analyse a real .docx and put the comments back: offsets must agree with ingest."""
    from essaylens.api import analyze

    source = tmp_path / "essay.docx"
    student_docx(source, TEXT)
    report = analyze(source)
    data = render(report, "docx", source_path=source)
    for covered, _ in anchored_texts(data).values():
        assert covered and covered.replace("\n", " ") in report.text.replace("\n", " ")


def test_report_docx_rejects_a_different_document(tmp_path):
    source = tmp_path / "other.docx"
    student_docx(source, "Something else entirely.\nNothing like the essay.")
    with pytest.raises(UsageError, match="E401"):
        render_docx(rich_report(), source)


def test_report_docx_deterministic():
    assert render_docx(rich_report()) == render_docx(rich_report())


def test_report_render_unknown_format():
    with pytest.raises(UsageError, match="E402"):
        render(rich_report(), "pdf")


def test_report_docx_seed(seed_report):
    data = render_docx(seed_report)
    found = anchored_texts(data)
    assert all(c for c, _ in found.values())
    assert "EssayLens feedback" in "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)


def test_report_docx_unverifiable_not_commented_and_repeats_short():
    from essaylens.report.models import FactCheck

    base = rich_report()
    i = base.text.index("Historians still argue")
    j = base.text.index("The treaty took land")
    keynes = next(f for f in base.facts if f.verdict == "imprecise")
    facts = [*base.facts, FactCheck(start=i, end=i + 22, verdict="unverifiable", rule="unverifiable",
                                    correction="Nothing covers this."),
             keynes.model_copy(update={"start": j, "end": j + 20})]
    data = render_docx(base.model_copy(update={"facts": facts}))
    notes = [note for _, note in anchored_texts(data).values()]
    assert not any("Nothing covers this" in n or "Unverifiable" in n for n in notes)
    assert "≈ F4 Imprecise: same mistake as F1." in notes and any(n.startswith("≈ F1 Imprecise: Keynes") for n in notes)
    body = "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)
    assert "Not checked (no source in the topic pack covers these): “Historians still argue”." in body
