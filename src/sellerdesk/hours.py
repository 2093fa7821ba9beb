"""Public library API of the support-hours engine.

>>> from sellerdesk import hours
>>> desks = hours.load_desks()
>>> sched = desks["na"].schedule("case")
>>> sched.is_open(datetime(2026, 3, 9, 17, tzinfo=UTC))   # 10:00 in Los Angeles (PDT)
True

Every schedule compiles to sorted UTC windows with running totals; see
:class:`~sellerdesk.core.hours.schedule.Schedule` for the exact semantics.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from sellerdesk.core.errors import InvalidInput, NotFound
from sellerdesk.core.hours.calendars import (
    CoverageNote,
    is_known_calendar,
    use_cache_folder,
    use_saved_years,
)
from sellerdesk.core.hours.ical import IcalWindow, windows_to_ical
from sellerdesk.core.hours.loader import DeskFile, build_desks, read_desk_file
from sellerdesk.core.hours.model import CHANNELS, HUMAN_CHANNELS, ChannelRule, DayRules, Desk, Fact
from sellerdesk.core.hours.planner import DeskPlan, plan_week
from sellerdesk.core.hours.ranges import format_week, parse_week_spec
from sellerdesk.core.hours.schedule import Schedule
from sellerdesk.core.hours.sources import WeeklySource
from sellerdesk.core.rules import builtin_rules_path
from sellerdesk.core.support_rules import SupportRules, load_support_rules
from sellerdesk.core.zones import zone_named
from sellerdesk.settings import Settings, load_settings

__all__ = [
    "CHANNELS",
    "HUMAN_CHANNELS",
    "ChannelRule",
    "CoverageNote",
    "Desk",
    "DeskPlan",
    "Fact",
    "IcalWindow",
    "Schedule",
    "SupportRules",
    "desk_files",
    "desk_for_marketplace",
    "format_week",
    "load_desks",
    "load_rules",
    "plan_week",
    "team_schedule",
    "windows_to_ical",
]


def _builtin_file() -> DeskFile:
    ref = resources.files("sellerdesk") / "data" / "desks.toml"
    with resources.as_file(ref) as path:
        return read_desk_file(Path(path), builtin=True)


def desk_files(extra: str | Path | None = None, *, settings: Settings | None = None) -> list[Path]:
    """The user files that apply, in order: data folder, ``SELLERDESK_DESKS``, ``extra``."""
    settings = settings or load_settings()
    paths = []
    if settings.user_desks_path.exists():
        paths.append(settings.user_desks_path)
    if settings.desks_file is not None:
        paths.append(settings.desks_file)
    if extra is not None:
        paths.append(Path(extra).expanduser())
    return paths


def load_desks(
    extra: str | Path | None = None, *, settings: Settings | None = None, user_files: bool = True
) -> dict[str, Desk]:
    """The shipped desks with the user's overrides applied; ``extra`` is one more TOML file."""
    files = [_builtin_file()]
    if user_files:
        settings = settings or load_settings()
        use_cache_folder(settings.home / "cache")
        use_saved_years(settings.home / "calendars")  # years an admin added, before guessing
        files += [read_desk_file(p) for p in desk_files(extra, settings=settings)]
    else:
        use_saved_years(None)  # no data-folder files: no saved years either
        if extra is not None:
            files.append(read_desk_file(Path(extra).expanduser()))
    return build_desks(files)


def desk_for_marketplace(desks: dict[str, Desk], marketplace: str) -> Desk:
    """The desk that serves a marketplace code (a later, user-defined desk wins)."""
    code = marketplace.strip().upper()
    found = [d for d in desks.values() if code in d.marketplaces]
    if not found:
        known = sorted({m for d in desks.values() for m in d.marketplaces})
        raise NotFound.of(
            "desk.no_marketplace", field="marketplace", value=marketplace, known=", ".join(known)
        )
    return found[-1]


def team_schedule(
    spec: str, timezone: str, holidays: tuple[str, ...] = (), *, label: str = "team"
) -> Schedule:
    """Our own team's hours: ``team_schedule("Mon-Fri 09:00-18:00", "Asia/Shanghai", ("CN",))``."""
    week = parse_week_spec(spec, field="team.hours")
    zone = zone_named(timezone, field="team.timezone")
    for name in holidays:
        if not is_known_calendar(name):
            raise InvalidInput.of("config.bad_holidays", field="team.holidays", value=name)
    source = WeeklySource(zone, week, DayRules(holidays=tuple(holidays)))
    return Schedule(source, label=label, zone=zone)


def load_rules(*, settings: Settings | None = None, user_files: bool = True) -> SupportRules:
    """The shipped sourced rules (rules.toml) with ``rules.toml`` in the data folder applied,
    each validated (a bad value in either file is refused here, naming the file)."""
    paths = [builtin_rules_path()]
    if user_files:
        settings = settings or load_settings()
        user = settings.home / "rules.toml"
        if user.exists():
            paths.append(user)
    return load_support_rules(paths)
