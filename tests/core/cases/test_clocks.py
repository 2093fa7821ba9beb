"""The two clocks of a case, checked against instants worked out by hand.

Desk ``na`` answers cases Mon-Fri 06:00-18:00 Los Angeles (12 business hours a day; PDT =
UTC-7 in April 2026). Our team works Mon-Fri 09:00-18:00 Beijing (UTC+8, 9 hours a day) on
China's calendar (closed 1-5 May 2026). Budgets: Amazon 24 business hours, team 8.
No expectation below is computed by the engine.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from sellerdesk.core.cases.clocks import ClockState, Transition, clock_states, next_breach
from sellerdesk.core.hours.schedule import Schedule
from sellerdesk.hours import load_desks, team_schedule

LA = ZoneInfo("America/Los_Angeles")
BJ = ZoneInfo("Asia/Shanghai")
H = timedelta(hours=1)
BUDGETS = {"amazon": 24 * H, "team": 8 * H}


def la(d: int, h: int, mi: int = 0, mo: int = 4) -> datetime:
    return datetime(2026, mo, d, h, mi, tzinfo=LA)


def bj(d: int, h: int, mi: int = 0, mo: int = 4) -> datetime:
    return datetime(2026, mo, d, h, mi, tzinfo=BJ)


@pytest.fixture(scope="module")
def schedules() -> dict[str, Schedule]:
    desks = load_desks(user_files=False)
    team = team_schedule("Mon-Fri 09:00-18:00", "Asia/Shanghai", ("CN",))
    return {"amazon": desks["na"].schedule("case"), "team": team}


def states(schedules: dict[str, Schedule], now: datetime, *moves: tuple[datetime, str | None]):
    return clock_states([Transition(at, side) for at, side in moves], now, schedules, BUDGETS)


# Fri 17 Apr 17:00 LA: 1 h left on Friday, 12 h on Monday, 11 h on Tuesday -> Tue 17:00.
SUBMITTED = la(17, 17)


def test_the_amazon_clock_is_due_24_desk_business_hours_after_submission(schedules):
    amazon = states(schedules, la(20, 12), (SUBMITTED, "amazon"))["amazon"]
    assert amazon.running
    assert amazon.started_at == SUBMITTED
    assert amazon.due_at == la(21, 17)
    assert amazon.turn_elapsed == 7 * H  # Fri 17-18, Mon 06-12
    assert amazon.total == 7 * H
    assert amazon.turns == 1


def test_a_case_submitted_on_a_weekend_starts_its_clock_when_the_desk_opens(schedules):
    amazon = states(schedules, la(20, 7), (la(18, 10), "amazon"))["amazon"]
    assert amazon.due_at == la(21, 18)  # Mon 12 h + Tue 12 h, ending on the closing instant
    assert amazon.turn_elapsed == 1 * H


def test_the_team_clock_waits_while_amazon_holds_the_case(schedules):
    team = states(schedules, la(20, 12), (SUBMITTED, "amazon"))["team"]
    assert team == ClockState("team", False, None, None, 8 * H, timedelta(0), timedelta(0), 0)


def test_a_clock_is_breached_from_its_due_instant_and_says_by_how_much(schedules):
    before = states(schedules, la(21, 16, 59), (SUBMITTED, "amazon"))["amazon"]
    assert not before.breached(la(21, 16, 59))
    assert before.overdue_by(la(21, 16, 59)) is None
    now = la(22, 8)
    after = states(schedules, now, (SUBMITTED, "amazon"))["amazon"]
    assert after.breached(now)
    assert after.overdue_by(now) == 15 * H  # wall clock: Tue 17:00 -> Wed 08:00
    assert states(schedules, la(21, 17), (SUBMITTED, "amazon"))["amazon"].breached(la(21, 17))


# Amazon answers Mon 20 Apr 10:00 LA (17:00 UTC, Tue 01:00 Beijing): Amazon held 1 + 4 h.
ANSWERED = la(20, 10)
# We reply Tue 21 Apr 12:00 Beijing (04:00 UTC, Mon 21:00 LA): the team held 09-12, 3 h.
REPLIED = bj(21, 12)


def test_the_amazon_clock_pauses_while_the_case_waits_on_the_team(schedules):
    moves = ((SUBMITTED, "amazon"), (ANSWERED, "team"))
    early = states(schedules, bj(21, 12), *moves)["amazon"]
    later = states(schedules, bj(24, 12), *moves)["amazon"]
    for amazon in (early, later):
        assert not amazon.running
        assert amazon.due_at is None
        assert amazon.total == 5 * H
        assert amazon.started_at == SUBMITTED
        assert not amazon.breached(bj(24, 12))


def test_the_team_clock_runs_in_the_team_hours_and_is_due_8_of_them_later(schedules):
    team = states(schedules, bj(21, 12), (SUBMITTED, "amazon"), (ANSWERED, "team"))["team"]
    assert team.running
    assert team.started_at == ANSWERED
    assert team.due_at == bj(21, 17)  # Tue 09:00 + 8 h in Beijing
    assert team.turn_elapsed == 3 * H
    assert team.turns == 1


def test_the_team_clock_skips_the_teams_public_holidays(schedules):
    # Thu 30 Apr 17:00 Beijing: 1 h that day, closed Fri 1 - Tue 5 May, 7 h on Wed 6 May.
    team = states(schedules, bj(6, 9, mo=5), (bj(30, 17), "team"))["team"]
    assert team.due_at == bj(6, 16, mo=5)


def test_the_amazon_clock_resumes_with_a_fresh_turn_and_keeps_its_total(schedules):
    moves = ((SUBMITTED, "amazon"), (ANSWERED, "team"), (REPLIED, "amazon"))
    got = states(schedules, la(21, 10), *moves)
    amazon, team = got["amazon"], got["team"]
    assert amazon.running
    assert amazon.turns == 2
    assert amazon.started_at == REPLIED
    assert amazon.due_at == la(22, 18)  # Tue 06:00 + 24 h: all of Tue and Wed
    assert amazon.turn_elapsed == 4 * H
    assert amazon.total == 9 * H  # 5 h in the first turn, 4 h in this one
    assert not team.running
    assert team.total == 3 * H
    assert team.turns == 1
    assert next_breach(got) == la(22, 18)


def test_a_resolved_case_stops_both_clocks(schedules):
    moves = ((SUBMITTED, "amazon"), (ANSWERED, None))
    got = states(schedules, la(24, 12), *moves)
    assert not got["amazon"].running and not got["team"].running
    assert got["amazon"].total == 5 * H
    assert next_breach(got) is None


def test_a_second_move_to_the_same_side_continues_the_turn(schedules):
    # submitted, then Amazon's label changes to waiting-amazon: still one turn
    got = states(schedules, la(20, 12), (SUBMITTED, "amazon"), (la(20, 7), "amazon"))["amazon"]
    assert got.turns == 1
    assert got.started_at == SUBMITTED
    assert got.due_at == la(21, 17)
    assert got.total == 7 * H


def test_transitions_after_now_are_ignored(schedules):
    moves = ((SUBMITTED, "amazon"), (la(20, 13), "team"))
    got = states(schedules, la(20, 12), *moves)
    assert got["amazon"].running
    assert got["amazon"].due_at == la(21, 17)
    assert got["team"].turns == 0


def test_transitions_are_read_in_time_order_whatever_order_they_come_in(schedules):
    moves = ((REPLIED, "amazon"), (SUBMITTED, "amazon"), (ANSWERED, "team"))
    got = states(schedules, la(21, 10), *moves)
    assert got["amazon"].turns == 2
    assert got["amazon"].total == 9 * H
    assert got["team"].total == 3 * H


def test_a_case_that_never_waited_has_two_idle_clocks(schedules):
    got = states(schedules, datetime(2026, 4, 20, tzinfo=UTC))
    assert [s.running for s in got.values()] == [False, False]
    assert next_breach(got) is None


def test_reopening_after_resolution_starts_a_new_amazon_turn(schedules):
    moves = ((SUBMITTED, "amazon"), (ANSWERED, None), (la(21, 6), "amazon"))
    amazon = states(schedules, la(21, 8), *moves)["amazon"]
    assert amazon.turns == 2
    assert amazon.started_at == la(21, 6)
    assert amazon.total == 7 * H
    assert amazon.due_at == la(22, 18)
