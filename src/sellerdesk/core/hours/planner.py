"""Plan a week: when our team and each desk's people are both at work, and when to file.

All windows are computed on UTC instants from schedules written in each side's own zone,
so a week in which one side changes its clocks (8-29 March 2026: the US on daylight time,
Europe not yet) comes out right without any fixed offset.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from sellerdesk.core.errors import InvalidInput
from sellerdesk.core.hours.model import HUMAN_CHANNELS, DayRules, Desk
from sellerdesk.core.hours.ranges import WeekRanges
from sellerdesk.core.hours.schedule import Schedule, to_timestamp
from sellerdesk.core.hours.sources import WeeklySource, Window, intersect_windows, merge
from sellerdesk.core.support_rules import HighPrioritySubmission

SUBMIT_CHANNEL = "case"  # high-priority requests are filed as cases


@dataclass(frozen=True)
class DeskPlan:
    """One desk's week seen from our team: shared hours and the best moment to file a case."""

    desk: str
    # our team's hours ∩ the union of the desk's human channels, UTC, clipped to [start, end)
    overlap: tuple[tuple[datetime, datetime], ...]
    overlap_seconds: int
    desk_open_seconds: int  # the union of the desk's human channels within [start, end)
    team_open_seconds: int
    # the earliest instant >= start when the case channel is open on one of the rule's days
    # before its desk-local time, preferring instants inside team hours; None if there is none
    best_submit: datetime | None
    best_submit_in_team_hours: bool
    rule: HighPrioritySubmission


def plan_week(
    desks: Mapping[str, Desk],
    team: Schedule,
    start: datetime,
    end: datetime,
    rule: HighPrioritySubmission,
) -> list[DeskPlan]:
    """One :class:`DeskPlan` per desk, in the order of ``desks``, for ``[start, end)``.

    ``rule`` is ``high-priority-submission`` from ``rules.toml``: its ``week`` holds the
    desk-local "``days`` before ``before``" ranges, validated when the rules were loaded.
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
        best, in_team = _best_submit(desk, team, allowed_week, start, end)
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


def _best_submit(
    desk: Desk,
    team: Schedule,
    allowed_week: WeekRanges,
    start: datetime,
    end: datetime,
) -> tuple[datetime | None, bool]:
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
    for schedule, in_team in ((candidates.intersect(team), True), (candidates, False)):
        windows = schedule.windows(start, end)
        if windows:
            return max(windows[0][0], start.astimezone(UTC)), in_team
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
