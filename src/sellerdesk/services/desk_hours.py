"""Use cases of the "Know" job: which desk and channel is open, when, and for how long.

No database here, so the CLI's hours commands start fast; ``now`` is always an argument.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from sellerdesk.core.errors import InvalidInput, NotFound
from sellerdesk.core.hours.calendars import CoverageNote
from sellerdesk.core.hours.localize import local_midnight_utc
from sellerdesk.core.hours.model import Desk, Fact
from sellerdesk.core.hours.schedule import Schedule


@dataclass(frozen=True)
class ChannelStatus:
    desk: Desk
    channel: str
    open_now: bool
    next_open: datetime | None  # now when open
    next_close: datetime | None  # None: no closing within the horizon (24/7)
    requires_plan: str | None
    fact: Fact

    @property
    def next_change(self) -> datetime | None:
        return self.next_close if self.open_now else self.next_open


@dataclass(frozen=True)
class ChannelWindow:
    desk: str
    channel: str
    start: datetime
    end: datetime


def pick_desks(desks: Mapping[str, Desk], keys: Iterable[str] | None) -> list[Desk]:
    if not keys:
        return list(desks.values())
    chosen = []
    for key in keys:
        if key not in desks:
            raise NotFound.of("desk.not_found", field="desk", value=key, known=", ".join(desks))
        chosen.append(desks[key])
    return chosen


def channel_status(desk: Desk, channel: str, now: datetime) -> ChannelStatus:
    rule = desk.channel(channel)
    sched = desk.schedule(channel)
    return ChannelStatus(
        desk=desk,
        channel=channel,
        open_now=sched.is_open(now),
        next_open=sched.next_open(now),
        next_close=sched.next_close(now),
        requires_plan=rule.requires_plan,
        fact=rule.fact,
    )


def status_board(
    desks: Mapping[str, Desk],
    now: datetime,
    *,
    only: Iterable[str] | None = None,
    channels: Iterable[str] | None = None,
) -> list[ChannelStatus]:
    """Every desk x channel: open now, and when it next opens or closes."""
    wanted = list(channels) if channels else None
    rows = []
    for desk in pick_desks(desks, only):
        for name in desk.channels:
            if wanted is None or name in wanted:
                rows.append(channel_status(desk, name, now))
    return rows


def local_day_range(day: date, days: int, zone: tzinfo) -> tuple[datetime, datetime]:
    """``[day 00:00, day+days 00:00)`` on the wall clock of ``zone``, as aware UTC instants."""
    if not 1 <= days <= 366:
        raise InvalidInput.of("hours.bad_days", field="days", value=days)

    def first_instant(d: date) -> datetime:
        naive = datetime.combine(d, time())
        return datetime.fromtimestamp(local_midnight_utc(zone, naive), UTC)

    return first_instant(day), first_instant(day + timedelta(days=days))


def list_windows(desk: Desk, channel: str, start: datetime, end: datetime) -> list[ChannelWindow]:
    """Open windows that intersect ``[start, end)``, listed whole."""
    sched = desk.schedule(channel)
    return [ChannelWindow(desk.key, channel, s, e) for s, e in sched.windows(start, end)]


def due_at(desk: Desk, channel: str, start: datetime, hours: float) -> datetime:
    if not -100_000 <= hours <= 100_000:
        raise InvalidInput.of("hours.bad_hours", field="hours", value=hours)
    return desk.schedule(channel).add(start, timedelta(hours=hours))


def elapsed_between(desk: Desk, channel: str, start: datetime, end: datetime) -> timedelta:
    return desk.schedule(channel).elapsed(start, end)


def coverage_notes(
    desks: Iterable[Desk], channels: Iterable[str] | None, start: datetime, end: datetime
) -> list[tuple[str, CoverageNote]]:
    """Calendar years the answers rely on that the holiday libraries only estimate."""
    seen: set[tuple[str, int]] = set()
    notes = []
    wanted = list(channels) if channels else None
    for desk in desks:
        for name in desk.channels:
            if wanted is not None and name not in wanted:
                continue
            for note in desk.schedule(name).coverage_notes(start, end):
                if (note.calendar, note.year) not in seen:
                    seen.add((note.calendar, note.year))
                    notes.append((desk.key, note))
    return notes


def estimated_years(
    schedules: Iterable[Schedule], start: datetime, end: datetime
) -> tuple[CoverageNote, ...]:
    """The calendar years that answers over ``[start, end]`` rest on that are only guessed,
    once each (China's years after the library's last, until an admin saves them)."""
    seen: dict[tuple[str, int], CoverageNote] = {}
    for schedule in schedules:
        for note in schedule.coverage_notes(min(start, end), max(start, end)):
            seen.setdefault((note.calendar, note.year), note)
    return tuple(seen[k] for k in sorted(seen))
