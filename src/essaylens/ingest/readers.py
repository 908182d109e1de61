"""Readers that turn files, stdin and rows into :class:`Document` objects.

One entry point per use:

* :func:`read_document` reads one essay from a file path, or from stdin when
  the path is ``"-"``, and raises an :class:`~essaylens.errors.InputError`
  when it cannot.
* :func:`iter_documents` reads many inputs (files, folders, JSONL/CSV files of
  rows, stdin) and yields a :class:`Document` or an :class:`InputFailure` for
  every essay, so one bad essay never sinks a class set.
* :func:`check_text` holds the checks every essay passes, whatever it came
  from: not empty, not too large, not binary, enough words, English.

Files are checked against a byte limit before they are read, so a 10 MB text
file is refused at once (E050) without being loaded; the character limit
(E003) then applies to the extracted text. The formats are chosen by file
suffix (see :data:`FORMATS`); stdin is sniffed (ZIP -> .docx, ``%PDF`` -> PDF,
an HTML doctype -> HTML, else plain text).
"""

from __future__ import annotations

import itertools
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Iterable, Iterator

from ..errors import (
    BinaryInputError,
    EmptyInputError,
    InputError,
    Messages,
    MissingInputError,
    TooLargeError,
    TooShortError,
    UnreadableFileError,
    UnsupportedFormatError,
    UnsupportedLanguageError,
)
from .decode import control_ratio, decode_bytes, normalise
from .language import detect_non_english
from .markup import declared_charset, html_to_text, markdown_to_text
from .office import docx_to_text, pdf_to_text
from .rows import iter_csv, iter_jsonl

#: Most characters one essay may have (a long dissertation is ~100,000).
MAX_CHARS = 200_000
#: Fewest words an essay needs to be analysed at all.
MIN_WORDS = 5
#: File suffix -> format name.
FORMATS = {
    "": "txt", ".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md", ".docx": "docx",
    ".pdf": "pdf", ".html": "html", ".htm": "html", ".xhtml": "html", ".jsonl": "jsonl",
    ".ndjson": "jsonl", ".csv": "csv", ".tsv": "csv",
}
#: Most bytes a file of each format may have before it is even opened. Plain
#: text may use up to 4 bytes a character in UTF-8; markup and office files
#: carry formatting and images besides the text.
MAX_BYTES = {"txt": 4 * MAX_CHARS + 4, "md": 4 * MAX_CHARS + 4, "html": 8 << 20, "docx": 50 << 20, "pdf": 50 << 20}
_KIND = {"txt": "a text file", "md": "a Markdown file", "html": "an HTML file", "docx": "a Word document",
         "pdf": "a PDF", "stdin": "standard input"}
STDIN = "-"


@dataclass(frozen=True, slots=True)
class Document:
    """One essay's text as read, before any analysis.

    Attributes:
        essay_id: the row's ``essay_id``, or the file's stem.
        text: the essay text; every later offset points into it.
        source: where it came from, for messages (path, ``path:line``, ``<stdin>``).
        fmt: the input format (txt, md, docx, pdf, html, jsonl, csv).
        path: the original file, when there is one (the DOCX renderer reopens
            it to put comments back on its runs); None for stdin and rows.
    """

    essay_id: str
    text: str
    source: str
    fmt: str = "txt"
    path: str | None = None


@dataclass(frozen=True, slots=True)
class InputFailure:
    """An input that could not be read; batches record it and go on."""

    essay_id: str
    source: str
    error: InputError


def _size(n: int) -> str:
    if n >= 1 << 20:
        return f"{n / (1 << 20):.1f} MB"
    return f"{n / 1024:.0f} KB" if n >= 1 << 10 else f"{n} bytes"


def check_text(text: str, source: str) -> str:
    """Check that ``text`` is an essay EssayLens can analyse.

    Args:
        text: the essay text as read.
        source: where it came from, for messages.

    Returns:
        ``text``, unchanged.

    Raises:
        EmptyInputError: nothing but whitespace (E001).
        TooLargeError: over :data:`MAX_CHARS` characters (E003).
        BinaryInputError: mostly control characters (E002).
        UnsupportedLanguageError: confidently not English (E007).
        TooShortError: fewer than :data:`MIN_WORDS` words (E016).
    """
    if not text.strip():
        raise EmptyInputError(Messages.E001.format(source=source))
    if len(text) > MAX_CHARS:
        raise TooLargeError(Messages.E003.format(source=source, size=f"{len(text):,}", limit=f"{MAX_CHARS:,}"))
    if control_ratio(text) > 0.05 or "\x00" in text:
        raise BinaryInputError(Messages.E002.format(source=source, detail="it is full of control characters"))
    # Language first: a Chinese essay has few space-separated "words", and
    # "not English" is the more useful message.
    lang = detect_non_english(text)
    if lang:
        raise UnsupportedLanguageError(Messages.E007.format(source=source, lang=lang))
    n_words = sum(1 for w in text[:10_000].split() if any(c.isalnum() for c in w))
    if n_words < MIN_WORDS:
        raise TooShortError(Messages.E016.format(words=n_words, minimum=MIN_WORDS))
    return text


def _read_limited(handle: BinaryIO, limit: int, source: str, kind: str) -> bytes:
    """Read at most ``limit`` bytes; TooLargeError if there is more."""
    data = handle.read(limit + 1)
    if len(data) > limit:
        raise TooLargeError(Messages.E050.format(source=source, size=f"over {_size(limit)}",
                                                 limit=_size(limit), kind=kind))
    return data


def _html_text(data: bytes, source: str) -> str:
    charset = declared_charset(data)
    if charset and charset not in ("utf-8", "utf8"):
        try:
            return html_to_text(normalise(data.decode(charset)))
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong or unknown declaration: fall back to detection
    return html_to_text(decode_bytes(data, source))


def text_from_bytes(data: bytes, fmt: str, source: str) -> str:
    """Extract the essay text from a file's bytes in the given format.

    Args:
        data: the raw bytes.
        fmt: one of txt, md, html, docx, pdf.
        source: where they came from, for messages.

    Returns:
        The text (not yet checked with :func:`check_text`).
    """
    if fmt == "docx":
        return docx_to_text(data, source)
    if fmt == "pdf":
        return pdf_to_text(data, source)
    if fmt == "html":
        return _html_text(data, source)
    text = decode_bytes(data, source)
    return markdown_to_text(text) if fmt == "md" else text


def sniff_format(data: bytes) -> str:
    """Guess the format of bytes that came without a name (stdin).

    Args:
        data: the raw bytes.

    Returns:
        docx, pdf, html or txt.
    """
    if data.startswith(b"PK\x03\x04"):
        return "docx"
    if data.startswith(b"%PDF-"):
        return "pdf"
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<!doctype html", b"<html")):
        return "html"
    return "txt"


def _format_of(path: Path) -> str:
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise UnsupportedFormatError(Messages.E009.format(suffix=path.suffix, source=path))
    return fmt


def read_stdin(stream: BinaryIO | None = None, essay_id: str = "stdin") -> Document:
    """Read one essay from standard input (any single-essay format).

    Args:
        stream: a binary stream; defaults to ``sys.stdin.buffer``.
        essay_id: the id to give the essay.

    Returns:
        The checked Document.
    """
    source = "<stdin>"
    handle = stream if stream is not None else sys.stdin.buffer
    # The first bytes decide the format, and the format the byte limit, so a
    # huge text on stdin is refused after reading just past that limit.
    head = handle.read(512)
    fmt = sniff_format(head)
    limit = MAX_BYTES[fmt]
    data = head + handle.read(max(0, limit - len(head)) + 1)
    if len(data) > limit:
        raise TooLargeError(Messages.E050.format(source=source, size=f"over {_size(limit)}",
                                                 limit=_size(limit), kind=_KIND[fmt]))
    text = check_text(text_from_bytes(data, fmt, source), source)
    return Document(essay_id, text, source, fmt)


def read_document(path: str | Path) -> Document:
    """Read one essay from a file, or from stdin when ``path`` is ``"-"``.

    Args:
        path: a .txt/.md/.docx/.pdf/.html file, a JSONL/CSV file holding exactly
            one row, or ``"-"``.

    Returns:
        The checked Document.

    Raises:
        InputError: the input is missing, unreadable or not an analysable essay.
    """
    if str(path) == STDIN:
        return read_stdin()
    p = Path(path)
    source = str(p)
    if not p.is_file():
        raise MissingInputError(Messages.E008.format(source=source))
    fmt = _format_of(p)
    if fmt in ("jsonl", "csv"):
        items = list(itertools.islice(iter_rows(p, fmt), 2))
        if len(items) != 1:
            count = "no essays" if not items else "several essays"
            raise UnsupportedFormatError(Messages.E055.format(source=source, count=count))
        if isinstance(items[0], InputFailure):
            raise items[0].error
        return items[0]
    size = p.stat().st_size
    if size > MAX_BYTES[fmt]:
        raise TooLargeError(Messages.E050.format(source=source, size=_size(size),
                                                 limit=_size(MAX_BYTES[fmt]), kind=_KIND[fmt]))
    try:
        with open(p, "rb") as handle:
            data = _read_limited(handle, MAX_BYTES[fmt], source, _KIND[fmt])
    except OSError as err:
        raise UnreadableFileError(Messages.E054.format(source=source, detail=err.strerror or err)) from None
    text = check_text(text_from_bytes(data, fmt, source), source)
    return Document(p.stem, text, source, fmt, str(p))


def iter_rows(path: Path, fmt: str | None = None, source: str | None = None) -> Iterator[Document | InputFailure]:
    """A Document or an InputFailure for every row of a JSONL or CSV file (:mod:`.rows`).

    Args:
        path: the file.
        fmt: ``"jsonl"`` or ``"csv"`` (default: from the suffix).
        source: the file's name in messages and sources (default: ``path``).
    """
    fmt = fmt or path.suffix.lower().lstrip(".")

    def make(essay_id: str, text: str, source: str, row: int) -> Document:
        return Document(essay_id, check_text(text, source), source, fmt)

    def fail(essay_id: str, source: str, error: InputError) -> InputFailure:
        return InputFailure(essay_id, source, error)

    reader = iter_jsonl if fmt == "jsonl" else iter_csv
    yield from reader(path, make, fail, source)


def _expand(path: Path) -> list[Path]:
    """The essay files in a folder, sorted, hidden files skipped."""
    return sorted(
        f for f in path.rglob("*")
        if f.is_file() and f.suffix.lower() in FORMATS and f.suffix
        and not any(part.startswith(".") for part in f.relative_to(path).parts)
    )


def iter_documents(paths: Iterable[str | Path]) -> Iterator[Document | InputFailure]:
    """A Document or an InputFailure for every essay in ``paths``; never raises for a bad one.

    Args:
        paths: essay files, folders (read recursively, in sorted order),
            JSONL/CSV files (one item per row) and ``"-"`` for stdin.

    Yields:
        Document for each readable essay, InputFailure for each that is not.
    """
    for path in paths:
        if str(path) == STDIN:
            try:
                yield read_stdin()
            except InputError as err:
                yield InputFailure("stdin", "<stdin>", err)
            continue
        p = Path(path)
        files = _expand(p) if p.is_dir() else [p]
        if p.is_dir() and not files:
            yield InputFailure(p.name, str(p), MissingInputError(Messages.E056.format(source=p)))
        for f in files:
            try:
                fmt = _format_of(f) if f.is_file() else None
                if fmt in ("jsonl", "csv"):
                    yield from iter_rows(f, fmt)
                else:
                    yield read_document(f)
            except InputError as err:
                yield InputFailure(f.stem, str(f), err)
            except OSError as err:
                error = UnreadableFileError(Messages.E054.format(source=f, detail=err.strerror or err))
                yield InputFailure(f.stem, str(f), error)
            except Exception as err:  # a parser bug on one odd file must not sink the batch
                detail = f"{type(err).__name__}: {err}"[:200]
                yield InputFailure(f.stem, str(f), UnreadableFileError(Messages.E054.format(source=f, detail=detail)))
