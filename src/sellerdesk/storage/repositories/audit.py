"""The audit log: who changed what, when. Rows are only ever added."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from sellerdesk.storage.tables import AuditRow


def record(
    session: Session,
    *,
    at: datetime,
    actor: str,
    entity: str,
    entity_id: int,
    action: str,
    detail: dict[str, Any] | None = None,
) -> AuditRow:
    row = AuditRow(
        at=at, actor=actor, entity=entity, entity_id=entity_id, action=action, detail=detail or {}
    )
    session.add(row)
    return row


def list_for(session: Session, entity: str, entity_id: int) -> list[AuditRow]:
    return list(
        session.scalars(
            select(AuditRow)
            .where(AuditRow.entity == entity, AuditRow.entity_id == entity_id)
            .order_by(AuditRow.id)
        )
    )
