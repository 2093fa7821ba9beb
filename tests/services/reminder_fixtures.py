"""Shared set-up for reminder tests: a context, and cases written straight through the ORM."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from sellerdesk.services.tracker import TrackerContext
from sellerdesk.storage.tables import CaseRow, EventRow, StoreRow
from tests.tracker_support import shanghai_team_context

LA = ZoneInfo("America/Los_Angeles")
BJ = ZoneInfo("Asia/Shanghai")


def la(d: int, h: int, mi: int = 0, mo: int = 4) -> datetime:
    return datetime(2026, mo, d, h, mi, tzinfo=LA)


def bj(d: int, h: int, mi: int = 0, mo: int = 4) -> datetime:
    return datetime(2026, mo, d, h, mi, tzinfo=BJ)


def make_context(tmp: Path) -> TrackerContext:
    return shanghai_team_context(tmp, team_reply_hours=8)


def add_case(session: Session, *, at: datetime, subject: str = "Listing suppressed") -> CaseRow:
    store = session.query(StoreRow).filter_by(name="acme").one_or_none()
    if store is None:
        store = StoreRow(
            name="acme", region="na", marketplaces=["US"], created_at=at, updated_at=at
        )
        session.add(store)
        session.flush()
    case = CaseRow(
        store_id=store.id,
        marketplace="US",
        desk="na",
        subject=subject,
        body={},
        language="en",
        status="draft",
        tags=[],
        created_at=at,
        updated_at=at,
    )
    session.add(case)
    session.flush()
    return case


def move(session: Session, case: CaseRow, to: str, at: datetime) -> None:
    session.add(
        EventRow(
            case_id=case.id,
            direction="status",
            occurred_at=at,
            recorded_at=at,
            data={"from": case.status, "to": to},
        )
    )
    case.status = to
    session.flush()
