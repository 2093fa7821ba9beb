"""The dashboard's reads: the newest ids (to tell whether anything changed) and the latest
submitted cases with the time of Amazon's first reply."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Row, func, select
from sqlalchemy.orm import Session

from sellerdesk.storage.tables import CaseRow, EventRow


def newest_ids(session: Session) -> tuple[int, int]:
    """The largest case id and event id (0 when there is none): two primary-key lookups."""
    return (
        int(session.scalar(select(func.max(CaseRow.id))) or 0),
        int(session.scalar(select(func.max(EventRow.id))) or 0),
    )


def latest_submitted(
    session: Session, readable: Collection[int] | None, limit: int
) -> list[Row[Any]]:
    """The ``limit`` newest submitted cases of the readable stores (None: all) as rows of
    ``id, submitted_at, status, resolved_at, category, marketplace, body``."""
    # columns, not ORM rows: this runs on every dashboard view
    query = select(
        CaseRow.id,
        CaseRow.submitted_at,
        CaseRow.status,
        CaseRow.resolved_at,
        CaseRow.category,
        CaseRow.marketplace,
        CaseRow.body,
    ).where(CaseRow.submitted_at.is_not(None))
    if readable is not None:
        query = query.where(CaseRow.store_id.in_(readable or [-1]))
    query = query.order_by(CaseRow.submitted_at.desc(), CaseRow.id.desc())
    return list(session.execute(query.limit(limit)))


def first_inbound(session: Session, case_ids: Sequence[int]) -> dict[int, datetime]:
    """``{case id: when Amazon first wrote}`` for the cases that have an inbound event."""
    if not case_ids:
        return {}
    events = session.execute(
        select(EventRow.case_id, func.min(EventRow.occurred_at))
        .where(EventRow.case_id.in_(list(case_ids)), EventRow.direction == "in")
        .group_by(EventRow.case_id)
    )
    return {case_id: at for case_id, at in events}
