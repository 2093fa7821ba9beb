"""Durable reminders. A worker claims one with a conditional UPDATE, so it fires once.

A reminder is *pending* while ``done_at`` is NULL. A claim is ``claimed_at``/``claimed_by``;
a claim older than the lease with no ``done_at`` belongs to a crashed worker and may be
taken again. A reminder whose condition went away is *cancelled*: done, and claimed by
:data:`CANCELLED` (no worker has that name), so it is never delivered.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import ColumnElement, CursorResult, and_, or_, select, update
from sqlalchemy.orm import Session

from sellerdesk.storage.tables import CaseRow, ReminderRow

CANCELLED = "(cancelled)"


def for_case(session: Session, case_id: int) -> list[ReminderRow]:
    return list(
        session.scalars(
            select(ReminderRow)
            .where(ReminderRow.case_id == case_id)
            .order_by(ReminderRow.due_at, ReminderRow.id)
        )
    )


def add(
    session: Session, *, case_id: int, kind: str, due_at: datetime, now: datetime
) -> ReminderRow:
    row = ReminderRow(case_id=case_id, kind=kind, due_at=due_at, created_at=now)
    session.add(row)
    session.flush()
    return row


def cancel(row: ReminderRow, *, now: datetime) -> None:
    row.claimed_at, row.claimed_by, row.done_at = now, CANCELLED, now


def revive(row: ReminderRow) -> None:
    """A cancelled reminder whose condition holds again is pending again."""
    row.claimed_at = row.claimed_by = row.done_at = None


def _claimable(now: datetime, stale_before: datetime) -> ColumnElement[bool]:
    return and_(
        ReminderRow.done_at.is_(None),
        ReminderRow.due_at <= now,
        or_(ReminderRow.claimed_at.is_(None), ReminderRow.claimed_at < stale_before),
    )


def claimable_ids(
    session: Session, *, now: datetime, stale_before: datetime, limit: int
) -> list[int]:
    """Due, not done, and unclaimed (or claimed before ``stale_before``), oldest first."""
    return list(
        session.scalars(
            select(ReminderRow.id)
            .where(_claimable(now, stale_before))
            .order_by(ReminderRow.due_at, ReminderRow.id)
            .limit(limit)
        )
    )


def try_claim(
    session: Session, reminder_id: int, *, now: datetime, worker_id: str, stale_before: datetime
) -> bool:
    """Claim one reminder; True only for the one worker whose UPDATE changed the row.

    The condition is re-checked by the UPDATE itself: a rival that claimed the row after
    our SELECT leaves nothing for us to change (PostgreSQL re-reads the locked row, SQLite
    runs writers one at a time).
    """
    result = session.execute(
        update(ReminderRow)
        .where(ReminderRow.id == reminder_id, _claimable(now, stale_before))
        .values(claimed_at=now, claimed_by=worker_id)
        .execution_options(synchronize_session=False)
    )
    assert isinstance(result, CursorResult)
    return result.rowcount == 1


def mark_done(session: Session, reminder_id: int, *, now: datetime, worker_id: str) -> bool:
    """Done, if ``worker_id`` still holds the claim and nobody finished or cancelled it."""
    result = session.execute(
        update(ReminderRow)
        .where(
            ReminderRow.id == reminder_id,
            ReminderRow.claimed_by == worker_id,
            ReminderRow.done_at.is_(None),
        )
        .values(done_at=now)
        .execution_options(synchronize_session=False)
    )
    assert isinstance(result, CursorResult)
    return result.rowcount == 1


def by_ids(session: Session, ids: Sequence[int]) -> list[ReminderRow]:
    if not ids:
        return []
    return list(
        session.scalars(
            select(ReminderRow).where(ReminderRow.id.in_(ids)).order_by(ReminderRow.due_at)
        )
    )


def pending_with_cases(
    session: Session,
    *,
    due_by: datetime | None = None,
    limit: int = 500,
    store_ids: Iterable[int] | None = None,
) -> list[tuple[ReminderRow, CaseRow]]:
    """Pending reminders (due by ``due_by``, when given) with their cases, oldest first."""
    query = (
        select(ReminderRow, CaseRow)
        .join(CaseRow, CaseRow.id == ReminderRow.case_id)
        .where(ReminderRow.done_at.is_(None))
        .order_by(ReminderRow.due_at, ReminderRow.id)
        .limit(limit)
    )
    if due_by is not None:
        query = query.where(ReminderRow.due_at <= due_by)
    if store_ids is not None:
        query = query.where(CaseRow.store_id.in_(sorted(store_ids)))
    return [(r, c) for r, c in session.execute(query).all()]
