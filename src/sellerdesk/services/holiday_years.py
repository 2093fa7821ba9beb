"""A calendar year's official days off and make-up working days, added by an admin as data.

``chinese-calendar`` learns China's arrangement for a year some weeks after the State
Council publishes it (in November); until then that year is estimated by rule. Here an
admin previews a year (from the notice's text or from two lists of dates), saves it as
``calendars/<name>-<year>.toml`` in the data folder — with its source, date and
confidence, as the rule files are — lists, shows and removes saved years. The calendar
loader (:mod:`sellerdesk.core.hours.calendars`) reads that folder before guessing, so a
saved year is no longer estimated. The CLI (``sellerdesk calendar``) and the admin's
Calendars page both call these functions; neither writes a file itself.
"""

from __future__ import annotations

import calendar as month_calendar
import dataclasses
import json
import os
import tempfile
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from pathlib import Path
from typing import Literal

from sellerdesk.core.errors import InvalidInput, NotFound
from sellerdesk.core.hours.calendars import (
    SavedYear,
    calendar_year,
    china_year_known,
    is_known_calendar,
    read_saved_year,
    saved_file_name,
    saved_years,
    use_saved_years,
)
from sellerdesk.core.hours.cn_notice import Arrangement, parse_day_lists, parse_notice
from sellerdesk.services.context import TrackerContext
from sellerdesk.settings import Settings

DayKind = Literal["off", "working", "weekend", "workday"]
MAX_SOURCE_CHARS = 300


@dataclass(frozen=True)
class DayCell:
    day: date
    kind: DayKind  # off: a day off; working: a make-up working day on a weekend
    changed: bool = False  # differs from what the schedules use today (the guess)


@dataclass(frozen=True)
class MonthGrid:
    year: int
    month: int
    weeks: tuple[tuple[DayCell | None, ...], ...]  # Monday first; None outside the month


@dataclass(frozen=True)
class YearPreview:
    """What would be saved, as a calendar, and how it differs from today's answer."""

    arrangement: Arrangement
    months: tuple[MonthGrid, ...]
    replaces_estimate: bool  # the year is only estimated today
    already_saved: bool
    changed_days: int  # days whose status (off/working) the save changes


@dataclass(frozen=True)
class YearSummary:
    """One calendar year and what it rests on (the list of ``calendar list``)."""

    calendar: str
    year: int
    basis: Literal["saved", "library", "estimated"]
    closed_days: int
    working_days: int
    source: str
    as_of: date | None
    confidence: str


def folder_of(home: Path) -> Path:
    return home / "calendars"


def preview_notice(home: Path, text: str, year: int) -> YearPreview:
    """The State Council's notice read for ``year`` (China), checked, not saved."""
    return _preview(home, parse_notice(text, year, "CN"))


def preview_days(
    home: Path, calendar: str, year: int, closed_text: str, working_text: str
) -> YearPreview:
    """Days off (and, for China, make-up working days) typed as lists, checked, not saved."""
    name = _calendar_name(calendar)
    if name != "CN" and working_text.strip():
        raise InvalidInput.of("calendars.working_only_cn", field="working", calendar=name)
    return _preview(home, parse_day_lists(name, year, closed_text, working_text))


def default_as_of(preview: YearPreview, today: date) -> date:
    """The date a saved year is "as of" when the admin gives none: the notice's own date
    (its last line, ``2026年11月10日``) when it has one, else today."""
    dated = preview.arrangement.dated
    return dated if dated is not None and dated <= today else today


def save(
    home: Path,
    preview: YearPreview,
    *,
    source: str,
    as_of: date,
    now: datetime,
    actor: str,
    notice: str = "",
) -> SavedYear:
    """Write the year (atomically) and use it in this process from now on."""
    found = preview.arrangement
    source = source.strip() or _default_source(found)
    if len(source) > MAX_SOURCE_CHARS:
        raise InvalidInput.of("calendars.source_too_long", field="source", limit=MAX_SOURCE_CHARS)
    if as_of > now.date():
        raise InvalidInput.of("calendars.as_of_future", field="as_of", value=as_of.isoformat())
    confidence = "public-source" if notice else "user"
    text = _toml(found, source, as_of, confidence, now, actor, notice)
    folder = folder_of(home)
    name = saved_file_name(found.calendar, found.year)
    read_saved_year(text, name)  # what is written must read back
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".calendar-", suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.replace(tmp, folder / name)
    use_saved_years(folder)
    return _saved(found.calendar, found.year)


def remove(home: Path, calendar: str, year: int) -> None:
    """Delete a saved year: the library's data (or the estimate) applies again."""
    name = _calendar_name(calendar)
    path = folder_of(home) / saved_file_name(name, year)
    if not path.exists():
        raise NotFound.of("calendars.not_saved", field="year", calendar=name, year=year)
    path.unlink()
    use_saved_years(folder_of(home))


def list_years(home: Path, today: date) -> tuple[YearSummary, ...]:
    """Every saved year, and China's this year and next (whatever they rest on)."""
    use_saved_years(folder_of(home))
    keys = {(s.calendar, s.year) for s in saved_years()}
    keys |= {("CN", today.year), ("CN", today.year + 1)}
    return tuple(summary(name, year) for name, year in sorted(keys))


def summary(calendar: str, year: int) -> YearSummary:
    name = _calendar_name(calendar)
    cal = calendar_year(name, year)
    found = {(s.calendar, s.year): s for s in saved_years()}.get((name, year))
    if found is not None:
        basis: Literal["saved", "library", "estimated"] = "saved"
        source, as_of, confidence = found.source, found.as_of, found.confidence
    elif cal.estimate_note:
        basis, source, as_of, confidence = "estimated", cal.estimate_note, None, "assumption"
    else:
        basis, as_of, confidence = "library", None, "public-source"
        source = "chinese-calendar" if name == "CN" else "holidays"
    return YearSummary(
        name, year, basis, len(cal.closed), len(cal.extra_open), source, as_of, confidence
    )


def year_months(calendar: str, year: int) -> tuple[MonthGrid, ...]:
    """The calendar's year as it is used now (saved, library or estimated)."""
    cal = calendar_year(_calendar_name(calendar), year)
    return _months(year, cal.closed, cal.extra_open, frozenset(), frozenset())


def missing_next_year(now: datetime, zone: tzinfo) -> int | None:
    """In December (on the team's clock), next year when China's arrangement is missing."""
    today = now.astimezone(zone).date()
    if today.month != 12 or china_year_known(today.year + 1):
        return None
    return today.year + 1


def reloaded(ctx: TrackerContext, settings: Settings) -> TrackerContext:
    """The desks and the team's schedule built again after a save or a removal: a compiled
    schedule keeps the days it was compiled with."""
    from sellerdesk.hours import load_desks, team_schedule

    desks = load_desks(settings.desks_file, settings=settings)
    team = team_schedule(settings.team_hours, ctx.team_zone, settings.team_holidays)
    return dataclasses.replace(ctx, desks=desks, team=team)


def _preview(home: Path, found: Arrangement) -> YearPreview:
    use_saved_years(folder_of(home))
    current = calendar_year(found.calendar, found.year)
    closed, working = found.closed, found.working
    if found.calendar != "CN":  # other calendars: the saved days add to the library's
        closed = closed | calendar_year(found.calendar, found.year).closed
    months = _months(found.year, closed, working, current.closed, current.extra_open)
    changed = sum(1 for m in months for w in m.weeks for c in w if c is not None and c.changed)
    return YearPreview(
        found,
        months,
        replaces_estimate=current.estimate_note is not None,
        already_saved=current.saved,
        changed_days=changed,
    )


def _months(
    year: int,
    closed: frozenset[date],
    working: frozenset[date],
    before_closed: frozenset[date],
    before_working: frozenset[date],
) -> tuple[MonthGrid, ...]:
    compare = bool(before_closed or before_working)
    grids = []
    for month in range(1, 13):
        weeks = []
        for week in month_calendar.Calendar(0).monthdatescalendar(year, month):
            row: list[DayCell | None] = []
            for day in week:
                if day.month != month:
                    row.append(None)
                    continue
                kind = _kind(day, closed, working)
                # changed: open on a different footing (a weekend day now a day off is not)
                before = _kind(day, before_closed, before_working)
                changed = compare and _open(kind) != _open(before)
                row.append(DayCell(day, kind, changed))
            weeks.append(tuple(row))
        grids.append(MonthGrid(year, month, tuple(weeks)))
    return tuple(grids)


def _open(kind: DayKind) -> bool:
    return kind in ("working", "workday")


def _kind(day: date, closed: frozenset[date], working: frozenset[date]) -> DayKind:
    if day in working:
        return "working"
    if day in closed:
        return "off"
    return "weekend" if day.weekday() >= 5 else "workday"


def _calendar_name(calendar: str) -> str:
    name = calendar.strip().upper()
    if not name or len(name) > 12 or not is_known_calendar(name):
        raise InvalidInput.of("calendars.unknown", field="calendar", value=calendar[:20])
    return name


def _saved(calendar: str, year: int) -> SavedYear:
    for found in saved_years():
        if (found.calendar, found.year) == (calendar, year):
            return found
    raise NotFound.of("calendars.not_saved", field="year", calendar=calendar, year=year)


def _default_source(found: Arrangement) -> str:
    if found.calendar == "CN" and found.holidays:
        return f"国务院办公厅关于{found.year}年部分节假日安排的通知"
    return f"{found.calendar} {found.year}: days typed by an admin"


def _toml(
    found: Arrangement,
    source: str,
    as_of: date,
    confidence: str,
    now: datetime,
    actor: str,
    notice: str,
) -> str:
    def q(value: str) -> str:
        return json.dumps(value, ensure_ascii=False)  # a JSON string is a TOML basic string

    def days(values: frozenset[date]) -> str:
        return "[" + ", ".join(q(d.isoformat()) for d in sorted(values)) + "]"

    lines = [
        f"# {found.calendar} {found.year}: official days off and make-up working days,",
        "# added in Seller Desk (docs/calendars.md). Read before the holiday libraries.",
        "schema = 1",
        f"calendar = {q(found.calendar)}",
        f"year = {found.year}",
        f"source = {q(source)}",
        f"as_of = {q(as_of.isoformat())}",
        f"confidence = {q(confidence)}",
        f"saved_by = {q(actor)}",
        f"saved_at = {q(now.isoformat())}",
        f"closed = {days(found.closed)}",
        f"working = {days(found.working)}",
    ]
    if notice:
        lines.append(f"notice = {q(notice)}")
    for holiday in found.holidays:
        lines += [
            "",
            "[[holiday]]",
            f"name = {q(holiday.name)}",
            f'first = "{holiday.first.isoformat()}"',
            f'last = "{holiday.last.isoformat()}"',
        ]
    return "\n".join(lines) + "\n"
