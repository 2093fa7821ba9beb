"""Rows inserted straight through the ORM, for search, dossier and backup tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from sellerdesk.services.tracker import TrackerContext
from sellerdesk.storage.tables import (
    AmazonCaseIdRow,
    AttachmentRow,
    CaseRow,
    EventAttachmentRow,
    EventRow,
    IdentifierRow,
    StoreRow,
)
from tests.tracker_support import shanghai_team_context

T0 = datetime(2026, 4, 14, 17, 0, tzinfo=UTC)  # Tue 14 Apr 2026, 01:00 in Shanghai (15th)


def context(tmp: Path) -> TrackerContext:
    return shanghai_team_context(tmp)


def add_store(session: Session, name: str = "acme") -> StoreRow:
    store = StoreRow(
        name=name,
        region="na",
        marketplaces=["US"],
        selling_plan="professional",
        verified=False,
        created_at=T0,
        updated_at=T0,
    )
    session.add(store)
    session.flush()
    return store


def add_case(
    session: Session,
    store: StoreRow,
    subject: str,
    text: str = "",
    *,
    status: str = "draft",
    identifiers: tuple[tuple[str, str], ...] = (),
    amazon_ids: tuple[str, ...] = (),
    at: datetime = T0,
    **extra: Any,
) -> CaseRow:
    case = CaseRow(
        store_id=store.id,
        marketplace="US",
        desk="na",
        subject=subject,
        body={"description": text},
        priority="normal",
        language="en",
        channel="case",
        status=status,
        tags=[],
        version=1,
        created_at=at,
        updated_at=at,
        search_text=" ".join([subject, text, *(v for _, v in identifiers), *amazon_ids]),
        **extra,
    )
    session.add(case)
    session.flush()
    for kind, value in identifiers:
        session.add(IdentifierRow(case_id=case.id, kind=kind, value=value))
    for acid in amazon_ids:
        session.add(AmazonCaseIdRow(case_id=case.id, amazon_case_id=acid, added_at=at))
    session.flush()
    return case


def add_event(
    session: Session,
    case: CaseRow,
    body: str,
    *,
    at: datetime,
    direction: str = "out",
    channel: str | None = "case",
    author: str | None = "li",
    data: dict[str, Any] | None = None,
) -> EventRow:
    event = EventRow(
        case_id=case.id,
        direction=direction,
        channel=channel,
        author=author,
        occurred_at=at,
        recorded_at=at,
        body=body,
        data=data or {},
    )
    session.add(event)
    session.flush()
    return event


def attach(
    session: Session, event: EventRow, name: str, content: bytes, folder: Path | None = None
) -> AttachmentRow:
    import hashlib

    sha = hashlib.sha256(content).hexdigest()
    row = AttachmentRow(sha256=sha, size=len(content), media_type="image/png", created_at=T0)
    session.add(row)
    session.flush()
    session.add(EventAttachmentRow(event_id=event.id, attachment_id=row.id, file_name=name))
    session.flush()
    if folder is not None:
        (folder / sha[:2]).mkdir(parents=True, exist_ok=True)
        (folder / sha[:2] / sha).write_bytes(content)
    return row


def fill(engine: Engine, attachments: Path | None = None) -> dict[str, int]:
    """Two stores, three cases (one merged into a later one), events and an attachment."""
    with Session(engine) as session, session.begin():
        acme, zeta = add_store(session, "acme"), add_store(session, "zeta")
        first = add_case(
            session,
            acme,
            "Refund missing 退款未到账",
            "order lost",
            identifiers=(("order", "114-1234567-1234567"),),
            amazon_ids=("12345678901",),
        )
        later = add_case(
            session,
            zeta,
            "Listing blocked 商品被屏蔽",
            "ASIN suppressed",
            identifiers=(("asin", "B08N5WRWNW"),),
        )
        third = add_case(
            session,
            acme,
            "Inventory lost 库存丢失",
            "shipment FBA15ABCD123",
            identifiers=(("shipment", "FBA15ABCD123"),),
        )
        first.merged_into_id = third.id  # refers to a later row
        for i in range(3):
            event = add_event(session, later, f"reply {i}", at=T0 + timedelta(hours=i))
        attach(session, event, "proof.png", b"png bytes", attachments)
        return {"first": first.id, "later": later.id, "third": third.id}
