"""A desk's hours as a person fills them in (the admin's desk form), checked and turned into
the values of a desks file.

The form is text a person types: a cell of the weekday x channel grid holds the day's ranges
("09:00-12:00, 13:00-18:00"); a range that runs past midnight says so ("20:00-04:00 +1",
"20:00-次日04:00"), so that "18:00-09:00" typed for "09:00-18:00" is refused, not read as a
night shift. Dates are typed one per line or separated by commas. Every refusal names the
form field (``week.case.mon``, ``closed`` …) and the value, and the typed text is kept so
the form can be shown again as it was.

:func:`channel_table` and :func:`desk_values` write what the desks loader reads (the same
keys a hand-written ``desks.toml`` has), so a form and the equivalent file give the same
schedule: the loader checks both.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sellerdesk.core.errors import InvalidInput
from sellerdesk.core.hours.calendars import is_known_calendar
from sellerdesk.core.hours.days import DayRules
from sellerdesk.core.hours.ranges import (
    WEEKDAY_KEYS,
    MinuteRange,
    WeekRanges,
    normalise_day,
    parse_range,
)
from sellerdesk.core.zones import zone_from_text

# the holiday calendars a person ticks; any other the loader knows is typed by its code
COMMON_CALENDARS = (
    "CN", "US", "CA", "MX", "BR", "GB", "IE", "DE", "FR", "IT", "ES", "NL", "SE", "PL",
    "BE", "TR", "AE", "SA", "EG", "IN", "JP", "AU", "SG",
)  # fmt: skip
DATE_FIELDS = ("closed", "open")
_DASH = r"\s*(?:-|–|—|~|～|至|到|to)\s*"
_NEXT_DAY_BEFORE = r"(?:次日|翌日|next\s+day\s*)"
_RANGE = re.compile(
    rf"(\d{{1,2}}:\d{{2}}){_DASH}({_NEXT_DAY_BEFORE})?(\d{{1,2}}:\d{{2}})\s*(\(?\+1\)?)?",
    re.IGNORECASE,
)
_SEPARATORS = re.compile(r"[\s,，、;；]+")


def cell_field(channel: str, day: str) -> str:
    """The form field of one grid cell (also the field an error names)."""
    return f"week.{channel}.{day}"


@dataclass(frozen=True)
class DeskForm:
    """What a person typed, field by field (``zone``, ``closed``, ``week.case.mon`` …), and
    the calendars ticked; kept as typed so a refused form comes back unchanged."""

    fields: Mapping[str, str] = field(default_factory=dict)
    calendars: tuple[str, ...] = ()

    def value(self, name: str) -> str:
        return self.fields.get(name, "")


@dataclass(frozen=True)
class DeskEdit:
    """A checked form: the desk's zone, its day rules and each channel's week."""

    timezone: str
    days: DayRules
    weeks: Mapping[str, WeekRanges]


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def format_cell(ranges: Iterable[MinuteRange]) -> str:
    """A day's ranges as the form shows them: ``09:00-12:00, 20:00-04:00 +1``."""
    shown = []
    for start, end in ranges:
        if end <= 1440:
            shown.append(f"{_clock(start)}-{_clock(end)}")
        else:
            shown.append(f"{_clock(start)}-{_clock(end - 1440)} +1")
    return ", ".join(shown)


def parse_cell(text: str, *, field: str) -> tuple[MinuteRange, ...]:
    """One grid cell: its ranges, sorted, refused when malformed, backwards or overlapping."""
    clean = text.replace("：", ":").strip()
    ranges: list[MinuteRange] = []
    rest = _RANGE.sub(" ", clean)
    leftover = _SEPARATORS.sub(" ", rest).strip()
    if leftover:
        raise InvalidInput.of("hours.bad_range", field=field, value=leftover.split(" ")[0])
    for match in _RANGE.finditer(clean):
        first, before, last, after = match.groups()
        typed = match.group(0).strip()
        start, end = parse_range(f"{first}-{last}", field=field)
        overnight = bool(before or after)
        last_minutes = int(last.split(":")[0]) * 60 + int(last.split(":")[1])
        if overnight and end <= 1440:
            raise InvalidInput.of("desk_admin.not_overnight", field=field, value=typed)
        if not overnight and end > 1440 and last_minutes != 0:  # "18:00-00:00": until midnight
            raise InvalidInput.of("desk_admin.end_before_start", field=field, value=typed)
        ranges.append((start, end))
    return normalise_day(ranges, field=field)


def _dates(text: str, *, field: str) -> frozenset[date]:
    found = set()
    for token in _SEPARATORS.split(text.strip()):
        if not token:
            continue
        try:
            found.add(date.fromisoformat(token.replace("/", "-").replace(".", "-")))
        except ValueError:
            raise InvalidInput.of("desk_admin.bad_date", field=field, value=token) from None
    return frozenset(found)


def _month_days(text: str) -> frozenset[tuple[int, int]]:
    found = set()
    for token in _SEPARATORS.split(text.strip()):
        if not token:
            continue
        match = re.fullmatch(r"(\d{1,2})[-/.](\d{1,2})", token)
        try:
            if match is None:
                raise ValueError(token)
            month, day = int(match.group(1)), int(match.group(2))
            date(2024, month, day)  # a leap year: 02-29 is a date
        except ValueError:
            raise InvalidInput.of(
                "desk_admin.bad_month_day", field="closed_yearly", value=token
            ) from None
        found.add((month, day))
    return frozenset(found)


def _calendars(form: DeskForm) -> tuple[str, ...]:
    typed = [c.upper() for c in _SEPARATORS.split(form.value("cal_other")) if c]
    chosen: list[str] = []
    for name in (*form.calendars, *typed):
        if not is_known_calendar(name):
            raise InvalidInput.of("desk_admin.bad_calendar", field="holidays", value=name[:40])
        if name not in chosen:
            chosen.append(name)
    return tuple(chosen)


def parse_form(form: DeskForm, channels: Iterable[str]) -> DeskEdit:
    """The checked values of a form over the desk's ``channels``; refused naming a field."""
    zone = zone_from_text(form.value("zone"), field="timezone")
    closed = _dates(form.value("closed"), field="closed")
    opened = _dates(form.value("open"), field="open")
    if both := closed & opened:
        raise InvalidInput.of("desk_admin.closed_and_open", field="open", day=min(both))
    open_hours = form.value("open_hours") or "mon"
    if open_hours not in WEEKDAY_KEYS:
        raise InvalidInput.of("hours.bad_day", field="open_hours", value=open_hours[:20])
    days = DayRules(
        holidays=_calendars(form),
        closed=closed,
        open=opened,
        closed_yearly=_month_days(form.value("closed_yearly")),
        open_hours_from=WEEKDAY_KEYS.index(open_hours),
    )
    weeks = {
        name: tuple(
            parse_cell(form.value(cell_field(name, day)), field=cell_field(name, day))
            for day in WEEKDAY_KEYS
        )
        for name in channels
    }
    return DeskEdit(zone, days, weeks)


def form_of(timezone: str, days: DayRules, weeks: Mapping[str, WeekRanges]) -> DeskForm:
    """The form filled with a desk's rules as they are."""
    fields = {
        "zone": timezone,
        "closed": "\n".join(d.isoformat() for d in sorted(days.closed)),
        "open": "\n".join(d.isoformat() for d in sorted(days.open)),
        "closed_yearly": "\n".join(f"{m:02d}-{d:02d}" for m, d in sorted(days.closed_yearly)),
        "open_hours": WEEKDAY_KEYS[days.open_hours_from],
        "cal_other": " ".join(c for c in days.holidays if c not in COMMON_CALENDARS),
    }
    for name, week in weeks.items():
        for day, ranges in zip(WEEKDAY_KEYS, week, strict=True):
            fields[cell_field(name, day)] = format_cell(ranges)
    chosen = tuple(c for c in days.holidays if c in COMMON_CALENDARS)
    return DeskForm(fields, chosen)


def _range_text(r: MinuteRange) -> str:
    start, end = r
    return f"{_clock(start)}-{_clock(end if end <= 1440 else end - 1440)}"


def channel_table(week: WeekRanges) -> dict[str, Any]:
    """A channel's week as the desks file writes it: ``weekdays`` for five equal working
    days, else one key per open day (a day not written is closed)."""
    table: dict[str, Any] = {}
    days = dict(zip(WEEKDAY_KEYS, week, strict=True))
    if all(days[d] == days["mon"] for d in WEEKDAY_KEYS) and days["mon"]:
        return {"daily": [_range_text(r) for r in days["mon"]]}
    if days["mon"] and all(days[d] == days["mon"] for d in WEEKDAY_KEYS[:5]):
        table["weekdays"] = [_range_text(r) for r in days["mon"]]
        rest: tuple[str, ...] = WEEKDAY_KEYS[5:]
    else:
        rest = WEEKDAY_KEYS
    for day in rest:
        if days[day]:
            table[day] = [_range_text(r) for r in days[day]]
    return table


def desk_values(edit: DeskEdit) -> dict[str, Any]:
    """The desk-level keys of a checked form, as the desks file writes them."""
    days = edit.days
    return {
        "timezone": edit.timezone,
        "holidays": list(days.holidays),
        "closed": [d.isoformat() for d in sorted(days.closed)],
        "open": [d.isoformat() for d in sorted(days.open)],
        "closed_yearly": [f"{m:02d}-{d:02d}" for m, d in sorted(days.closed_yearly)],
        "open_hours": WEEKDAY_KEYS[days.open_hours_from],
    }
