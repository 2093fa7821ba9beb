"""Helpers of the store and case service tests: a fixed "now", a context, row counts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from sellerdesk.hours import load_desks, load_rules, team_schedule
from sellerdesk.services.tracker import TrackerContext

# Tue 14 Apr 2026 10:00 in Los Angeles: desk na is open
NOW = datetime(2026, 4, 14, 17, 0, tzinfo=UTC)


def later(hours: float) -> datetime:
    return NOW + timedelta(hours=hours)


def make_context(tmp: Path) -> TrackerContext:
    return TrackerContext(
        desks=load_desks(user_files=False),
        rules=load_rules(user_files=False),
        team=team_schedule("Mon-Fri 09:00-18:00", "Asia/Shanghai", ("CN",)),
        team_zone="Asia/Shanghai",
        attachments_dir=tmp / "attachments",
    )


def count(sessions: sessionmaker[Session], table: Any) -> int:
    with sessions() as session:
        return int(session.scalar(select(func.count()).select_from(table)) or 0)
