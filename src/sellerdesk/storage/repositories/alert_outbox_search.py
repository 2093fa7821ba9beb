"""The outbox read with filters (state, channel, trigger, case) a page at a time, and how
many alerts match, for the API's outbox list. Nothing here commits."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import RowMapping, func, select
from sqlalchemy.orm import Session

from sellerdesk.storage.alert_tables import alert_outbox as T


def _where(
    states: Sequence[str], channel_id: int | None, trigger: str | None, case_id: int | None
) -> list[Any]:
    found: list[Any] = []
    if states:
        found.append(T.c.state.in_(list(states)))
    if channel_id is not None:
        found.append(T.c.channel_id == channel_id)
    if trigger is not None:
        found.append(T.c.trigger == trigger)
    if case_id is not None:
        found.append(T.c.case_id == case_id)
    return found


def page(
    session: Session,
    *,
    states: Sequence[str] = (),
    channel_id: int | None = None,
    trigger: str | None = None,
    case_id: int | None = None,
    limit: int = 50,
    offset: int = 0,
) -> list[RowMapping]:
    """The matching alerts, newest first."""
    query = select(T).where(*_where(states, channel_id, trigger, case_id))
    query = query.order_by(T.c.id.desc()).limit(limit).offset(offset)
    return list(session.execute(query).mappings())


def total(
    session: Session,
    *,
    states: Sequence[str] = (),
    channel_id: int | None = None,
    trigger: str | None = None,
    case_id: int | None = None,
) -> int:
    query = select(func.count()).select_from(T).where(*_where(states, channel_id, trigger, case_id))
    return int(session.execute(query).scalar_one())
