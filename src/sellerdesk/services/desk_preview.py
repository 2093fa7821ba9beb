"""The next two weeks of a desk's open windows on the team's clock, day by day (the desk
form shows it for the desk as it is and as the form would make it).

A window is listed on the team's day it starts; its end says how many days later it falls
(``16:00-01:00 +1`` for Europe's 09:00-18:00 seen from Beijing in winter). A window that
ends at the team's midnight ends at 24:00 the same day. Channels with the same windows on a
day share a line; a channel open for the whole fortnight is named once, not 14 times.
Times follow each desk's own clock through daylight-saving switches (the schedules do).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sellerdesk.core.hours.model import Desk
from sellerdesk.services.desk_hours import local_day_range

PREVIEW_DAYS = 14


@dataclass(frozen=True, slots=True)
class Span:
    """One open window on the team's clock: ``start``-``end``, ``days_later`` after."""

    start: str  # HH:MM
    end: str  # HH:MM, 24:00 for the team's midnight
    days_later: int


@dataclass(frozen=True, slots=True)
class PreviewLine:
    channels: tuple[str, ...]
    spans: tuple[Span, ...]


@dataclass(frozen=True, slots=True)
class PreviewDay:
    day: date
    weekday: int  # 0 = Monday
    lines: tuple[PreviewLine, ...]  # empty: every channel but the always-open ones is closed


@dataclass(frozen=True, slots=True)
class Preview:
    zone: str
    days: tuple[PreviewDay, ...]
    always_open: tuple[str, ...]


def _span(start: datetime, end: datetime, day: date) -> Span:
    later = (end.date() - day).days
    end_text = end.strftime("%H:%M")
    if end.time() == time() and later >= 1:
        later, end_text = later - 1, "24:00"
    return Span(start.strftime("%H:%M"), end_text, later)


def preview(desk: Desk, team_zone: str, now: datetime, days: int = PREVIEW_DAYS) -> Preview:
    """``days`` days of ``desk``'s windows from today on the team's clock."""
    zone = ZoneInfo(team_zone)
    first = now.astimezone(zone).date()
    start, end = local_day_range(first, days, zone)
    by_day: dict[date, dict[str, list[Span]]] = {}
    always = []
    for name in desk.channels:
        windows = desk.schedule(name).windows(start, end)
        if len(windows) == 1 and windows[0][0] <= start and windows[0][1] >= end:
            always.append(name)
            continue
        for opened, closed in windows:
            local_start = max(opened, start).astimezone(zone)
            day = local_start.date()
            span = _span(local_start, closed.astimezone(zone), day)
            by_day.setdefault(day, {}).setdefault(name, []).append(span)
    shown = []
    for offset in range(days):
        day = first + timedelta(days=offset)
        lines: dict[tuple[Span, ...], list[str]] = {}
        for name, spans in by_day.get(day, {}).items():
            lines.setdefault(tuple(spans), []).append(name)
        shown.append(
            PreviewDay(
                day=day,
                weekday=day.weekday(),
                lines=tuple(PreviewLine(tuple(names), spans) for spans, names in lines.items()),
            )
        )
    return Preview(team_zone, tuple(shown), tuple(always))
