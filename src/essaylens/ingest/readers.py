"""Readers that turn files and rows into :class:`Document` objects."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from ..errors import DecodeError, EmptyInputError, InputError, Messages

MAX_CHARS = 200_000


@dataclass(frozen=True, slots=True)
class Document:
    """One essay's text as read, before any analysis."""

    essay_id: str
    text: str
    source: str
    fmt: str = "txt"


@dataclass(frozen=True, slots=True)
class InputFailure:
    """An input that could not be read; batches record it and go on."""

    essay_id: str
    source: str
    error: InputError


def decode_bytes(data: bytes, source: str) -> str:
    """Decode bytes as UTF-8 (with or without BOM), UTF-16 or cp1252."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            raise DecodeError(Messages.E004.format(source=source)) from None


def check_text(text: str, source: str) -> str:
    """Reject text that is empty or too large; return it unchanged otherwise."""
    if not text.strip():
        raise EmptyInputError(Messages.E001.format(source=source))
    return text


def read_document(path: str | Path) -> Document:
    """Read one essay file."""
    p = Path(path)
    text = check_text(decode_bytes(p.read_bytes(), str(p)), str(p))
    return Document(p.stem, text, str(p), p.suffix.lstrip(".") or "txt")


def iter_documents(paths: Iterable[str | Path]) -> Iterator[Document | InputFailure]:
    """Documents from every path; unreadable ones become InputFailure."""
    for path in paths:
        try:
            yield read_document(path)
        except InputError as err:
            yield InputFailure(Path(path).stem, str(path), err)
