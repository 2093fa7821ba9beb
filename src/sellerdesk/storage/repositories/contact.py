"""What `doctor-contact` reads: who spoke last on a case, from where, and who waits on us."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sellerdesk.core.cases.status import OPEN_STATUSES
from sellerdesk.storage.tables import CaseRow, EventRow


def reply_times(session: Session, case_ids: Sequence[int]) -> dict[int, dict[str, datetime]]:
    """``{case id: {"in": newest Amazon record, "out": newest record to Amazon}}``."""
    if not case_ids:
        return {}
    rows = session.execute(
        select(EventRow.case_id, EventRow.direction, func.max(EventRow.occurred_at))
        .where(EventRow.case_id.in_(list(case_ids)), EventRow.direction.in_(("in", "out")))
        .group_by(EventRow.case_id, EventRow.direction)
    ).all()
    out: dict[int, dict[str, datetime]] = {}
    for case_id, direction, newest in rows:
        out.setdefault(case_id, {})[direction] = newest
    return out


def outgoing(
    session: Session, case_ids: Sequence[int]
) -> dict[int, list[tuple[str | None, str | None, datetime]]]:
    """``(channel, author, time)`` of every record the team sent to Amazon, per case."""
    if not case_ids:
        return {}
    rows = session.execute(
        select(EventRow.case_id, EventRow.channel, EventRow.author, EventRow.occurred_at)
        .where(EventRow.case_id.in_(list(case_ids)), EventRow.direction == "out")
        .order_by(EventRow.case_id, EventRow.occurred_at)
    ).all()
    out: dict[int, list[tuple[str | None, str | None, datetime]]] = {}
    for case_id, channel, author, at in rows:
        out.setdefault(case_id, []).append((channel, author, at))
    return out


def open_cases(session: Session, store_id: int, *, limit: int) -> list[CaseRow]:
    """The store's open cases, newest first, in one query (the channel check reads these)."""
    return list(
        session.scalars(
            select(CaseRow)
            .where(CaseRow.store_id == store_id, CaseRow.status.in_(OPEN_STATUSES))
            .order_by(CaseRow.id.desc())
            .limit(limit)
        )
    )


def waiting_on_team(session: Session, store_id: int, *, limit: int) -> list[int]:
    """Open cases where Amazon has answered and the team owes the next word."""
    return list(
        session.scalars(
            select(CaseRow.id)
            .where(
                CaseRow.store_id == store_id,
                CaseRow.status.in_(OPEN_STATUSES),
                CaseRow.waiting_on == "team",
            )
            .order_by(CaseRow.next_breach_at.asc().nulls_last(), CaseRow.id)
            .limit(limit)
        )
    )
