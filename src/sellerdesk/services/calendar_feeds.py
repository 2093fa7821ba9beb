"""The per-user secret iCal URL of the hours page: renewed (the old URL stops working),
revoked, resolved. Only the sha256 of a secret is stored, so the URL is shown once."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime

from sellerdesk.services.tracker import transaction
from sellerdesk.storage.repositories import calendar_feeds as feed_rows
from sellerdesk.storage.session import Session, sessionmaker


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


def renew(*, sessions: sessionmaker[Session], now: datetime, user_id: int) -> str:
    """A new secret for the user (the previous URL is revoked); the only copy of it."""
    secret = secrets.token_urlsafe(32)
    with transaction(sessions) as session:
        feed_rows.revoke_all(session, user_id, now)
        feed_rows.add(session, user_id=user_id, secret_hash=_digest(secret), now=now)
    return secret


def revoke(*, sessions: sessionmaker[Session], now: datetime, user_id: int) -> None:
    with transaction(sessions) as session:
        feed_rows.revoke_all(session, user_id, now)


def active_since(*, sessions: sessionmaker[Session], user_id: int) -> datetime | None:
    """When the user's live URL was made (None: the user has none)."""
    with transaction(sessions) as session:
        return feed_rows.live_created_at(session, user_id)


def user_of(*, sessions: sessionmaker[Session], secret: str) -> int | None:
    """The active user whose live URL holds this secret, else None."""
    if not 20 <= len(secret) <= 100:
        return None
    with transaction(sessions) as session:
        return feed_rows.active_user_with(session, _digest(secret))
