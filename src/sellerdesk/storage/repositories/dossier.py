"""What an evidence dossier reads about one case: its Amazon Case IDs, identifiers, events
and the files attached to them, each in the order the dossier shows them."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from sellerdesk.storage.tables import (
    AmazonCaseIdRow,
    AttachmentRow,
    EventAttachmentRow,
    EventRow,
    IdentifierRow,
    StoreRow,
)


def store_name(session: Session, store_id: int) -> str | None:
    store = session.get(StoreRow, store_id)
    return store.name if store else None


def amazon_case_ids(session: Session, case_id: int) -> list[AmazonCaseIdRow]:
    """Oldest first."""
    return list(
        session.scalars(
            select(AmazonCaseIdRow)
            .where(AmazonCaseIdRow.case_id == case_id)
            .order_by(AmazonCaseIdRow.added_at, AmazonCaseIdRow.id)
        )
    )


def identifiers(session: Session, case_id: int) -> list[tuple[str, str]]:
    """``(kind, value)`` pairs, by kind then value."""
    return [
        (kind, value)
        for kind, value in session.execute(
            select(IdentifierRow.kind, IdentifierRow.value)
            .where(IdentifierRow.case_id == case_id)
            .order_by(IdentifierRow.kind, IdentifierRow.value)
        )
    ]


def events(session: Session, case_id: int) -> list[EventRow]:
    """The timeline: by occurrence, then by id."""
    return list(
        session.scalars(
            select(EventRow)
            .where(EventRow.case_id == case_id)
            .order_by(EventRow.occurred_at, EventRow.id)
        )
    )


def attachments(session: Session, event_ids: Sequence[int]) -> list[tuple[int, str, AttachmentRow]]:
    """``(event id, file name, attachment)`` by event then file name."""
    if not event_ids:
        return []
    rows = session.execute(
        select(EventAttachmentRow.event_id, EventAttachmentRow.file_name, AttachmentRow)
        .join(AttachmentRow, AttachmentRow.id == EventAttachmentRow.attachment_id)
        .where(EventAttachmentRow.event_id.in_(list(event_ids)))
        .order_by(EventAttachmentRow.event_id, EventAttachmentRow.file_name)
    ).all()
    return [(event_id, file_name, att) for event_id, file_name, att in rows]
