"""The ``backup_runs`` table (migration 0013) and its queries: scheduled backups, claimed once.

A scheduled moment (``slot``) is claimed by inserting its row: the unique slot lets exactly one
worker in, on SQLite and PostgreSQL alike. A claim whose worker died (``running`` for longer
than the lease) is taken over by a conditional UPDATE. Not copied by backups or restores
(``storage/transfer.py`` leaves it out): a restore keeps the history of the store it lands in.
Nothing here commits.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Integer, String, Text, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column

from sellerdesk.storage.tables import Base
from sellerdesk.storage.types import UTCDateTime

RUNNING, OK, FAILED = "running", "ok", "failed"


class BackupRunRow(Base):
    """One scheduled backup: who claimed it, and how it ended."""

    __tablename__ = "backup_runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slot: Mapped[datetime] = mapped_column(UTCDateTime, unique=True)
    claimed_by: Mapped[str] = mapped_column(String(200))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    status: Mapped[str] = mapped_column(String(16))
    path: Mapped[str | None] = mapped_column(Text, nullable=True)
    size: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    counts: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)


BACKUP_RUNS = BackupRunRow.__table__


def claim(
    session: Session, *, slot: datetime, worker_id: str, now: datetime, stale_before: datetime
) -> int | None:
    """The run's id when this worker now owns ``slot``; None when another has it or it ran."""
    existing = session.scalar(select(BackupRunRow).where(BackupRunRow.slot == slot))
    if existing is None:
        row = BackupRunRow(slot=slot, claimed_by=worker_id, started_at=now, status=RUNNING)
        try:
            with session.begin_nested():
                session.add(row)
        except IntegrityError:
            return None  # another worker inserted it first
        return row.id
    taken = session.execute(
        update(BackupRunRow)
        .where(
            BackupRunRow.id == existing.id,
            BackupRunRow.status == RUNNING,
            BackupRunRow.started_at < stale_before,
        )
        .values(claimed_by=worker_id, started_at=now)
        .execution_options(synchronize_session=False)
    )
    return existing.id if taken.rowcount == 1 else None  # type: ignore[attr-defined]


def finish(
    session: Session,
    run_id: int,
    *,
    now: datetime,
    status: str,
    path: str | None = None,
    size: int | None = None,
    counts: dict[str, Any] | None = None,
    error: str | None = None,
) -> None:
    session.execute(
        update(BackupRunRow)
        .where(BackupRunRow.id == run_id)
        .values(finished_at=now, status=status, path=path, size=size, counts=counts, error=error)
        .execution_options(synchronize_session=False)
    )


def last(session: Session, status: str) -> BackupRunRow | None:
    return session.scalar(
        select(BackupRunRow)
        .where(BackupRunRow.status == status)
        .order_by(BackupRunRow.finished_at.desc(), BackupRunRow.id.desc())
        .limit(1)
    )
