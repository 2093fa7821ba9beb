"""Idempotency keys of create requests: claimed before the work, answered after it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, delete, select, update
from sqlalchemy.orm import Session

from sellerdesk.storage.tables import IdempotencyKeyRow


def find(session: Session, user_id: int, key: str) -> IdempotencyKeyRow | None:
    return session.scalars(
        select(IdempotencyKeyRow).where(
            IdempotencyKeyRow.user_id == user_id, IdempotencyKeyRow.key == key
        )
    ).first()


def claim(session: Session, *, user_id: int, key: str, fingerprint: str, now: datetime) -> None:
    """Insert the pending key, claimed at ``now`` (``created_at``: when its lease began); a
    concurrent claim of the same key fails on the unique index."""
    session.add(
        IdempotencyKeyRow(
            user_id=user_id,
            key=key,
            fingerprint=fingerprint,
            status_code=None,
            response=None,
            created_at=now,
        )
    )
    session.flush()


def _ours(user_id: int, key: str, claimed_at: datetime) -> tuple[ColumnElement[bool], ...]:
    """The pending claim taken at ``claimed_at`` (not one taken over since)."""
    return (
        IdempotencyKeyRow.user_id == user_id,
        IdempotencyKeyRow.key == key,
        IdempotencyKeyRow.status_code.is_(None),
        IdempotencyKeyRow.created_at == claimed_at,
    )


def take_over(
    session: Session, *, user_id: int, key: str, claimed_at: datetime, now: datetime
) -> bool:
    """Claim anew a pending key whose lease ran out (claimed at ``claimed_at``); a conditional
    UPDATE, so of two retries racing for it only one wins, on both databases."""
    result = session.execute(
        update(IdempotencyKeyRow)
        .where(*_ours(user_id, key, claimed_at))
        .values(created_at=now)
        .execution_options(synchronize_session=False)
    )
    return _count(result) == 1


def answer(
    session: Session,
    *,
    user_id: int,
    key: str,
    claimed_at: datetime,
    status_code: int,
    response: dict[str, Any],
) -> bool:
    """Store the answer on our claim; False when the claim was taken over meanwhile."""
    result = session.execute(
        update(IdempotencyKeyRow)
        .where(*_ours(user_id, key, claimed_at))
        .values(status_code=status_code, response=response)
        .execution_options(synchronize_session=False)
    )
    return _count(result) == 1


def release(session: Session, *, user_id: int, key: str, claimed_at: datetime) -> None:
    """Forget our pending claim of a request that failed, so the client may try again."""
    session.execute(delete(IdempotencyKeyRow).where(*_ours(user_id, key, claimed_at)))


def _count(result: Any) -> int:
    return int(getattr(result, "rowcount", 0) or 0)


def forget_before(session: Session, before: datetime) -> None:
    session.execute(delete(IdempotencyKeyRow).where(IdempotencyKeyRow.created_at < before))
