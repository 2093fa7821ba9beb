""" "Best time to file" is the next good moment from now, never one already past (issue 15).

Every shipped desk is asked every 37 minutes over two weeks (Wed 25 March to Wed 8 April
2026) that hold Europe's switch to summer time (Sun 29 March) and China's Qingming break
(Sat 4 to Mon 6 April), by a Beijing team with CN holidays. Each answer must be at or after
the instant asked, in an open window of the desk's case channel with MIN_FILING of it left,
on the rule's desk-local days before its hour.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from functools import cache

import pytest

from sellerdesk.core.hours.model import Desk
from sellerdesk.core.hours.planner import MIN_FILING, SUBMIT_CHANNEL, next_submit, plan_week
from sellerdesk.core.rules import builtin_rules_path
from sellerdesk.core.support_rules import HighPrioritySubmission, load_support_rules
from sellerdesk.hours import load_desks, team_schedule

TEAM = team_schedule("Mon-Fri 09:00-18:00", "Asia/Shanghai", ("CN",))
FIRST = datetime(2026, 3, 25, tzinfo=UTC)
STEP = timedelta(minutes=37)
INSTANTS = [FIRST + STEP * i for i in range(int(timedelta(days=14) / STEP))]
ALMOST = MIN_FILING - timedelta(seconds=1)


@cache
def _desks() -> dict[str, Desk]:
    return load_desks(user_files=False)


@cache
def _rule() -> HighPrioritySubmission:
    return load_support_rules([builtin_rules_path()]).high_priority_submission


def _allowed_by_rule(desk: Desk, moment: datetime) -> bool:
    local = moment.astimezone(desk.timezone)
    before = time.fromisoformat(_rule().before)
    return local.weekday() < 5 and local.time() < before  # the shipped rule: Mon-Fri


def _good(desk: Desk, moment: datetime) -> bool:
    """Open for filing at ``moment`` and still for MIN_FILING after it."""
    channel = desk.schedule(SUBMIT_CHANNEL)
    last = moment + ALMOST
    return (
        channel.is_open(moment)
        and channel.is_open(last)
        and _allowed_by_rule(desk, moment)
        and _allowed_by_rule(desk, last)
    )


@pytest.mark.parametrize("key", sorted(_desks()))
def test_the_answer_is_never_past_and_always_inside_an_open_window(key: str) -> None:
    desk = _desks()[key]
    if SUBMIT_CHANNEL not in desk.channels:
        pytest.skip(f"{key} takes no cases")
    for now in INSTANTS:
        best, in_team = next_submit(desk, TEAM, _rule(), now)
        assert best is not None, (key, now)
        assert best >= now, (key, now, best)
        assert best - now < timedelta(days=7), (key, now, best)
        assert _good(desk, best), (key, now, best)
        if in_team:
            assert TEAM.is_open(best) and TEAM.is_open(best + ALMOST), (key, now, best)
        elif best > now:
            assert not _good(desk, now), (key, now, best)  # "now" would have done


def test_now_is_the_answer_only_with_enough_of_the_window_left() -> None:
    eu = _desks()["eu"]  # 09:00-18:00 Berlin (CEST: 15:00 Beijing); the rule ends at 10:00
    berlin = eu.timezone
    inside = datetime(2026, 4, 8, 9, 30, tzinfo=berlin)
    assert next_submit(eu, TEAM, _rule(), inside) == (inside, True)
    late = datetime(2026, 4, 8, 9, 50, tzinfo=berlin)  # 10 minutes left: the next morning
    assert next_submit(eu, TEAM, _rule(), late) == (datetime(2026, 4, 9, 9, tzinfo=berlin), True)


def test_friday_after_the_last_window_answers_next_monday() -> None:
    jp = _desks()["jp"]  # 09:00-18:00 Tokyo; the team opens at 10:00 Tokyo, as the rule ends
    friday = datetime(2026, 4, 10, 11, tzinfo=jp.timezone)
    best, in_team = next_submit(jp, TEAM, _rule(), friday)
    assert (best, in_team) == (datetime(2026, 4, 13, 9, tzinfo=jp.timezone), False)


def test_the_week_plan_given_now_answers_from_now_not_from_monday() -> None:
    monday = datetime(2026, 3, 30, tzinfo=UTC)
    wednesday = monday + timedelta(days=2, hours=12)
    plans = plan_week(_desks(), TEAM, monday, monday + timedelta(days=7), _rule(), now=wednesday)
    for plan in plans:
        if plan.best_submit is not None:
            assert plan.best_submit >= wednesday, plan


def test_the_current_week_plan_of_the_cli_and_the_hours_page_starts_from_now() -> None:
    from zoneinfo import ZoneInfo

    from sellerdesk.core.support_rules import SupportRules
    from sellerdesk.services.desk_planning import plan_current_week

    rules = load_support_rules([builtin_rules_path()])
    assert isinstance(rules, SupportRules)
    friday_evening = datetime(2026, 4, 10, 20, tzinfo=ZoneInfo("Asia/Shanghai"))
    week = plan_current_week(_desks(), TEAM, rules, friday_evening, ZoneInfo("Asia/Shanghai"))
    assert week.start < friday_evening
    for plan in week.plans:
        if plan.best_submit is not None:
            assert plan.best_submit >= friday_evening, plan
            assert _good(_desks()[plan.desk], plan.best_submit), plan
