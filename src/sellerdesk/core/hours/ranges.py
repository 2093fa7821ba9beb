"""Parsing of wall-clock hour ranges ("09:00-18:00", "20:00-04:00") and weekly specs.

A range is kept as minutes after the local midnight of the date it belongs to:
``(start, end)`` with ``0 <= start < 1440`` and ``start < end <= start + 1440``.
An end at or before the start means "the next day" (an overnight range), so
``"20:00-04:00"`` is ``(1200, 1680)``. ``"00:00-24:00"`` is a whole day.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import pairwise

from sellerdesk.core.errors import InvalidInput
from sellerdesk.core.hours.week_text import plain_spec

MinuteRange = tuple[int, int]
WeekRanges = tuple[tuple[MinuteRange, ...], ...]  # 7 entries, Monday first

WEEKDAY_KEYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_GROUPS = {
    "weekdays": WEEKDAY_KEYS[:5],
    "weekends": WEEKDAY_KEYS[5:],
    "daily": WEEKDAY_KEYS,
}
_DAY_ALIASES = {
    "mon": 0,
    "monday": 0,
    "周一": 0,
    "tue": 1,
    "tuesday": 1,
    "周二": 1,
    "wed": 2,
    "wednesday": 2,
    "周三": 2,
    "thu": 3,
    "thursday": 3,
    "周四": 3,
    "fri": 4,
    "friday": 4,
    "周五": 4,
    "sat": 5,
    "saturday": 5,
    "周六": 5,
    "sun": 6,
    "sunday": 6,
    "周日": 6,
    "周天": 6,
}
_RANGE_RE = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$")


def parse_range(text: str, *, field: str) -> MinuteRange:
    """Parse ``"HH:MM-HH:MM"``; an end at or before the start ends the next day."""
    match = _RANGE_RE.match(text) if isinstance(text, str) else None
    if not match:
        raise InvalidInput.of("hours.bad_range", field=field, value=text)
    h1, m1, h2, m2 = (int(g) for g in match.groups())
    if h1 > 23 or m1 > 59 or h2 > 24 or m2 > 59 or (h2 == 24 and m2 != 0):
        raise InvalidInput.of("hours.impossible_time", field=field, value=text)
    start, end = h1 * 60 + m1, h2 * 60 + m2
    if end == start:
        raise InvalidInput.of("hours.empty_range", field=field, value=text)
    if end < start:
        end += 1440
    return start, end


def format_range(r: MinuteRange) -> str:
    start, end = r
    end_of_day = end if end <= 1440 else end - 1440
    return f"{start // 60:02d}:{start % 60:02d}-{end_of_day // 60:02d}:{end_of_day % 60:02d}"


def normalise_day(ranges: Sequence[MinuteRange], *, field: str) -> tuple[MinuteRange, ...]:
    """Sort one day's ranges and refuse overlaps, which are almost always typos."""
    ordered = sorted(ranges)
    for (s1, e1), (s2, _e2) in pairwise(ordered):
        if s2 < e1:
            raise InvalidInput.of(
                "hours.overlap",
                field=field,
                first=format_range((s1, e1)),
                second=format_range((s2, _e2)),
            )
    return tuple(ordered)


def parse_day_name(text: str, *, field: str) -> int:
    key = text.strip().lower()
    if key in _DAY_ALIASES:
        return _DAY_ALIASES[key]
    raise InvalidInput.of("hours.bad_day", field=field, value=text)


def _parse_days(text: str, *, field: str) -> list[int]:
    """``"Mon-Fri"``, ``"Mon,Wed,Fri"``, ``"Sat"``, ``"daily"``, ``"周一-周五"``."""
    key = text.strip().lower()
    if key in ("daily", "every day", "每天"):
        return list(range(7))
    if key in ("weekdays", "工作日"):
        return list(range(5))
    if key in ("weekends", "周末"):
        return [5, 6]
    days: list[int] = []
    for part in re.split(r"[,，、]", text):
        if re.search(r"[-–~至到]", part):
            first, last = re.split(r"\s*[-–~至到]\s*", part.strip(), maxsplit=1)
            a, b = parse_day_name(first, field=field), parse_day_name(last, field=field)
            span = range(a, b + 1) if a <= b else [*range(a, 7), *range(0, b + 1)]
            days.extend(span)
        else:
            days.append(parse_day_name(part, field=field))
    return days


def parse_week_spec(text: str, *, field: str) -> WeekRanges:
    """Parse a human weekly spec such as ``"Mon-Fri 09:00-12:00,13:00-18:00; Sat 10:00-14:00"``
    or, as people write it in Chinese, ``"周一至周五 9点-18点，午休 12:00-13:00"`` (the same
    week: :mod:`.week_text`)."""
    spec, lunches = plain_spec(text)
    week: list[list[MinuteRange]] = [[] for _ in range(7)]
    clauses = [c for c in re.split(r"[;；]", spec) if c.strip()]
    if not clauses:
        raise InvalidInput.of("hours.empty_week", field=field)
    for clause in clauses:
        match = re.match(r"^\s*(.+?)\s+(\d{1,2}:\d{2}\s*-.*)$", clause)
        if not match:
            raise InvalidInput.of("hours.clause_needs_days", field=field, value=clause.strip())
        days = _parse_days(match.group(1), field=field)
        ranges = [parse_range(r, field=field) for r in match.group(2).split(",") if r.strip()]
        for day in days:
            week[day].extend(ranges)
    result = tuple(normalise_day(day, field=field) for day in week)
    for lunch in lunches:
        result = _without(result, parse_range(lunch, field=field), lunch, field=field)
    return result


def _without(week: WeekRanges, lunch: MinuteRange, text: str, *, field: str) -> WeekRanges:
    """Each day with the lunch break taken out of the range it falls inside (refused when
    it falls inside none: a typo, or a break on a day off)."""
    start, end = lunch
    out, found = [], False
    for ranges in week:
        day: list[MinuteRange] = []
        for a, b in ranges:
            if a < start and end < b:
                day += [(a, start), (end, b)]
                found = True
            else:
                day.append((a, b))
        out.append(tuple(day))
    if not found:
        raise InvalidInput.of("cli_mend.lunch_outside", field=field, value=text)
    return tuple(out)


def format_week(week: WeekRanges) -> str:
    """The inverse of :func:`parse_week_spec`, grouping equal consecutive days."""
    names = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
    clauses: list[str] = []
    day = 0
    while day < 7:
        last = day
        while last + 1 < 7 and week[last + 1] == week[day]:
            last += 1
        if week[day]:
            span = names[day] if last == day else f"{names[day]}-{names[last]}"
            clauses.append(f"{span} " + ",".join(format_range(r) for r in week[day]))
        day = last + 1
    return "; ".join(clauses) if clauses else "closed"
