"""Open a command's run and finish it: the one way a CLI command starts and ends.

``run = open_run(lang, tz, at)`` resolves, once, what every command shares: the settings,
the language (``--lang``, else ``config set lang``, else the locale), the display zone
(``--tz``, else ``SELLERDESK_TZ``, else the team's zone: ``team.timezone``, as the web app
shows to a user without a zone of their own) and "now" (``--at``, read on that zone's
wall clock) — the language and the zone by ``services/locale.py``, as the pages do. The
store is opened only when the command asks for it (``run.runtime``), through
:func:`~sellerdesk.services.runtime.build_runtime`, as the app and the worker open theirs.
``run.finish(result, key)`` prints the result as JSON (``--json``) or as one translated
line. Errors become exit codes in :func:`~sellerdesk.cli.options.handles_errors`.

The hours commands use it too and must start without SQLAlchemy: the runtime module is
imported only inside :attr:`Run.runtime` (the import contract in pyproject names that edge;
``tests/cli/test_hours_commands.py`` checks that ``sellerdesk hours`` loads no database
library).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import typer

from sellerdesk.cli.field_flags import ZONE_FLAG, spelled
from sellerdesk.cli.options import check_lang
from sellerdesk.cli.render import emit_json
from sellerdesk.core.errors import InvalidInput
from sellerdesk.core.i18n import t
from sellerdesk.services import locale
from sellerdesk.settings import Settings, load_settings

if TYPE_CHECKING:
    from sellerdesk.core.hours.model import Desk
    from sellerdesk.services.runtime import Runtime


def parse_instant(text: str, zone: tzinfo, field: str) -> datetime:
    """ISO-8601; a time without an offset is read on the wall clock of ``zone``."""
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInput.of("time.bad_instant", field=field, value=text) from None
    if value.tzinfo is None:
        value = value.replace(tzinfo=zone)
    return value


def _utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(eq=False)
class Run:
    """One command's run: what it shows in, and the store when it needs one."""

    settings: Settings
    lang: str
    tz: str | None = None  # --tz as given
    at: str | None = None  # --at as given
    desks_file: Path | None = None  # --desks as given
    json_out: bool = False

    @cached_property
    def zone(self) -> ZoneInfo:
        if self.tz:  # only the flag is read then: a bad zone names it as typed
            return spelled(ZONE_FLAG)(locale.cli_zone)(self.settings, self.tz)
        return locale.cli_zone(self.settings)

    @cached_property
    def now(self) -> datetime:
        return parse_instant(self.at, self.zone, "--at") if self.at else _utc_now()

    @property
    def clock(self) -> Callable[[], datetime]:
        """``--at`` when given (the clock stands still there), else the real time (a
        long-running worker reads it again each round)."""
        pinned = self.now
        return (lambda: pinned) if self.at else _utc_now

    @cached_property
    def desks(self) -> dict[str, Desk]:
        """The desks with the user's files and ``--desks`` applied (no database)."""
        from sellerdesk.hours import load_desks

        return load_desks(self.desks_file, settings=self.settings)

    @cached_property
    def runtime(self) -> Runtime:
        """The store (``runtime.sessions``, ``.engine``) and the tracker's context
        (``runtime.ctx``), opened (and migrated) at the first use."""
        from sellerdesk.services.runtime import build_runtime

        return build_runtime(self.settings, clock=self.clock)

    def json(self, result: Any) -> bool:
        """Print ``result`` as JSON if ``--json`` was asked; say whether it was."""
        if self.json_out:
            emit_json(result)
        return self.json_out

    def finish(self, result: Any, key: str, **params: Any) -> None:
        """JSON (``--json``), else the one line ``key`` says in the run's language, its
        placeholders filled from ``params`` (default: ``result`` itself, a mapping)."""
        if self.json(result):
            return
        typer.echo(t(key, self.lang, **(params or result)))


def open_run(
    lang: str | None,
    tz: str | None = None,
    at: str | None = None,
    *,
    desks: Path | None = None,
    json_out: bool = False,
    shows_times: bool = True,
) -> Run:
    """Settings, language, display zone and "now", resolved once, before anything is
    opened: a bad flag or setting is refused naming it (``--lang``, ``--tz``, ``--at``,
    ``SELLERDESK_TZ``, ``team.timezone``). ``shows_times=False``: the zone and "now" are
    resolved when first asked for (``case lint`` shows no time; ``case new --from-draft``
    reads the draft first)."""
    check_lang(lang)
    settings = load_settings()
    language = locale.language(lang, settings.lang, locale.env_locale())
    run = Run(settings, language, tz, at, desks, json_out)
    if shows_times:
        _ = run.zone, run.now  # the zone, then "now" read on its wall clock
    return run


def open_operator_run(lang: str | None, *, reads_locale: bool = False) -> tuple[str, Runtime]:
    """The store and the language for a command the server's operator runs (users, tokens,
    backup, restore, verify): ``--lang``, else ``config set lang`` (``reads_locale``: else
    the OS locale, as every other command — ``serve``'s first-start banner is read by
    whoever installed it, in their terminal's language). They show no time, so no zone is
    resolved."""
    from sellerdesk.services.runtime import build_runtime

    check_lang(lang)
    runtime = build_runtime()
    os_locale = locale.env_locale() if reads_locale else None
    return locale.language(lang, runtime.settings.lang, os_locale), runtime
