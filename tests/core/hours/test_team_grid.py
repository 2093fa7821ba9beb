"""The team's week as a form shows it, to and from `team.hours` (core/hours/team_grid.py)."""

from __future__ import annotations

import pytest

from sellerdesk.core.errors import InvalidInput
from sellerdesk.core.hours.ranges import parse_week_spec
from sellerdesk.core.hours.team_grid import grid_from_form, grid_of, spec_of


@pytest.mark.parametrize(
    "spec",
    [
        "Mon-Fri 09:00-18:00",
        "Mon-Fri 09:00-12:00,13:30-18:00",
        "Mon-Fri 09:00-12:00,13:00-18:00; Sat 13:00-17:00",  # the break outside Saturday
        "Mon-Sun 20:00-04:00",
        "Mon,Wed 08:00-16:00; Fri 10:00-14:00",
    ],
)
def test_a_grid_shows_a_saved_week_exactly_and_writes_it_back(spec: str):
    grid = grid_of(spec)
    assert grid.exact
    assert parse_week_spec(spec_of(grid), field="x") == parse_week_spec(spec, field="x")


def test_a_week_the_grid_cannot_hold_is_said_to_be_inexact():
    grid = grid_of("Mon-Fri 09:00-12:00,13:00-18:00; Sat 10:00-16:00")  # Saturday has no break
    assert not grid.exact and (grid.lunch_start, grid.lunch_end) == ("12:00", "13:00")
    assert grid.day("sat").open and grid.day("sun").open is False


def _form(**more: str) -> dict[str, str]:
    week = {"open_mon": "1", "start_mon": "09:00", "end_mon": "18:00"}
    week |= {f"start_{d}": "09:00" for d in ("tue", "wed", "thu", "fri", "sat", "sun")}
    return week | more


def test_the_form_becomes_the_settings_text():
    assert spec_of(grid_from_form(_form())) == "Mon 09:00-18:00"
    lunch = _form(lunch_start="12:00", lunch_end="13:00", open_tue="1", end_tue="17:00")
    assert (
        spec_of(grid_from_form(lunch)) == "Mon 09:00-12:00,13:00-18:00; Tue 09:00-12:00,13:00-17:00"
    )


@pytest.mark.parametrize(
    ("more", "field"),
    [
        ({"end_mon": ""}, "team.hours.mon"),
        ({"open_wed": "1", "end_wed": "25:00"}, "team.hours.wed"),
        ({"open_mon": ""}, "team.hours"),
        ({"lunch_start": "12:00"}, "team.hours.lunch"),
        ({"lunch_start": "19:00", "lunch_end": "20:00"}, "team.hours.lunch"),
        ({"lunch_start": "23:00", "lunch_end": "01:00"}, "team.hours.lunch"),
    ],
)
def test_a_bad_day_or_break_is_refused_naming_it(more: dict[str, str], field: str):
    with pytest.raises(InvalidInput) as refused:
        spec_of(grid_from_form(_form(**more)))
    assert refused.value.field == field
