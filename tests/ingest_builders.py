"""Builders for Word and PDF test files, so no binary office file is committed.

The PDF writer emits a minimal, valid PDF 1.4 by hand (Helvetica text, one
``Tj`` per line), which pypdf reads back; pypdf's own writer encrypts it.
"""

from __future__ import annotations

from pathlib import Path


def make_docx(path: Path, paragraphs: list[str], table: list[list[str]] | None = None,
              after_table: list[str] = ()) -> Path:
    """Write a .docx with the given paragraphs, an optional table, more paragraphs."""
    import docx

    document = docx.Document()
    for text in paragraphs:
        para = document.add_paragraph()
        # Split into two runs so that run boundaries differ from paragraph ones.
        half = len(text) // 2
        para.add_run(text[:half])
        para.add_run(text[half:]).bold = True
    if table:
        grid = document.add_table(rows=len(table), cols=max(len(r) for r in table))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
    for text in after_table:
        document.add_paragraph(text)
    document.save(str(path))
    return path


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def make_pdf(path: Path, pages: list[list[str]]) -> Path:
    """Write a PDF whose pages hold the given lines of ASCII text."""
    objects: list[bytes] = []
    n_pages = len(pages)
    font_id = 3
    page_ids = [4 + 2 * i for i in range(n_pages)]
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    kids = " ".join(f"{i} 0 R" for i in page_ids)
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {n_pages} >>".encode())
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    for i, lines in enumerate(pages):
        body = "BT /F1 11 Tf 14 TL 72 740 Td " + " ".join(f"({_escape(ln)}) Tj T*" for ln in lines) + " ET"
        stream = body.encode("latin-1")
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            f"/Resources << /Font << /F1 {font_id} 0 R >> >> /Contents {page_ids[i] + 1} 0 R >>".encode()
        )
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, obj in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(out))
    return path


def encrypt_pdf(src: Path, dst: Path, user_password: str = "secret") -> Path:
    """Encrypt ``src`` into ``dst`` (RC4-128, so no crypto library is needed)."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(str(src)))
    writer.encrypt(user_password=user_password, owner_password="owner-" + user_password, algorithm="RC4-128")
    with open(dst, "wb") as handle:
        writer.write(handle)
    return dst
