"""Open the tracker for a CLI command: settings -> engine (migrated on first use) -> context."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from sellerdesk.services.tracker import TrackerContext
from sellerdesk.settings import Settings, load_settings


@dataclass
class Tracker:
    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]

    @cached_property
    def context(self) -> TrackerContext:
        from sellerdesk.hours import load_desks, load_rules, team_schedule

        s = self.settings
        zone = s.team_timezone or s.timezone or _os_zone()
        return TrackerContext(
            desks=load_desks(s.desks_file, settings=s),
            rules=load_rules(settings=s),
            team=team_schedule(s.team_hours, zone, s.team_holidays),
            team_zone=zone,
            attachments_dir=s.home / "attachments",
            team_reply_hours=float(s.config.get("team.reply_hours", 8)),
        )


def _os_zone() -> str:
    from sellerdesk.cli.context import os_zone_name

    return os_zone_name()


def open_tracker(settings: Settings | None = None) -> Tracker:
    """The store at SELLERDESK_DATABASE_URL (default: SQLite in the data folder), migrated."""
    from sellerdesk.storage.engine import make_engine, make_session_factory
    from sellerdesk.storage.migrate import ensure_current

    settings = settings or load_settings()
    engine = make_engine(settings.database_url)
    ensure_current(engine)
    return Tracker(settings, engine, make_session_factory(engine))
