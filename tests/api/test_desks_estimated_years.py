"""The API's desk answers say which calendar years they rest on that are only guessed, in the
shape the CLI's JSON has (docs/calendars.md): ``estimated_years``, always present."""

# ruff: noqa: F811  (the fixtures imported from tests/api/conftest.py are test parameters)
from __future__ import annotations

from datetime import UTC, datetime

from tests.api.conftest import Api, api, cheap_argon2, settings  # noqa: F401  (fixtures)


def _at(api: Api, moment: datetime) -> None:
    api.state.clock = lambda: moment  # type: ignore[method-assign]


def test_the_desk_board_names_a_guessed_year_of_china_and_none_in_a_known_year(api: Api) -> None:
    _at(api, datetime(2027, 1, 20, 2, 0, tzinfo=UTC))
    board = api.call("root", "GET", "/api/v1/desks?channel=case").json()
    assert {"calendar": "CN", "year": 2027} in [
        {"calendar": e["calendar"], "year": e["year"]} for e in board["estimated_years"]
    ]
    _at(api, datetime(2026, 3, 10, 2, 0, tzinfo=UTC))
    board = api.call("root", "GET", "/api/v1/desks?channel=case").json()
    assert board["estimated_years"] == []


def test_windows_over_a_guessed_year_say_so_and_over_a_known_year_do_not(api: Api) -> None:
    guessed = api.call("root", "GET", "/api/v1/desks/cn/windows?from=2027-02-01&days=14").json()
    assert [(e["calendar"], e["year"]) for e in guessed["estimated_years"]] == [("CN", 2027)]
    assert guessed["estimated_years"][0]["reason"]
    known = api.call("root", "GET", "/api/v1/desks/cn/windows?from=2026-02-01&days=14").json()
    assert known["estimated_years"] == []
