"""Many essays at once: JSONL and CSV files of ``essay_id`` and ``text`` rows.

Each row becomes a :class:`~essaylens.ingest.readers.Document`, or an
:class:`~essaylens.ingest.readers.InputFailure` when the row is unusable (no
``essay_id``, no ``text``, not JSON, text that fails the checks). A bad row
never stops the rest of the file from being read.

Both readers stream: a file of 100,000 essays is never held in memory whole.

* JSONL: one JSON object per line; blank lines are skipped. Lines are UTF-8
  (a BOM on the first line is ignored); a line that is not UTF-8 is read as
  cp1252, as plain-text files are.
* CSV: the first row names the columns, which must include an id column and
  a text column (case and surrounding spaces ignored; other columns are
  ignored).
  The delimiter is the one among ``, ; tab`` that splits the header row into
  those names, so Excel's locale-specific exports and "Unicode text" (UTF-16,
  tab-separated) both work. Encoding: a BOM decides; otherwise UTF-8, falling
  back to cp1252 when the file is not valid UTF-8. Fields may be of any size
  (``csv.field_size_limit`` is raised); the per-essay size limit applies later.

Column (JSON key) names: the id is the first of :data:`ID_FIELDS` a row has
(``essay_id``, else ``id``, ``student_id``...), the text the first of
:data:`TEXT_FIELDS` (``text``, else ``full_text``, ``essay``...), so the
exports of a school's systems and the public essay corpora (Feedback Prize:
``id``; AES 2.0: ``essay_id``, ``full_text``) read as they are. The web
upload and the class-set reader use the same names.

Row numbers in messages count data rows from 1 for CSV and physical lines from
1 for JSONL, so a teacher can find the row in a spreadsheet or editor.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
from pathlib import Path
from typing import Callable, Iterator

from ..errors import InputError, Messages, RowError, UnreadableFileError
from .decode import normalise

#: The columns (JSON keys) every row needs, by their canonical names.
ID_FIELD, TEXT_FIELD = "essay_id", "text"
#: The names each may go by, in order of preference (lower case).
ID_FIELDS = (ID_FIELD, "id", "student_id", "student", "name", "student_name")
TEXT_FIELDS = (TEXT_FIELD, "full_text", "essay", "essay_text", "body", "content")


def shown_names(names: tuple[str, ...]) -> str:
    """``'essay_id' (or 'id', 'student_id', ...)`` for messages; ``'text'`` for one name."""
    rest = ", ".join(repr(n) for n in names[1:])
    return f"{names[0]!r} (or {rest})" if rest else repr(names[0])


def _pick(record: dict, names: tuple[str, ...]) -> str:
    """The first of ``names`` that ``record`` holds with a value (else the canonical name)."""
    return next((n for n in names if record.get(n) is not None), names[0])

_DELIMITERS = (",", ";", "\t", "|")


def _row_value(record: dict, names: tuple[str, ...], row: int, source: str, is_id: bool) -> str:
    """The value of the first of ``names`` in ``record`` (an id: stripped, never blank); RowError if absent or not text."""
    field = _pick(record, names)
    value = record.get(field)
    if value is None or (isinstance(value, str) and not value.strip() and is_id):
        raise RowError(Messages.E010.format(row=row, source=source, field=shown_names(names)))
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise RowError(Messages.E052.format(row=row, source=source, field=field, got=type(value).__name__))
    return str(value).strip() if is_id else value


def jsonl_record(line: str, row: int, source: str) -> dict:
    """One JSONL line as an object; RowError (E051) when it is not valid JSON or not an object."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as err:
        raise RowError(Messages.E051.format(row=row, source=source, detail=err.msg)) from None
    if not isinstance(record, dict):
        raise RowError(Messages.E051.format(row=row, source=source,
                                            detail=f"expected an object, got {type(record).__name__}"))
    return record


def iter_jsonl(path: Path, make: Callable[[str, str, str, int], object], fail: Callable,
               source: str | None = None) -> Iterator:
    """Documents or failures for every non-blank line of a JSONL file.

    Args:
        path: the JSONL file.
        make: ``make(essay_id, text, source, row)`` builds and checks a Document.
        fail: ``fail(essay_id, source, error)`` builds an InputFailure.
        source: the file's name in messages (default: ``path``; a zip
            member's reader passes ``archive.zip:member.jsonl``).

    Yields:
        Whatever ``make`` or ``fail`` returns, one per non-blank line.
    """
    source = source or str(path)
    with open(path, "rb") as handle:
        for number, raw in enumerate(handle, start=1):
            if number == 1 and raw.startswith(codecs.BOM_UTF8):
                raw = raw[len(codecs.BOM_UTF8):]
            if not raw.strip():
                continue
            row_source = f"{source}:{number}"
            fallback_id = f"{path.stem}-{number}"
            try:
                try:
                    line = raw.decode("utf-8")
                except UnicodeDecodeError:
                    line = raw.decode("cp1252", errors="replace")
                record = jsonl_record(line, number, source)
                essay_id = _row_value(record, ID_FIELDS, number, source, True)
                fallback_id = essay_id
                text = _row_value(record, TEXT_FIELDS, number, source, False)
                yield make(essay_id, normalise(text), row_source, number)
            except InputError as err:
                yield fail(fallback_id, row_source, err)


def _text_stream(path: Path) -> tuple[io.TextIOBase, str]:
    """Open a CSV file as text, choosing the encoding from its BOM or bytes."""
    with open(path, "rb") as handle:
        head = handle.read(4)
    if head.startswith(codecs.BOM_UTF8):
        return open(path, encoding="utf-8-sig", newline=""), "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return open(path, encoding="utf-16", newline=""), "utf-16"
    # Validate UTF-8 incrementally, so a large file is not read twice into memory.
    decoder = codecs.getincrementaldecoder("utf-8")()
    encoding = "utf-8"
    with open(path, "rb") as handle:
        try:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            encoding = "cp1252"
    return open(path, encoding=encoding, errors="replace", newline=""), encoding


def _header_dialect(first_line: str) -> tuple[str, list[str], int, int] | None:
    """(delimiter, column names, id column, text column) of the header line, or None.

    The delimiter is the first of :data:`_DELIMITERS` that splits the line
    into an id and a text column; each is the first of its names
    (:data:`ID_FIELDS`, :data:`TEXT_FIELDS`) the header has.
    """
    for delim in _DELIMITERS:
        names = next(csv.reader([first_line], delimiter=delim), [])
        cleaned = [n.strip().lower() for n in names]
        id_name = next((n for n in ID_FIELDS if n in cleaned), None)
        text_name = next((n for n in TEXT_FIELDS if n in cleaned), None)
        if id_name and text_name:
            return delim, cleaned, cleaned.index(id_name), cleaned.index(text_name)
    return None


def iter_csv(path: Path, make: Callable[[str, str, str, int], object], fail: Callable,
             source: str | None = None) -> Iterator:
    """Documents or failures for every data row of a CSV file.

    Args:
        path: the CSV file.
        make: ``make(essay_id, text, source, row)`` builds and checks a Document.
        fail: ``fail(essay_id, source, error)`` builds an InputFailure.
        source: the file's name in messages (default: ``path``; a zip
            member's reader passes ``archive.zip:member.jsonl``).

    Yields:
        Whatever ``make`` or ``fail`` returns, one per data row.

    Raises:
        UnreadableFileError: the header row names no id or no text column (E053).
    """
    source = source or str(path)
    csv.field_size_limit(2**31 - 1)
    stream, _ = _text_stream(path)
    with stream:
        first = stream.readline()
        found = _header_dialect(first.lstrip("\ufeff"))
        if found is None:
            shown = first.strip()[:80] or "an empty first line"
            raise UnreadableFileError(Messages.E053.format(source=source, found=repr(shown)))
        delim, names, id_col, text_col = found
        reader = csv.reader(stream, delimiter=delim)
        id_name, text_name = names[id_col], names[text_col]
        try:
            for number, cells in enumerate(reader, start=1):
                if not any(c.strip() for c in cells):
                    continue
                row_source = f"{source}#row{number}"
                record = {name: cells[i] for name, i in ((id_name, id_col), (text_name, text_col)) if i < len(cells)}
                fallback_id = f"{path.stem}-{number}"
                try:
                    essay_id = _row_value(record, (id_name,), number, source, True)
                    fallback_id = essay_id
                    text = _row_value(record, (text_name,), number, source, False)
                    yield make(essay_id, normalise(text), row_source, number)
                except InputError as err:
                    yield fail(fallback_id, row_source, err)
        except csv.Error as err:
            raise UnreadableFileError(Messages.E054.format(source=source, detail=f"CSV error near row {reader.line_num}: {err}")) from None
