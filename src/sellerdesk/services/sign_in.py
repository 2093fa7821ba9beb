"""Signing in through the browser: rate-limited password checks and server-side sessions.

The cookie holds a random secret; the database holds its sha256, so signing out ends the
session on every process, and a stolen database copy holds no usable cookie. Attempts
are counted in the database, reserved one upsert each before the password is checked, so
the limit holds across processes and machines and under a concurrent burst.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sellerdesk.core.access import Principal
from sellerdesk.core.errors import TooManyAttempts, Unauthenticated
from sellerdesk.services.tokens import digest
from sellerdesk.services.tracker import read_transaction, transaction
from sellerdesk.services.users import principal_of, verify_password
from sellerdesk.storage.records import WebSessionRow
from sellerdesk.storage.repositories import credentials
from sellerdesk.storage.session import Session, sessionmaker

SESSION_LIFETIME = timedelta(hours=12)
WINDOW = timedelta(minutes=15)
MAX_FAILURES_PER_NAME = 5  # then that name waits out the window
MAX_FAILURES_PER_CLIENT = 20  # one address trying many names
KEEP_ATTEMPTS = timedelta(days=1)
NAME_KEY, CLIENT_KEY = "name:", "client:"  # sign_in_counters keys


@dataclass(frozen=True)
class SignedIn:
    principal: Principal
    secret: str  # the cookie's value: shown to the browser only
    csrf_token: str
    must_change_password: bool
    expires_at: datetime


@dataclass(frozen=True)
class WebSession:
    principal: Principal
    csrf_token: str
    must_change_password: bool


def _refused() -> Unauthenticated:
    return Unauthenticated.of("sign_in.wrong", field="password")


def _too_many(*, per_name: bool, began: datetime, now: datetime) -> TooManyAttempts:
    wait = max(1, int((began + WINDOW - now).total_seconds()))
    minutes = max(1, -(-wait // 60))
    if per_name:
        return TooManyAttempts(
            "too many failed sign-ins for this user.",
            retry_after=wait,
            field="name",
            fix=f"wait {minutes} minutes, or ask an admin to set a new password.",
        )
    return TooManyAttempts(
        "too many failed sign-ins from this address.",
        retry_after=wait,
        field="name",
        fix=f"wait {minutes} minutes.",
    )


def reserve(sessions: sessionmaker[Session], *, name: str, client: str, now: datetime) -> None:
    """Count this attempt against the name and the client BEFORE the password is checked,
    each with one upsert (a row lock on PostgreSQL, BEGIN IMMEDIATE on SQLite), so that of a
    burst of concurrent attempts at most the limit are judged; TooManyAttempts beyond it
    (that attempt is not counted: the window does not grow)."""
    began_before = now - WINDOW
    with transaction(sessions) as session:
        count, began = credentials.reserve_attempt(
            session, key=NAME_KEY + name, now=now, window_began_before=began_before
        )
        if count > MAX_FAILURES_PER_NAME:
            raise _too_many(per_name=True, began=began, now=now)
        count, began = credentials.reserve_attempt(
            session, key=CLIENT_KEY + client, now=now, window_began_before=began_before
        )
        if count > MAX_FAILURES_PER_CLIENT:
            raise _too_many(per_name=False, began=began, now=now)


def sign_in(
    *, sessions: sessionmaker[Session], now: datetime, name: str, password: str, client: str
) -> SignedIn:
    """Check the password (rate-limited per name and per client) and open a session."""
    # kept as typed for the rate limit, less control characters (PostgreSQL refuses NUL)
    who = "".join(c for c in name.strip() if c.isprintable())[:80]
    where = "".join(c for c in client if c.isprintable())[:64] or "unknown"
    reserve(sessions, name=who, client=where, now=now)
    with transaction(sessions) as session:
        user = verify_password(session, name, password, now=now)
        credentials.add_attempt(session, name=who, client=where, at=now, ok=user is not None)
        credentials.forget_attempts_before(session, now - KEEP_ATTEMPTS)
        credentials.forget_counters_before(session, now - KEEP_ATTEMPTS)
        if user is None:
            failed = True
        else:
            failed = False
            credentials.clear_attempts(session, NAME_KEY + who)  # a good sign-in clears it
            credentials.give_back_attempt(session, CLIENT_KEY + where)
            secret, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(24)
            expires = now + SESSION_LIFETIME
            credentials.add_web_session(
                session,
                WebSessionRow(
                    user_id=user.id,
                    session_hash=digest(secret),
                    csrf_token=csrf,
                    created_at=now,
                    last_seen_at=now,
                    expires_at=expires,
                ),
            )
            signed = SignedIn(
                principal_of(session, user), secret, csrf, user.must_change_password, expires
            )
    if failed:  # raised after the commit: the failed attempt stays counted
        raise _refused()
    return signed


def resolve(session: Session, secret: str, *, now: datetime) -> WebSession | None:
    """The live session behind a cookie, or None (unknown, expired, signed out, user off)."""
    found = credentials.web_session_by_hash(session, digest(secret)) if secret else None
    if found is None:
        return None
    row, user = found
    if row.revoked_at is not None or row.expires_at <= now or not user.active:
        return None
    return WebSession(principal_of(session, user), row.csrf_token, user.must_change_password)


def session_of(sessions: sessionmaker[Session], secret: str, *, now: datetime) -> WebSession | None:
    """:func:`resolve` in a read-only transaction of its own (what a page, the API's
    session check and the password-change gate ask on every request)."""
    with read_transaction(sessions) as session:
        return resolve(session, secret, now=now)


def ended_by_disabling(sessions: sessionmaker[Session], secret: str) -> bool:
    """Whether a cookie's session ended because its user was disabled (the sign-in page
    then says so: "your account was disabled; ask an admin"), not by expiry or sign-out."""
    if not secret:
        return False
    with read_transaction(sessions) as session:
        found = credentials.web_session_by_hash(session, digest(secret))
        return found is not None and not found[1].active


def sign_out(*, sessions: sessionmaker[Session], now: datetime, secret: str) -> None:
    with transaction(sessions) as session:
        found = credentials.web_session_by_hash(session, digest(secret)) if secret else None
        if found is not None and found[0].revoked_at is None:
            found[0].revoked_at = now


def end_all_sessions(*, sessions: sessionmaker[Session], now: datetime, user_id: int) -> None:
    with transaction(sessions) as session:
        credentials.end_web_sessions(session, now=now, user_id=user_id)
