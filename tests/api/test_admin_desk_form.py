"""Admin › one desk's form: the grid round-trips to the schedule the equivalent TOML makes
(and the CLI reads what the web saved); invalid ranges come back named with the values kept;
save and reset ask first; the edit is recorded as the team's own, dated; the preview follows
a DST switch; no server path on the page."""

from __future__ import annotations

import json
import re
import tomllib
from datetime import UTC, datetime, timedelta

import pytest
from typer.testing import CliRunner

from sellerdesk.cli.main import build_app
from sellerdesk.core.hours.loader import DeskFile, build_desks
from sellerdesk.core.hours.ranges import WEEKDAY_KEYS
from sellerdesk.services import desk_overrides
from tests.api.conftest import Api
from tests.api.web_support import browser, csrf_of

EU = "/admin/desks/eu"


def _form(client, url: str = EU) -> dict[str, object]:  # type: ignore[no-untyped-def]
    """The form as the page fills it (every input and ticked box)."""
    html = client.get(url).text
    form = html[html.index('class="desk-form"') :]
    form = form[: form.index("</form>")]
    data: dict[str, object] = {"csrf_token": csrf_of(html)}
    for name, value in re.findall(
        r'<input type="text" id="[^"]+" name="([^"]+)" value="([^"]*)"', form
    ):
        data[name] = value
    for name, text in re.findall(
        r'<textarea id="[^"]+" name="([^"]+)"[^>]*>([^<]*)</textarea>', form
    ):
        data[name] = text
    data["open_hours"] = re.search(r'<option value="(\w+)" selected', form).group(1)  # type: ignore[union-attr]
    data["cal"] = re.findall(r'name="cal" value="([^"]+)" checked', form)
    return data


def _send(client, data: dict[str, object], url: str = EU, **extra: str):  # type: ignore[no-untyped-def]
    return client.post(url, data={**data, **extra}, follow_redirects=False)


def test_the_form_shows_the_desk_as_it_is_without_server_paths(api: Api):
    client = browser(api, "root")
    page = client.get(EU)
    assert page.status_code == 200
    data = _form(client)
    assert data["week.case.mon"] == "09:00-18:00" and data["week.case.sat"] == ""
    assert data["week.self-service.sun"] == "00:00-24:00" and data["zone"] == "Europe/Berlin"
    assert data["closed_yearly"] == "01-01 12-25"
    assert (
        'claim S6: <span lang="en">Europe support' in page.text
        and "article claim, unconfirmed" in page.text
    )
    assert str(api.state.settings.home) not in page.text and "desks.toml" not in page.text
    assert client.get("/admin/desks/nowhere").status_code == 404


def test_saving_asks_first_then_writes_what_the_equivalent_toml_says(
    api: Api, monkeypatch: pytest.MonkeyPatch
):
    client = browser(api, "root")
    data = _form(client)
    data.update(
        {
            "week.case.mon": "20:00-04:00 +1",
            "week.case.tue": "09:00-12:00, 13:00-18:00",
            "week.case.sun": "08:00-12:00，13:00-17:00",
            "closed": "2026-12-24",
            "open": "2026-12-27",
            "cal": ["DE"],
        }
    )
    asked = _send(client, data, action="review")
    assert asked.status_code == 200 and 'name="confirm" value="yes"' in asked.text
    assert "Closed dates" in asked.text and "Holiday calendars" in asked.text
    assert not (api.state.settings.home / "desks.toml").exists()
    unconfirmed = _send(client, data, action="save")  # no confirm field: asks again
    assert unconfirmed.status_code == 200 and not (api.state.settings.home / "desks.toml").exists()
    done = _send(client, data, action="save", confirm="yes")
    assert done.status_code == 303 and done.headers["location"] == f"{EU}?saved=1"
    equivalent = """[desk.eu]
holidays = ["DE"]
closed = ["2026-12-24"]
open = ["2026-12-27"]
[desk.eu.channels.case]
mon = ["20:00-04:00"]
tue = ["09:00-12:00", "13:00-18:00"]
wed = ["09:00-18:00"]
thu = ["09:00-18:00"]
fri = ["09:00-18:00"]
sun = ["08:00-12:00", "13:00-17:00"]
"""
    other = DeskFile("other.toml", tomllib.loads(equivalent), modified=None)
    expected = build_desks([desk_overrides.shipped_file(), other])["eu"]
    saved = api.state.ctx.desks["eu"]
    start = datetime(2026, 12, 14, tzinfo=UTC)
    for channel in ("case", "phone", "self-service"):
        assert saved.schedule(channel).windows(start, start + timedelta(days=42)) == (
            expected.schedule(channel).windows(start, start + timedelta(days=42))
        ), channel
    # the CLI reads the same file: `sellerdesk desks` and `windows` see the web's change
    monkeypatch.setenv("SELLERDESK_HOME", str(api.state.settings.home))
    monkeypatch.delenv("SELLERDESK_DESKS", raising=False)
    runner, cli = CliRunner(), build_app()
    listed = runner.invoke(cli, ["desks", "--json"])
    case = next(
        r for r in json.loads(listed.stdout) if r["desk"] == "eu" and r["channel"] == "case"
    )
    assert case[
        "hours"
    ] == "Mon 20:00-04:00; Tue 09:00-12:00,13:00-18:00; Wed-Fri 09:00-18:00; " + (
        "Sun 08:00-12:00,13:00-17:00"
    )
    assert (case["closed"], case["open"], case["holidays"]) == (
        ["2026-12-24"],
        ["2026-12-27"],
        ["DE"],
    )
    assert case["confidence"] == "user"
    args = ["windows", "eu", "--from", "2026-12-21", "--days", "7", "--tz", "UTC", "--json"]
    shown = json.loads(runner.invoke(cli, args).stdout)
    assert shown[0]["start"].startswith("2026-12-21T19:00") and shown[0]["end"].startswith(
        "2026-12-22T03:00"
    )


def test_the_edit_is_the_teams_own_dated_and_unchanged_channels_keep_their_source(api: Api):
    api.state.clock = lambda: datetime(2026, 12, 4, 17, tzinfo=UTC)  # 12-05 01:00 in Shanghai
    client = browser(api, "root")
    data = _form(client)
    data["week.case.sat"] = "10:00-14:00"
    assert _send(client, data, action="save", confirm="yes").status_code == 303
    case, phone = (api.state.ctx.desks["eu"].channels[n].fact for n in ("case", "phone"))
    assert (case.confidence, case.as_of.isoformat()) == ("user", "2026-12-05")
    assert case.source == "Seller Desk web app, edited by root"
    assert phone.confidence == "seed-claim" and phone.source.startswith("Seed S6")
    page = client.get(EU).text
    assert "changed in Seller Desk by root" in page and "changed by your team" in page
    assert "changed by your team" in client.get("/admin/desks").text
    again = _form(client)  # saved again unchanged: the date of the team's rule stays
    api.state.clock = lambda: datetime(2026, 12, 20, 3, tzinfo=UTC)
    assert _send(client, again, action="save", confirm="yes").status_code == 303
    assert api.state.ctx.desks["eu"].channels["case"].fact.as_of.isoformat() == "2026-12-05"


@pytest.mark.parametrize(
    ("cell", "words"),
    [
        ("18:00-09:00", "ends before it starts"),
        ("25:00-26:00", "impossible time of day"),
        ("09:00-12:00, 11:00-13:00", "overlap"),
        ("09:00-18:00 +1", "ends the same day"),
        ("9-18", "is not an hour range"),
    ],
)
def test_an_invalid_range_comes_back_named_with_the_values_kept(api: Api, cell: str, words: str):
    client = browser(api, "root")
    data = _form(client)
    data["week.chat.wed"] = cell
    data["closed"] = "2026-12-24"
    for extra in ({"action": "review"}, {"action": "save", "confirm": "yes"}):
        done = _send(client, data, **extra)
        assert done.status_code == 422
        assert "Chat · Wednesday:" in done.text or "chat · Wednesday:" in done.text
        assert words in done.text
        assert f'name="week.chat.wed" value="{cell}"' in done.text.replace("&#43;", "+")
        assert 'aria-invalid="true"' in done.text and "2026-12-24" in done.text
    assert not (api.state.settings.home / "desks.toml").exists()


def test_other_fields_are_named_too(api: Api):
    client = browser(api, "root")
    for field, value, words in (
        ("closed", "2026-13-01", "Closed dates:"),
        ("zone", "Atlantis", "Clock (time zone):"),
        ("cal_other", "XX", "Holiday calendars:"),
        ("closed_yearly", "13-40", "Closed every year:"),
    ):
        data = _form(client)
        data[field] = value
        done = _send(client, data, action="review")
        assert done.status_code == 422 and words in done.text, field


def test_reset_asks_first_and_brings_the_shipped_desk_back(api: Api):
    client = browser(api, "root")
    data = _form(client)
    data["week.case.sat"] = "10:00-14:00"
    _send(client, data, action="save", confirm="yes")
    token = csrf_of(client.get(EU).text)
    asked = client.post(EU, data={"csrf_token": token, "action": "reset"})
    assert asked.status_code == 200 and "Reset Seller Support Europe" in asked.text
    assert api.state.ctx.desks["eu"].channels["case"].fact.confidence == "user"
    done = client.post(EU, data={"csrf_token": token, "action": "reset", "confirm": "yes"})
    assert done.status_code == 200  # followed to the overview
    assert api.state.ctx.desks["eu"].channels["case"].fact.confidence == "seed-claim"
    assert not (api.state.settings.home / "desks.toml").exists()


def test_the_preview_follows_europes_switch_to_winter_time_on_beijing_time(api: Api):
    api.state.clock = lambda: datetime(2026, 10, 20, 3, tzinfo=UTC)
    page = browser(api, "root").get(EU).text
    rows = dict(re.findall(r'<td class="day">[^<]* (\d\d-\d\d)</td>\s*<td>(.*?)</td></tr>', page))
    assert "15:00–24:00" in rows["10-23"]  # CEST: 09:00-18:00 Berlin is 15:00-24:00 Beijing
    assert "closed" in rows["10-24"] and "closed" in rows["10-25"]
    assert "16:00–01:00 (next day)" in rows["10-26"]  # CET: 16:00-01:00 Beijing
    assert len(rows) == 14 and "Open around the clock: Self-service · Emergency." in page


def test_a_form_without_the_csrf_token_is_refused(api: Api):
    client = browser(api, "root")
    data = _form(client)
    data.pop("csrf_token")
    assert _send(client, data, action="save", confirm="yes").status_code == 403
    assert not (api.state.settings.home / "desks.toml").exists()


def test_every_weekday_row_is_in_the_grid(api: Api):
    data = _form(browser(api, "root"))
    for channel in api.state.ctx.desks["eu"].channels:
        assert all(f"week.{channel}.{day}" in data for day in WEEKDAY_KEYS)
