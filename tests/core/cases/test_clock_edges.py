"""The two clocks of a case at the calendar's edges, as a table worked out by hand (pure).

Desk ``na`` answers cases Mon-Fri 06:00-18:00 Los Angeles; the US switched to daylight time
on Sun 8 Mar 2026 (PST UTC-8 → PDT UTC-7). Teams: Mon-Fri 09:00-18:00 Beijing on China's
calendar (Spring Festival 15-23 Feb 2026 closed, Saturdays 14 and 28 Feb make-up working
days) and an overnight team Mon-Fri 22:00-06:00 Beijing. Budgets: Amazon 24 h, team 8 h.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import cache
from zoneinfo import ZoneInfo

import pytest

from sellerdesk.core.cases.clocks import Transition, clock_states, next_breach
from sellerdesk.core.hours.schedule import Schedule
from sellerdesk.hours import load_desks, team_schedule

LA = ZoneInfo("America/Los_Angeles")
BJ = ZoneInfo("Asia/Shanghai")
H = timedelta(hours=1)
BUDGETS = {"amazon": 24 * H, "team": 8 * H}


@cache
def _schedules(team: str) -> dict[str, Schedule]:
    specs = {"day": ("Mon-Fri 09:00-18:00", ("CN",)), "night": ("Mon-Fri 22:00-06:00", ())}
    spec, holidays = specs[team]
    return {
        "amazon": load_desks(user_files=False)["na"].schedule("case"),
        "team": team_schedule(spec, "Asia/Shanghai", holidays),
    }


def la(mo: int, d: int, h: int, mi: int = 0) -> datetime:
    return datetime(2026, mo, d, h, mi, tzinfo=LA)


def bj(mo: int, d: int, h: int, mi: int = 0) -> datetime:
    return datetime(2026, mo, d, h, mi, tzinfo=BJ)


@pytest.mark.parametrize(
    ("name", "team", "side", "started", "due"),
    [
        # Fri 17:00 PST: 1 h Friday, 12 h Monday (PDT), 11 h Tuesday -> Tue 17:00 PDT
        ("amazon across the DST switch", "day", "amazon", la(3, 6, 17), la(3, 10, 17)),
        # 8 team hours from Fri 13 Feb 17:00: 1 h, then the make-up Saturday 09:00-16:00
        ("team over a make-up working Saturday", "day", "team", bj(2, 13, 17), bj(2, 14, 16)),
        # from the make-up Saturday 17:00: 1 h, then Spring Festival, back Tue 24 Feb 09:00
        ("team over Spring Festival", "day", "team", bj(2, 14, 17), bj(2, 24, 16)),
        # overnight: Mon 23:00 -> 7 h to Tue 06:00, 1 h from Tue 22:00
        ("team on an overnight shift", "night", "team", bj(3, 2, 23), bj(3, 3, 23)),
        # overnight: Friday's shift runs into Saturday; Sat 05:00 -> 1 h, then Mon 22:00 + 7 h
        ("overnight shift over a weekend", "night", "team", bj(3, 7, 5), bj(3, 10, 5)),
        # submitted at night LA time: the clock waits for 06:00, then 24 h over two days
        ("amazon submitted overnight", "day", "amazon", la(3, 10, 23), la(3, 12, 18)),
    ],
)
def test_a_turn_is_due_its_budget_of_business_time_later(
    name: str, team: str, side: str, started: datetime, due: datetime
) -> None:
    now = started + timedelta(minutes=1)
    state = clock_states([Transition(started, side)], now, _schedules(team), BUDGETS)[side]
    assert state.running, name
    assert state.due_at == due, name


def test_the_dst_switch_makes_the_due_instant_an_hour_earlier_in_utc() -> None:
    state = clock_states(
        [Transition(la(3, 6, 17), "amazon")], la(3, 9, 7), _schedules("day"), BUDGETS
    )["amazon"]
    assert state.due_at is not None
    assert state.due_at.astimezone(UTC) == datetime(2026, 3, 11, 0, tzinfo=UTC)  # 17:00 PDT
    assert state.turn_elapsed == 2 * H  # Fri 17-18 PST, Mon 06-07 PDT


@pytest.mark.parametrize(
    ("name", "now", "elapsed", "total"),
    [
        ("before the make-up Saturday", bj(2, 13, 18), 1 * H, 1 * H),
        ("on the make-up Saturday", bj(2, 14, 12), 4 * H, 4 * H),
        ("in the holiday week nothing accrues", bj(2, 20, 12), 10 * H, 10 * H),
    ],
)
def test_the_team_clock_accrues_only_on_working_days(
    name: str, now: datetime, elapsed: timedelta, total: timedelta
) -> None:
    state = clock_states([Transition(bj(2, 13, 17), "team")], now, _schedules("day"), BUDGETS)
    team = state["team"]
    assert (team.turn_elapsed, team.total) == (elapsed, total), name


def test_a_pause_on_the_other_side_over_the_dst_weekend_resumes_with_the_turn_kept() -> None:
    moves = [
        Transition(la(3, 6, 16), "amazon"),  # Fri 16:00 PST
        Transition(la(3, 6, 17), "team"),  # Amazon answered after 1 h
        Transition(la(3, 9, 7), "amazon"),  # we answered Monday 07:00 PDT
    ]
    states = clock_states(moves, la(3, 9, 8), _schedules("day"), BUDGETS)
    amazon = states["amazon"]
    assert (amazon.turns, amazon.started_at) == (2, la(3, 9, 7))
    assert amazon.total == 2 * H  # Fri 16-17 and Mon 07-08
    assert amazon.due_at == la(3, 11, 7)  # 11 h Mon, 12 h Tue, 1 h Wed
    assert not states["team"].running
    assert next_breach(states) == amazon.due_at
