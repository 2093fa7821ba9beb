"""A case's clocks say when their figures rest on a year whose holidays are only guessed
(China after chinese-calendar's last year, until an admin saves it: docs/calendars.md): in
``estimated_years`` of each clock (API and ``case show --json`` alike) and as a note on the
case page."""

# ruff: noqa: F811  (the fixtures imported from tests/api/conftest.py are test parameters)
from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from sellerdesk.core.jsonable import jsonable
from sellerdesk.services import cases
from sellerdesk.settings import Settings
from tests.api.conftest import Api, api, cheap_argon2  # noqa: F401  (fixtures)
from tests.api.web_support import browser


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    """The API's test settings, with the team off on China's holidays (the default's CN)."""
    return Settings(
        home=tmp_path / "home",
        database_url=database_url,
        timezone="Asia/Shanghai",
        team_timezone="Asia/Shanghai",
        team_holidays=("CN",),
    )


def _at(api: Api, moment: datetime) -> None:
    api.state.clock = lambda: moment  # type: ignore[method-assign]


def _submit(api: Api, case_id: int) -> None:
    """Filed with Amazon: the clocks have a history to rest on."""
    body = {"status": "submitted", "case_id": "12345678901"}
    assert api.call("root", "POST", f"/api/v1/cases/{case_id}/status", json=body).status_code == 200


def test_a_case_of_a_guessed_year_says_so_on_its_team_clock_in_the_api_and_the_page(api: Api):
    _at(api, datetime(2027, 3, 2, 3, 0, tzinfo=UTC))
    created = api.new_case()
    _submit(api, created["id"])
    shown = api.call("root", "GET", f"/api/v1/cases/{created['id']}").json()
    team = shown["clocks"]["team"]["estimated_years"]
    assert [(e["calendar"], e["year"]) for e in team] == [("CN", 2027)]
    view = cases.show(
        sessions=api.state.sessions, now=api.state.clock(), ctx=api.state.ctx, case_id=created["id"]
    )
    assert jsonable(view)["clocks"]["team"]["estimated_years"] == team
    page = browser(api, "root", **{"Accept-Language": "zh-CN"}).get(f"/cases/{created['id']}")
    assert "中国 2027" in page.text and "cal-estimated" in page.text


def test_a_case_of_a_known_year_carries_no_note(api: Api):
    _at(api, datetime(2026, 3, 2, 3, 0, tzinfo=UTC))
    created = api.new_case()
    _submit(api, created["id"])
    shown = api.call("root", "GET", f"/api/v1/cases/{created['id']}").json()
    assert all(shown["clocks"][side]["estimated_years"] == [] for side in ("amazon", "team"))
    page = browser(api, "root").get(f"/cases/{created['id']}")
    assert "cal-estimated" not in page.text
