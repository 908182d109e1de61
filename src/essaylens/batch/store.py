"""The resumable results store of a class set: one SQLite file (WAL) per output folder.

Each essay's result is keyed by a hash of what was read (id, source, format,
text) plus the settings key, so a second run over the same input with the same
settings finds every finished essay and analyses only the rest. Every result is
committed in its own transaction; SQLite's write-ahead log makes a commit
durable and atomic, so a run killed at any instant (``kill -9`` included)
leaves each essay either wholly stored or not stored at all.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from ..errors import Messages, UsageError

STORE_NAME = "essaylens.sqlite"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS results (
    key TEXT PRIMARY KEY,
    essay_id TEXT NOT NULL,
    source TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('ok', 'error')),
    report TEXT,
    error TEXT,
    code INTEGER,
    timings TEXT,
    worker TEXT
);
"""


def document_key(essay_id: str, source: str, fmt: str, text: str, settings_key: str) -> str:
    """The store key of one essay under one set of settings.

    Args:
        essay_id: the id the report will carry.
        source: where the text was read from (it is copied into the report).
        fmt: the input format.
        text: the essay's full text.
        settings_key: ``Settings.key()``.

    Returns:
        A hex digest; equal inputs give equal keys on every machine.
    """
    h = hashlib.sha256()
    for part in (essay_id, source, fmt, text, settings_key):
        h.update(part.encode("utf-8", "surrogatepass"))
        h.update(b"\x00")
    return h.hexdigest()


@dataclass(frozen=True, slots=True)
class StoredResult:
    """One row of the store."""

    key: str
    essay_id: str
    source: str
    status: str
    report: str | None
    error: str | None
    code: int | None
    timings: str | None = None
    worker: dict | None = None


class ResultStore:
    """SQLite results store in write-ahead-log mode.

    Args:
        path: the database file, or the output folder that holds it.
    """

    def __init__(self, path: str | Path):
        path = Path(path)
        self.path = path / STORE_NAME if path.is_dir() or not path.suffix else path
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            # FULL syncs the WAL on every commit: a finished essay survives power loss too.
            self._db.execute("PRAGMA synchronous=FULL")
            self._db.executescript(_SCHEMA)
        except sqlite3.Error as err:
            raise UsageError(Messages.E506.format(path=self.path, detail=err)) from None

    def close(self) -> None:
        """Close the connection (the WAL is checkpointed by SQLite)."""
        self._db.close()

    def __enter__(self) -> "ResultStore":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def done_keys(self, keys: Iterable[str] | None = None) -> set[str]:
        """Keys that already hold a successful report.

        Args:
            keys: restrict the answer to these keys (None: all).
        """
        rows = self._db.execute("SELECT key FROM results WHERE status = 'ok'").fetchall()
        done = {r[0] for r in rows}
        return done if keys is None else done.intersection(keys)

    @staticmethod
    def from_row(row: dict) -> StoredResult:
        """A StoredResult from a worker's row dict."""
        return StoredResult(row["key"], row["essay_id"], row["source"], row["status"], row.get("report"),
                            row.get("error"), row.get("code"), row.get("timings"), row.get("worker"))

    def put(self, result: StoredResult) -> None:
        """Store one essay's result in its own transaction (replaces an earlier error)."""
        self._db.execute(
            "INSERT OR REPLACE INTO results (key, essay_id, source, status, report, error, code, timings, worker) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (result.key, result.essay_id, result.source, result.status, result.report, result.error,
             result.code, result.timings, json.dumps(result.worker, sort_keys=True) if result.worker else None),
        )

    def get(self, key: str) -> StoredResult | None:
        """The stored result for ``key``, or None."""
        row = self._db.execute(
            "SELECT key, essay_id, source, status, report, error, code, timings, worker FROM results WHERE key = ?",
            (key,),
        ).fetchone()
        return _row(row) if row else None

    def iter_results(self, keys: Iterable[str]) -> Iterator[StoredResult | None]:
        """Results for ``keys`` in the order given (None where a key is missing)."""
        for key in keys:
            yield self.get(key)

    def count(self, status: str | None = None) -> int:
        """How many results are stored (optionally with this status)."""
        if status is None:
            return self._db.execute("SELECT COUNT(*) FROM results").fetchone()[0]
        return self._db.execute("SELECT COUNT(*) FROM results WHERE status = ?", (status,)).fetchone()[0]


def _row(row: tuple) -> StoredResult:
    worker = json.loads(row[8]) if row[8] else None
    return StoredResult(row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7], worker)
