"""One good input per format: .txt, .md, .docx, .pdf, .html, stdin, JSONL and CSV rows."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from essaylens.errors import RowError, UnreadableFileError, UnsupportedFormatError
from essaylens.ingest import (
    Document,
    InputFailure,
    docx_block_offsets,
    iter_documents,
    read_document,
    read_stdin,
)
from essaylens.ingest.markup import html_to_text, markdown_to_text
from essaylens.ingest.office import reflow
from ingest_builders import make_docx, make_pdf

DATA = Path(__file__).parent / "data" / "ingest"
BODY = ("The Provisional Government fell because it kept Russia in the war. "
        "This shows that it had lost the army's loyalty long before October.")


def test_read_txt(tmp_path):
    p = tmp_path / "essay one.txt"
    p.write_text("Priya Patel\nHistory\n" + BODY + "\n", encoding="utf-8")
    doc = read_document(p)
    assert doc == Document("essay one", "Priya Patel\nHistory\n" + BODY + "\n", str(p), "txt", str(p))


def test_read_txt_keeps_html_as_text():
    text = read_document(DATA / "script.txt").text
    assert text.startswith("<script>alert('marked')</script>") and "<b>this</b>" in text


def test_read_markdown_strips_markup():
    doc = read_document(DATA / "essay.md")
    assert doc.fmt == "md"
    text = doc.text
    assert text.startswith("Why did the Provisional Government fall?\n\nPriya Patel, History\n")
    assert "The government kept Russia in the war, and soldiers deserted." in text
    assert "See the timeline and Order No. 1." in text
    assert "\nPeace, land and bread.\n" in text
    assert "\nDesertion\nInflation\n" in text and "1. First, the war." in text
    assert "2 * 3 * 4" in text and "snake_case_name" in text
    for mark in ("#", "**", "](", "`", "> ", "---"):
        assert mark not in text


@pytest.mark.parametrize(
    "source, expected",
    [
        ("Title\n=====\nBody text.", "Title\nBody text."),
        ("![a map](map.png) of *Petrograd*", "a map of Petrograd"),
        ("***very*** important \\*not emphasis\\*", "very important *not emphasis*"),
        ("| Year | Event |\n|---|---|\n| 1917 | Revolution |", "Year\tEvent\n1917\tRevolution"),
        ("```\ncode   kept\n```", "code   kept"),
        ("[ref]: https://example.org\nText with [a link][ref].", "Text with a link."),
    ],
)
def test_markdown_cases(source, expected):
    assert markdown_to_text(source) == expected


def test_read_html_strips_tags_scripts_and_styles():
    doc = read_document(DATA / "essay.html")
    assert doc.fmt == "html"
    assert doc.text == (
        "Why did the Provisional Government fall?\n\n"
        "The government kept Russia in the war & soldiers deserted.\n\n"
        "This shows that it had lost the army’s loyalty.\nPrices rose too.\n\n"
        "Desertion\nInflation\n\n"
        "  kept   as written"
    )
    for gone in ("alert", "document.write", "color", "Ignored title", "comment"):
        assert gone not in doc.text


@pytest.mark.parametrize(
    "source, expected",
    [
        ("<p>One</p><p>Two</p>", "One\n\nTwo"),
        ("Line<br>next<br/><br>para", "Line\nnext\n\npara"),
        ("<div>a</div><div>b</div>", "a\nb"),
        ("<p>x <script>if (a<b) { evil() }</script>y</p>", "x y"),
        ("<p>Unclosed <b>bold<p>Next", "Unclosed bold\n\nNext"),
        ("<img src=x onerror=alert(1) alt='A map'> shown", "A map shown"),
        ("&lt;b&gt; is a tag &eacute;", "<b> is a tag é"),
    ],
)
def test_html_cases(source, expected):
    assert html_to_text(source) == expected


def test_read_html_honours_declared_charset(tmp_path):
    p = tmp_path / "latin.html"
    p.write_bytes('<meta charset="iso-8859-1"><p>Caf\xe9 society in Petrograd.</p>'.encode("latin-1")
                  + b"<p>" + b"More words about the war and the bread queues. " * 3 + b"</p>")
    assert read_document(p).text.startswith("Café society in Petrograd.\n\n")


def test_read_docx_joins_paragraphs_with_newlines(tmp_path):
    p = make_docx(tmp_path / "essay.docx", ["Priya Patel", "History", "", BODY],
                  table=[["Cause", "Effect"], ["War", "Desertion"]],
                  after_table=["Prices rose every month in Petrograd, and the queues grew."])
    doc = read_document(p)
    assert doc.fmt == "docx" and doc.path == str(p) and doc.essay_id == "essay"
    assert doc.text == ("Priya Patel\nHistory\n\n" + BODY + "\nCause\nEffect\nWar\nDesertion\n"
                        "Prices rose every month in Petrograd, and the queues grew.")


def test_docx_block_offsets_match_paragraph_texts(tmp_path):
    import docx

    p = make_docx(tmp_path / "essay.docx", ["Sam James History", "", BODY, "Café – naïve"],
                  table=[["a", "b"]])
    text = read_document(p).text
    document = docx.Document(str(p))
    from essaylens.ingest import docx_paragraphs

    paras = docx_paragraphs(document)
    offsets = docx_block_offsets(document)
    assert len(paras) == len(offsets) == 6
    for para, (start, end) in zip(paras, offsets):
        assert text[start:end] == para.text
        # The runs concatenate to the block, so a span maps onto runs.
        assert "".join(r.text for r in para.runs) == para.text


def test_read_corrupt_docx_raises_e005():
    with pytest.raises(UnreadableFileError, match="^E005"):
        read_document(DATA / "corrupt.docx")


PDF_LINES = [
    "Priya Patel",
    "History",
    "Why did the Provisional Government fall in 1917?",
    "The Provisional Government fell because it kept Russia in the war and could not feed",
    "the cities. Soldiers deserted in their thousands and prices in Petrograd rose every",
    "month.",
    "This shows that the government had lost the army's loyalty long before the rising of",
]
PDF_PAGE2 = ["2", "October, when almost nobody would defend the Winter Palace against the Red Guards.", ""]


def test_read_pdf_reflows_lines_into_paragraphs(tmp_path):
    p = make_pdf(tmp_path / "essay.pdf", [PDF_LINES, PDF_PAGE2])
    doc = read_document(p)
    assert doc.fmt == "pdf" and doc.path == str(p)
    assert doc.text == (
        "Priya Patel\nHistory\nWhy did the Provisional Government fall in 1917?\n"
        "The Provisional Government fell because it kept Russia in the war and could not feed the cities. "
        "Soldiers deserted in their thousands and prices in Petrograd rose every month.\n"
        "This shows that the government had lost the army's loyalty long before the rising of "
        "October, when almost nobody would defend the Winter Palace against the Red Guards."
    )


def test_reflow_keeps_hyphen_and_blank_line_breaks():
    line = "x" * 60
    assert reflow([f"{line} well-\nknown words\n\nNext para"]) == f"{line} well-known words\nNext para"


def test_read_stdin_text_and_docx(tmp_path):
    doc = read_stdin(io.BytesIO(("Sam James\n" + BODY).encode("utf-16")))
    assert doc == Document("stdin", "Sam James\n" + BODY, "<stdin>", "txt", None)
    p = make_docx(tmp_path / "e.docx", ["Sam James", BODY])
    assert read_stdin(io.BytesIO(p.read_bytes())).text == "Sam James\n" + BODY


def test_iter_documents_reads_dash_as_stdin(monkeypatch):
    class FakeStdin:
        buffer = io.BytesIO(BODY.encode("utf-8"))

    monkeypatch.setattr("sys.stdin", FakeStdin)
    (doc,) = list(iter_documents(["-"]))
    assert isinstance(doc, Document) and doc.text == BODY and doc.source == "<stdin>"


def test_read_jsonl_rows():
    items = list(iter_documents([DATA / "rows.jsonl"]))
    assert [type(i).__name__ for i in items] == [
        "Document", "InputFailure", "InputFailure", "InputFailure", "InputFailure", "InputFailure", "Document"]
    assert [i.essay_id for i in items] == ["r1", "r2", "r3", "rows-4", "r4", "rows-6", "5"]
    codes = [str(i.error)[:4] for i in items if isinstance(i, InputFailure)]
    assert codes == ["E010", "E007", "E051", "E001", "E010"]
    assert items[0].fmt == "jsonl" and items[0].source.endswith("rows.jsonl:1") and items[0].path is None
    assert isinstance(items[1].error, RowError)


def _write_csv(path: Path, rows, delimiter=",", encoding="utf-8", header=("essay_id", "text", "grade")):
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    path.write_bytes(buf.getvalue().encode(encoding))
    return path


def test_read_csv_rows_with_quotes_newlines_and_large_fields(tmp_path):
    big = ("The war went on. " * 9000).strip()  # ~150,000 characters: over csv's default limit
    rows = [["a1", "Sam James\n" + BODY + "\n\"Quoted\", he said.", "7"], ["a2", big, "5"], ["a3", "", "1"],
            ["a4"]]
    items = list(iter_documents([_write_csv(tmp_path / "class.csv", rows)]))
    assert [i.essay_id for i in items] == ["a1", "a2", "a3", "a4"]
    assert items[0].text == "Sam James\n" + BODY + "\n\"Quoted\", he said." and items[0].fmt == "csv"
    assert items[1].text == big
    assert str(items[2].error).startswith("E001") and str(items[3].error).startswith("E010")


@pytest.mark.parametrize("delimiter, encoding", [(";", "utf-8-sig"), ("\t", "utf-16"), (",", "cp1252")])
def test_read_csv_excel_variants(tmp_path, delimiter, encoding):
    text = "Café society ignored the war – until the bread queues grew longer."
    path = _write_csv(tmp_path / "x.csv", [["e1", text, "4"]], delimiter, encoding, (" Essay_ID", "Text ", "g"))
    (doc,) = list(iter_documents([path]))
    assert doc.essay_id == "e1" and doc.text == text


def test_read_csv_without_the_columns_is_one_failure(tmp_path):
    path = _write_csv(tmp_path / "x.csv", [["e1", BODY]], header=("candidate", "answer"))
    (item,) = list(iter_documents([path]))
    assert isinstance(item, InputFailure) and str(item.error).startswith("E053")
    assert "'full_text'" in str(item.error) and "candidate" in str(item.error)


@pytest.mark.parametrize("header", [("id", "text"), ("essay_id", "full_text"), ("Student_ID", "Essay", "score")])
def test_read_csv_rows_under_the_common_column_names(tmp_path, header):
    # Feedback Prize (id, text), AES 2.0 (essay_id, full_text), a school export.
    path = _write_csv(tmp_path / "x.csv", [["e1", BODY, "4"][:len(header)]], header=header)
    (doc,) = list(iter_documents([path]))
    assert isinstance(doc, Document) and doc.essay_id == "e1" and doc.text == BODY


def test_read_jsonl_rows_prefer_the_canonical_names(tmp_path):
    p = tmp_path / "rows.jsonl"
    p.write_text("\n".join(json.dumps(r) for r in [
        {"id": "fp1", "full_text": BODY},
        {"essay_id": "c1", "id": "other", "text": BODY, "full_text": "ignored"},
        {"id": "t1"},
    ]) + "\n", encoding="utf-8")
    first, second, third = list(iter_documents([p]))
    assert (first.essay_id, first.text) == ("fp1", BODY)
    assert (second.essay_id, second.text) == ("c1", BODY)
    assert isinstance(third, InputFailure) and third.essay_id == "t1"
    assert str(third.error).startswith("E010") and "'text' (or 'full_text'" in str(third.error)


def test_read_document_on_a_one_row_jsonl(tmp_path):
    p = tmp_path / "one.jsonl"
    p.write_text(json.dumps({"essay_id": "z9", "text": BODY}) + "\n", encoding="utf-8")
    assert read_document(p).essay_id == "z9"
    p.write_text((json.dumps({"essay_id": "z9", "text": BODY}) + "\n") * 2, encoding="utf-8")
    with pytest.raises(UnsupportedFormatError, match="^E055"):
        read_document(p)


def test_iter_documents_expands_folders_in_sorted_order(tmp_path):
    (tmp_path / "b.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.md").write_text("# " + BODY, encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / "notes.rtf").write_text(BODY, encoding="utf-8")
    items = list(iter_documents([tmp_path]))
    assert [Path(i.source).name for i in items] == ["b.txt", "a.md"]
    assert all(isinstance(i, Document) for i in items)
