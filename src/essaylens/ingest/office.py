"""Text from Word (.docx) and PDF essays.

Word (.docx), read with python-docx. **The joining rule, which the DOCX
renderer relies on to put comments back on the runs:**

* The blocks are the body's paragraphs in document order, as
  :func:`docx_paragraphs` lists them: every top-level paragraph, and for a
  table every cell's paragraphs, row by row and left to right, a merged cell
  once, nested tables likewise. Headers, footers, footnotes, comments and text
  boxes are not part of the essay and are left out.
* Each block contributes ``unicodedata.normalize("NFC", paragraph.text)``:
  python-docx's ``Paragraph.text``, i.e. its runs and hyperlink text in order,
  ``<w:tab/>`` as ``"\\t"`` and line breaks as ``"\\n"``.
* The blocks are joined with a single ``"\\n"``. Empty paragraphs are kept (as
  empty lines), so block *i* starts at ``sum(len(text_j) + 1 for j < i)``.

:func:`docx_block_offsets` returns those offsets so a renderer never has to
recompute the rule. NFC never changes the length of text that is already
composed (what Word writes), so offsets within a block match run texts.

PDF, read with pypdf. An encrypted file that opens with the empty password
(permissions-only protection) is read; any other encrypted file gives E006, a
damaged one E005. PDF text comes out as layout lines, so lines are re-flowed
into paragraphs: a line that fills the measure joins the next line with a space
(a hyphen at a line end is kept, without a space); a short line ends its
paragraph; a blank line always ends one. A full line at the foot of a page
carries on at the top of the next. A lone page number at the top or foot of a
page is not essay text and is dropped. Offsets point into this re-flowed text.
"""

from __future__ import annotations

import io
import math
import re
import unicodedata

from ..errors import EncryptedFileError, Messages, UnreadableFileError

#: A line at least this share of the typical full line is a full line.
_FULL_LINE = 0.8
_PAGE_NUMBER = re.compile(r"^\s*(?:page\s+)?\d{1,4}(?:\s*(?:/|of)\s*\d{1,4})?\s*$", re.IGNORECASE)


# ------------------------------------------------------------------------- DOCX

def docx_paragraphs(document) -> list:
    """The paragraphs that make up a Word essay's text, in reading order.

    Args:
        document: a ``docx.Document``.

    Returns:
        python-docx ``Paragraph`` objects, top-level and in table cells.
    """
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    out: list = []

    def walk(container) -> None:
        for block in container.iter_inner_content():
            if isinstance(block, Paragraph):
                out.append(block)
            elif isinstance(block, Table):
                for row in block.rows:
                    seen = set()
                    for cell in row.cells:
                        if id(cell._tc) in seen:
                            continue
                        seen.add(id(cell._tc))
                        walk(cell)

    walk(document)
    return out


def docx_block_offsets(document) -> list[tuple[int, int]]:
    """``(start, end)`` of each of :func:`docx_paragraphs` in the essay text.

    Args:
        document: a ``docx.Document``.

    Returns:
        One half-open character range per paragraph, in the same order.
    """
    offsets = []
    pos = 0
    for para in docx_paragraphs(document):
        n = len(unicodedata.normalize("NFC", para.text))
        offsets.append((pos, pos + n))
        pos += n + 1
    return offsets


def docx_to_text(data: bytes, source: str) -> str:
    """The text of a .docx file, joined by the module's rule.

    Args:
        data: the file's bytes.
        source: a name for error messages.

    Returns:
        The essay text.

    Raises:
        UnreadableFileError: the file is not a readable Word document (E005).
    """
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
        blocks = docx_paragraphs(document)
        return "\n".join(unicodedata.normalize("NFC", p.text) for p in blocks)
    except Exception as err:  # python-docx raises zipfile, lxml and KeyError alike
        raise UnreadableFileError(
            Messages.E005.format(source=source, kind="a Word document", detail=_why(err))
        ) from None


def _why(err: Exception) -> str:
    text = str(err).strip().splitlines()[0] if str(err).strip() else ""
    name = type(err).__name__
    return f"{name}: {text}"[:200] if text else name


# -------------------------------------------------------------------------- PDF

def pdf_to_text(data: bytes, source: str) -> str:
    """The text of a PDF, re-flowed into paragraphs.

    Args:
        data: the file's bytes.
        source: a name for error messages.

    Returns:
        The essay text.

    Raises:
        EncryptedFileError: the PDF needs a password (E006).
        UnreadableFileError: the PDF is damaged or has no text layer (E005).
    """
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data))
        encrypted = reader.is_encrypted
    except Exception as err:
        raise UnreadableFileError(
            Messages.E005.format(source=source, kind="a PDF", detail=_why(err))
        ) from None
    if encrypted:
        try:
            opened = reader.decrypt("")
        except Exception:  # unsupported cipher or missing crypto backend
            opened = 0
        if not opened:
            raise EncryptedFileError(Messages.E006.format(source=source))
    try:
        pages = [page.extract_text() or "" for page in reader.pages]
    except Exception as err:
        raise UnreadableFileError(
            Messages.E005.format(source=source, kind="a PDF", detail=_why(err))
        ) from None
    text = reflow(pages)
    if not text.strip():
        raise UnreadableFileError(
            Messages.E005.format(
                source=source, kind="a PDF", detail="it has no text layer (a scan?); export the text instead"
            )
        )
    return text


def reflow(pages: list[str]) -> str:
    """Join PDF layout lines back into paragraphs (rule in the module docstring).

    Args:
        pages: the extracted text of each page.

    Returns:
        One line per paragraph.
    """
    page_lines = [[ln.rstrip() for ln in page.replace("\r\n", "\n").replace("\r", "\n").split("\n")] for page in pages]
    for lines in page_lines:
        # A lone page number at a page's top or bottom is furniture, not essay.
        while lines and not lines[-1].strip():
            lines.pop()
        if lines and _PAGE_NUMBER.match(lines[-1]):
            lines.pop()
        while lines and not lines[0].strip():
            lines.pop(0)
        if lines and _PAGE_NUMBER.match(lines[0]):
            lines.pop(0)
    lengths = sorted(len(ln.strip()) for lines in page_lines for ln in lines if ln.strip())
    if not lengths:
        return ""
    measure = lengths[math.ceil(0.9 * (len(lengths) - 1))]
    paragraphs: list[str] = []
    current = ""
    for lines in page_lines:
        for raw in lines:
            line = raw.strip()
            if not line:
                if current:
                    paragraphs.append(current)
                current = ""
                continue
            if current:
                current += line if current.endswith("-") and current[-2:-1].isalpha() else " " + line
            else:
                current = line
            if len(line) < _FULL_LINE * measure:
                paragraphs.append(current)
                current = ""
    if current:
        paragraphs.append(current)
    return "\n".join(paragraphs)
