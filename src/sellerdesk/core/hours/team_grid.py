"""The team's week as a form shows it: per weekday open or closed with a start and an end,
and one lunch break that applies to every open day it falls inside — to and from the
``team.hours`` text that :func:`~.ranges.parse_week_spec` reads (``"Mon-Fri
09:00-12:00,13:00-18:00"``), so the setup, the Admin page and ``config set team.hours``
save one thing, checked by one parser.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

from sellerdesk.core.errors import InvalidInput
from sellerdesk.core.hours.ranges import (
    WEEKDAY_KEYS,
    MinuteRange,
    format_week,
    parse_range,
    parse_week_spec,
)

DEFAULT_DAY = (9 * 60, 18 * 60)


def _clock(minutes: int) -> str:
    minutes = minutes if minutes <= 1440 else minutes - 1440
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


@dataclass(frozen=True, slots=True)
class GridDay:
    key: str  # mon … sun
    open: bool
    start: str  # "09:00" (a closed day keeps the times it would open at)
    end: str


@dataclass(frozen=True, slots=True)
class TeamGrid:
    days: tuple[GridDay, ...]  # Monday first
    lunch_start: str = ""  # "" and "": no lunch break
    lunch_end: str = ""
    exact: bool = True  # False: the saved hours hold more than this grid can show

    def day(self, key: str) -> GridDay:
        return next(d for d in self.days if d.key == key)


def grid_of(spec: str) -> TeamGrid:
    """The grid for a saved ``team.hours``: each day from its first start to its last end,
    the lunch break the most common gap of the days split in two."""
    week = parse_week_spec(spec, field="team.hours")
    gaps = Counter((day[0][1], day[1][0]) for day in week if len(day) == 2)
    lunch = gaps.most_common(1)[0][0] if gaps else None
    spans = Counter((day[0][0], day[-1][1]) for day in week if day)
    usual = spans.most_common(1)[0][0] if spans else DEFAULT_DAY
    days = []
    for key, ranges in zip(WEEKDAY_KEYS, week, strict=True):
        start, end = (ranges[0][0], ranges[-1][1]) if ranges else usual
        days.append(GridDay(key, bool(ranges), _clock(start), _clock(end)))
    grid = TeamGrid(
        tuple(days), _clock(lunch[0]) if lunch else "", _clock(lunch[1]) if lunch else ""
    )
    try:
        exact = parse_week_spec(spec_of(grid), field="team.hours") == week
    except InvalidInput:
        exact = False
    return TeamGrid(grid.days, grid.lunch_start, grid.lunch_end, exact)


def grid_from_form(values: Mapping[str, str]) -> TeamGrid:
    """The grid as posted: ``open_mon`` (a ticked box), ``start_mon``, ``end_mon`` …,
    ``lunch_start``, ``lunch_end``."""
    days = tuple(
        GridDay(
            key,
            bool(values.get(f"open_{key}")),
            values.get(f"start_{key}", "").strip(),
            values.get(f"end_{key}", "").strip(),
        )
        for key in WEEKDAY_KEYS
    )
    return TeamGrid(
        days, values.get("lunch_start", "").strip(), values.get("lunch_end", "").strip()
    )


def _lunch(grid: TeamGrid) -> MinuteRange | None:
    field = "team.hours.lunch"
    if not grid.lunch_start and not grid.lunch_end:
        return None
    if not grid.lunch_start or not grid.lunch_end:
        raise InvalidInput.of("setup.lunch_half", field=field)
    lunch = parse_range(f"{grid.lunch_start}-{grid.lunch_end}", field=field)
    if lunch[1] > 1440:
        raise InvalidInput.of("setup.lunch_overnight", field=field)
    return lunch


def spec_of(grid: TeamGrid) -> str:
    """The ``team.hours`` text for the grid; a day's bad time is refused naming that day
    (``team.hours.mon``), the lunch break as ``team.hours.lunch``."""
    lunch = _lunch(grid)
    week: list[tuple[MinuteRange, ...]] = []
    lunch_used = False
    for day in grid.days:
        if not day.open:
            week.append(())
            continue
        field = f"team.hours.{day.key}"
        if not day.start or not day.end:
            raise InvalidInput.of("setup.day_half", field=field)
        start, end = parse_range(f"{day.start}-{day.end}", field=field)
        if lunch is not None and start < lunch[0] and lunch[1] < end:
            week.append(((start, lunch[0]), (lunch[1], end)))
            lunch_used = True
        else:
            week.append(((start, end),))
    if not any(week):
        raise InvalidInput.of("setup.no_open_day", field="team.hours")
    if lunch is not None and not lunch_used:
        raise InvalidInput.of("setup.lunch_outside", field="team.hours.lunch")
    return format_week(tuple(week))
