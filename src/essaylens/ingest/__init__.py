"""Ingest: read essays from files, stdin and JSONL/CSV rows into Documents."""

from .readers import Document, InputFailure, check_text, decode_bytes, iter_documents, read_document

__all__ = ["Document", "InputFailure", "check_text", "decode_bytes", "iter_documents", "read_document"]
