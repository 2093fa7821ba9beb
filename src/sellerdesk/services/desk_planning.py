"""Use cases that look a week or more ahead: the team/desk planner and calendar export."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo

from sellerdesk.core.hours.calendars import CoverageNote
from sellerdesk.core.hours.ical import IcalWindow, windows_to_ical
from sellerdesk.core.hours.model import HUMAN_CHANNELS, Desk
from sellerdesk.core.hours.planner import DeskPlan, plan_week
from sellerdesk.core.hours.schedule import Schedule
from sellerdesk.core.support_rules import HighPrioritySubmission, SupportRules
from sellerdesk.services.desk_hours import estimated_years, local_day_range, pick_desks


@dataclass(frozen=True)
class WeekPlan:
    start: datetime
    end: datetime
    plans: list[DeskPlan]
    rule: HighPrioritySubmission
    # calendar years the plan rests on that are only guessed (docs/calendars.md)
    estimated: tuple[CoverageNote, ...] = ()


def plan_current_week(
    desks: Mapping[str, Desk],
    team: Schedule,
    rules: SupportRules,
    now: datetime,
    zone: tzinfo,
) -> WeekPlan:
    """Monday 00:00 to Monday 00:00 on the viewer's clock, for the week that contains ``now``.

    The best moment to file is the next good one from ``now`` (never past, maybe next week):
    the CLI's ``plan`` and the hours page both read it from here."""
    today = now.astimezone(zone).date()
    monday = today - timedelta(days=today.weekday())
    start, end = local_day_range(monday, 7, zone)
    rule = rules.high_priority_submission
    plans = plan_week(desks, team, start, end, rule, now=now)
    until = max([end, *(p.best_submit for p in plans if p.best_submit is not None)])
    schedules = [team] + [
        d.schedule(c) for d in desks.values() for c in d.channels if c in HUMAN_CHANNELS
    ]
    return WeekPlan(start, end, plans, rule, estimated_years(schedules, start, until))


def calendar_of_windows(
    desks: Mapping[str, Desk],
    keys: Iterable[str],
    channels: Iterable[str],
    start: datetime,
    end: datetime,
    *,
    titles: Mapping[tuple[str, str], str],
    calendar_name: str,
    stamp: datetime | None = None,
) -> bytes:
    """An RFC 5545 calendar of the open windows of the chosen desks and channels.

    A window in a calendar year that is only estimated says so in its description, and the
    calendar carries ``X-SELLERDESK-ESTIMATED: CN 2027`` (one value a year)."""
    entries = []
    estimated: dict[tuple[str, int], CoverageNote] = {}
    for desk in pick_desks(desks, keys):
        for channel in channels:
            rule = desk.channel(channel)
            description = f"{rule.fact.source} ({rule.fact.confidence}, as of {rule.fact.as_of})"
            schedule = desk.schedule(channel)
            notes = estimated_years([schedule], start, end)
            for note in notes:
                estimated.setdefault((note.calendar, note.year), note)
            for a, b in schedule.windows(start, end):
                guessed = [n for n in notes if n.year in (a.year, b.year)]
                text = description + "".join(
                    f"\nEstimated: the {n.calendar} holidays of {n.year} are guessed by rule, "
                    "not the official arrangement."
                    for n in guessed
                )
                entries.append(IcalWindow(desk.key, channel, titles[desk.key, channel], a, b, text))
    marks = [("X-SELLERDESK-ESTIMATED", f"{c} {y}") for c, y in sorted(estimated)]
    return windows_to_ical(entries, calendar_name=calendar_name, stamp=stamp, properties=marks)
