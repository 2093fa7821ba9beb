"""Plan a week: when our team and each desk's people are both at work, and when to file.

All windows are computed on UTC instants from schedules written in each side's own zone,
so a week in which one side changes its clocks (8-29 March 2026: the US on daylight time,
Europe not yet) comes out right without any fixed offset.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sellerdesk.core.errors import InvalidInput
from sellerdesk.core.hours.model import HUMAN_CHANNELS, DayRules, Desk
from sellerdesk.core.hours.ranges import WeekRanges
from sellerdesk.core.hours.schedule import Schedule, to_timestamp
from sellerdesk.core.hours.sources import WeeklySource, Window, intersect_windows, merge
from sellerdesk.core.support_rules import HighPrioritySubmission

SUBMIT_CHANNEL = "case"  # high-priority requests are filed as cases
# Asked "when to file" at ``now``, a window counts only while this much of it is left: time
# to write the case and press submit before the desk closes or the rule's hour passes. So
# "now" is an answer only inside a window with 15 minutes or more still to run.
MIN_FILING = timedelta(minutes=15)
# Look a week ahead first (team hours preferred, as within the planned week), then five weeks
# for a desk closed a long while (Spring Festival): the next good moment may be next week.
LOOK_AHEAD = (timedelta(days=7), timedelta(days=35))


@dataclass(frozen=True)
class DeskPlan:
    """One desk's week seen from our team: shared hours and the best moment to file a case."""

    desk: str
    # our team's hours ∩ the union of the desk's human channels, UTC, clipped to [start, end)
    overlap: tuple[tuple[datetime, datetime], ...]
    overlap_seconds: int
    desk_open_seconds: int  # the union of the desk's human channels within [start, end)
    team_open_seconds: int
    # the earliest instant >= start (with ``now``: the next good moment >= now, with
    # MIN_FILING of its window left, possibly after ``end``) when the case channel is open on
    # one of the rule's days before its desk-local time, preferring instants inside team
    # hours; None if there is none
    best_submit: datetime | None
    best_submit_in_team_hours: bool
    rule: HighPrioritySubmission


def plan_week(
    desks: Mapping[str, Desk],
    team: Schedule,
    start: datetime,
    end: datetime,
    rule: HighPrioritySubmission,
    *,
    now: datetime | None = None,
) -> list[DeskPlan]:
    """One :class:`DeskPlan` per desk, in the order of ``desks``, for ``[start, end)``.

    ``rule`` is ``high-priority-submission`` from ``rules.toml``: its ``week`` holds the
    desk-local "``days`` before ``before``" ranges, validated when the rules were loaded.
    With ``now`` the best moment to file is :func:`next_submit` from ``now`` (never in the
    past, perhaps next week); without it, the first one of ``[start, end)``.
    """
    first, last = to_timestamp(start, "start"), to_timestamp(end, "end")
    if last <= first:
        raise InvalidInput(
            "the end of the range is not after its start.",
            field="end",
            fix="give an end later than the start, e.g. start + 7 days.",
        )
    lo, hi = math.ceil(first), math.floor(last)  # whole seconds inside [start, end)
    allowed_week = rule.week
    team_windows = _clipped(team, start, end, lo, hi)
    team_seconds = _seconds(team_windows)
    plans = []
    for key, desk in desks.items():
        human = merge(
            [
                w
                for name in HUMAN_CHANNELS
                if name in desk.channels
                for w in _clipped(desk.schedule(name), start, end, lo, hi)
            ]
        )
        overlap = intersect_windows(team_windows, human)
        if now is None:
            best, in_team = _best_submit(desk, team, allowed_week, ((start, end),))
        else:
            best, in_team = next_submit(desk, team, rule, now)
        plans.append(
            DeskPlan(
                desk=key,
                overlap=tuple((_utc(a), _utc(b)) for a, b in overlap),
                overlap_seconds=_seconds(overlap),
                desk_open_seconds=_seconds(human),
                team_open_seconds=team_seconds,
                best_submit=best,
                best_submit_in_team_hours=in_team,
                rule=rule,
            )
        )
    return plans


def next_submit(
    desk: Desk,
    team: Schedule,
    rule: HighPrioritySubmission,
    now: datetime,
    *,
    min_filing: timedelta = MIN_FILING,
) -> tuple[datetime | None, bool]:
    """The next good moment to file a high-priority case at ``desk``, seen at ``now``.

    Never before ``now``: ``now`` itself when a window (case channel open, on the rule's
    days before its hour) is open with ``min_filing`` of it left, else the start of the
    next such window at least ``min_filing`` long. Inside team hours if there is one in the
    coming week; ``(None, False)`` when no window opens within five weeks.
    """
    to_timestamp(now, "now")
    spans = tuple((now, now + ahead) for ahead in LOOK_AHEAD)
    return _best_submit(desk, team, rule.week, spans, since=now, min_filing=min_filing)


def _best_submit(
    desk: Desk,
    team: Schedule,
    allowed_week: WeekRanges,
    spans: tuple[tuple[datetime, datetime], ...],
    *,
    since: datetime | None = None,
    min_filing: timedelta = timedelta(0),
) -> tuple[datetime | None, bool]:
    """The first instant of the first span with a window (team hours first in each span)."""
    if SUBMIT_CHANNEL not in desk.channels:
        return None, False
    # Built in the desk's zone with no holidays of its own: the "before 10:00" boundary
    # follows the desk's clock across DST, and closed days come from the case channel.
    allowed = Schedule(
        WeeklySource(desk.timezone, allowed_week, DayRules()),
        label=f"{desk.key}/submit-window",
        zone=desk.timezone,
    )
    candidates = desk.schedule(SUBMIT_CHANNEL).intersect(allowed)
    for start, end in spans:
        begin = (since or start).astimezone(UTC)
        for schedule, in_team in ((candidates.intersect(team), True), (candidates, False)):
            for a, b in schedule.windows(start, end):
                moment = max(a, begin)
                if b - moment >= min_filing and moment < b:
                    return moment, in_team
    return None, False


def _clipped(schedule: Schedule, start: datetime, end: datetime, lo: int, hi: int) -> list[Window]:
    """The schedule's windows as UTC seconds, cut to ``[lo, hi)``."""
    out = []
    for a, b in schedule.windows(start, end):
        s, e = max(int(a.timestamp()), lo), min(int(b.timestamp()), hi)
        if s < e:
            out.append((s, e))
    return out


def _seconds(windows: list[Window]) -> int:
    return sum(e - s for s, e in windows)


def _utc(x: int) -> datetime:
    return datetime.fromtimestamp(x, UTC)
