"""Read a class set: a folder of files, a zip, a CSV or a JSONL of essays.

Every input becomes a stream of :class:`Document` (an essay to analyse) or
:class:`InputFailure` (an essay that could not be read, recorded and skipped),
in a stable order: folder and zip members sorted by path, rows in file order.
Essay ids are made unique within a set, because they key the gradebook.
"""

from __future__ import annotations

import dataclasses
import shutil
import tempfile
import zipfile
from pathlib import Path
from typing import Iterator

from ..errors import EssayLensError, InputError, Messages
from ..ingest import Document, InputFailure, iter_documents, iter_rows, read_document

#: Essay files a folder or zip may hold.
ESSAY_SUFFIXES = frozenset({".txt", ".md", ".docx", ".pdf", ".html", ".htm"})
#: Files that hold many essays as rows.
ROW_SUFFIXES = frozenset({".jsonl", ".csv"})
#: The largest essay file (or zip member) read; far above any real essay.
MAX_FILE_BYTES = 20_000_000


def iter_inputs(input_path: str | Path) -> Iterator[Document | InputFailure]:
    """Every essay of a class set, in a stable order.

    Args:
        input_path: a folder of essay files, a ``.zip`` of them, a ``.csv`` or
            ``.jsonl`` of rows (``essay_id``, ``text``), or one essay file.

    Returns:
        An iterator of Document or InputFailure; ids are unique within the set.

    Raises:
        InputError: when the path does not exist or is of no known kind.
    """
    path = Path(input_path)
    if not path.exists():
        raise InputError(Messages.E511.format(source=path))
    if path.is_dir():
        items = _iter_folder(path)
    elif path.suffix.lower() == ".zip":
        items = _iter_zip(path)
    elif path.suffix.lower() in ROW_SUFFIXES:
        items = _iter_rows(path)
    elif path.suffix.lower() in ESSAY_SUFFIXES:
        items = _iter_files([path], path.parent)
    else:
        raise InputError(Messages.E500.format(source=path))
    return _unique_ids(items)


def _unique_ids(items: Iterator[Document | InputFailure]) -> Iterator[Document | InputFailure]:
    seen: dict[str, int] = {}
    for item in items:
        n = seen.get(item.essay_id, 0) + 1
        seen[item.essay_id] = n
        if n > 1:
            new_id = f"{item.essay_id}-{n}"
            while new_id in seen:
                n += 1
                new_id = f"{item.essay_id}-{n}"
            seen[new_id] = 1
            item = dataclasses.replace(item, essay_id=new_id)
        yield item


def _hidden(rel: Path) -> bool:
    return any(part.startswith((".", "__MACOSX", "~$")) for part in rel.parts)


def _iter_folder(folder: Path) -> Iterator[Document | InputFailure]:
    files = sorted(
        (p for p in folder.rglob("*") if p.is_file() and not _hidden(p.relative_to(folder))),
        key=lambda p: p.relative_to(folder).as_posix(),
    )
    rows = [p for p in files if p.suffix.lower() in ROW_SUFFIXES]
    essays = [p for p in files if p.suffix.lower() not in ROW_SUFFIXES]
    yield from _iter_files(essays, folder)
    for p in rows:
        yield from _iter_rows(p)


def _essay_id(path: Path, root: Path) -> str:
    rel = path.relative_to(root) if path.is_relative_to(root) else Path(path.name)
    return rel.with_suffix("").as_posix()


def _iter_files(paths: list[Path], root: Path) -> Iterator[Document | InputFailure]:
    for p in paths:
        essay_id = _essay_id(p, root)
        if p.suffix.lower() not in ESSAY_SUFFIXES:
            yield InputFailure(essay_id, str(p), InputError(Messages.E009.format(suffix=p.suffix, source=p)))
            continue
        size = p.stat().st_size
        if size > MAX_FILE_BYTES:
            yield InputFailure(essay_id, str(p), InputError(
                Messages.E503.format(source=p, size=size, limit=MAX_FILE_BYTES)))
            continue
        yield _read_one(p, essay_id, str(p))


def _read_one(path: Path, essay_id: str, source: str) -> Document | InputFailure:
    try:
        doc = read_document(path)
    except InputError as err:
        return InputFailure(essay_id, source, err)
    except EssayLensError as err:
        return InputFailure(essay_id, source, InputError(str(err)))
    except Exception as err:  # a reader bug must not sink the class
        return InputFailure(essay_id, source, InputError(
            Messages.E005.format(source=source, kind=path.suffix.lstrip("."), detail=f"{type(err).__name__}: {err}")))
    return dataclasses.replace(doc, essay_id=essay_id, source=source)


def _iter_zip(path: Path) -> Iterator[Document | InputFailure]:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as err:
        raise InputError(Messages.E501.format(source=path, detail=err)) from None
    with archive, tempfile.TemporaryDirectory(prefix="essaylens-zip-") as tmp:
        members = sorted(
            (m for m in archive.infolist() if not m.is_dir() and not _hidden(Path(m.filename))),
            key=lambda m: m.filename,
        )
        for i, member in enumerate(members):
            name = Path(member.filename)
            source = f"{path}:{member.filename}"
            essay_id = name.with_suffix("").as_posix()
            suffix = name.suffix.lower()
            if suffix in ROW_SUFFIXES:
                # The same row reader as for a file on disk (column names, checks, messages),
                # over a private copy streamed out of the archive.
                rows_path = Path(tmp) / str(i) / name.name
                rows_path.parent.mkdir()
                try:
                    with archive.open(member) as src, open(rows_path, "wb") as dst:
                        shutil.copyfileobj(src, dst, 1 << 20)
                except (zipfile.BadZipFile, OSError, RuntimeError) as err:
                    yield InputFailure(essay_id, source, InputError(Messages.E501.format(source=source, detail=err)))
                    continue
                try:
                    yield from iter_rows(rows_path, source=source)
                except InputError as err:  # the file as a whole is unreadable (a CSV with no header)
                    yield InputFailure(essay_id, source, err)
                rows_path.unlink()
                continue
            if suffix not in ESSAY_SUFFIXES:
                yield InputFailure(essay_id, source, InputError(Messages.E009.format(suffix=name.suffix, source=source)))
                continue
            if member.file_size > MAX_FILE_BYTES:
                yield InputFailure(essay_id, source, InputError(
                    Messages.E503.format(source=source, size=member.file_size, limit=MAX_FILE_BYTES)))
                continue
            try:
                data = archive.read(member)
            except (zipfile.BadZipFile, OSError, RuntimeError) as err:
                yield InputFailure(essay_id, source, InputError(Messages.E501.format(source=source, detail=err)))
                continue
            # The readers work on files: each member goes through a private temp file.
            tmp_path = Path(tmp) / f"{i}{suffix}"
            tmp_path.write_bytes(data)
            yield _read_one(tmp_path, essay_id, source)
            tmp_path.unlink()


def _iter_rows(path: Path) -> Iterator[Document | InputFailure]:
    """Rows of a JSONL/CSV file, read by the ingest row readers (:func:`essaylens.ingest.iter_rows`)."""
    yield from iter_documents([path])
