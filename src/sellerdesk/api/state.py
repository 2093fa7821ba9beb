"""What the app holds for its lifetime: settings, the engine, the tracker context, the clock."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from fastapi import Request
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from sellerdesk.core.access import Principal
from sellerdesk.services import idempotency
from sellerdesk.services.list_cache import ListCache
from sellerdesk.services.tokens import PrincipalCache
from sellerdesk.services.tracker import TrackerContext
from sellerdesk.settings import Settings

JSON_BODY_LIMIT = 1 << 20  # 1 MiB for every JSON request body
MULTIPART_SLACK = 1 << 20  # form fields and part headers around an upload
DEFAULT_TOKEN_CACHE_SECONDS = 2.0  # see services.tokens.PrincipalCache
DEFAULT_LIST_CACHE_PAGES = 256  # see services.list_cache


def utc_now() -> datetime:
    return datetime.now(UTC)


def os_zone_name() -> str:
    try:
        from tzlocal import get_localzone_name

        return get_localzone_name() or "UTC"
    except Exception:  # no zone configured on the machine: UTC is the honest default
        return "UTC"


@dataclass
class AppState:
    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    ctx: TrackerContext
    clock: Callable[[], datetime] = utc_now
    secure_cookies: bool = False  # set behind HTTPS: cookies then carry Secure
    token_cache: PrincipalCache = dataclasses.field(default_factory=lambda: PrincipalCache(0))
    list_cache: ListCache | None = None  # None: api.list_cache_pages = 0

    @property
    def idempotency_lease(self) -> timedelta:
        """How long an ``Idempotency-Key`` claim holds before a retry may take it over."""
        try:  # a hand-edited config file may hold anything: out of range is clamped
            seconds = float(self.settings.config["api.idempotency_lease_seconds"])
        except (KeyError, TypeError, ValueError):
            return idempotency.DEFAULT_LEASE
        return timedelta(seconds=min(max(seconds, 1.0), 3600.0))

    def context_for(self, principal: Principal) -> TrackerContext:
        """The tracker context acting as this user (audit rows and events name them)."""
        return dataclasses.replace(self.ctx, actor=principal.name)

    @property
    def upload_limit(self) -> int:
        return self.ctx.max_attachment_bytes + MULTIPART_SLACK


def build_state(settings: Settings, clock: Callable[[], datetime] | None = None) -> AppState:
    from sellerdesk.hours import load_desks, load_rules, team_schedule
    from sellerdesk.storage.engine import make_engine, make_session_factory
    from sellerdesk.storage.migrate import ensure_current

    engine = make_engine(settings.database_url)
    ensure_current(engine)
    zone = settings.team_timezone or settings.timezone or os_zone_name()
    ctx = TrackerContext(
        desks=load_desks(settings.desks_file, settings=settings),
        rules=load_rules(settings=settings),
        team=team_schedule(settings.team_hours, zone, settings.team_holidays),
        team_zone=zone,
        attachments_dir=settings.home / "attachments",
        team_reply_hours=float(settings.config.get("team.reply_hours", 8)),
        actor="api",
    )
    state = AppState(settings, engine, make_session_factory(engine), ctx, clock or utc_now)
    ttl = float(settings.config.get("api.token_cache_seconds", DEFAULT_TOKEN_CACHE_SECONDS))
    state.token_cache = PrincipalCache(ttl)
    pages = int(settings.config.get("api.list_cache_pages", DEFAULT_LIST_CACHE_PAGES))
    state.list_cache = ListCache(pages) if pages > 0 else None
    return state


def state_of(request: Request) -> AppState:
    state: AppState = request.app.state.sellerdesk
    return state
