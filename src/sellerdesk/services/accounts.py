"""Account changes that end sessions: one's own password change, an admin's reset, disable
and role change (issue 13, item 6).

A password change keeps the session it was made in and ends the account's others; a
reset, a disable or a role change ends all of them (the next request of each signs in
again); a disable also revokes the account's API tokens. Tokens cached by an API process
are forgotten at once in this process (``tokens.forget_cached_principals``) and within
``api.token_cache_seconds`` in any other.
"""

from __future__ import annotations

import secrets
from dataclasses import replace
from datetime import datetime
from typing import Any

from sellerdesk.core.errors import Conflict, InvalidInput
from sellerdesk.services import sign_in
from sellerdesk.services.tokens import digest, forget_cached_principals
from sellerdesk.services.tracker import transaction
from sellerdesk.services.user_views import ActivityChange, UserView
from sellerdesk.services.users import (
    check_password,
    check_role,
    hasher,
    user_named,
)
from sellerdesk.storage.records import UserRow
from sellerdesk.storage.repositories import audit, credentials
from sellerdesk.storage.repositories import users as user_rows
from sellerdesk.storage.session import Session, sessionmaker


def _matches(stored: str, password: str) -> bool:
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        return bool(hasher().verify(stored, password))
    except (VerificationError, InvalidHashError):
        return False


def change_own_password(
    *,
    sessions: sessionmaker[Session],
    now: datetime,
    name: str,
    current: str,
    new: str,
    keep_session: str | None = None,
    client: str = "unknown",
) -> None:
    """Set ``name``'s password after checking the current one; end their other sessions
    (``keep_session`` is the secret of the one making the change). Wrong current passwords
    count against the same limit as sign-ins (a stolen session cannot guess at leisure)."""
    with transaction(sessions) as session:
        user = user_named(session, name)
        check_password(new, user.name, field="new_password")
    sign_in.reserve(sessions, name=user.name, client=client, now=now)
    with transaction(sessions) as session:
        user = user_named(session, name)
        if not _matches(user.password_hash, current):
            wrong = True
        else:
            wrong = False
            if _matches(user.password_hash, new):
                raise InvalidInput.of("account.same_password", field="new_password")
            user.password_hash = hasher().hash(new)
            user.must_change_password = False
            user.updated_at = now
            keep = digest(keep_session) if keep_session else None
            credentials.end_web_sessions(session, now=now, user_id=user.id, keep_hash=keep)
            credentials.clear_attempts(session, sign_in.NAME_KEY + user.name)
            credentials.give_back_attempt(session, sign_in.CLIENT_KEY + client)
            _audit(session, now, name, user, "password")
    if wrong:  # after the commit: the wrong guess stays counted
        raise InvalidInput.of("account.wrong_current_password", field="current_password")


def one_time_password(name: str) -> str:
    while True:  # a random one almost never trips a rule; never hand out one that does
        password = secrets.token_urlsafe(15)
        try:
            return check_password(password, name)
        except InvalidInput:
            continue


def reset_password(
    *, sessions: sessionmaker[Session], now: datetime, name: str, actor: str = "cli"
) -> str:
    """A new one-time password for ``name`` (returned, shown once): they must change it at
    their next sign-in; all their sessions end and their sign-in limit is cleared."""
    with transaction(sessions) as session:
        user = user_named(session, name)
        password = one_time_password(user.name)
        user.password_hash = hasher().hash(password)
        user.must_change_password = True
        user.updated_at = now
        credentials.end_web_sessions(session, now=now, user_id=user.id)
        credentials.clear_attempts(session, sign_in.NAME_KEY + user.name)
        _audit(session, now, actor, user, "reset-password")
    return password


def _other_active_admins(session: Session, user: UserRow) -> int:
    return sum(
        1
        for row in user_rows.list_all(session)
        if row.role == "admin" and row.active and row.id != user.id
    )


def set_active(
    *,
    sessions: sessionmaker[Session],
    now: datetime,
    name: str,
    active: bool,
    actor: str = "cli",
) -> ActivityChange:
    """Enable or disable ``name``; disabling ends their sessions and revokes their tokens
    (``tokens_revoked`` in the answer). The last active admin cannot be disabled."""
    revoked = 0
    with transaction(sessions) as session:
        user = user_named(session, name)
        if not active and user.role == "admin" and not _other_active_admins(session, user):
            raise Conflict.of("account.last_admin", field="name", name=user.name)
        changed = user.active != active
        if changed:
            user.active = active
            user.updated_at = now
            _audit(session, now, actor, user, "enable" if active else "disable")
        if not active:
            credentials.end_web_sessions(session, now=now, user_id=user.id)
            revoked = credentials.revoke_tokens(session, now=now, user_id=user.id)
        out = replace(ActivityChange.of(user), tokens_revoked=revoked, changed=changed)
    forget_cached_principals()
    return out


def set_role(
    *,
    sessions: sessionmaker[Session],
    now: datetime,
    name: str,
    role: str,
    actor: str = "cli",
) -> UserView:
    """Give ``name`` another role; their sessions end (they sign in again as the new role).
    The last active admin cannot stop being one."""
    value = check_role(role)
    with transaction(sessions) as session:
        user = user_named(session, name)
        if user.role != value:
            if user.role == "admin" and user.active and not _other_active_admins(session, user):
                raise Conflict.of("account.last_admin", field="name", name=user.name)
            before = user.role
            user.role = value
            user.updated_at = now
            credentials.end_web_sessions(session, now=now, user_id=user.id)
            _audit(session, now, actor, user, "role", {"from": before, "to": value})
        out = UserView.of(user)
    forget_cached_principals()
    return out


def _audit(
    session: Session,
    now: datetime,
    actor: str,
    user: UserRow,
    action: str,
    detail: dict[str, Any] | None = None,
) -> None:
    audit.record(
        session,
        at=now,
        actor=actor,
        entity="user",
        entity_id=user.id,
        action=action,
        detail=detail or {"name": user.name},
    )
