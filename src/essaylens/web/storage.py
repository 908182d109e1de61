"""Where the web app keeps its reports and class sets: SQLAlchemy models.

SQLite in a data folder by default (one file, WAL journal so the batch thread
and the request threads do not block each other); any SQLAlchemy URL works,
and PostgreSQL (``postgresql://...``) is tested. Reports are stored whole, as
the Report's JSON, beside a few columns the history page sorts and shows.
"""

from __future__ import annotations

import json
import os
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy import (DateTime, Float, ForeignKey, Integer, String, Text, create_engine, event, func,
                        select)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, sessionmaker

from ..report.models import Report


class Base(DeclarativeBase):
    """Declarative base of the web tables."""


class BatchRow(Base):
    """One uploaded class set and its progress."""

    __tablename__ = "essaylens_batches"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    status: Mapped[str] = mapped_column(String(16), default="queued")  # queued|running|done|failed
    total: Mapped[int] = mapped_column(Integer, default=0)
    done: Mapped[int] = mapped_column(Integer, default=0)
    failed: Mapped[int] = mapped_column(Integer, default=0)
    current: Mapped[str] = mapped_column(String(200), default="")
    pack: Mapped[str] = mapped_column(String(100), default="auto")
    scheme: Mapped[str] = mapped_column(String(200), default="")
    errors_json: Mapped[str] = mapped_column(Text, default="[]")
    dashboard_html: Mapped[str | None] = mapped_column(Text, nullable=True)


class ReportRow(Base):
    """One analysed essay: its Report JSON and the columns the history shows."""

    __tablename__ = "essaylens_reports"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    essay_id: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    batch_id: Mapped[str | None] = mapped_column(ForeignKey("essaylens_batches.id"), nullable=True, index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    title: Mapped[str] = mapped_column(String(500), default="")
    author: Mapped[str] = mapped_column(String(200), default="")
    word_count: Mapped[int] = mapped_column(Integer, default=0)
    holistic: Mapped[int | None] = mapped_column(Integer, nullable=True)
    mark: Mapped[str] = mapped_column(String(100), default="")
    mark_fraction: Mapped[float | None] = mapped_column(Float, nullable=True)
    pack: Mapped[str] = mapped_column(String(100), default="")
    source: Mapped[str] = mapped_column(String(500), default="")
    report_json: Mapped[str] = mapped_column(Text)


@dataclass(frozen=True)
class BatchError:
    """A class-set essay that could not be analysed."""

    essay_id: str
    source: str
    error: str


def default_data_dir() -> Path:
    """The data folder: $ESSAYLENS_DATA_DIR, else $XDG_DATA_HOME/essaylens, else ~/.local/share/essaylens."""
    if os.environ.get("ESSAYLENS_DATA_DIR"):
        return Path(os.environ["ESSAYLENS_DATA_DIR"])
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "essaylens"


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _new_id() -> str:
    return uuid.uuid4().hex


def _mark_columns(report: Report) -> tuple[str, float | None]:
    if not report.marks:
        return "", None
    first = report.marks[0]
    name = first.name if first.name and len(first.name) <= 16 else first.scheme.upper()
    label = f"{first.total:g}/{first.max:g}" + (f", {first.level}" if first.level else "")
    return f"{label} ({name})"[:100], (first.total / first.max if first.max else None)


class Store:
    """Reports and class sets in one SQL database.

    Args:
        url: an SQLAlchemy URL; ``None`` means SQLite in ``data_dir``.
        data_dir: the folder for the default SQLite file.
    """

    def __init__(self, url: str | None = None, data_dir: str | Path | None = None):
        if url is None:
            folder = Path(data_dir) if data_dir else default_data_dir()
            folder.mkdir(parents=True, exist_ok=True)
            try:
                folder.chmod(0o700)  # essays of minors: owner only
            except OSError:
                pass
            url = f"sqlite:///{folder / 'essaylens.db'}"
        self.url = url
        if url.startswith("sqlite"):
            self.engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
            event.listen(self.engine, "connect", _sqlite_pragmas)
        else:
            self.engine = create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=10)
        Base.metadata.create_all(self.engine)
        self._session = sessionmaker(self.engine, expire_on_commit=False)

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()

    # Reports -----------------------------------------------------------------------------------
    def add_report(self, report: Report, *, batch_id: str | None = None, position: int = 0,
                   pack: str = "") -> str:
        """Store one Report.

        Args:
            report: the Report.
            batch_id: the class set it belongs to, if any.
            position: its place in the class set's input order.
            pack: the pack setting it was analysed with.

        Returns:
            The new report id.
        """
        mark, fraction = _mark_columns(report)
        row = ReportRow(
            id=_new_id(), essay_id=report.essay_id[:200], created_at=_now(), batch_id=batch_id,
            position=position, title=(report.meta.title or report.question.text or "")[:500],
            author=(report.meta.author or "")[:200], word_count=report.meta.word_count,
            holistic=report.scores.holistic, mark=mark, mark_fraction=fraction,
            pack=(report.pack.id if report.pack else pack or "")[:100], source=report.meta.source[:500],
            report_json=report.to_json(indent=None),
        )
        with self._session.begin() as session:
            session.add(row)
        return row.id

    def get_report_row(self, report_id: str) -> ReportRow | None:
        """The stored row of one report, or None."""
        with self._session() as session:
            return session.get(ReportRow, report_id)

    def get_report(self, report_id: str) -> Report | None:
        """One stored Report, or None."""
        row = self.get_report_row(report_id)
        return Report.model_validate_json(row.report_json) if row else None

    def list_reports(self, *, limit: int = 50, offset: int = 0, batch_id: str | None = None,
                     single_only: bool = False) -> list[ReportRow]:
        """Report rows, newest first (or in input order within a class set)."""
        stmt = select(ReportRow)
        if batch_id is not None:
            stmt = stmt.where(ReportRow.batch_id == batch_id).order_by(ReportRow.position)
        else:
            if single_only:
                stmt = stmt.where(ReportRow.batch_id.is_(None))
            stmt = stmt.order_by(ReportRow.created_at.desc(), ReportRow.id)
        with self._session() as session:
            return list(session.scalars(stmt.limit(limit).offset(offset)))

    def count_reports(self, *, single_only: bool = False) -> int:
        """How many reports are stored."""
        stmt = select(func.count(ReportRow.id))
        if single_only:
            stmt = stmt.where(ReportRow.batch_id.is_(None))
        with self._session() as session:
            return int(session.scalar(stmt) or 0)

    def batch_reports(self, batch_id: str) -> list[Report]:
        """Every Report of a class set, in input order."""
        return [Report.model_validate_json(r.report_json)
                for r in self.list_reports(batch_id=batch_id, limit=100_000)]

    # Class sets ---------------------------------------------------------------------------------
    def create_batch(self, name: str, total: int, *, pack: str = "auto", scheme: str = "") -> str:
        """Record a new class set; returns its id."""
        row = BatchRow(id=_new_id(), name=name[:200], created_at=_now(), status="queued", total=total,
                       done=0, failed=0, current="", pack=pack[:100], scheme=scheme[:200], errors_json="[]")
        with self._session.begin() as session:
            session.add(row)
        return row.id

    def update_batch(self, batch_id: str, **values) -> None:
        """Set columns of a class set (status, done, failed, current, dashboard_html)."""
        if "errors" in values:
            values["errors_json"] = json.dumps([e.__dict__ for e in values.pop("errors")])
        with self._session.begin() as session:
            row = session.get(BatchRow, batch_id)
            if row is None:
                return
            for key, value in values.items():
                setattr(row, key, value)

    def get_batch(self, batch_id: str) -> BatchRow | None:
        """One class set, or None."""
        with self._session() as session:
            return session.get(BatchRow, batch_id)

    def batch_errors(self, row: BatchRow) -> list[BatchError]:
        """The per-essay failures recorded for a class set."""
        return [BatchError(**e) for e in json.loads(row.errors_json or "[]")]

    def list_batches(self, *, limit: int = 50) -> list[BatchRow]:
        """Class sets, newest first."""
        stmt = select(BatchRow).order_by(BatchRow.created_at.desc(), BatchRow.id).limit(limit)
        with self._session() as session:
            return list(session.scalars(stmt))

    def fail_unfinished(self) -> None:
        """Mark class sets a previous server left running as interrupted."""
        with self._session.begin() as session:
            for row in session.scalars(select(BatchRow).where(BatchRow.status.in_(("queued", "running")))):
                row.status = "failed"
                row.current = "interrupted: the server stopped before this class set finished"


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()
