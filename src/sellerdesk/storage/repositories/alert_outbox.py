"""Rows of the alert outbox and its attempts. Claims are conditional UPDATEs, as reminders'
are: of two workers that try the same row, one changes it. Nothing here commits."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import CursorResult, RowMapping, and_, func, insert, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from sellerdesk.core.cases.status import OPEN_STATUSES
from sellerdesk.storage.alert_tables import alert_attempts as A
from sellerdesk.storage.alert_tables import alert_outbox as T
from sellerdesk.storage.schema import cases

QUEUED, HELD, SENDING = "queued", "held", "sending"
DELIVERED, FAILED, DROPPED = "delivered", "failed", "dropped"
WAITING = (QUEUED, HELD)
STATES = (QUEUED, HELD, SENDING, DELIVERED, FAILED, DROPPED)
UNKNOWN = "unknown"  # an attempt whose request went out and whose answer nobody recorded


def _rowcount(result: object) -> int:
    assert isinstance(result, CursorResult)
    return int(result.rowcount)


def enqueue(session: Session, values: dict[str, Any]) -> int | None:
    """The new alert's id; None when one with the same ``dedupe_key`` exists already."""
    key = values["dedupe_key"]
    if session.scalar(select(T.c.id).where(T.c.dedupe_key == key)) is not None:
        return None
    try:
        with session.begin_nested():
            return int(session.execute(insert(T).values(**values).returning(T.c.id)).scalar_one())
    except IntegrityError:  # a concurrent transaction enqueued the same event first
        return None


def get(session: Session, alert_id: int) -> RowMapping | None:
    return session.execute(select(T).where(T.c.id == alert_id)).mappings().first()


def listed(
    session: Session, *, states: Sequence[str] = (), limit: int = 50, offset: int = 0
) -> list[RowMapping]:
    query = select(T).order_by(T.c.id.desc()).limit(limit).offset(offset)
    if states:
        query = query.where(T.c.state.in_(list(states)))
    return list(session.execute(query).mappings())


def counts(session: Session) -> dict[str, int]:
    rows = session.execute(select(T.c.state, func.count()).group_by(T.c.state)).all()
    return {str(state): int(n) for state, n in rows}


def due(session: Session, *, now: datetime, limit: int) -> list[RowMapping]:
    """Waiting alerts whose time has come, oldest first."""
    return list(
        session.execute(
            select(T)
            .where(T.c.state.in_(WAITING), T.c.not_before <= now)
            .order_by(T.c.not_before, T.c.id)
            .limit(limit)
        ).mappings()
    )


def hold(session: Session, alert_id: int, *, until: datetime, reason: str) -> bool:
    """Held until ``until`` (outside its recipient's hours), if still waiting."""
    result = session.execute(
        update(T)
        .where(T.c.id == alert_id, T.c.state.in_(WAITING))
        .values(state=HELD, not_before=until, reason=reason)
    )
    return _rowcount(result) == 1


def held_ahead(session: Session, *, now: datetime, limit: int) -> list[RowMapping]:
    """Alerts held until a time still ahead: the team's hours may have changed since."""
    return list(
        session.execute(
            select(T)
            .where(T.c.state == HELD, T.c.not_before > now)
            .order_by(T.c.not_before, T.c.id)
            .limit(limit)
        ).mappings()
    )


def rehold(session: Session, alert_id: int, *, until: datetime, reason: str | None) -> bool:
    """A held alert's time moved (to ``now`` when its recipient is at work again)."""
    result = session.execute(
        update(T)
        .where(T.c.id == alert_id, T.c.state == HELD)
        .values(not_before=until, reason=reason)
    )
    return _rowcount(result) == 1


def send_now(session: Session, alert_id: int, *, now: datetime) -> bool:
    """A held alert sent at the next round, working hours or not (a person asked): marked
    urgent, as urgent alerts are the ones the hours never hold."""
    result = session.execute(
        update(T)
        .where(T.c.id == alert_id, T.c.state == HELD)
        .values(state=QUEUED, not_before=now, urgent=True, reason=None)
    )
    return _rowcount(result) == 1


def defer(session: Session, alert_id: int, *, until: datetime) -> bool:
    """A waiting alert looked at again no sooner than ``until`` (its channel has no room now),
    so that it does not hide other channels' alerts from the next round."""
    result = session.execute(
        update(T)
        .where(T.c.id == alert_id, T.c.state.in_(WAITING), T.c.not_before < until)
        .values(not_before=until)
    )
    return _rowcount(result) == 1


def claim(
    session: Session, alert_id: int, *, now: datetime, worker: str, lease_until: datetime
) -> bool:
    """Claim one due alert for ``worker``: True only for the worker whose UPDATE changed it
    (the condition is checked again by the UPDATE itself)."""
    result = session.execute(
        update(T)
        .where(T.c.id == alert_id, T.c.state.in_(WAITING), T.c.not_before <= now)
        .values(
            state=SENDING,
            claimed_by=worker,
            lease_until=lease_until,
            reason=None,
        )
    )
    return _rowcount(result) == 1


def _mine(ids: Sequence[int], worker: str) -> Any:
    return and_(T.c.id.in_(list(ids)), T.c.state == SENDING, T.c.claimed_by == worker)


def delivered(
    session: Session, ids: Sequence[int], *, worker: str, now: datetime, digest_id: int | None
) -> int:
    result = session.execute(
        update(T)
        .where(_mine(ids, worker))
        .values(state=DELIVERED, delivered_at=now, digest_id=digest_id, lease_until=None)
    )
    return _rowcount(result)


def requeue(
    session: Session, ids: Sequence[int], *, worker: str, not_before: datetime, reason: str
) -> int:
    result = session.execute(
        update(T)
        .where(_mine(ids, worker))
        .values(state=QUEUED, not_before=not_before, reason=reason, lease_until=None)
    )
    return _rowcount(result)


def failed(session: Session, ids: Sequence[int], *, worker: str, reason: str) -> int:
    result = session.execute(
        update(T).where(_mine(ids, worker)).values(state=FAILED, reason=reason, lease_until=None)
    )
    return _rowcount(result)


def drop_waiting(session: Session, alert_id: int, *, reason: str) -> bool:
    result = session.execute(
        update(T)
        .where(T.c.id == alert_id, T.c.state.in_(WAITING))
        .values(state=DROPPED, reason=reason)
    )
    return _rowcount(result) == 1


def lapsed(session: Session, *, now: datetime) -> list[RowMapping]:
    """Alerts left ``sending`` past their lease: their worker stopped mid-send."""
    return list(
        session.execute(
            select(T).where(
                T.c.state == SENDING, or_(T.c.lease_until.is_(None), T.c.lease_until < now)
            )
        ).mappings()
    )


def settle_lapsed(session: Session, alert_id: int, *, now: datetime, reason: str) -> bool:
    """A lapsed send is failed (not resent: the vendor may have taken it), if still lapsed."""
    result = session.execute(
        update(T)
        .where(T.c.id == alert_id, T.c.state == SENDING, T.c.lease_until < now)
        .values(state=FAILED, reason=reason, lease_until=None)
    )
    return _rowcount(result) == 1


def retry(session: Session, alert_id: int, *, now: datetime) -> bool:
    """A failed or dropped alert queued again at once (a person asked)."""
    result = session.execute(
        update(T)
        .where(T.c.id == alert_id, T.c.state.in_((FAILED, DROPPED)))
        .values(state=QUEUED, not_before=now, reason=None, claimed_by=None, lease_until=None)
    )
    return _rowcount(result) == 1


# attempts ---------------------------------------------------------------------------------


def start_attempts(
    session: Session,
    ids: Sequence[int],
    *,
    channel_id: int,
    at: datetime,
    worker: str,
    send_key: str,
) -> None:
    """One attempt row per alert in the request, outcome ``sending`` until it is known;
    each alert counts one attempt more."""
    session.execute(update(T).where(T.c.id.in_(list(ids))).values(attempts=T.c.attempts + 1))
    session.execute(
        insert(A),
        [
            {
                "alert_id": i,
                "channel_id": channel_id,
                "at": at,
                "worker": worker,
                "send_key": send_key,
                "outcome": SENDING,
                "digest_size": len(ids),
            }
            for i in ids
        ],
    )


def finish_attempts(session: Session, send_key: str, **values: Any) -> None:
    session.execute(
        update(A).where(A.c.send_key == send_key, A.c.outcome == SENDING).values(**values)
    )


def settle_attempts(session: Session, alert_id: int, *, detail: str) -> None:
    session.execute(
        update(A)
        .where(A.c.alert_id == alert_id, A.c.outcome == SENDING)
        .values(outcome=UNKNOWN, detail=detail)
    )


def attempts_of(session: Session, alert_id: int) -> list[RowMapping]:
    return list(
        session.execute(
            select(A).where(A.c.alert_id == alert_id).order_by(A.c.at, A.c.id)
        ).mappings()
    )


def requests_since(session: Session, channel_id: int, since: datetime) -> int:
    """Requests made to the channel since ``since`` (a digest is one request)."""
    return int(
        session.scalar(
            select(func.count(func.distinct(A.c.send_key))).where(
                A.c.channel_id == channel_id, A.c.at >= since
            )
        )
        or 0
    )


def channel_waits_until(session: Session, channel_id: int) -> datetime | None:
    """Until when the channel asked us to wait (its latest rate-limited answer), if ever."""
    latest: datetime | None = session.scalar(
        select(func.max(A.c.wait_until)).where(A.c.channel_id == channel_id)
    )
    return latest


def refund_attempt(session: Session, ids: Sequence[int]) -> None:
    """A rate-limited try does not count towards giving up (it is still recorded)."""
    session.execute(
        update(T).where(T.c.id.in_(list(ids)), T.c.attempts > 0).values(attempts=T.c.attempts - 1)
    )


def cases_breaching(
    session: Session, *, after: datetime, by: datetime, limit: int = 500
) -> list[Any]:
    """Open cases whose next clock breach falls in (``after``, ``by``], soonest first
    (rows with attribute access: id, store_id, subject, assignee, priority, waiting_on,
    next_breach_at)."""
    c = cases.c
    query = (
        select(c.id, c.store_id, c.subject, c.assignee, c.priority, c.waiting_on, c.next_breach_at)
        .where(c.next_breach_at > after, c.next_breach_at <= by, c.status.in_(OPEN_STATUSES))
        .order_by(c.next_breach_at, c.id)
        .limit(limit)
    )
    return list(session.execute(query).all())
