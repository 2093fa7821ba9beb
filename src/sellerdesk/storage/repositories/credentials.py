"""API tokens, web sessions and sign-in attempts: everything stored about signing in.

Secrets are never stored: tokens and session cookies are looked up by their sha256.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import case, delete, func, or_, select, update
from sqlalchemy.orm import Session

if TYPE_CHECKING:
    from sqlalchemy.dialects import postgresql, sqlite

from sellerdesk.storage.tables import (
    ApiTokenRow,
    LoginAttemptRow,
    ServerSecretRow,
    SignInCounterRow,
    UserRow,
    WebSessionRow,
)


def add_token(session: Session, row: ApiTokenRow) -> ApiTokenRow:
    session.add(row)
    session.flush()
    return row


def token_by_hash(session: Session, token_hash: str) -> tuple[ApiTokenRow, UserRow] | None:
    row = session.execute(
        select(ApiTokenRow, UserRow)
        .join(UserRow, UserRow.id == ApiTokenRow.user_id)
        .where(ApiTokenRow.token_hash == token_hash)
    ).first()
    return None if row is None else (row[0], row[1])


def get_token(session: Session, token_id: int) -> ApiTokenRow | None:
    return session.get(ApiTokenRow, token_id)


def tokens(session: Session, user_id: int | None = None) -> list[tuple[ApiTokenRow, str]]:
    """Tokens with their user's name, oldest first."""
    query = select(ApiTokenRow, UserRow.name).join(UserRow, UserRow.id == ApiTokenRow.user_id)
    if user_id is not None:
        query = query.where(ApiTokenRow.user_id == user_id)
    return [(t, n) for t, n in session.execute(query.order_by(ApiTokenRow.id)).all()]


def touch_token(
    session: Session, token_id: int, now: datetime, *, older_than: datetime | None = None
) -> None:
    """Set last_used_at; with ``older_than`` only if it is still older (another request
    may have touched it since we read it)."""
    query = update(ApiTokenRow).where(ApiTokenRow.id == token_id)
    if older_than is not None:
        query = query.where(
            or_(ApiTokenRow.last_used_at.is_(None), ApiTokenRow.last_used_at < older_than)
        )
    session.execute(query.values(last_used_at=now).execution_options(synchronize_session=False))


def add_web_session(session: Session, row: WebSessionRow) -> WebSessionRow:
    session.add(row)
    session.flush()
    return row


def web_session_by_hash(
    session: Session, session_hash: str
) -> tuple[WebSessionRow, UserRow] | None:
    row = session.execute(
        select(WebSessionRow, UserRow)
        .join(UserRow, UserRow.id == WebSessionRow.user_id)
        .where(WebSessionRow.session_hash == session_hash)
    ).first()
    return None if row is None else (row[0], row[1])


def end_web_sessions(
    session: Session, *, now: datetime, user_id: int, keep_hash: str | None = None
) -> int:
    """End the user's live sessions (all but the one whose hash is ``keep_hash``)."""
    query = update(WebSessionRow).where(
        WebSessionRow.user_id == user_id, WebSessionRow.revoked_at.is_(None)
    )
    if keep_hash is not None:
        query = query.where(WebSessionRow.session_hash != keep_hash)
    result = session.execute(
        query.values(revoked_at=now).execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0) or 0)


def revoke_tokens(session: Session, *, now: datetime, user_id: int) -> int:
    result = session.execute(
        update(ApiTokenRow)
        .where(ApiTokenRow.user_id == user_id, ApiTokenRow.revoked_at.is_(None))
        .values(revoked_at=now)
        .execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0) or 0)


def add_attempt(session: Session, *, name: str, client: str, at: datetime, ok: bool) -> None:
    session.add(LoginAttemptRow(name=name, client=client, at=at, succeeded=ok))


def failures_since(
    session: Session, *, since: datetime, name: str | None = None, client: str | None = None
) -> int:
    """Failed attempts after ``since`` (for one name, or from one client), after the last
    success of that name: a good sign-in clears the count."""
    query = (
        select(func.count())
        .select_from(LoginAttemptRow)
        .where(LoginAttemptRow.at > since, LoginAttemptRow.succeeded.is_(False))
    )
    if name is not None:
        last_ok = (
            select(func.max(LoginAttemptRow.at))
            .where(LoginAttemptRow.name == name, LoginAttemptRow.succeeded.is_(True))
            .scalar_subquery()
        )
        query = query.where(
            LoginAttemptRow.name == name, LoginAttemptRow.at > func.coalesce(last_ok, since)
        )
    if client is not None:
        query = query.where(LoginAttemptRow.client == client)
    return int(session.scalar(query) or 0)


def forget_attempts_before(session: Session, before: datetime) -> None:
    session.execute(delete(LoginAttemptRow).where(LoginAttemptRow.at < before))


def _insert(session: Session, table: Any) -> postgresql.Insert | sqlite.Insert:
    """INSERT with ON CONFLICT, in the session's dialect (both spell it the same way)."""
    # imported here: the PostgreSQL dialect costs ~30 ms, and every CLI run that opens the
    # store imports this module (through services/tokens.py)
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return pg_insert(table)
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return sqlite_insert(table)


def reserve_attempt(
    session: Session, *, key: str, now: datetime, window_began_before: datetime
) -> tuple[int, datetime]:
    """Count one more attempt for ``key`` in one statement (an upsert that locks the row),
    starting a new window when the stored one began before ``window_began_before``; returns
    (attempts in the window including this one, when the window began)."""
    table = SignInCounterRow.__table__
    expired = table.c.window_start <= window_began_before
    statement = (
        _insert(session, table)
        .values(key=key, window_start=now, attempts=1)
        .on_conflict_do_update(
            index_elements=[table.c.key],
            set_={
                "attempts": case((expired, 1), else_=table.c.attempts + 1),
                "window_start": case((expired, now), else_=table.c.window_start),
            },
        )
        .returning(table.c.attempts, table.c.window_start)
    )
    row = session.execute(statement).one()
    return int(row[0]), row[1]


def give_back_attempt(session: Session, key: str) -> None:
    """Take back one reserved attempt (a sign-in that succeeded is not held against an address)."""
    session.execute(
        update(SignInCounterRow)
        .where(SignInCounterRow.key == key, SignInCounterRow.attempts > 0)
        .values(attempts=SignInCounterRow.attempts - 1)
        .execution_options(synchronize_session=False)
    )


def clear_attempts(session: Session, key: str) -> None:
    session.execute(delete(SignInCounterRow).where(SignInCounterRow.key == key))


def forget_counters_before(session: Session, before: datetime) -> None:
    session.execute(delete(SignInCounterRow).where(SignInCounterRow.window_start < before))


def server_secret(session: Session, name: str) -> str | None:
    return session.scalar(select(ServerSecretRow.value).where(ServerSecretRow.name == name))


def add_server_secret_once(session: Session, *, name: str, value: str, now: datetime) -> str:
    """Store ``value`` under ``name`` unless another process did first; the stored value."""
    table = ServerSecretRow.__table__
    session.execute(
        _insert(session, table)
        .values(name=name, value=value, created_at=now)
        .on_conflict_do_nothing(index_elements=[table.c.name])
    )
    stored = server_secret(session, name)
    assert stored is not None
    return stored
