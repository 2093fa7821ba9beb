"""Helpers of the store and case service tests: a fixed "now", a context, row counts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from sellerdesk.services.tracker import TrackerContext
from tests.tracker_support import shanghai_team_context

# Tue 14 Apr 2026 10:00 in Los Angeles: desk na is open
NOW = datetime(2026, 4, 14, 17, 0, tzinfo=UTC)


def later(hours: float) -> datetime:
    return NOW + timedelta(hours=hours)


def make_context(tmp: Path) -> TrackerContext:
    return shanghai_team_context(tmp)


def count(sessions: sessionmaker[Session], table: Any) -> int:
    with sessions() as session:
        return int(session.scalar(select(func.count()).select_from(table)) or 0)
