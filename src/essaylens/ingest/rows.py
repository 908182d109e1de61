"""Many essays at once: JSONL and CSV files of ``essay_id`` and ``text`` rows.

Each row becomes a :class:`~essaylens.ingest.readers.Document`, or an
:class:`~essaylens.ingest.readers.InputFailure` when the row is unusable (no
``essay_id``, no ``text``, not JSON, text that fails the checks). A bad row
never stops the rest of the file from being read.

Both readers stream: a file of 100,000 essays is never held in memory whole.

* JSONL: one JSON object per line; blank lines are skipped. Lines are UTF-8
  (a BOM on the first line is ignored); a line that is not UTF-8 is read as
  cp1252, as plain-text files are.
* CSV: the first row names the columns, which must include ``essay_id`` and
  ``text`` (case and surrounding spaces ignored; other columns are ignored).
  The delimiter is the one among ``, ; tab`` that splits the header row into
  those names, so Excel's locale-specific exports and "Unicode text" (UTF-16,
  tab-separated) both work. Encoding: a BOM decides; otherwise UTF-8, falling
  back to cp1252 when the file is not valid UTF-8. Fields may be of any size
  (``csv.field_size_limit`` is raised); the per-essay size limit applies later.

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

#: The columns (JSON keys) every row needs.
ID_FIELD, TEXT_FIELD = "essay_id", "text"

_DELIMITERS = (",", ";", "\t", "|")


def _row_value(record: dict, field: str, row: int, source: str) -> str:
    """The text of ``field`` in ``record``; RowError if absent or not text."""
    value = record.get(field)
    if value is None or (isinstance(value, str) and not value.strip() and field == ID_FIELD):
        raise RowError(Messages.E010.format(row=row, source=source, field=field))
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise RowError(Messages.E052.format(row=row, source=source, field=field, got=type(value).__name__))
    return str(value).strip() if field == ID_FIELD else value


def iter_jsonl(path: Path, make: Callable[[str, str, str, int], object], fail: Callable) -> Iterator:
    """Documents or failures for every non-blank line of a JSONL file.

    Args:
        path: the JSONL file.
        make: ``make(essay_id, text, source, row)`` builds and checks a Document.
        fail: ``fail(essay_id, source, error)`` builds an InputFailure.

    Yields:
        Whatever ``make`` or ``fail`` returns, one per non-blank line.
    """
    source = str(path)
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
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as err:
                    raise RowError(Messages.E051.format(row=number, source=source, detail=err.msg)) from None
                if not isinstance(record, dict):
                    raise RowError(Messages.E051.format(
                        row=number, source=source, detail=f"expected an object, got {type(record).__name__}"))
                essay_id = _row_value(record, ID_FIELD, number, source)
                fallback_id = essay_id
                text = _row_value(record, TEXT_FIELD, number, source)
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


def _header_dialect(first_line: str) -> tuple[str, list[str]] | None:
    """The delimiter that splits the header line into the needed column names."""
    for delim in _DELIMITERS:
        names = next(csv.reader([first_line], delimiter=delim), [])
        cleaned = [n.strip().lower() for n in names]
        if ID_FIELD in cleaned and TEXT_FIELD in cleaned:
            return delim, cleaned
    return None


def iter_csv(path: Path, make: Callable[[str, str, str, int], object], fail: Callable) -> Iterator:
    """Documents or failures for every data row of a CSV file.

    Args:
        path: the CSV file.
        make: ``make(essay_id, text, source, row)`` builds and checks a Document.
        fail: ``fail(essay_id, source, error)`` builds an InputFailure.

    Yields:
        Whatever ``make`` or ``fail`` returns, one per data row.

    Raises:
        UnreadableFileError: the header row lacks ``essay_id`` or ``text`` (E053).
    """
    source = str(path)
    csv.field_size_limit(2**31 - 1)
    stream, _ = _text_stream(path)
    with stream:
        first = stream.readline()
        found = _header_dialect(first.lstrip("\ufeff"))
        if found is None:
            shown = first.strip()[:80] or "an empty first line"
            raise UnreadableFileError(Messages.E053.format(source=source, found=repr(shown)))
        delim, names = found
        reader = csv.reader(stream, delimiter=delim)
        id_col, text_col = names.index(ID_FIELD), names.index(TEXT_FIELD)
        try:
            for number, cells in enumerate(reader, start=1):
                if not any(c.strip() for c in cells):
                    continue
                row_source = f"{source}#row{number}"
                record = {names[i]: c for i, c in enumerate(cells) if i in (id_col, text_col)}
                fallback_id = f"{path.stem}-{number}"
                try:
                    essay_id = _row_value(record, ID_FIELD, number, source)
                    fallback_id = essay_id
                    text = _row_value(record, TEXT_FIELD, number, source)
                    yield make(essay_id, normalise(text), row_source, number)
                except InputError as err:
                    yield fail(fallback_id, row_source, err)
        except csv.Error as err:
            raise UnreadableFileError(Messages.E054.format(source=source, detail=f"CSV error near row {reader.line_num}: {err}")) from None
