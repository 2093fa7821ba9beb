"""Sources of open windows: a desk channel's weekly hours + calendars, or an intersection.

A source compiles the windows around whole UTC years ``[y0, y1]``: every window that
touches ``[Jan 1 y0 - 1 day, Jan 1 (y1+1) + 1 day)`` UTC is complete, except a run of
merged windows that continues past the compiled local dates (a 24/7 channel); the
:class:`~sellerdesk.core.hours.schedule.Schedule` extends the span when it meets one.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Protocol
from zoneinfo import ZoneInfo

from sellerdesk.core.hours.calendars import CoverageNote, calendar_generation, calendar_year
from sellerdesk.core.hours.days import DayRules
from sellerdesk.core.hours.localize import wall_range_to_utc, wall_seconds
from sellerdesk.core.hours.ranges import MinuteRange, WeekRanges

Window = tuple[int, int]


class IntervalSource(Protocol):
    @property
    def always_open(self) -> bool: ...

    @property
    def never_open(self) -> bool: ...

    def compile_years(self, y0: int, y1: int) -> list[Window]: ...

    def coverage(self, y0: int, y1: int) -> list[CoverageNote]: ...


def merge(windows: list[Window]) -> list[Window]:
    """Sort and merge overlapping or touching windows."""
    windows.sort()
    merged: list[Window] = []
    for start, end in windows:
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def _days(first: date, last: date) -> Iterator[date]:
    day = first
    one = timedelta(days=1)
    while day <= last:
        yield day
        day += one


@dataclass(frozen=True)
class WeeklySource:
    """Weekly wall-clock hours in one zone, minus closed dates, plus extra working dates.

    Frozen and hashable, so that channels with the same rules (phone, chat and case of a
    desk usually) share one compiled result through :func:`_compile_weekly`.
    """

    zone: ZoneInfo
    week: WeekRanges
    days: DayRules

    @property
    def always_open(self) -> bool:
        whole_day = ((0, 1440),)
        has_closures = self.days.holidays or self.days.closed or self.days.closed_yearly
        return all(day == whole_day for day in self.week) and not has_closures

    @property
    def never_open(self) -> bool:
        return not any(self.week) and not (self.days.open and self.week[self.days.open_hours_from])

    def ranges_on(
        self, day: date, closed: set[date], extra_open: set[date]
    ) -> tuple[MinuteRange, ...]:
        if day in self.days.open or day in extra_open:
            return self.week[self.days.open_hours_from]
        if day in closed or (day.month, day.day) in self.days.closed_yearly:
            return ()
        return self.week[day.weekday()]

    def _calendar_days(self, y0: int, y1: int) -> tuple[set[date], set[date]]:
        closed: set[date] = set(self.days.closed)
        extra_open: set[date] = set()
        for name in self.days.holidays:
            for year in range(y0, y1 + 1):
                cal = calendar_year(name, year)
                closed |= cal.closed
                extra_open |= cal.extra_open
        # a calendar's make-up working day never reopens a date the user closed explicitly
        return closed, extra_open - set(self.days.closed)

    def compile_years(self, y0: int, y1: int) -> list[Window]:
        # the generation: a year saved in the data folder makes every compiled result stale
        return list(_compile_weekly(self, y0, y1, calendar_generation()))

    def coverage(self, y0: int, y1: int) -> list[CoverageNote]:
        notes = []
        for name in self.days.holidays:
            for year in range(y0, y1 + 1):
                reason = calendar_year(name, year).estimate_note
                if reason:
                    notes.append(CoverageNote(name, year, reason))
        return notes


@lru_cache(maxsize=512)
def _compile_weekly(source: WeeklySource, y0: int, y1: int, generation: int) -> tuple[Window, ...]:
    first, last = date(y0 - 1, 12, 29), date(y1 + 1, 1, 3)
    closed, extra_open = source._calendar_days(y0 - 1, y1 + 1)
    zone = source.zone
    windows: list[Window] = []
    # Offsets are read once per day: when a day and the two after it share one offset at
    # both folds, no range of that day (at most 48 h long) can meet a DST transition.
    offsets = _DayOffsets(zone)
    for day in _days(first, last):
        ranges = source.ranges_on(day, closed, extra_open)
        if not ranges:
            continue
        midnight = datetime.combine(day, time())
        off = offsets.steady(day)
        if off is not None:
            base = wall_seconds(midnight) - off
            windows.extend((base + 60 * start, base + 60 * end) for start, end in ranges)
            continue
        for start, end in ranges:
            a = midnight + timedelta(minutes=start)
            b = midnight + timedelta(minutes=end)
            windows.extend(wall_range_to_utc(zone, a, b))
    return tuple(merge(windows))


class _DayOffsets:
    """UTC offsets at local midnights, memoised while a compile walks the days."""

    def __init__(self, zone: ZoneInfo) -> None:
        self.zone = zone
        self.memo: dict[date, tuple[int, int]] = {}

    def at(self, day: date) -> tuple[int, int]:
        got = self.memo.get(day)
        if got is None:
            midnight = datetime.combine(day, time())
            got = (_offset(self.zone, midnight), _offset(self.zone, midnight.replace(fold=1)))
            self.memo[day] = got
        return got

    def steady(self, day: date) -> int | None:
        first = self.at(day)
        if first[0] != first[1]:
            return None
        for ahead in (1, 2):
            if self.at(day + timedelta(days=ahead)) != first:
                return None
        return first[0]


def _offset(zone: ZoneInfo, naive: datetime) -> int:
    off = zone.utcoffset(naive)
    assert off is not None
    return int(off.total_seconds())


def intersect_windows(a: list[Window], b: list[Window]) -> list[Window]:
    """Two-pointer intersection of two sorted, disjoint window lists."""
    out: list[Window] = []
    i = j = 0
    while i < len(a) and j < len(b):
        lo = max(a[i][0], b[j][0])
        hi = min(a[i][1], b[j][1])
        if lo < hi:
            out.append((lo, hi))
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return out


class IntersectionSource:
    """Open when both sources are open, e.g. our team's hours ∩ a desk's hours."""

    def __init__(self, left: IntervalSource, right: IntervalSource) -> None:
        self.left = left
        self.right = right

    @property
    def always_open(self) -> bool:
        return self.left.always_open and self.right.always_open

    @property
    def never_open(self) -> bool:
        return self.left.never_open or self.right.never_open

    def compile_years(self, y0: int, y1: int) -> list[Window]:
        return intersect_windows(self.left.compile_years(y0, y1), self.right.compile_years(y0, y1))

    def coverage(self, y0: int, y1: int) -> list[CoverageNote]:
        return self.left.coverage(y0, y1) + self.right.coverage(y0, y1)
