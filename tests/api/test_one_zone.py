"""One time-zone concept (issue 15): the team's zone (``team.timezone``) is what the web and
the CLI show times in, unless a person has their own — the signed-in user's (My account)
in the web, ``--tz`` then ``SELLERDESK_TZ`` in the CLI. ``config set team.timezone`` and the
web's forms change the same setting. SQLite and PostgreSQL (the ``api`` fixture)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from sellerdesk.api.app import create_app
from sellerdesk.cli.main import build_app
from sellerdesk.cli.run import open_run
from sellerdesk.services import accounts, users
from sellerdesk.settings import Settings, load_settings
from tests.api.conftest import Api
from tests.api.web_support import browser, csrf_of


@pytest.fixture
def settings(database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """The app's settings are the environment's, as `sellerdesk serve` reads them."""
    monkeypatch.setenv("SELLERDESK_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("SELLERDESK_DATABASE_URL", database_url)
    for name in ("SELLERDESK_TZ", "SELLERDESK_LANG", "SELLERDESK_DESKS"):
        monkeypatch.delenv(name, raising=False)
    cli("config", "set", "setup.step", "done")
    return load_settings()


def cli(*args: str) -> str:
    out = CliRunner().invoke(build_app(), list(args))
    assert out.exit_code == 0, out.stderr
    return out.stdout + out.stderr


def _signed_in_zone(client: TestClient, user: str = "root") -> str:
    shown = browser(Api(client, {}, client.app), user).get("/account").text
    return shown.split(f"{user} · ", 1)[1].split("<", 1)[0]


def test_config_set_team_timezone_is_what_the_web_and_the_cli_show(api: Api):
    said = cli("config", "set", "team.timezone", "东京")  # a city name, as the web takes it
    assert "Asia/Tokyo" in said
    web = create_app(load_settings(), run_worker=False)  # the server, (re)started
    try:
        with TestClient(web) as client:
            assert _signed_in_zone(client) == "Asia/Tokyo"
    finally:
        web.state.sellerdesk.engine.dispose()
    assert open_run(None).zone.key == "Asia/Tokyo"


def test_a_running_server_takes_up_config_set_at_its_next_request(api: Api):
    assert _signed_in_zone(api.client) != "Asia/Tokyo"
    cli("config", "set", "team.timezone", "Asia/Tokyo")
    cli("config", "set", "team.hours", "Mon-Sat 10:00-19:00")
    assert _signed_in_zone(api.client) == "Asia/Tokyo" == api.state.ctx.team_zone
    assert api.state.ctx.team.zone.key == "Asia/Tokyo"
    assert api.state.settings.team_hours == "Mon-Sat 10:00-19:00"
    config = api.state.settings.config_path
    config.write_text("not = [toml", encoding="utf-8")  # a bad hand edit: the last good stays
    assert _signed_in_zone(api.client) == "Asia/Tokyo"
    config.write_text('"setup.step" = "done"\n', encoding="utf-8")  # good again, no zone
    _signed_in_zone(api.client)
    assert api.state.settings.team_timezone is None and api.state.ctx.team_zone != "Asia/Tokyo"


def test_the_web_setting_is_what_the_cli_shows(api: Api):
    client = browser(api, "root")
    token = csrf_of(client.get("/setup/zone").text)
    saved = client.post(
        "/setup/zone", data={"csrf_token": token, "zone_text": "纽约"}, follow_redirects=False
    )
    assert saved.status_code == 303
    assert cli("config", "get", "team.timezone").strip() == "America/New_York"
    assert open_run(None).zone.key == "America/New_York"
    assert _signed_in_zone(api.client) == "America/New_York"


def test_a_personal_zone_wins_in_the_web_and_the_team_zone_stays_for_others(api: Api):
    cli("config", "set", "team.timezone", "Asia/Shanghai")
    accounts.set_own_settings(
        sessions=api.state.sessions,
        now=datetime.now(UTC),
        name="agent_n",
        language="",
        time_zone="伦敦",
    )
    api.state.use_settings(load_settings())
    assert _signed_in_zone(api.client, "agent_n") == "Europe/London"
    assert _signed_in_zone(api.client, "root") == "Asia/Shanghai"
    assert users.person(sessions=api.state.sessions, name="agent_n").user.time_zone == (
        "Europe/London"
    )


def test_the_cli_shows_tz_then_sellerdesk_tz_then_the_team_zone(
    api: Api, monkeypatch: pytest.MonkeyPatch
):
    cli("config", "set", "team.timezone", "Asia/Shanghai")
    assert open_run(None).zone.key == "Asia/Shanghai"
    monkeypatch.setenv("SELLERDESK_TZ", "Europe/Berlin")
    assert open_run(None).zone.key == "Europe/Berlin"
    assert open_run(None, "America/Chicago").zone.key == "America/Chicago"
    # SELLERDESK_TZ is the CLI user's own: the web, run with it set, never reads it
    api.state.use_settings(load_settings())
    assert api.state.settings.timezone == "Europe/Berlin"
    assert _signed_in_zone(api.client) == "Asia/Shanghai"


def test_the_deprecated_timezone_key_is_read_as_the_team_zone_until_team_timezone_is_set(
    api: Api,
):
    said = cli("config", "set", "timezone", "Europe/Paris")
    assert "deprecated" in said and "team.timezone" in said
    api.state.use_settings(load_settings())
    assert api.state.ctx.team_zone == "Europe/Paris" == open_run(None).zone.key
    assert _signed_in_zone(api.client) == "Europe/Paris"
    assert cli("config", "get", "team.timezone").strip() == "Europe/Paris"
    cli("config", "set", "team.timezone", "Asia/Shanghai")
    api.state.use_settings(load_settings())
    assert _signed_in_zone(api.client) == "Asia/Shanghai" == open_run(None).zone.key
    listed = cli("config", "list")
    assert "deprecated" in listed and "ignored" in listed
