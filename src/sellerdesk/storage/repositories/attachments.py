"""Content-addressed attachment records (the bytes live under the data folder)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from sellerdesk.storage.tables import AttachmentRow, EventAttachmentRow, EventRow


def get_by_sha(session: Session, sha256: str) -> AttachmentRow | None:
    return session.scalars(select(AttachmentRow).where(AttachmentRow.sha256 == sha256)).first()


def get_or_add(
    session: Session, *, sha256: str, size: int, media_type: str, now: datetime
) -> AttachmentRow:
    """The row of these bytes; the same bytes attached twice share one row (and one file)."""
    row = get_by_sha(session, sha256)
    if row is None:
        row = AttachmentRow(sha256=sha256, size=size, media_type=media_type, created_at=now)
        session.add(row)
        session.flush()
    return row


def link(session: Session, *, event_id: int, attachment_id: int, file_name: str) -> None:
    exists = session.get(EventAttachmentRow, (event_id, attachment_id))
    if exists is None:  # the same file attached twice to one event is one link
        session.add(
            EventAttachmentRow(event_id=event_id, attachment_id=attachment_id, file_name=file_name)
        )


def file_on_case(session: Session, case_id: int, sha256: str) -> tuple[str, AttachmentRow] | None:
    """The file name and blob row of ``sha256`` attached to any event of the case."""
    found = session.execute(
        select(EventAttachmentRow.file_name, AttachmentRow)
        .join(AttachmentRow, AttachmentRow.id == EventAttachmentRow.attachment_id)
        .join(EventRow, EventRow.id == EventAttachmentRow.event_id)
        .where(EventRow.case_id == case_id, AttachmentRow.sha256 == sha256)
        .limit(1)
    ).first()
    return None if found is None else (found[0], found[1])


def file_names_on_case(session: Session, case_id: int) -> list[str]:
    """The names of the files attached to the case's events, first attached first."""
    return list(
        session.scalars(
            select(EventAttachmentRow.file_name)
            .join(EventRow, EventRow.id == EventAttachmentRow.event_id)
            .where(EventRow.case_id == case_id)
            .order_by(EventRow.id, EventAttachmentRow.attachment_id)
        )
    )
