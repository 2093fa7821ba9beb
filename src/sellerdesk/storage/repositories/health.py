"""Account Health snapshots and the documents check-list. Nothing here commits."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sellerdesk.storage.tables import HealthDocumentRow, HealthSnapshotRow


def add_snapshot(session: Session, row: HealthSnapshotRow) -> HealthSnapshotRow:
    session.add(row)
    session.flush()  # assigns the id the audit entry names
    return row


def snapshots(
    session: Session, store_id: int, *, limit: int | None = None
) -> list[HealthSnapshotRow]:
    """The store's snapshots, newest reading first (ties: the later import first)."""
    stmt = (
        select(HealthSnapshotRow)
        .where(HealthSnapshotRow.store_id == store_id)
        .order_by(HealthSnapshotRow.taken_at.desc(), HealthSnapshotRow.id.desc())
    )
    if limit is not None:
        stmt = stmt.limit(limit)
    return list(session.scalars(stmt))


def documents(session: Session, store_id: int) -> dict[str, HealthDocumentRow]:
    rows = session.scalars(select(HealthDocumentRow).where(HealthDocumentRow.store_id == store_id))
    return {row.doc_key: row for row in rows}


def set_document(
    session: Session,
    *,
    store_id: int,
    key: str,
    status: str,
    note: str | None,
    at: datetime,
    by: str,
) -> tuple[HealthDocumentRow, str | None]:
    """Record a document's state; returns the row and the status it had before (None: new).

    A note of None keeps the note already recorded."""
    row = session.scalars(
        select(HealthDocumentRow).where(
            HealthDocumentRow.store_id == store_id, HealthDocumentRow.doc_key == key
        )
    ).first()
    if row is None:
        row = HealthDocumentRow(
            store_id=store_id,
            doc_key=key,
            status=status,
            note=note or "",
            updated_at=at,
            updated_by=by,
        )
        session.add(row)
        session.flush()
        return row, None
    before = row.status
    row.status, row.updated_at, row.updated_by = status, at, by
    if note is not None:
        row.note = note
    session.flush()
    return row, before


def count_records(session: Session, store_id: int) -> int:
    """Health snapshots and check-list entries kept for a store."""
    snaps = session.scalar(
        select(func.count())
        .select_from(HealthSnapshotRow)
        .where(HealthSnapshotRow.store_id == store_id)
    )
    docs = session.scalar(
        select(func.count())
        .select_from(HealthDocumentRow)
        .where(HealthDocumentRow.store_id == store_id)
    )
    return int(snaps or 0) + int(docs or 0)
