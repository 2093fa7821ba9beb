"""One way in: settings -> engine (migrated once) -> desks, rules, team hours -> context.

Every adapter builds its :class:`Runtime` with :func:`build_runtime` — the CLI per run
(``cli/run.py``), the app once per process (``api/state.py``), the worker through either —
and hands the pieces to the use cases: ``sessions``, ``ctx`` (a
:class:`~sellerdesk.services.tracker.TrackerContext`) and ``clock()`` as "now". Services
never read settings; this module is the one place that does, with :mod:`.locale` for the
language and the zones.

Nothing is opened until it is asked for: the engine is made (and migrated) at the first
``sessions``/``engine``, the desks and rules are read at the first ``ctx``. A command that
never touches the database never imports SQLAlchemy.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cached_property
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from sellerdesk.services import locale
from sellerdesk.settings import Settings

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from sellerdesk.core.access import Principal
    from sellerdesk.core.hours.model import Desk
    from sellerdesk.core.hours.schedule import Schedule
    from sellerdesk.services.context import TrackerContext
    from sellerdesk.services.list_cache import ListCache
    from sellerdesk.services.tokens import PrincipalCache
    from sellerdesk.storage.session import Session, sessionmaker

MULTIPART_SLACK = 1 << 20  # form fields and part headers around an upload
# a mail file sent from the Unfiled page: Amazon's case mail with its attachments (images,
# PDFs, base64-encoded, so a third larger) runs to 35-50 MB, above a case file's 25 MiB
DEFAULT_MAIL_UPLOAD_MB = 60


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(eq=False)
class Runtime:
    """What a process (or one CLI run) holds: settings, the store, the context, the clock.

    ``settings`` and ``ctx`` may be replaced while the app runs (the Admin page changes the
    team's hours or the desks: effective from the next request)."""

    settings: Settings
    clock: Callable[[], datetime] = utc_now
    actor: str = "cli"  # who the audit rows name when no user is signed in
    secure_cookies: bool = False  # the app behind HTTPS: cookies then carry Secure
    list_cache: ListCache | None = None  # the app's first-page cache; None: off

    def __post_init__(self) -> None:
        self._config_seen = _file_stamp(self.settings)  # config.toml as the settings read it

    @cached_property
    def token_cache(self) -> PrincipalCache:
        """Off unless the app sizes one (``api/state.py`` assigns it): the CLI never
        imports the token service for it."""
        from sellerdesk.services.tokens import PrincipalCache

        return PrincipalCache(0)

    @cached_property
    def engine(self) -> Engine:
        """The store at ``SELLERDESK_DATABASE_URL`` (default SQLite in the data folder),
        migrated to the current schema the first time it is opened."""
        from sellerdesk.storage.engine import make_engine
        from sellerdesk.storage.migrate import ensure_current

        engine = make_engine(self.settings.database_url)
        ensure_current(engine)
        return engine

    @cached_property
    def sessions(self) -> sessionmaker[Session]:
        from sellerdesk.storage.engine import make_session_factory

        return make_session_factory(self.engine)

    @cached_property
    def ctx(self) -> TrackerContext:
        """Desks, rules and the team's schedule, read and validated once."""
        from sellerdesk.hours import load_desks, load_rules, team_schedule
        from sellerdesk.services.context import TrackerContext

        s, zone = self.settings, locale.team_zone_name(self.settings)
        return TrackerContext(
            desks=load_desks(s.desks_file, settings=s),
            rules=load_rules(settings=s),
            team=team_schedule(s.team_hours, zone, s.team_holidays),
            team_zone=zone,
            attachments_dir=s.home / "attachments",
            team_reply_hours=float(s.config.get("team.reply_hours", 8)),
            actor=self.actor,
            data_dir=s.home,
        )

    @property
    def desks(self) -> dict[str, Desk]:
        return self.ctx.desks

    @property
    def team(self) -> Schedule:
        return self.ctx.team

    def display_zone(self, own: str | None = None) -> ZoneInfo:
        """The zone a page or the API shows times in: the signed-in user's own zone
        (``own``), else the team's (``cli/run.py`` asks ``--tz`` and ``SELLERDESK_TZ``
        first, then the same team zone)."""
        return locale.display_zone(self.settings, own, team=self.ctx.team_zone)

    def use_settings(self, settings: Settings) -> None:
        """Run with ``settings`` from now on (the web saved a team setting): the team's
        hours, zone and calendars are rebuilt at once, the desks and rules kept."""
        from sellerdesk.hours import team_schedule

        zone = locale.team_zone_name(settings)
        team = team_schedule(settings.team_hours, zone, settings.team_holidays)
        self.settings = settings
        self._config_seen = _file_stamp(settings)
        if "ctx" in self.__dict__:
            self.ctx = dataclasses.replace(self.ctx, team=team, team_zone=zone)

    def follow_config(self) -> None:
        """Take up config.toml when another process changed it (``sellerdesk config set``,
        another process of ``serve --workers N`` saving the setup), so the team's zone,
        hours and language are one answer everywhere; one ``stat`` when nothing changed.
        A hand-edited file that does not parse or check is left for the next change."""
        from sellerdesk.core.errors import InvalidInput
        from sellerdesk.settings import read_config

        stamp = _file_stamp(self.settings)
        if stamp == self._config_seen:
            return
        self._config_seen = stamp
        try:
            config = read_config(self.settings.config_path) if stamp is not None else {}
            self.use_settings(self.settings.with_config(config))
        except InvalidInput:
            return

    def context_for(self, principal: Principal) -> TrackerContext:
        """The tracker context acting as this user (audit rows and events name them)."""
        return dataclasses.replace(self.ctx, actor=principal.name)

    @property
    def upload_limit(self) -> int:
        return self.ctx.max_attachment_bytes + MULTIPART_SLACK

    @property
    def mail_upload_limit(self) -> int:
        """The largest ``.eml``/``.mbox`` upload in bytes (``mail.max_upload_mb``, decimal
        MB as the page states it); a hand-edited value out of range is clamped to 1-2,048."""
        try:
            megabytes = float(self.settings.config["mail.max_upload_mb"])
        except (KeyError, TypeError, ValueError):
            megabytes = DEFAULT_MAIL_UPLOAD_MB
        return int(min(max(megabytes, 1.0), 2048.0) * 1_000_000)

    @property
    def idempotency_lease(self) -> timedelta:
        """How long an ``Idempotency-Key`` claim holds before a retry may take it over."""
        from sellerdesk.services import idempotency

        try:  # a hand-edited config file may hold anything: out of range is clamped
            seconds = float(self.settings.config["api.idempotency_lease_seconds"])
        except (KeyError, TypeError, ValueError):
            return idempotency.DEFAULT_LEASE
        return timedelta(seconds=min(max(seconds, 1.0), 3600.0))

    def close(self) -> None:
        """Let the engine's pooled connections go (if it was ever opened)."""
        if "engine" in self.__dict__:
            self.engine.dispose()


def _file_stamp(settings: Settings) -> tuple[int, int, int] | None:
    """What tells a rewritten config.toml from the one read (written by rename: a new inode)."""
    try:
        found = settings.config_path.stat()
    except OSError:
        return None
    return found.st_mtime_ns, found.st_ino, found.st_size


def build_runtime(
    settings: Settings | None = None,
    *,
    clock: Callable[[], datetime] | None = None,
    actor: str = "cli",
) -> Runtime:
    """The runtime for ``settings`` (default: the environment's); nothing opened yet."""
    if settings is None:
        from sellerdesk.settings import load_settings

        settings = load_settings()
    return Runtime(settings, clock or utc_now, actor)
