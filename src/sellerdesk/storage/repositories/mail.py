"""Rows of ``mail_messages`` and ``mail_attachments``: mail read in, filed or not. Never
commits; answers are :class:`MailRecord` values, so services never see a table."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, func, insert, or_, select, update
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


def _record(row: Any) -> MailRecord:
    m = row._mapping
    return MailRecord(
        **{f: m[f] for f in MailRecord.__dataclass_fields__ if f not in ("candidates", "notes")},
        candidates=list(m["candidates"] or []),
        notes=list(m["notes"] or []),
    )


def existing(
    session: Session, *, source_key: str, message_id: str | None, sha256: str
) -> MailRecord | None:
    """The mail already read from this source: the same Message-ID, or the same bytes."""
    same = M.content_sha256 == sha256
    if message_id is not None:
        same = or_(same, M.message_id == message_id)
    row = session.execute(_select().where(M.source_key == source_key, same).limit(1)).first()
    return None if row is None else _record(row)


def add(session: Session, **values: Any) -> int:
    result = session.execute(insert(mail_messages).values(**values).returning(M.id))
    return int(result.scalar_one())


def set_values(session: Session, mail_id: int, **values: Any) -> None:
    session.execute(update(mail_messages).where(M.id == mail_id).values(**values))


def get(session: Session, mail_id: int) -> MailRecord | None:
    row = session.execute(_select().where(M.id == mail_id)).first()
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
    """Mail in ``state``, newest first; ``store_ids``: only mail of those stores (and mail
    whose source owns no store)."""
    query = _select().where(M.state == state)
    if store_ids is not None:
        query = query.where(or_(M.store_id.in_(list(store_ids)), M.store_id.is_(None)))
    rows = session.execute(
        query.order_by(M.received_at.desc(), M.id.desc()).limit(limit).offset(offset)
    )
    return [_record(r) for r in rows]


def count_in_state(session: Session, state: str, *, store_ids: Iterable[int] | None = None) -> int:
    query = select(func.count()).select_from(mail_messages).where(M.state == state)
    if store_ids is not None:
        query = query.where(or_(M.store_id.in_(list(store_ids)), M.store_id.is_(None)))
    return int(session.scalar(query) or 0)


def of_case(session: Session, case_id: int) -> list[MailRecord]:
    rows = session.execute(_select().where(M.case_id == case_id).order_by(M.id))
    return [_record(r) for r in rows]


def last_human_status_at(session: Session, case_id: int) -> datetime | None:
    """When a person (not a mail source) last moved the case's status."""
    e = events.c
    found: datetime | None = session.scalar(
        select(func.max(e.occurred_at)).where(
            and_(e.case_id == case_id, e.direction == "status"),
            or_(e.author.is_(None), ~e.author.like("mail:%")),
        )
    )
    return found
