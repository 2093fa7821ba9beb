"""The week planner against figures worked out by hand.

Team: Mon-Fri 09:00-18:00 Asia/Shanghai (UTC+8, no DST) = 01:00-10:00 UTC, CN holidays.
Desks (shipped data), each Mon-Fri on its own clock:

* na 06:00-18:00 Los Angeles. US daylight time from Sun 8 March 2026 (UTC-7):
  13:00-01:00 UTC = 21:00-09:00 Beijing. It closes as the team opens: no overlap.
* eu 09:00-18:00 Berlin. CET (UTC+1) until Sun 29 March: 08:00-17:00 UTC, overlap
  08:00-10:00 UTC = 16:00-18:00 Beijing, 2 h a day. CEST (UTC+2) from 30 March:
  07:00-16:00 UTC, overlap 15:00-18:00 Beijing, 3 h a day.
* uk 09:00-18:00 London. GMT until 29 March: overlap 17:00-18:00 Beijing, 1 h a day;
  BST from 30 March: 16:00-18:00 Beijing, 2 h a day.
* jp 09:00-18:00 Tokyo (UTC+9) = 08:00-17:00 Beijing: overlap 09:00-17:00, 8 h a day,
  except Japanese holidays: Fri 20 March 2026 is Vernal Equinox Day.
* cn 09:00-18:00 Beijing: the team's own hours, 9 h a day.

Rule S8 "before 10:00 on weekdays" is read on the desk's clock.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from sellerdesk.core.errors import InvalidInput
from sellerdesk.core.hours.model import Desk
from sellerdesk.core.hours.planner import DeskPlan, plan_week
from sellerdesk.core.rules import builtin_rules_path
from sellerdesk.core.support_rules import HighPrioritySubmission, load_support_rules
from sellerdesk.hours import load_desks, team_schedule

BEIJING = ZoneInfo("Asia/Shanghai")
HOUR = 3600
TEAM = team_schedule("Mon-Fri 09:00-18:00", "Asia/Shanghai", ("CN",))


@cache
def _desks() -> dict[str, Desk]:
    return load_desks(user_files=False)


@cache
def _submit_rule() -> HighPrioritySubmission:
    return load_support_rules([builtin_rules_path()]).high_priority_submission


def _week(year: int, month: int, day: int, days: int = 7) -> dict[str, DeskPlan]:
    start = datetime(year, month, day, tzinfo=BEIJING)
    plans = plan_week(_desks(), TEAM, start, start + timedelta(days=days), _submit_rule())
    return {plan.desk: plan for plan in plans}


def _beijing(plan: DeskPlan) -> list[tuple[str, str]]:
    return [
        (a.astimezone(BEIJING).strftime("%a %d %H:%M"), b.astimezone(BEIJING).strftime("%H:%M"))
        for a, b in plan.overlap
    ]


def test_plans_come_in_the_order_of_the_desks() -> None:
    assert list(_week(2026, 3, 9)) == list(_desks())


@pytest.mark.parametrize(
    ("desk", "overlap_hours", "desk_hours"),
    [("cn", 45, 45), ("na", 0, 60), ("eu", 10, 45), ("uk", 5, 45), ("jp", 40, 45)],
)
def test_in_the_week_of_9_march_each_desk_shares_the_hours_worked_out_by_hand(
    desk: str, overlap_hours: int, desk_hours: int
) -> None:
    plan = _week(2026, 3, 9)[desk]
    assert plan.overlap_seconds == overlap_hours * HOUR
    assert plan.desk_open_seconds == desk_hours * HOUR
    assert plan.team_open_seconds == 45 * HOUR
    assert plan.overlap_seconds == sum((b - a).total_seconds() for a, b in plan.overlap)


def test_the_na_desk_closes_as_the_team_opens_so_they_never_overlap() -> None:
    assert _week(2026, 3, 9)["na"].overlap == ()


def test_the_eu_desk_overlaps_from_16_to_18_beijing_while_berlin_is_on_winter_time() -> None:
    plan = _week(2026, 3, 9)["eu"]
    assert _beijing(plan) == [
        (f"{d} {n:02d} 16:00", "18:00")
        for d, n in zip(("Mon", "Tue", "Wed", "Thu", "Fri"), range(9, 14), strict=True)
    ]
    assert all(a.tzinfo is UTC for a, _ in plan.overlap)


def test_the_uk_desk_overlaps_one_hour_a_day_while_london_is_on_gmt() -> None:
    assert {w[1] for w in _beijing(_week(2026, 3, 9)["uk"])} == {"18:00"}
    assert [w[0][-5:] for w in _beijing(_week(2026, 3, 9)["uk"])] == ["17:00"] * 5


def test_the_jp_desk_loses_vernal_equinox_day() -> None:
    plan = _week(2026, 3, 16)["jp"]
    assert plan.overlap_seconds == 32 * HOUR
    assert plan.desk_open_seconds == 36 * HOUR
    assert "Fri 20 09:00" not in [start for start, _ in _beijing(plan)]


def test_the_week_before_the_eu_switch_still_runs_on_winter_time() -> None:
    # the switch is on Sunday 29 March, when the desk is closed anyway
    plans = _week(2026, 3, 23)
    assert plans["eu"].overlap_seconds == 10 * HOUR
    assert plans["uk"].overlap_seconds == 5 * HOUR


def test_after_the_eu_switch_the_eu_desk_overlaps_from_15_to_18_beijing() -> None:
    plans = _week(2026, 3, 30)
    assert plans["eu"].overlap_seconds == 15 * HOUR
    assert _beijing(plans["eu"])[0] == ("Mon 30 15:00", "18:00")
    assert plans["uk"].overlap_seconds == 10 * HOUR
    assert plans["na"].overlap_seconds == 0


def test_a_range_across_the_eu_switch_mixes_both_offsets() -> None:
    # Wed 25 March to Wed 1 April: Wed-Fri 2 h (CET), Mon-Tue 3 h (CEST)
    plan = _week(2026, 3, 25)["eu"]
    assert plan.overlap_seconds == 3 * 2 * HOUR + 2 * 3 * HOUR
    # Tue 24 March 16:00-17:00 UTC is the tail of a Berlin window, clipped at the start
    assert plan.desk_open_seconds == (1 + 5 * 9) * HOUR


def test_the_cn_desk_is_best_filed_at_9_on_monday_beijing() -> None:
    plan = _week(2026, 3, 9)["cn"]
    assert plan.best_submit == datetime(2026, 3, 9, 1, tzinfo=UTC)
    assert plan.best_submit_in_team_hours


def test_the_eu_desk_is_best_filed_at_9_berlin_which_is_16_beijing() -> None:
    plan = _week(2026, 3, 9)["eu"]
    assert plan.best_submit == datetime(2026, 3, 9, 8, tzinfo=UTC)
    assert plan.best_submit_in_team_hours


def test_after_the_eu_switch_9_berlin_is_15_beijing() -> None:
    plan = _week(2026, 3, 30)["eu"]
    assert plan.best_submit == datetime(2026, 3, 30, 7, tzinfo=UTC)
    assert plan.best_submit_in_team_hours


def test_the_uk_desk_is_best_filed_at_9_london() -> None:
    plan = _week(2026, 3, 9)["uk"]
    assert plan.best_submit == datetime(2026, 3, 9, 9, tzinfo=UTC)
    assert plan.best_submit_in_team_hours


def test_the_na_desk_can_only_be_filed_early_outside_team_hours() -> None:
    # Monday 06:00 Los Angeles (PDT) = 13:00 UTC = 21:00 Beijing
    plan = _week(2026, 3, 9)["na"]
    assert plan.best_submit == datetime(2026, 3, 9, 13, tzinfo=UTC)
    assert not plan.best_submit_in_team_hours


def test_the_jp_window_before_10_tokyo_ends_as_the_team_starts() -> None:
    # 09:00-10:00 Tokyo = 08:00-09:00 Beijing: the whole window is before the team opens
    plan = _week(2026, 3, 9)["jp"]
    assert plan.best_submit == datetime(2026, 3, 9, 0, tzinfo=UTC)
    assert not plan.best_submit_in_team_hours


def test_a_start_inside_an_allowed_window_is_itself_the_best_submit() -> None:
    start = datetime(2026, 3, 9, 16, 30, tzinfo=BEIJING)  # 09:30 Berlin
    plan = plan_week(_desks(), TEAM, start, start + timedelta(days=1), _submit_rule())[2]
    assert (plan.desk, plan.best_submit) == ("eu", start)
    assert plan.overlap[0][0] == start


def test_a_user_rule_moves_the_best_submit(tmp_path: Path) -> None:
    user = tmp_path / "rules.toml"
    user.write_text('[rule.high-priority-submission]\nbefore = "09:30"\ndays = "Tue"\n')
    rule = load_support_rules([builtin_rules_path(), user]).high_priority_submission
    start = datetime(2026, 3, 9, tzinfo=BEIJING)
    plans = plan_week(_desks(), TEAM, start, start + timedelta(days=7), rule)
    eu = next(p for p in plans if p.desk == "eu")
    assert eu.best_submit == datetime(2026, 3, 10, 8, tzinfo=UTC)
    assert eu.rule is rule


def test_a_desk_whose_people_never_work_in_the_range_gets_nothing() -> None:
    # Sat 12:00 to Mon 08:00 Beijing: after na closes (Sat 09:00), before jp opens (Mon 08:00)
    start = datetime(2026, 3, 14, 12, tzinfo=BEIJING)
    plans = plan_week(_desks(), TEAM, start, start + timedelta(hours=44), _submit_rule())
    for plan in plans:
        assert plan.overlap == ()
        assert plan.overlap_seconds == plan.desk_open_seconds == plan.team_open_seconds == 0
        assert plan.best_submit is None
        assert not plan.best_submit_in_team_hours


def test_a_friday_evening_in_beijing_is_still_friday_morning_in_los_angeles() -> None:
    start = datetime(2026, 3, 14, tzinfo=BEIJING)  # Fri 09:00 PDT
    na = next(
        p
        for p in plan_week(_desks(), TEAM, start, start + timedelta(days=2), _submit_rule())
        if p.desk == "na"
    )
    assert na.desk_open_seconds == 9 * HOUR  # clipped at the start, up to 18:00 LA
    assert na.best_submit == start


def test_an_empty_or_backward_range_is_refused() -> None:
    start = datetime(2026, 3, 9, tzinfo=BEIJING)
    with pytest.raises(InvalidInput):
        plan_week(_desks(), TEAM, start, start, _submit_rule())


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(InvalidInput):
        plan_week(_desks(), TEAM, datetime(2026, 3, 9), datetime(2026, 3, 16), _submit_rule())  # noqa: DTZ001
