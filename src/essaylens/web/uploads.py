"""Checks and readers for what teachers upload: essay files and class sets.

Everything a browser or curl sends is untrusted: sizes and counts are capped,
the file type is judged by name *and* content (a renamed binary is refused),
zip members are read without touching the disk paths they name, and a bad
file in a class set is recorded as a failure instead of sinking the set.
"""

from __future__ import annotations

import csv
import io
import re
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ..errors import InputError, Messages
from ..ingest import Document, InputFailure, read_document
from ..ingest.rows import ID_FIELDS, TEXT_FIELDS, jsonl_record, shown_names

ESSAY_SUFFIXES = (".txt", ".md", ".docx", ".pdf")
CLASS_SUFFIXES = ESSAY_SUFFIXES + (".zip", ".csv", ".jsonl")
# What browsers and curl send for these files; anything else (images, video,
# executables) is refused before the bytes are looked at.
ACCEPTED_TYPES = {
    "", "application/octet-stream", "text/plain", "text/markdown", "text/x-markdown", "text/csv",
    "application/csv", "application/vnd.ms-excel", "application/pdf", "application/x-pdf",
    "application/zip", "application/x-zip-compressed", "application/x-zip", "multipart/x-zip",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/jsonl", "application/x-ndjson", "application/json", "application/jsonlines",
}


class UploadError(InputError):
    """An upload was refused; ``status`` is the HTTP status to answer with."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Limits:
    """Caps on what one request may bring.

    Args:
        file_bytes: largest single essay file.
        request_bytes: largest request body (a class-set zip included).
        files: most essays in one class set.
        text_chars: longest pasted essay.
    """

    file_bytes: int = 5 * 1024 * 1024
    request_bytes: int = 60 * 1024 * 1024
    files: int = 500
    text_chars: int = 100_000


def safe_stem(name: str) -> str:
    """An essay id from an uploaded file name: its stem, with odd characters replaced."""
    stem = PurePosixPath(name.replace("\\", "/")).stem or "essay"
    return re.sub(r"[^A-Za-z0-9._ -]+", "_", stem).strip(" ._")[:120] or "essay"


def check_content_type(name: str, content_type: str | None) -> None:
    """Refuse declared content types that no essay or class-set file has."""
    ctype = (content_type or "").split(";")[0].strip().lower()
    if ctype not in ACCEPTED_TYPES:
        raise UploadError(Messages.E612.format(ctype=ctype, name=name), 415)


def _sniff(name: str, data: bytes, suffix: str) -> None:
    """Check that the content matches the name's suffix."""
    if suffix in (".docx", ".zip"):
        ok = data[:4] == b"PK\x03\x04"
    elif suffix == ".pdf":
        ok = data[:1024].lstrip().startswith(b"%PDF-")
    else:  # text kinds: no NUL bytes, no well-known binary signature
        head = data[:4096]
        ok = head[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" not in head  # UTF-16 has NULs
        ok = ok and not head.startswith((b"PK\x03\x04", b"%PDF-", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"MZ",
                                         b"\x7fELF"))
    if not ok:
        raise UploadError(Messages.E603.format(name=name, kind=suffix.lstrip(".")), 415)


def _check_size(name: str, data: bytes, limit: int) -> None:
    if len(data) > limit:
        raise UploadError(Messages.E600.format(name=name, size=len(data), limit=limit), 413)


def essay_from_upload(name: str, data: bytes, content_type: str | None, limits: Limits) -> Document:
    """Read one uploaded essay file (.txt .md .docx .pdf).

    Args:
        name: the file name as sent.
        data: its bytes.
        content_type: the declared content type.
        limits: the caps to apply.

    Returns:
        The Document, with the file's stem as its essay id.
    """
    suffix = PurePosixPath(name.replace("\\", "/")).suffix.lower()
    if suffix not in ESSAY_SUFFIXES:
        raise UploadError(Messages.E602.format(name=name, allowed=", ".join(ESSAY_SUFFIXES)), 415)
    check_content_type(name, content_type)
    _check_size(name, data, limits.file_bytes)
    _sniff(name, data, suffix)
    stem = safe_stem(name)
    # The ingest readers take paths; a private temporary folder holds the bytes
    # only while they are read.
    with tempfile.TemporaryDirectory(prefix="essaylens-upload-") as tmp:
        path = Path(tmp) / f"{stem}{suffix}"
        path.write_bytes(data)
        doc = read_document(path)
    return Document(stem, doc.text, name, doc.fmt)


def _rows(name: str, data: bytes, suffix: str) -> list[tuple[str, str | None, InputError | None]]:
    """(essay id, text, None) for each usable row of a CSV or JSONL upload, (id, None, error) for each bad one.

    A bad row (not JSON, not an object, no text) is one failed essay, never
    the whole file; a CSV with no text column is refused whole (E605).
    """
    from ..ingest.readers import decode_bytes

    text = decode_bytes(data, name)
    rows: list[tuple[str, str | None, InputError | None]] = []
    if suffix == ".jsonl":
        for i, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            try:
                obj = jsonl_record(line, i, name)
            except InputError as err:
                rows.append((f"row{i}", None, err))
                continue
            essay_id = str(next((obj[k] for k in ID_FIELDS if obj.get(k)), f"row{i}")).strip() or f"row{i}"
            body = next((obj[k] for k in TEXT_FIELDS if isinstance(obj.get(k), str)), None)
            if body is None:
                rows.append((essay_id, None, InputError(Messages.E010.format(
                    row=i, source=name, field=shown_names(TEXT_FIELDS)))))
                continue
            rows.append((essay_id, body, None))
        return rows
    csv.field_size_limit(10_000_000)
    reader = csv.DictReader(io.StringIO(text))
    fields = {f.strip().lower(): f for f in reader.fieldnames or []}
    text_col = next((fields[c] for c in TEXT_FIELDS if c in fields), None)
    if text_col is None:
        raise UploadError(Messages.E605.format(name=name, columns=", ".join(TEXT_FIELDS)))
    id_col = next((fields[c] for c in ID_FIELDS if c in fields), None)
    for i, row in enumerate(reader, 1):
        essay_id = (row.get(id_col) or "").strip() if id_col else ""
        rows.append((essay_id or f"row{i}", row.get(text_col) or "", None))
    return rows


def _zip_members(name: str, data: bytes, limits: Limits) -> list[tuple[str, bytes]]:
    """The essay files inside a zip, read with size and count caps."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as err:
        raise UploadError(Messages.E604.format(name=name, detail=err), 415) from None
    members, total = [], 0
    with zf:
        infos = [i for i in zf.infolist() if not i.is_dir()]
        if len(infos) > limits.files * 4:
            raise UploadError(Messages.E601.format(count=len(infos), limit=limits.files), 413)
        for info in sorted(infos, key=lambda i: i.filename):
            parts = PurePosixPath(info.filename.replace("\\", "/")).parts
            if any(p.startswith((".", "__MACOSX")) for p in parts):
                continue  # hidden files and macOS resource forks are not essays
            if PurePosixPath(info.filename).suffix.lower() not in CLASS_SUFFIXES or info.filename.lower().endswith(".zip"):
                continue
            if info.flag_bits & 0x1:
                raise UploadError(Messages.E604.format(name=name, detail="it is password-protected"), 415)
            try:
                with zf.open(info) as fh:
                    blob = fh.read(limits.file_bytes + 1)
            except (zipfile.BadZipFile, RuntimeError, OSError, EOFError) as err:
                raise UploadError(Messages.E604.format(name=name, detail=err), 415) from None
            _check_size(info.filename, blob, limits.file_bytes)
            total += len(blob)
            if total > limits.request_bytes * 4:  # a zip bomb expands far beyond what was sent
                raise UploadError(Messages.E604.format(name=name, detail="it expands to too much data"), 413)
            members.append((info.filename, blob))
    return members


def class_set_from_uploads(files: list[tuple[str, bytes, str | None]], limits: Limits
                           ) -> tuple[list[Document], list[InputFailure]]:
    """Essays from a class-set upload: a zip, a CSV/JSONL, or many essay files.

    Args:
        files: (file name, bytes, declared content type) for each uploaded file.
        limits: the caps to apply.

    Returns:
        The readable essays in input order, and the files that failed.
    """
    docs: list[Document] = []
    failures: list[InputFailure] = []
    seen: dict[str, int] = {}

    def add(doc: Document) -> None:
        n = seen.get(doc.essay_id, 0)
        seen[doc.essay_id] = n + 1
        if n:  # two files with the same stem keep distinct ids
            doc = Document(f"{doc.essay_id}-{n + 1}", doc.text, doc.source, doc.fmt)
        docs.append(doc)

    def take(name: str, data: bytes, ctype: str | None, inner: bool) -> None:
        suffix = PurePosixPath(name.replace("\\", "/")).suffix.lower()
        try:
            if not inner:
                check_content_type(name, ctype)
            if suffix == ".zip" and not inner:
                _sniff(name, data, suffix)
                for member, blob in _zip_members(name, data, limits):
                    take(member, blob, None, True)
            elif suffix in (".csv", ".jsonl"):
                _sniff(name, data, suffix)
                for essay_id, text, error in _rows(name, data, suffix):
                    if error is not None:
                        failures.append(InputFailure(essay_id, name, error))
                    elif text.strip():
                        add(Document(safe_stem(essay_id + ".txt"), text, f"{name}:{essay_id}", "txt"))
                    else:
                        failures.append(InputFailure(essay_id, name, InputError(Messages.E001.format(
                            source=f"{name}:{essay_id}"))))
            else:
                add(essay_from_upload(name, data, ctype, limits))
        except UploadError as err:
            if not inner and suffix in (".zip", ".csv", ".jsonl") or err.status == 413:
                raise
            failures.append(InputFailure(safe_stem(name), name, err))
        except InputError as err:
            failures.append(InputFailure(safe_stem(name), name, err))

    for name, data, ctype in files:
        take(name, data, ctype, False)
        if len(docs) > limits.files:
            raise UploadError(Messages.E601.format(count=len(docs), limit=limits.files), 413)
    if not docs:
        detail = "; ".join(str(f.error) for f in failures[:3])
        raise UploadError(Messages.E606 + (f" {detail}" if detail else ""))
    return docs, failures
