"""Users, roles and store grants; passwords hashed with argon2 (argon2-cffi).

:func:`verify_password` costs the same whether or not the user exists (an unknown name is
checked against a dummy hash), and rehashes a stored hash made with older parameters.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Sequence
from datetime import datetime, timedelta
from functools import cache
from typing import TYPE_CHECKING

from sellerdesk.core.access import ROLES, Principal
from sellerdesk.core.errors import Conflict, InvalidInput, NotFound, Unauthenticated
from sellerdesk.core.input_guard import check_line
from sellerdesk.core.passwords import weakness
from sellerdesk.services.stores import store_named
from sellerdesk.services.tracker import read_transaction, transaction
from sellerdesk.services.user_views import GrantView, Person, UserView
from sellerdesk.storage.records import UserRow
from sellerdesk.storage.repositories import audit
from sellerdesk.storage.repositories import stores as store_rows
from sellerdesk.storage.repositories import users as user_rows
from sellerdesk.storage.session import IntegrityError, Session, sessionmaker

if TYPE_CHECKING:
    from argon2 import PasswordHasher

NAME = re.compile(r"[\w.@-]{1,80}")
MIN_PASSWORD = 10
MAX_PASSWORD = 1024
FIRST_ADMIN = "admin"
ONE_TIME_LIFETIME = timedelta(hours=24)  # a password an admin hands out works this long


@cache
def hasher() -> PasswordHasher:
    from argon2 import PasswordHasher

    return PasswordHasher()  # argon2id with the library's current recommended parameters


@cache
def _dummy_hash() -> str:
    return hasher().hash(secrets.token_urlsafe(16))


def check_name(name: str, field: str = "name") -> str:
    check_line(name, field)
    clean = name.strip()
    if not NAME.fullmatch(clean):
        raise InvalidInput.of("user.bad_name", field=field, value=name)
    return clean


def check_password(password: str, name: str, field: str = "password") -> str:
    """Refuse overlong, short, name-bearing or guessable passwords (core/passwords.py:
    zxcvbn's estimate of the first 100 characters must reach score 3 of 4)."""
    if len(password) > MAX_PASSWORD:
        raise InvalidInput.of("account.password_too_long", field=field, most=MAX_PASSWORD)
    weak = (
        len(password) < MIN_PASSWORD
        or len(set(password)) < 4
        or password.strip().lower() == name.lower()
    )
    if weak:
        raise InvalidInput.of("user.weak_password", field=field, least=MIN_PASSWORD)
    if len(name) >= 3 and name.lower() in password.lower():
        raise InvalidInput.of("account.contains_name", field=field, name=name)
    if (why := weakness(password, name)) is not None:
        raise InvalidInput.of(why, field=field)
    return password


def check_role(role: str, field: str = "role") -> str:
    value = role.strip().lower()
    if value not in ROLES:
        raise InvalidInput.of("user.bad_role", field=field, value=role, allowed=", ".join(ROLES))
    return value


def user_named(session: Session, name: str, field: str = "name") -> UserRow:
    row = user_rows.get_by_name(session, name.strip())
    if row is None:
        raise NotFound.of("user.not_found", field=field, name=name)
    return row


def add(
    *,
    sessions: sessionmaker[Session],
    now: datetime,
    name: str,
    role: str,
    password: str,
    must_change_password: bool = False,
    password_expires_at: datetime | None = None,
    actor: str = "cli",
) -> UserView:
    clean = check_name(name)
    row = UserRow(
        name=clean,
        role=check_role(role),
        password_hash=hasher().hash(check_password(password, clean)),
        active=True,
        must_change_password=must_change_password,
        password_expires_at=password_expires_at,
        created_at=now,
        updated_at=now,
    )
    try:
        with transaction(sessions) as session:
            if user_rows.get_by_name(session, clean) is not None:
                raise _taken(clean)
            user_rows.add(session, row)
            detail = {"name": clean, "role": row.role}
            audit.record(
                session,
                at=now,
                actor=actor,
                entity="user",
                entity_id=row.id,
                action="add",
                detail=detail,
            )
            return UserView.of(row)
    except IntegrityError:
        raise _taken(clean) from None


def _taken(name: str) -> Conflict:
    return Conflict.of("user.taken", field="name", name=name)


def has_admin(*, sessions: sessionmaker[Session]) -> bool:
    """Whether the team has an active admin (``user add`` says so when it has none yet)."""
    with read_transaction(sessions) as session:
        return user_rows.any_admin(session)


def ensure_first_admin(*, sessions: sessionmaker[Session], now: datetime) -> str | None:
    """On a store with no active admin, create ``admin`` with a random one-time password and
    return the password (shown once, stored only as a hash); None when an admin exists.
    People added before the first ``serve`` (an agent set up from the CLI, as the set-up in
    docs/integrations.md does) do not leave the team without one."""
    with transaction(sessions) as session:
        if user_rows.any_admin(session):
            return None
    password = secrets.token_urlsafe(15)
    try:
        add(
            sessions=sessions,
            now=now,
            name=FIRST_ADMIN,
            role="admin",
            password=password,
            must_change_password=True,
            actor="serve",
        )
    except Conflict:  # another process of the same start-up created it first
        return None
    return password


def list_users(*, sessions: sessionmaker[Session]) -> list[UserView]:
    with read_transaction(sessions) as session:
        grants = user_rows.grants_by_user(session)
        return [UserView.of(r, tuple(grants.get(r.id, ()))) for r in user_rows.list_all(session)]


def person(*, sessions: sessionmaker[Session], name: str) -> Person:
    """``name`` with their granted stores and the ids of their open cases."""
    with read_transaction(sessions) as session:
        row = user_named(session, name)
        stores = tuple(user_rows.grants_by_user(session).get(row.id, ()))
        cases = tuple(i for i, _ in user_rows.open_cases_assigned_to(session, row.name))
        return Person(UserView.of(row, stores), cases)


def grant(
    *, sessions: sessionmaker[Session], now: datetime, name: str, store: str, actor: str = "cli"
) -> GrantView:
    with transaction(sessions) as session:
        user = user_named(session, name)
        owner = store_named(session, store, field="store")
        if not user_rows.has_grant(session, user.id, owner.id):
            user_rows.grant(session, user.id, owner.id, now)
            audit.record(
                session,
                at=now,
                actor=actor,
                entity="user",
                entity_id=user.id,
                action="grant",
                detail={"store": owner.name},
            )
        return GrantView(user=user.name, store=owner.name, granted=True)


def revoke(
    *, sessions: sessionmaker[Session], now: datetime, name: str, store: str, actor: str = "cli"
) -> GrantView:
    with transaction(sessions) as session:
        user = user_named(session, name)
        owner = store_named(session, store, field="store")
        if user_rows.revoke(session, user.id, owner.id):
            audit.record(
                session,
                at=now,
                actor=actor,
                entity="user",
                entity_id=user.id,
                action="revoke",
                detail={"store": owner.name},
            )
        return GrantView(user=user.name, store=owner.name, granted=False)


def set_access(
    *,
    sessions: sessionmaker[Session],
    now: datetime,
    name: str,
    stores: Sequence[str],
    actor: str = "cli",
) -> UserView:
    """Give ``name`` exactly the ``stores`` listed: grants what is missing, revokes the rest,
    one audit row each, in one transaction (the People page's check-list of stores)."""
    with transaction(sessions) as session:
        user = user_named(session, name)
        wanted = {store_named(session, s, field="store").id: s for s in dict.fromkeys(stores)}
        held = set(user_rows.granted_store_ids(session, user.id))
        for store_id, store in wanted.items():
            if store_id not in held:
                user_rows.grant(session, user.id, store_id, now)
                _audit_access(session, now, actor, user, "grant", store)
        for store_id in held - wanted.keys():
            user_rows.revoke(session, user.id, store_id)
            gone = store_rows.get(session, store_id)
            _audit_access(session, now, actor, user, "revoke", gone.name if gone else "")
        granted = tuple(user_rows.grants_by_user(session).get(user.id, ()))
        return UserView.of(user, granted)


def _audit_access(
    session: Session, now: datetime, actor: str, user: UserRow, action: str, store: str
) -> None:
    audit.record(
        session,
        at=now,
        actor=actor,
        entity="user",
        entity_id=user.id,
        action=action,
        detail={"store": store},
    )


def set_password(
    *,
    sessions: sessionmaker[Session],
    now: datetime,
    name: str,
    password: str,
    actor: str = "cli",
) -> None:
    with transaction(sessions) as session:
        user = user_named(session, name)
        user.password_hash = hasher().hash(check_password(password, user.name))
        user.must_change_password = False
        user.password_expires_at = None
        user.updated_at = now
        audit.record(
            session, at=now, actor=actor, entity="user", entity_id=user.id, action="password"
        )


def principal_of(session: Session, user: UserRow) -> Principal:
    granted = () if user.role == "admin" else user_rows.granted_store_ids(session, user.id)
    return Principal(
        name=user.name,
        role=user.role,
        store_ids=frozenset(granted),
        user_id=user.id,
        time_zone=user.time_zone,
    )


def verify_password(session: Session, name: str, password: str, *, now: datetime) -> UserRow | None:
    """The active user whose password this is, else None; the same argon2 work either way.
    A hash made with older parameters is replaced (the caller's transaction commits it).
    A one-time password past its expiry is refused by name (only who typed it right learns
    it expired: they ask an admin for a new one)."""
    from argon2.exceptions import InvalidHashError, VerificationError

    user = user_rows.get_by_name(session, name.strip()) if NAME.fullmatch(name.strip()) else None
    stored = user.password_hash if user is not None else _dummy_hash()
    try:
        hasher().verify(stored, password[:MAX_PASSWORD])
    except (VerificationError, InvalidHashError):
        return None
    if user is None or not user.active:
        return None
    if user.password_expires_at is not None and user.password_expires_at <= now:
        raise Unauthenticated.of("people.password_expired", field="password", name=user.name)
    if hasher().check_needs_rehash(stored):
        user.password_hash = hasher().hash(password)
        user.updated_at = now
    return user
