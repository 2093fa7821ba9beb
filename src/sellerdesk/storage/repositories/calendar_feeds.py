"""Rows of the hours page's secret iCal URLs (only the sha256 of a secret is stored)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from sellerdesk.storage.tables import CalendarFeedRow, UserRow


def revoke_all(session: Session, user_id: int, now: datetime) -> None:
    """Mark every live URL of the user revoked at ``now``."""
    session.execute(
        update(CalendarFeedRow)
        .where(CalendarFeedRow.user_id == user_id, CalendarFeedRow.revoked_at.is_(None))
        .values(revoked_at=now)
    )


def add(session: Session, *, user_id: int, secret_hash: str, now: datetime) -> None:
    session.add(CalendarFeedRow(user_id=user_id, secret_hash=secret_hash, created_at=now))


def live_created_at(session: Session, user_id: int) -> datetime | None:
    """When the user's live URL was made (None: the user has none)."""
    return session.scalar(
        select(CalendarFeedRow.created_at).where(
            CalendarFeedRow.user_id == user_id, CalendarFeedRow.revoked_at.is_(None)
        )
    )


def active_user_with(session: Session, secret_hash: str) -> int | None:
    """The active user whose live URL has this hash, else None."""
    return session.scalar(
        select(CalendarFeedRow.user_id)
        .join(UserRow, UserRow.id == CalendarFeedRow.user_id)
        .where(
            CalendarFeedRow.secret_hash == secret_hash,
            CalendarFeedRow.revoked_at.is_(None),
            UserRow.active.is_(True),
        )
    )
