"""Ingest: read essays from files, stdin and JSONL/CSV rows into Documents.

``read_document(path)`` reads one essay; ``iter_documents(paths)`` reads many
and turns each unreadable one into an ``InputFailure``; ``check_text`` holds the
checks every essay passes. See the modules for each format's rules.
"""

from .decode import decode_bytes, normalise
from .office import docx_block_offsets, docx_paragraphs
from .readers import (
    FORMATS,
    MAX_CHARS,
    MIN_WORDS,
    Document,
    InputFailure,
    check_text,
    iter_documents,
    iter_rows,
    read_document,
    read_stdin,
    text_from_bytes,
)

__all__ = [
    "FORMATS",
    "MAX_CHARS",
    "MIN_WORDS",
    "Document",
    "InputFailure",
    "check_text",
    "decode_bytes",
    "docx_block_offsets",
    "docx_paragraphs",
    "iter_documents",
    "iter_rows",
    "normalise",
    "read_document",
    "read_stdin",
    "text_from_bytes",
]
