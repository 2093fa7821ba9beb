"""A brute-force oracle: step minute by minute and read the desk's local wall clock.

It shares nothing with the engine but the holiday data: it decides "open" from the
definition in docs/desks.md (the wall clock shows a time inside a range assigned to that
local date, an overnight range belonging to the date it starts on).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import numpy as np

from sellerdesk.core.hours.calendars import calendar_year
from sellerdesk.core.hours.model import DayRules
from sellerdesk.core.hours.ranges import WeekRanges


def ranges_for(day: date, week: WeekRanges, rules: DayRules) -> tuple[tuple[int, int], ...]:
    closed, extra = set(rules.closed), set()
    for name in rules.holidays:
        cal = calendar_year(name, day.year)
        closed |= cal.closed
        extra |= cal.extra_open
    if day in rules.open or (day in extra and day not in rules.closed):
        return week[rules.open_hours_from]
    if day in closed or (day.month, day.day) in rules.closed_yearly:
        return ()
    return week[day.weekday()]


class MinuteOracle:
    """Open/closed for every UTC minute of ``[start, end)``, with prefix sums."""

    def __init__(self, zone, week: WeekRanges, rules: DayRules, start: datetime, end: datetime):
        self.t0 = int(start.timestamp()) // 60 * 60
        n = (int(end.timestamp()) - self.t0) // 60
        cache: dict[date, tuple[tuple[int, int], ...]] = {}
        bits = np.zeros(n, dtype=bool)
        for k in range(n):
            wall = datetime.fromtimestamp(self.t0 + 60 * k, UTC).astimezone(zone)
            minute = wall.hour * 60 + wall.minute
            today = wall.date()
            for day, offset in ((today, 0), (today - timedelta(days=1), 1440)):
                if day not in cache:
                    cache[day] = ranges_for(day, week, rules)
                if any(s <= minute + offset < e for s, e in cache[day]):
                    bits[k] = True
                    break
        self.bits = bits
        self.prefix = np.concatenate([[0], np.cumsum(bits)])

    def index(self, t: datetime) -> int:
        return (int(t.timestamp()) - self.t0) // 60

    def instant(self, k: int) -> datetime:
        return datetime.fromtimestamp(self.t0 + 60 * k, UTC)

    def is_open(self, t: datetime) -> bool:
        return bool(self.bits[self.index(t)])

    def elapsed_minutes(self, t1: datetime, t2: datetime) -> int:
        return int(self.prefix[self.index(t2)] - self.prefix[self.index(t1)])

    def next_open(self, t: datetime) -> datetime | None:
        k = self.index(t)
        rest = np.flatnonzero(self.bits[k:])
        return self.instant(k + int(rest[0])) if rest.size else None

    def next_close(self, t: datetime) -> datetime | None:
        opened = self.next_open(t)
        if opened is None:
            return None
        k = self.index(opened)
        rest = np.flatnonzero(~self.bits[k:])
        return self.instant(k + int(rest[0])) if rest.size else None

    def add_minutes(self, t: datetime, minutes: int) -> datetime | None:
        """The end of the minute in which the ``minutes``-th open minute after ``t`` falls."""
        k = self.index(t)
        goal = self.prefix[k] + minutes
        j = int(np.searchsorted(self.prefix, goal, side="left"))
        return self.instant(j) if j < self.prefix.size else None
