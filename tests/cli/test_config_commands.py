"""Settings are validated before they are saved, and they change the commands' defaults."""

from __future__ import annotations

from pathlib import Path


def test_config_set_saves_a_valid_value_and_get_reads_it(cli, home: Path):
    assert cli("config", "set", "team.hours", "Mon-Fri 09:00-12:00,13:30-18:00").exit_code == 0
    assert cli("config", "get", "team.hours").stdout.strip() == "Mon-Fri 09:00-12:00,13:30-18:00"
    assert (home / "config.toml").exists()


def test_config_set_refuses_bad_hours_and_keeps_the_old_value(cli, home: Path):
    cli("config", "set", "team.hours", "Mon-Fri 09:00-18:00")
    result = cli("config", "set", "team.hours", "Mon-Fri 9 to 6")
    assert result.exit_code == 2
    assert "team.hours" in result.stderr
    assert cli("config", "get", "team.hours").stdout.strip() == "Mon-Fri 09:00-18:00"


def test_config_set_refuses_an_unknown_key(cli):
    result = cli("config", "set", "team.colour", "blue")
    assert result.exit_code == 2
    assert "team.hours" in result.stderr  # the known keys are listed


def test_the_configured_zone_is_the_default_for_tz(cli):
    cli("config", "set", "timezone", "Asia/Shanghai")
    result = cli("next", "cn", "--at", "2026-03-09T02:00Z", "--json")
    assert result.json()["next_close"] == "2026-03-09T18:00:00+08:00"


def test_the_configured_language_is_the_default(cli):
    cli("config", "set", "lang", "zh-CN")
    assert cli("config", "get", "lang").stdout.strip() == "zh"
    result = cli("next", "cn", "--at", "2026-03-09T02:00Z")
    assert "现在开放" in result.stdout


def test_config_unset_restores_the_default(cli):
    cli("config", "set", "team.hours", "Mon-Sat 10:00-19:00")
    cli("config", "unset", "team.hours")
    assert cli("config", "get", "team.hours").stdout.strip() == "Mon-Fri 09:00-18:00"


def test_the_server_cache_settings_take_numbers_in_range_and_name_the_key_otherwise(cli):
    assert cli("config", "set", "api.token_cache_seconds", "0").exit_code == 0
    assert cli("config", "set", "api.list_cache_pages", "512").exit_code == 0
    for key, bad in (("api.token_cache_seconds", "61"), ("api.list_cache_pages", "lots")):
        result = cli("config", "set", key, bad)
        assert result.exit_code == 2 and key in result.stderr
    assert cli("config", "get", "api.list_cache_pages").stdout.strip() == "512"


def test_the_app_reads_the_server_cache_settings(cli, home: Path):
    from sellerdesk.api.state import build_state
    from sellerdesk.settings import load_settings

    cli("config", "set", "api.token_cache_seconds", "5")
    cli("config", "set", "api.list_cache_pages", "0")
    state = build_state(load_settings())
    try:
        assert state.token_cache.ttl == 5.0 and state.list_cache is None
    finally:
        state.engine.dispose()


def test_config_list_json_names_every_key_as_config_toml_does(cli, home: Path):
    from sellerdesk.settings import CONFIG_KEYS

    cli("config", "set", "team.holidays", "CN,US")
    cli("config", "set", "team.reply_hours", "6")
    listed = cli("config", "list", "--json").json()
    assert listed["path"] == str(home / "config.toml")
    values = listed["values"]
    assert list(values) == list(CONFIG_KEYS)
    assert values["team.holidays"] == "CN,US" and values["team.reply_hours"] == "6"
    assert values["backup.keep"] is None  # unset: its default applies
    assert cli("config", "get", "team.holidays", "--json").json() == {"team.holidays": "CN,US"}
    assert cli("config", "get", "backup.dir", "--json").json() == {"backup.dir": None}
