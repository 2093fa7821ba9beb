"""``Idempotency-Key`` for create requests: the same key never creates twice.

The key is claimed (a pending row, unique per user and key) before the work runs and
answered with the response after it. A replay of the same request gets the stored response;
the same key with a different request is refused; a key whose request is still running is
a conflict. A request that fails releases its key, so a corrected retry may reuse it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from sellerdesk.core.errors import Conflict, InvalidInput
from sellerdesk.services.tracker import transaction
from sellerdesk.storage.repositories import idempotency as repo

MAX_KEY = 200
KEEP = timedelta(days=1)


@dataclass(frozen=True)
class Answer:
    status_code: int
    body: dict[str, Any]
    replayed: bool = False


def check_key(key: str) -> str:
    if not key or len(key) > MAX_KEY or any(ord(c) < 33 or ord(c) > 126 for c in key):
        raise InvalidInput(
            "the Idempotency-Key is empty, too long or not printable ASCII.",
            field="Idempotency-Key",
            fix=f"send 1 to {MAX_KEY} printable ASCII characters, e.g. a UUID.",
        )
    return key


def _reused() -> InvalidInput:
    return InvalidInput(
        "this Idempotency-Key was used for a different request.",
        field="Idempotency-Key",
        fix="use a new key for a new request.",
    )


def _running() -> Conflict:
    return Conflict(
        "a request with this Idempotency-Key is still running.",
        field="Idempotency-Key",
        fix="wait a moment and send the same request again.",
    )


def _stored(session: Session, user_id: int, key: str, fingerprint: str) -> Answer | None:
    row = repo.find(session, user_id, key)
    if row is None:
        return None
    if row.fingerprint != fingerprint:
        raise _reused()
    if row.status_code is None or row.response is None:
        raise _running()
    return Answer(row.status_code, row.response, replayed=True)


def run_once(
    *,
    sessions: sessionmaker[Session],
    now: datetime,
    user_id: int,
    key: str,
    fingerprint: str,
    work: Callable[[], Answer],
) -> Answer:
    """Run ``work`` once per (user, key); replays get the first answer."""
    check_key(key)
    with transaction(sessions) as session:
        done = _stored(session, user_id, key, fingerprint)
        if done is not None:
            return done
    try:
        with transaction(sessions) as session:
            repo.forget_before(session, now - KEEP)
            repo.claim(session, user_id=user_id, key=key, fingerprint=fingerprint, now=now)
    except IntegrityError:  # claimed by a concurrent request between our look and our claim
        with transaction(sessions) as session:
            done = _stored(session, user_id, key, fingerprint)
        if done is not None:
            return done
        raise _running() from None
    try:
        answer = work()
    except BaseException:
        with transaction(sessions) as session:
            repo.release(session, user_id=user_id, key=key)
        raise
    with transaction(sessions) as session:
        repo.answer(
            session,
            user_id=user_id,
            key=key,
            status_code=answer.status_code,
            response=answer.body,
        )
    return answer
