"""Communication records and status moves of a case. Append-only: no update, no delete here."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from sellerdesk.storage.repositories import case_reads
from sellerdesk.storage.tables import EventRow


def add(session: Session, row: EventRow) -> EventRow:
    session.add(row)
    session.flush()  # the id links attachments; the row must be visible to the clock query
    return row


def status_moves(session: Session, case_id: int) -> list[tuple[datetime, dict[str, Any]]]:
    """The case's status history, oldest first: ``(occurred_at, {"from", "to", ...})``."""
    return case_reads.status_moves(case_reads.flushed(session), case_id)


def data_of(session: Session, event_id: int) -> dict[str, Any] | None:
    """The event's data (``{}`` when it has none), or None when there is no such event."""
    row = session.get(EventRow, event_id)
    return None if row is None else dict(row.data or {})


def bodies_of(session: Session, case_id: int) -> list[str]:
    return list(
        session.scalars(
            select(EventRow.body)
            .where(EventRow.case_id == case_id, EventRow.body != "")
            .order_by(EventRow.occurred_at, EventRow.id)
        )
    )


def move_communication(session: Session, from_case: int, to_case: int) -> int:
    """Re-point the in/out/note records of a merged case to the case it was merged into.

    Status events stay with their case: they are that case's own clock history, and mixing
    them into the target's history would bend the target's clocks.
    """
    result = session.execute(
        update(EventRow)
        .where(EventRow.case_id == from_case, EventRow.direction != "status")
        .values(case_id=to_case)
        .execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0) or 0)
