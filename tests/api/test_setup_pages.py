"""The first start in the browser (web/setup.py): an admin of a fresh data folder is led
through the team's zone, hours, holidays, language and first store; each step saved through
`config set`'s code, skippable, resumable, done once; nobody else sees it. SQLite and
PostgreSQL (the ``api`` fixture)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from sellerdesk.settings import Settings, read_config
from tests.api.conftest import Api
from tests.api.web_support import browser, csrf_of

WEEK = {
    **{f"open_{d}": "1" for d in ("mon", "tue", "wed", "thu", "fri")},
    **{f"start_{d}": "09:00" for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")},
    **{f"end_{d}": "18:00" for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")},
    "lunch_start": "12:00",
    "lunch_end": "13:30",
}


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    """A fresh data folder: no team zone yet, so the setup is due."""
    return Settings(home=tmp_path / "home", database_url=database_url)


def _config(api: Api) -> dict[str, Any]:
    return read_config(api.state.settings.config_path)


def _post(client: TestClient, step: str, data: dict[str, str], **extra: Any) -> Any:
    token = csrf_of(client.get(f"/setup/{step}").text)
    return client.post(
        f"/setup/{step}", data={"csrf_token": token, **data}, follow_redirects=False, **extra
    )


def _signed_in_to(api: Api, user: str) -> tuple[TestClient, str]:
    client = TestClient(api.app, base_url="http://testserver")
    client.headers.update({"Accept-Language": "en"})
    token = csrf_of(client.get("/login").text)
    done = client.post(
        "/login",
        data={"name": user, "password": "a long enough passphrase", "csrf_token": token},
        follow_redirects=False,
    )
    assert done.status_code == 303, done.text
    return client, done.headers["location"]


def test_an_admin_is_led_to_the_setup_and_walks_it_step_by_step(api: Api):
    client, went = _signed_in_to(api, "root")
    assert went == "/setup"
    assert client.get("/", follow_redirects=False).headers["location"] == "/setup"
    assert client.get("/setup", follow_redirects=False).headers["location"] == "/setup/zone"
    page = client.get("/setup/zone").text
    assert 'name="zone_pick"' in page and "Beijing / Shanghai / Shenzhen" in page
    assert "Step 1 of 5" in page

    saved = _post(client, "zone", {"zone_pick": "UTC", "zone_text": "北京"})
    assert (saved.status_code, saved.headers["location"]) == (303, "/setup/hours?saved=zone")
    assert api.state.settings.team_timezone == "Asia/Shanghai"
    assert api.state.ctx.team_zone == "Asia/Shanghai"
    assert _config(api)["team.timezone"] == "Asia/Shanghai"
    assert _config(api)["setup.step"] == "hours"
    assert "root · Asia/Shanghai" in client.get("/setup/hours").text  # times shown in it

    saved = _post(client, "hours", WEEK)
    assert saved.headers["location"] == "/setup/holidays?saved=hours"
    assert _config(api)["team.hours"] == "Mon-Fri 09:00-12:00,13:30-18:00"
    assert api.state.ctx.team.zone.key == "Asia/Shanghai"
    page = client.get("/setup/hours").text  # the grid shows what was saved
    assert 'id="lunch_start" name="lunch_start" value="12:00"' in page
    assert 'id="open_sat" name="open_sat" value="1">' in page  # Saturday stays closed

    assert _post(client, "holidays", {"holidays": "CN"}).status_code == 303
    assert _config(api)["team.holidays"] == "CN"
    assert api.state.settings.team_holidays == ("CN",)

    assert _post(client, "language", {"lang": "zh"}).headers["location"].startswith("/setup/store")
    assert _config(api)["lang"] == "zh"
    page = client.get("/setup/store").text
    assert "设置团队" in page  # the team's language, above the browser's Accept-Language

    done = _post(client, "store", {"action": "finish"})
    assert done.headers["location"] == "/"  # the fixture's stores exist already
    assert _config(api)["setup.step"] == "done"
    assert client.get("/", follow_redirects=False).status_code == 200


def test_a_bad_zone_is_refused_naming_the_field_and_keeping_what_was_typed(api: Api):
    client, _ = _signed_in_to(api, "root")
    refused = _post(client, "zone", {"zone_pick": "Asia/Tokyo", "zone_text": "Mars/Olympus"})
    assert refused.status_code == 422
    assert "Team time zone: " in refused.text and "Mars/Olympus" in refused.text
    assert 'value="Mars/Olympus"' in refused.text and 'aria-invalid="true"' in refused.text
    assert '<option value="Asia/Tokyo" selected>' in refused.text
    assert "team.timezone" not in _config(api) and api.state.settings.team_timezone is None


def test_a_bad_day_or_lunch_is_refused_naming_it(api: Api):
    client, _ = _signed_in_to(api, "root")
    refused = _post(client, "hours", {**WEEK, "end_tue": ""})
    assert refused.status_code == 422 and "Tuesday: " in refused.text
    assert re.search(r'<tr class="bad">\s*<th scope="row"><label for="open_tue">', refused.text)
    refused = _post(client, "hours", {**WEEK, "lunch_start": "19:00", "lunch_end": "20:00"})
    assert refused.status_code == 422 and "Lunch break: " in refused.text
    assert 'value="19:00"' in refused.text  # kept
    assert "team.hours" not in _config(api)


def test_a_post_without_the_csrf_token_changes_nothing(api: Api):
    client, _ = _signed_in_to(api, "root")
    refused = client.post("/setup/zone", data={"zone_text": "北京"}, follow_redirects=False)
    assert refused.status_code == 403
    assert api.state.settings.team_timezone is None and not _config(api)


def test_steps_are_skipped_and_the_setup_resumes_at_the_next_sign_in(api: Api):
    client, _ = _signed_in_to(api, "root")
    skipped = _post(client, "zone", {"action": "skip", "zone_text": "北京"})
    assert skipped.headers["location"] == "/setup/hours"
    assert api.state.settings.team_timezone is None  # a skipped step saves nothing
    assert _config(api)["setup.step"] == "hours"

    later = _post(client, "hours", {"action": "later"})
    assert later.headers["location"] == "/" and "setup_later=1" in later.headers["set-cookie"]
    assert client.get("/", follow_redirects=False).status_code == 200  # not asked again now

    again, went = _signed_in_to(api, "root")
    assert went == "/setup"
    assert again.get("/setup", follow_redirects=False).headers["location"] == "/setup/hours"
    assert "setup.step" in _config(api) and _config(api)["setup.step"] == "hours"

    dismissed = _post(again, "hours", {"action": "dismiss"})
    assert dismissed.headers["location"] == "/" and _config(api)["setup.step"] == "done"
    assert _signed_in_to(api, "root")[1] == "/"
    # walked again from the Admin page: saving a step keeps it done
    assert _post(again, "zone", {"zone_text": "Shenzhen"}).status_code == 303
    assert _config(api)["setup.step"] == "done" and _config(api)["team.timezone"] == "Asia/Shanghai"


@pytest.mark.parametrize("user", ["agent_n", "viewer_n"])
def test_nobody_but_an_admin_sees_the_setup(api: Api, user: str):
    client, went = _signed_in_to(api, user)
    assert went == "/"
    assert client.get("/", follow_redirects=False).status_code == 200
    for path in ("/setup", "/setup/zone", "/setup/store"):
        assert client.get(path, follow_redirects=False).status_code == 404, path
    token = csrf_of(client.get("/cases").text)
    posted = client.post("/setup/zone", data={"csrf_token": token, "zone_text": "北京"})
    assert posted.status_code == 404 and not _config(api)


def test_an_unknown_step_is_not_found(api: Api):
    client = browser(api, "root")
    assert client.get("/setup/everything").status_code == 404


def test_the_admin_page_sets_zone_and_hours_with_the_same_picker_and_grid(api: Api):
    client = browser(api, "root")
    page = client.get("/admin").text
    assert 'name="zone_pick"' in page and 'name="start_mon"' in page
    assert 'name="team_zone"' not in page  # no free IANA-only text field any more
    token = csrf_of(page)
    form = {"csrf_token": token, "action": "team-hours", "zone_text": "香港", **WEEK}
    refused = client.post("/admin", data={**form, "zone_text": "北京时间x"})
    assert refused.status_code == 422 and "Team time zone: " in refused.text
    assert 'value="北京时间x"' in refused.text
    saved = client.post("/admin", data=form, follow_redirects=False)
    assert saved.status_code == 303
    assert _config(api)["team.timezone"] == "Asia/Hong_Kong"
    assert _config(api)["team.hours"] == "Mon-Fri 09:00-12:00,13:30-18:00"
    assert api.state.ctx.team_zone == "Asia/Hong_Kong"
    assert "root · Asia/Hong_Kong" in client.get("/admin").text


def test_the_setup_and_admin_style_sheet_is_served(api: Api):
    sheet = api.client.get("/static/setup.css")
    assert sheet.status_code == 200 and "table.week" in sheet.text
