"""Account changes that end sessions: one's own password change, an admin's reset, disable,
role change and removal (issue 13, item 6; issue 15, point 2), and a user's own settings.

A password change keeps the session it was made in and ends the account's others; a
reset, a disable or a role change ends all of them (the next request of each signs in
again); a disable also revokes the account's API tokens, a removal deletes them. A password
an admin hands out (a reset, a new user) works for ``ONE_TIME_LIFETIME`` and must be changed
at the first sign-in. Tokens cached by an API process
are forgotten at once in this process (``tokens.forget_cached_principals``) and within
``api.token_cache_seconds`` in any other.
"""

from __future__ import annotations

import secrets
from dataclasses import replace
from datetime import datetime
from typing import Any

from sellerdesk.core.errors import Conflict, InvalidInput
from sellerdesk.core.i18n import normalise_lang
from sellerdesk.core.zones import zone_from_text
from sellerdesk.services import sign_in
from sellerdesk.services.cases.records import load_for_change
from sellerdesk.services.tokens import digest, forget_cached_principals
from sellerdesk.services.tracker import transaction
from sellerdesk.services.user_views import ActivityChange, OneTimePassword, Removal, UserView
from sellerdesk.services.users import (
    ONE_TIME_LIFETIME,
    add,
    check_name,
    check_password,
    check_role,
    hasher,
    user_named,
)
from sellerdesk.storage.records import UserRow
from sellerdesk.storage.repositories import audit, credentials
from sellerdesk.storage.repositories import stores as store_rows
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
            user.password_expires_at = None
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
) -> OneTimePassword:
    """A new one-time password for ``name`` (shown once): it works for ONE_TIME_LIFETIME and
    must be changed at the next sign-in; all their sessions end and their sign-in limit is
    cleared."""
    with transaction(sessions) as session:
        user = user_named(session, name)
        password = one_time_password(user.name)
        user.password_hash = hasher().hash(password)
        user.must_change_password = True
        user.password_expires_at = now + ONE_TIME_LIFETIME
        user.updated_at = now
        credentials.end_web_sessions(session, now=now, user_id=user.id)
        credentials.clear_attempts(session, sign_in.NAME_KEY + user.name)
        _audit(session, now, actor, user, "reset-password")
        return OneTimePassword(user.name, password, user.password_expires_at)


def add_with_one_time_password(
    *, sessions: sessionmaker[Session], now: datetime, name: str, role: str, actor: str = "cli"
) -> OneTimePassword:
    """A new user with a one-time password made here (shown once, as a reset's)."""
    clean = check_name(name)
    password = one_time_password(clean)
    expires = now + ONE_TIME_LIFETIME
    added = add(
        sessions=sessions,
        now=now,
        name=clean,
        role=role,
        password=password,
        must_change_password=True,
        password_expires_at=expires,
        actor=actor,
    )
    return OneTimePassword(added.name, password, expires)


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
    signed_in_as: str | None = None,
) -> ActivityChange:
    """Enable or disable ``name``; disabling ends their sessions and revokes their tokens
    (``tokens_revoked`` in the answer). The last active admin cannot be disabled, nor can
    the user who is signed in (``signed_in_as``) disable themselves."""
    revoked = 0
    with transaction(sessions) as session:
        user = user_named(session, name)
        if not active and signed_in_as is not None and signed_in_as == user.name:
            raise Conflict.of("people.disable_self", field="name", name=user.name)
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


def remove(
    *,
    sessions: sessionmaker[Session],
    now: datetime,
    name: str,
    reassign_to: str | None = None,
    actor: str = "cli",
    signed_in_as: str | None = None,
) -> Removal:
    """Delete ``name``: their open cases go to ``reassign_to`` (None: unassigned) in the same
    transaction, each a versioned, audited change; their sessions, tokens and grants go with
    them. Refused: removing oneself (``signed_in_as``), the last active admin, and giving the
    cases to someone disabled or without write access to every store they are in."""
    with transaction(sessions) as session:
        user = user_named(session, name)
        if signed_in_as is not None and signed_in_as == user.name:
            raise Conflict.of("people.remove_self", field="name", name=user.name)
        if user.role == "admin" and user.active and not _other_active_admins(session, user):
            raise Conflict.of("account.last_admin", field="name", name=user.name)
        open_cases = user_rows.open_cases_assigned_to(session, user.name)
        target = None
        if reassign_to is not None and reassign_to.strip():
            target = _heir(session, user, reassign_to, {s for _, s in open_cases})
        to = target.name if target is not None else None
        for case_id, _ in open_cases:
            case = load_for_change(session, case_id, now=now)
            case.assignee = to
            detail = {"from": user.name, "to": to, "because": "user-removed"}
            audit.record(
                session,
                at=now,
                actor=actor,
                entity="case",
                entity_id=case_id,
                action="assign",
                detail=detail,
            )
        ids = tuple(case_id for case_id, _ in open_cases)
        _audit(session, now, actor, user, "remove", {"name": user.name, "to": to, "cases": ids})
        tokens = user_rows.remove(session, user)
    forget_cached_principals()
    return Removal(name=user.name, reassigned_to=to, case_ids=ids, tokens_removed=tokens)


def _heir(session: Session, user: UserRow, name: str, store_ids: set[int]) -> UserRow:
    """The user who takes over ``user``'s open cases: enabled, and allowed to work on each
    of their stores (an admin, or an agent granted them)."""
    heir = user_named(session, name, field="reassign_to")
    if heir.id == user.id:
        raise InvalidInput.of("people.reassign_to_self", field="reassign_to", name=heir.name)
    if not heir.active:
        raise InvalidInput.of("people.reassign_disabled", field="reassign_to", name=heir.name)
    if heir.role != "admin":
        granted = user_rows.granted_store_ids(session, heir.id) if heir.role == "agent" else []
        allowed = set(granted)
        if missing := sorted(store_ids - allowed):
            names = ", ".join(sorted(_store_name(session, i) for i in missing))
            raise InvalidInput.of(
                "people.reassign_no_access", field="reassign_to", name=heir.name, stores=names
            )
    return heir


def _store_name(session: Session, store_id: int) -> str:
    row = store_rows.get(session, store_id)
    return row.name if row is not None else str(store_id)


def set_own_settings(
    *,
    sessions: sessionmaker[Session],
    now: datetime,
    name: str,
    language: str | None,
    time_zone: str | None,
) -> UserView:
    """The user's own language and time zone (empty: the page's language, the team's zone);
    a zone may be typed as a city (北京, Shanghai) or an IANA name."""
    lang = None
    if language is not None and language.strip():
        lang = normalise_lang(language)
        if lang is None:
            raise InvalidInput.of("people.bad_language", field="language", value=language[:40])
    zone = None
    if time_zone is not None and time_zone.strip():
        zone = zone_from_text(time_zone, field="time_zone")
    with transaction(sessions) as session:
        user = user_named(session, name)
        if (user.language, user.time_zone) != (lang, zone):
            detail = {"language": lang, "time_zone": zone}
            user.language, user.time_zone, user.updated_at = lang, zone, now
            _audit(session, now, user.name, user, "settings", detail)
        return UserView.of(user)


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
