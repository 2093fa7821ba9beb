"""Idempotency keys of create requests: claimed before the work, answered after it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from sellerdesk.storage.tables import IdempotencyKeyRow


def find(session: Session, user_id: int, key: str) -> IdempotencyKeyRow | None:
    return session.scalars(
        select(IdempotencyKeyRow).where(
            IdempotencyKeyRow.user_id == user_id, IdempotencyKeyRow.key == key
        )
    ).first()


def claim(session: Session, *, user_id: int, key: str, fingerprint: str, now: datetime) -> None:
    """Insert the pending key; a concurrent claim of the same key fails on the unique index."""
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


def answer(
    session: Session, *, user_id: int, key: str, status_code: int, response: dict[str, Any]
) -> None:
    session.execute(
        update(IdempotencyKeyRow)
        .where(IdempotencyKeyRow.user_id == user_id, IdempotencyKeyRow.key == key)
        .values(status_code=status_code, response=response)
        .execution_options(synchronize_session=False)
    )


def release(session: Session, *, user_id: int, key: str) -> None:
    """Forget a pending key whose request failed, so the client may try again with it."""
    session.execute(
        delete(IdempotencyKeyRow).where(
            IdempotencyKeyRow.user_id == user_id,
            IdempotencyKeyRow.key == key,
            IdempotencyKeyRow.status_code.is_(None),
        )
    )


def forget_before(session: Session, before: datetime) -> None:
    session.execute(delete(IdempotencyKeyRow).where(IdempotencyKeyRow.created_at < before))
