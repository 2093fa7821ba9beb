"""``Idempotency-Key`` for create requests: the same key never creates twice.

The key is claimed (a pending row, unique per user and key, stamped with when it was
claimed) before the work runs. The work and the key's answer are one transaction
(:func:`~sellerdesk.services.tracker.joined_transaction`): either the case (event, store)
and the stored response both commit, or neither does. So a claim still pending after its
lease (``api.idempotency_lease_seconds``, default :data:`DEFAULT_LEASE`) belongs to a request
whose process died before committing anything: the next retry takes the claim over (a
conditional UPDATE: of racing retries one wins) and does the work, once. A request slower
than its lease that was taken over meanwhile finds its claim gone when it answers and rolls
its own work back (409), so the work still commits once.

A replay of the same request gets the stored response; the same key with a different
request is refused; a key whose request is running within its lease is a conflict. A
request that fails releases its key, so a corrected retry may reuse it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sellerdesk.core.errors import Conflict, InvalidInput
from sellerdesk.services.tracker import joined_transaction, transaction
from sellerdesk.storage.repositories import idempotency as repo
from sellerdesk.storage.session import IntegrityError, Session, sessionmaker

MAX_KEY = 200
KEEP = timedelta(days=1)
DEFAULT_LEASE = timedelta(seconds=60)


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


def _running(lease: timedelta) -> Conflict:
    seconds = max(1, round(lease.total_seconds()))
    return Conflict.of("idempotency.running", field="Idempotency-Key", lease=seconds)


def _claim(
    session: Session,
    *,
    user_id: int,
    key: str,
    fingerprint: str,
    now: datetime,
    lease: timedelta,
) -> Answer | datetime:
    """The stored answer to replay, or the instant our claim was taken at (a new claim, or
    one taken over after its lease ran out)."""
    row = repo.find(session, user_id, key)
    if row is None:
        repo.forget_before(session, now - KEEP)
        repo.claim(session, user_id=user_id, key=key, fingerprint=fingerprint, now=now)
        return now
    if row.fingerprint != fingerprint:
        raise _reused()
    if row.status_code is not None and row.response is not None:
        return Answer(row.status_code, row.response, replayed=True)
    if row.created_at > now - lease:
        raise _running(lease)
    if repo.take_over(session, user_id=user_id, key=key, claimed_at=row.created_at, now=now):
        return now
    raise _running(lease)  # another retry took it over first


def run_once(
    *,
    sessions: sessionmaker[Session],
    now: datetime,
    user_id: int,
    key: str,
    fingerprint: str,
    work: Callable[[], Answer],
    lease: timedelta = DEFAULT_LEASE,
) -> Answer:
    """Run ``work`` once per (user, key); replays get the first answer."""
    check_key(key)

    def claim() -> Answer | datetime:
        with transaction(sessions) as session:
            return _claim(
                session, user_id=user_id, key=key, fingerprint=fingerprint, now=now, lease=lease
            )

    try:
        claimed = claim()
    except IntegrityError:  # claimed by a concurrent request between our look and our claim
        claimed = claim()
    if isinstance(claimed, Answer):
        return claimed
    try:
        with joined_transaction(sessions) as session:
            answer = work()
            stored = repo.answer(
                session,
                user_id=user_id,
                key=key,
                claimed_at=claimed,
                status_code=answer.status_code,
                response=answer.body,
            )
            if not stored:  # taken over by a retry after our lease: its work is the one kept
                raise _running(lease)
    except BaseException:
        with transaction(sessions) as session:
            repo.release(session, user_id=user_id, key=key, claimed_at=claimed)
        raise
    return answer
