"""Queries on ``mailboxes`` (storage/mailbox_rows.py): configuration, checkpoint, status, lease.

Rows come back as :class:`MailboxRecord` (frozen). The lease is taken by a conditional UPDATE
(free, lapsed, or already ours), so of two workers one polls a mailbox; the checkpoint moves
only forward and only for the lease's holder. Nothing here commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, insert, or_, select, update
from sqlalchemy.engine import CursorResult
from sqlalchemy.orm import Session

from sellerdesk.storage.mailbox_rows import mailboxes as M

CONFIG_FIELDS = (
    "name",
    "host",
    "port",
    "security",
    "username",
    "folder",
    "store_id",
    "credential",
    "secret",
    "ca_file",
    "mark_seen",
    "move_to",
    "enabled",
)


@dataclass(frozen=True)
class MailboxRecord:
    id: int
    key: str
    name: str
    host: str
    port: int
    security: str
    username: str
    folder: str
    store_id: int | None
    credential: str
    secret: str | None
    ca_file: str | None
    mark_seen: bool
    move_to: str | None
    enabled: bool
    uidvalidity: int | None
    last_uid: int
    last_poll_at: datetime | None
    last_success_at: datetime | None
    last_error: dict[str, Any] | None
    counts: dict[str, Any]
    last_test_at: datetime | None
    lease_owner: str | None
    lease_until: datetime | None
    created_at: datetime
    updated_at: datetime


def _record(row: Any) -> MailboxRecord:
    return MailboxRecord(
        **{name: getattr(row, name) for name in MailboxRecord.__dataclass_fields__}
    )


def _rowcount(result: Any) -> int:
    return int(result.rowcount) if isinstance(result, CursorResult) else 0


def add(session: Session, *, key: str, values: dict[str, Any], now: datetime) -> int:
    """The new mailbox's id; IntegrityError when the key is taken."""
    result = session.execute(
        insert(M)
        .values(key=key, **values, last_uid=0, counts={}, created_at=now, updated_at=now)
        .returning(M.c.id)
    )
    return int(result.scalar_one())


def change(session: Session, key: str, *, values: dict[str, Any], now: datetime) -> bool:
    unknown = set(values) - set(CONFIG_FIELDS)
    assert not unknown, unknown
    done = session.execute(update(M).where(M.c.key == key).values(**values, updated_at=now))
    return _rowcount(done) == 1


def forget_checkpoint(session: Session, key: str) -> None:
    """Another folder (or server, or account): read it from its first message."""
    session.execute(
        update(M)
        .where(M.c.key == key)
        .values(uidvalidity=None, last_uid=0)
        .execution_options(synchronize_session=False)
    )


def get(session: Session, key: str) -> MailboxRecord | None:
    row = session.execute(select(M).where(M.c.key == key)).one_or_none()
    return None if row is None else _record(row)


def listed(session: Session, *, enabled_only: bool = False) -> list[MailboxRecord]:
    query = select(M).order_by(M.c.key)
    if enabled_only:
        query = query.where(M.c.enabled.is_(True))
    return [_record(row) for row in session.execute(query)]


def remove(session: Session, key: str) -> bool:
    return _rowcount(session.execute(delete(M).where(M.c.key == key))) == 1


def claim(session: Session, key: str, *, owner: str, now: datetime, until: datetime) -> bool:
    """Take (or extend) the poll lease of ``key``: True when ``owner`` now holds it."""
    done = session.execute(
        update(M)
        .where(
            M.c.key == key,
            or_(M.c.lease_until.is_(None), M.c.lease_until < now, M.c.lease_owner == owner),
        )
        .values(lease_owner=owner, lease_until=until)
        .execution_options(synchronize_session=False)
    )
    return _rowcount(done) == 1


def release(session: Session, key: str, *, owner: str) -> None:
    session.execute(
        update(M)
        .where(M.c.key == key, M.c.lease_owner == owner)
        .values(lease_owner=None, lease_until=None)
        .execution_options(synchronize_session=False)
    )


def start_over(session: Session, key: str, *, owner: str, uidvalidity: int) -> bool:
    """A new UIDVALIDITY: the checkpoint restarts at UID 0 of it (the holder only)."""
    done = session.execute(
        update(M)
        .where(M.c.key == key, M.c.lease_owner == owner)
        .values(uidvalidity=uidvalidity, last_uid=0)
        .execution_options(synchronize_session=False)
    )
    return _rowcount(done) == 1


def advance(session: Session, key: str, *, owner: str, uidvalidity: int, uid: int) -> bool:
    """Move the checkpoint to ``uid`` (never back); False when ``owner`` lost the lease."""
    done = session.execute(
        update(M)
        .where(
            M.c.key == key,
            M.c.lease_owner == owner,
            M.c.uidvalidity == uidvalidity,
            M.c.last_uid < uid,
        )
        .values(last_uid=uid)
        .execution_options(synchronize_session=False)
    )
    return _rowcount(done) == 1


def record_test(session: Session, key: str, *, now: datetime, error: dict[str, Any] | None) -> None:
    """The outcome of a connection test, as a poll records its own: the refusal (None when
    the login worked) and when. The poll's schedule and counts are left as they are."""
    session.execute(
        update(M)
        .where(M.c.key == key)
        .values(last_test_at=now, last_error=error)
        .execution_options(synchronize_session=False)
    )


def forget_error(session: Session, key: str) -> None:
    """Clear the recorded failure (new credentials: the old refusal says nothing of them)."""
    session.execute(
        update(M)
        .where(M.c.key == key)
        .values(last_error=None)
        .execution_options(synchronize_session=False)
    )


def record_poll(
    session: Session,
    key: str,
    *,
    now: datetime,
    ok: bool,
    error: dict[str, Any] | None,
    counts: dict[str, Any],
) -> None:
    """The outcome of a poll: when, whether it worked, what was read (a test: record_test)."""
    values: dict[str, Any] = {"last_poll_at": now, "last_error": error, "counts": counts}
    if ok:
        values["last_success_at"] = now
    session.execute(
        update(M)
        .where(M.c.key == key)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
