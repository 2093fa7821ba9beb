"""REST API tokens: created for a user (the secret is shown once), listed, revoked, resolved.

Only the sha256 of a token is stored: a token is 256 random bits, so a fast hash is enough
(no password stretching needed) and a lookup is one indexed query.
"""

from __future__ import annotations

import hashlib
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta

from sellerdesk.core.access import Principal
from sellerdesk.core.errors import InvalidInput, NotFound, Unauthenticated
from sellerdesk.services.tracker import read_transaction, transaction
from sellerdesk.services.user_views import NewToken, TokenView
from sellerdesk.services.users import principal_of, user_named
from sellerdesk.storage.records import ApiTokenRow
from sellerdesk.storage.repositories import audit, credentials
from sellerdesk.storage.session import Session, sessionmaker

PREFIX = "sdk_"
TOUCH_EVERY = timedelta(minutes=1)  # last_used_at is a hint: not a write on every request
_forgetting = threading.Lock()
_forgotten = [0]  # bumped when a token or user changes in this process: caches start again


def forget_cached_principals() -> None:
    """Every PrincipalCache of this process forgets what it holds (a token revoked, a user
    disabled or given another role here takes effect at once, not after the cache's ttl)."""
    with _forgetting:
        _forgotten[0] += 1


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


def create(
    *,
    sessions: sessionmaker[Session],
    now: datetime,
    user: str,
    name: str | None = None,
    actor: str = "cli",
) -> NewToken:
    """A new token for ``user``; the answer's ``token`` is the only copy of the secret."""
    label = " ".join((name or "api").split())
    if not label or len(label) > 80:
        raise InvalidInput.of("token.bad_name", field="name", value=name)
    secret = PREFIX + secrets.token_urlsafe(32)
    with transaction(sessions) as session:
        owner = user_named(session, user, field="user")
        row = credentials.add_token(
            session,
            ApiTokenRow(user_id=owner.id, name=label, token_hash=digest(secret), created_at=now),
        )
        audit.record(
            session,
            at=now,
            actor=actor,
            entity="token",
            entity_id=row.id,
            action="create",
            detail={"user": owner.name, "name": label},
        )
        return replace(NewToken.of(row, owner.name), token=secret)


def revoke(
    *, sessions: sessionmaker[Session], now: datetime, token_id: int, actor: str = "cli"
) -> TokenView:
    with transaction(sessions) as session:
        row = credentials.get_token(session, token_id)
        if row is None:
            raise NotFound.of("token.not_found", field="token_id", token_id=token_id)
        if row.revoked_at is None:
            row.revoked_at = now
            audit.record(
                session, at=now, actor=actor, entity="token", entity_id=row.id, action="revoke"
            )
        owner = next(n for t, n in credentials.tokens(session, row.user_id) if t.id == row.id)
        out = TokenView.of(row, owner)
    forget_cached_principals()
    return out


def list_tokens(*, sessions: sessionmaker[Session], user: str | None = None) -> list[TokenView]:
    with read_transaction(sessions) as session:
        user_id = user_named(session, user, field="user").id if user else None
        return [TokenView.of(t, n) for t, n in credentials.tokens(session, user_id)]


def _principal(session: Session, secret: str) -> tuple[int, datetime | None, Principal]:
    """(token id, last used, principal) for a live token; Unauthenticated otherwise."""
    found = credentials.token_by_hash(session, digest(secret)) if secret else None
    if found is None or found[0].revoked_at is not None or not found[1].active:
        raise Unauthenticated.of("token.invalid", field="Authorization")
    token, user = found
    return token.id, token.last_used_at, principal_of(session, user)


def _stale(last_used_at: datetime | None, now: datetime) -> bool:
    return last_used_at is None or now - last_used_at >= TOUCH_EVERY


def resolve(session: Session, secret: str, *, now: datetime) -> Principal:
    """The principal a Bearer token stands for, inside the caller's (write) transaction."""
    token_id, last_used_at, principal = _principal(session, secret)
    if _stale(last_used_at, now):
        credentials.touch_token(session, token_id, now)
    return principal


class PrincipalCache:
    """Principals of tokens seen in the last ``ttl_seconds``, so a client polling the API
    does not pay a token lookup (two queries and a transaction) on every request.

    The price is a bound, not a leak: a token revoked, a user deactivated or a grant
    withdrawn in another process takes effect here within ``ttl_seconds`` (setting
    ``api.token_cache_seconds``, default 2; 0 turns the cache off). Only live tokens are
    kept, keyed by their sha256 (never the secret); ages come from a monotonic clock, so
    changing the wall clock cannot extend them."""

    def __init__(
        self,
        ttl_seconds: float,
        *,
        max_entries: int = 4096,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.ttl = ttl_seconds
        self.max_entries = max_entries
        self._monotonic = monotonic
        self._entries: dict[str, tuple[float, Principal]] = {}
        self._lock = threading.Lock()
        self._seen = _forgotten[0]

    def get(self, key: str) -> Principal | None:
        if self.ttl <= 0:
            return None
        with self._lock:
            if self._seen != _forgotten[0]:
                self._seen = _forgotten[0]
                self._entries.clear()
            found = self._entries.get(key)
            if found is None:
                return None
            if self._monotonic() - found[0] >= self.ttl:
                del self._entries[key]
                return None
            return found[1]

    def put(self, key: str, principal: Principal) -> None:
        if self.ttl <= 0:
            return
        with self._lock:
            if len(self._entries) >= self.max_entries:
                self._entries.clear()  # rare (thousands of live tokens): start again
            self._entries[key] = (self._monotonic(), principal)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


def authenticate(
    *,
    sessions: sessionmaker[Session],
    secret: str,
    now: datetime,
    cache: PrincipalCache | None = None,
) -> Principal:
    """What every API request does: look the token up in a read-only transaction (no
    write lock on SQLite), and record its use in a short write of its own only when
    ``last_used_at`` is older than :data:`TOUCH_EVERY` — not once per request. With a
    ``cache``, a token seen in its last ``ttl`` seconds is not looked up again."""
    key = digest(secret)
    if cache is not None and (known := cache.get(key)) is not None:
        return known
    with read_transaction(sessions) as session:
        token_id, last_used_at, principal = _principal(session, secret)
    if _stale(last_used_at, now):
        with transaction(sessions) as session:
            credentials.touch_token(session, token_id, now, older_than=now - TOUCH_EVERY)
    if cache is not None:
        cache.put(key, principal)
    return principal
