"""When a case's reminders fire, as tables of instants worked out by hand (pure: no database).

Team: Mon-Fri 09:00-18:00 Beijing (UTC+8, no DST) on China's calendar: Spring Festival
closes 15-23 Feb 2026 and Saturdays 14 and 28 Feb are make-up working days. An overnight
team works Mon-Fri 22:00-06:00 Beijing. A Berlin team works Mon-Fri 09:00-18:00 across the
switch to summer time (Sun 29 Mar 2026, 02:00 → 03:00).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from sellerdesk.core.cases.clocks import ClockState
from sellerdesk.core.cases.reminders import (
    AMAZON_REPLY_OVERDUE,
    AUTO_CLOSE_SOON,
    TEAM_REPLY_DUE,
    business_day_before,
    fire_time,
    wanted,
)
from sellerdesk.core.hours.schedule import Schedule
from sellerdesk.hours import team_schedule

BJ = ZoneInfo("Asia/Shanghai")
BERLIN = ZoneInfo("Europe/Berlin")
H = timedelta(hours=1)
WEEK = timedelta(days=7)
TEAMS: dict[str, Schedule] = {
    "day": team_schedule("Mon-Fri 09:00-18:00", "Asia/Shanghai", ("CN",)),
    "night": team_schedule("Mon-Fri 22:00-06:00", "Asia/Shanghai"),
    "berlin": team_schedule("Mon-Fri 09:00-18:00", "Europe/Berlin"),
}


def bj(mo: int, d: int, h: int, mi: int = 0) -> datetime:
    return datetime(2026, mo, d, h, mi, tzinfo=BJ)


def berlin(mo: int, d: int, h: int, mi: int = 0) -> datetime:
    return datetime(2026, mo, d, h, mi, tzinfo=BERLIN)


def running(side: str, started: datetime, due: datetime) -> ClockState:
    return ClockState(side, True, started, due, 8 * H, timedelta(0), timedelta(0), 1)


def idle(side: str) -> ClockState:
    return ClockState(side, False, None, None, 8 * H, timedelta(0), timedelta(0), 0)


@pytest.mark.parametrize(
    ("team", "condition", "fires"),
    [
        ("day", bj(3, 4, 10), bj(3, 4, 10)),  # inside team hours: at once
        ("day", bj(3, 4, 18), bj(3, 5, 9)),  # the closing instant is outside: next morning
        ("day", bj(3, 6, 20), bj(3, 9, 9)),  # Friday evening: Monday morning
        ("day", bj(2, 13, 19), bj(2, 14, 9)),  # make-up working Saturday
        ("day", bj(2, 14, 19), bj(2, 24, 9)),  # over Spring Festival
        ("night", bj(3, 6, 23), bj(3, 6, 23)),  # overnight shift, same evening
        ("night", bj(3, 7, 3), bj(3, 7, 3)),  # Friday's shift runs into Saturday morning
        ("night", bj(3, 7, 7), bj(3, 9, 22)),  # after it ends: Monday night
        ("berlin", berlin(3, 28, 12), berlin(3, 30, 9)),  # across the DST switch
    ],
)
def test_a_reminder_fires_at_the_first_team_hour_from_its_condition(
    team: str, condition: datetime, fires: datetime
) -> None:
    assert fire_time(TEAMS[team], condition) == fires


@pytest.mark.parametrize(
    ("team", "closes", "expected"),
    [
        ("day", bj(3, 9, 10), bj(3, 6, 9)),  # close Monday -> Friday's opening
        ("day", bj(3, 11, 10), bj(3, 10, 9)),  # close Wednesday -> Tuesday's
        ("day", bj(3, 11, 8), bj(3, 9, 9)),  # before Wednesday's opening -> Monday's
        ("day", bj(3, 2, 10), bj(2, 28, 9)),  # make-up Saturday counts as a working day
        ("day", bj(2, 24, 10), bj(2, 14, 9)),  # the holiday week is skipped whole
        ("night", bj(3, 7, 3), bj(3, 5, 22)),  # overnight: Thursday night's shift
        ("berlin", berlin(3, 30, 10), berlin(3, 27, 9)),  # Monday after the DST switch
        ("berlin", berlin(3, 31, 9), berlin(3, 30, 9)),  # a day across it is a wall-clock day
    ],
)
def test_the_business_day_before_a_close_is_the_teams_last_opening_a_day_or_more_earlier(
    team: str, closes: datetime, expected: datetime
) -> None:
    assert business_day_before(TEAMS[team], closes) == expected


def test_a_team_that_works_only_on_sundays_is_reminded_on_the_last_sunday() -> None:
    sundays = team_schedule("Sun 09:00-10:00", "Asia/Shanghai")
    assert business_day_before(sundays, bj(3, 11, 10)) == bj(3, 8, 9)  # Wed -> Sun


@pytest.mark.parametrize(
    ("name", "states", "status", "resolved_at", "expected"),
    [
        ("nothing runs", {"amazon": idle("amazon"), "team": idle("team")}, "draft", None, {}),
        (
            "amazon overdue at night fires next morning",
            {"amazon": running("amazon", bj(3, 2, 10), bj(3, 4, 2)), "team": idle("team")},
            "waiting-amazon",
            None,
            {AMAZON_REPLY_OVERDUE: bj(3, 4, 9)},
        ),
        (
            "team reply fires an hour of team time before due",
            {"amazon": idle("amazon"), "team": running("team", bj(3, 2, 10), bj(3, 3, 9, 30))},
            "needs-action",
            None,
            {TEAM_REPLY_DUE: bj(3, 2, 17, 30)},  # 1 h back from Tue 09:30 skips the night
        ),
        (
            "team reply never fires before its turn began",
            {"amazon": idle("amazon"), "team": running("team", bj(3, 2, 10), bj(3, 2, 10, 30))},
            "needs-action",
            None,
            {TEAM_REPLY_DUE: bj(3, 2, 10)},
        ),
        (
            "resolved a week before a Monday close: Friday's opening",
            {"amazon": idle("amazon"), "team": idle("team")},
            "resolved",
            bj(3, 2, 10),
            {AUTO_CLOSE_SOON: bj(3, 6, 9)},
        ),
        (
            "resolved just before Spring Festival: the make-up Saturday",
            {"amazon": idle("amazon"), "team": idle("team")},
            "resolved",
            bj(2, 9, 10),  # closes Mon 16 Feb (holiday) -> last opening Sat 14 Feb
            {AUTO_CLOSE_SOON: bj(2, 14, 9)},
        ),
        (
            "a close inside a holiday week fires when the team is back",
            {"amazon": idle("amazon"), "team": idle("team")},
            "resolved",
            bj(2, 17, 10),  # closes Tue 24 Feb 10:00; day before lies before the resolution
            {AUTO_CLOSE_SOON: bj(2, 24, 9)},
        ),
        (
            "a closed case wants no auto-close reminder",
            {"amazon": idle("amazon"), "team": idle("team")},
            "closed",
            bj(3, 2, 10),
            {},
        ),
    ],
)
def test_the_reminders_a_case_wants(
    name: str,
    states: dict[str, ClockState],
    status: str,
    resolved_at: datetime | None,
    expected: dict[str, datetime],
) -> None:
    got = wanted(states, status=status, resolved_at=resolved_at, team=TEAMS["day"], auto_close=WEEK)
    assert got == expected, name


def test_the_auto_close_delay_is_the_callers_and_moves_the_reminder() -> None:
    quiet = {"amazon": idle("amazon"), "team": idle("team")}
    three_days = wanted(
        quiet, status="resolved", resolved_at=bj(3, 2, 10), team=TEAMS["day"], auto_close=3 * 24 * H
    )
    assert three_days == {AUTO_CLOSE_SOON: bj(3, 4, 9)}  # closes Thu 10:00 -> Wed's opening


def test_a_team_lead_of_zero_fires_at_the_due_instant_itself() -> None:
    states = {"team": running("team", bj(3, 2, 10), bj(3, 3, 11))}
    got = wanted(
        states,
        status="needs-action",
        resolved_at=None,
        team=TEAMS["day"],
        auto_close=WEEK,
        lead=timedelta(0),
    )
    assert got == {TEAM_REPLY_DUE: bj(3, 3, 11)}


def test_on_the_dst_weekend_the_team_lead_counts_business_time_on_the_wall_clock() -> None:
    # due Mon 30 Mar 09:30 CEST; one business hour back lands on Fri 27 Mar 17:30 CET
    states = {"team": running("team", berlin(3, 27, 10), berlin(3, 30, 9, 30))}
    got = wanted(
        states, status="needs-action", resolved_at=None, team=TEAMS["berlin"], auto_close=WEEK
    )
    assert got == {TEAM_REPLY_DUE: berlin(3, 27, 17, 30)}
