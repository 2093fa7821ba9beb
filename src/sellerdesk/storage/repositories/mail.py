"""Rows of ``mail_messages`` and ``mail_attachments``: mail read in, filed or not. Never
commits; answers are :class:`MailRecord` values, so services never see a table."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import and_, bindparam, func, insert, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from sellerdesk.storage.schema import attachments, events, mail_attachments, mail_messages

M = mail_messages.c


@dataclass(frozen=True)
class MailRecord:
    id: int
    source_key: str
    store_id: int | None
    message_id: str | None
    content_sha256: str
    raw_sha256: str | None
    read_key: str | None
    from_addr: str
    from_name: str
    to_addrs: str
    subject: str
    sent_at: datetime | None
    received_at: datetime
    thread_ids: list[str]
    kind: str
    direction: str
    state: str
    case_id: int | None
    event_id: int | None
    link_reason: str | None
    candidates: list[int]
    notes: list[str]
    shown_text: str


@dataclass(frozen=True)
class MailFile:
    attachment_id: int
    sha256: str
    size: int
    media_type: str
    file_name: str


def _select() -> Any:
    return select(mail_messages, attachments.c.sha256.label("raw_sha256")).outerjoin(
        attachments, attachments.c.id == M.raw_attachment_id
    )


@cache
def _same_message() -> Any:
    # built once: building a statement cost more than running it (the 10k-mail import)
    return _select().where(M.read_key == bindparam("read_key")).limit(1)


@cache
def _by_id() -> Any:
    return _select().where(M.id == bindparam("mail_id"))


def _record(row: Any) -> MailRecord:
    m = row._mapping
    return MailRecord(
        **{f: m[f] for f in MailRecord.__dataclass_fields__ if f not in ("candidates", "notes")},
        candidates=list(m["candidates"] or []),
        notes=list(m["notes"] or []),
    )


def existing(session: Session, *, read_key: str) -> MailRecord | None:
    """The mail already read under ``read_key`` (core.mail.identity), from whatever source."""
    row = session.connection().execute(_same_message(), {"read_key": read_key}).first()
    return None if row is None else _record(row)


def add(session: Session, *, raw_sha256: str | None, **values: Any) -> MailRecord | None:
    """The new row, as a record (built from what was written, not read back); None when
    another transaction holds its ``read_key`` — the mail was read meanwhile by another
    door or worker (on PostgreSQL this waits for that transaction, and a rolled-back one
    leaves the key free: then this row is written)."""
    conn = session.connection()
    found = conn.execute(_insert(conn.dialect.name), values).first()
    if found is None:
        return None
    mail_id = int(found[0])
    v = values
    return MailRecord(
        id=mail_id,
        source_key=v["source_key"],
        store_id=v.get("store_id"),
        message_id=v.get("message_id"),
        content_sha256=v["content_sha256"],
        raw_sha256=raw_sha256,
        read_key=v.get("read_key"),
        from_addr=v.get("from_addr", ""),
        from_name=v.get("from_name", ""),
        to_addrs=v.get("to_addrs", ""),
        subject=v.get("subject", ""),
        sent_at=v.get("sent_at"),
        received_at=v["received_at"],
        thread_ids=list(v.get("thread_ids") or []),
        kind=v["kind"],
        direction=v["direction"],
        state=v["state"],
        case_id=v.get("case_id"),
        event_id=v.get("event_id"),
        link_reason=v.get("link_reason"),
        candidates=list(v.get("candidates") or []),
        notes=list(v.get("notes") or []),
        shown_text=v.get("shown_text", ""),
    )


@cache
def _insert(dialect: str) -> Any:
    # a conflict on the read key is an answer ("already read"), not an error that would
    # end the caller's transaction: the poll's checkpoint and the import's batch go on
    build = pg_insert if dialect == "postgresql" else sqlite_insert
    return build(mail_messages).on_conflict_do_nothing(index_elements=[M.read_key]).returning(M.id)


def set_values(session: Session, mail_id: int, **values: Any) -> None:
    session.execute(update(mail_messages).where(M.id == mail_id).values(**values))


def get(session: Session, mail_id: int) -> MailRecord | None:
    row = session.connection().execute(_by_id(), {"mail_id": mail_id}).first()
    return None if row is None else _record(row)


def add_file(session: Session, *, mail_id: int, attachment_id: int, file_name: str) -> None:
    found = session.execute(
        select(mail_attachments.c.mail_id).where(
            mail_attachments.c.mail_id == mail_id,
            mail_attachments.c.attachment_id == attachment_id,
        )
    ).first()
    if found is None:  # the same file twice in one mail is one link
        session.execute(
            insert(mail_attachments).values(
                mail_id=mail_id, attachment_id=attachment_id, file_name=file_name
            )
        )


def files_of(session: Session, mail_id: int) -> list[MailFile]:
    rows = session.execute(
        select(
            attachments.c.id,
            attachments.c.sha256,
            attachments.c.size,
            attachments.c.media_type,
            mail_attachments.c.file_name,
        )
        .join(attachments, attachments.c.id == mail_attachments.c.attachment_id)
        .where(mail_attachments.c.mail_id == mail_id)
        .order_by(mail_attachments.c.file_name)
    )
    return [MailFile(r[0], r[1], r[2], r[3], r[4]) for r in rows]


def cases_in_thread(session: Session, message_ids: Sequence[str]) -> list[int]:
    """The cases that filed mail with any of ``message_ids`` (a reply's thread headers)."""
    if not message_ids:
        return []
    rows = session.execute(
        select(M.case_id)
        .where(M.message_id.in_(list(message_ids)), M.state == "filed", M.case_id.isnot(None))
        .distinct()
    )
    return sorted(int(r[0]) for r in rows)


def in_state(
    session: Session,
    state: str,
    *,
    store_ids: Iterable[int] | None = None,
    limit: int = 100,
    offset: int = 0,
) -> list[MailRecord]:
    """Mail in ``state``, newest first; ``store_ids``: only mail of those stores (mail whose
    source owns no store is an admin's: None)."""
    query = _select().where(M.state == state)
    if store_ids is not None:
        query = query.where(M.store_id.in_(list(store_ids)))
    rows = session.execute(
        query.order_by(M.received_at.desc(), M.id.desc()).limit(limit).offset(offset)
    )
    return [_record(r) for r in rows]


def count_in_state(session: Session, state: str, *, store_ids: Iterable[int] | None = None) -> int:
    query = select(func.count()).select_from(mail_messages).where(M.state == state)
    if store_ids is not None:
        query = query.where(M.store_id.in_(list(store_ids)))
    return int(session.scalar(query) or 0)


def of_case(session: Session, case_id: int) -> list[MailRecord]:
    rows = session.execute(_select().where(M.case_id == case_id).order_by(M.id))
    return [_record(r) for r in rows]


def last_human_change_at(session: Session, case_id: int) -> datetime | None:
    """The newest status move by a person (not a mail source) or reply, call or note on the
    case (logged by a person, or a mail already filed, whose event is the sender's; not the
    worker's reminder notes): mail sent before it was already seen. An owner, a tag or an
    edit of the text is not: whoever assigned the case may not have read the reply."""
    found: datetime | None = (
        session.connection().execute(_last_human(), {"case_id": case_id}).scalar()
    )
    return found


@cache
def _last_human() -> Any:
    e = events.c
    return select(func.max(e.occurred_at)).where(
        and_(e.case_id == bindparam("case_id"), e.direction.in_(("status", "in", "out", "note"))),
        or_(e.author.is_(None), and_(~e.author.like("mail:%"), ~e.author.like("worker:%"))),
    )


def blob_id(session: Session, *, sha256: str, size: int, media_type: str, now: datetime) -> int:
    """The ``attachments`` row of these bytes, added when new (as attachments.get_or_add,
    in Core: the importer does it for every message)."""
    conn = session.connection()
    found = conn.execute(_blob_by_sha(), {"sha256": sha256}).scalar()
    if found is not None:
        return int(found)
    added = conn.execute(
        _blob_insert(conn.dialect.name),
        {"sha256": sha256, "size": size, "media_type": media_type, "created_at": now},
    ).scalar()
    if added is None:  # another worker wrote the same bytes meanwhile (committed): theirs
        added = conn.execute(_blob_by_sha(), {"sha256": sha256}).scalar()
    assert added is not None
    return int(added)


@cache
def _blob_by_sha() -> Any:
    return select(attachments.c.id).where(attachments.c.sha256 == bindparam("sha256"))


@cache
def _blob_insert(dialect: str) -> Any:
    build = pg_insert if dialect == "postgresql" else sqlite_insert
    return (
        build(attachments)
        .on_conflict_do_nothing(index_elements=[attachments.c.sha256])
        .returning(attachments.c.id)
    )
