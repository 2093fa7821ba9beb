"""The desk hours, search, config and display-zone services name domain fields (``days``,
``hours``, ``text``, ``value``, ``timezone``); the commands name the flag or argument a
person typed (``--days``, ``--hours``, ``--weeks``, ``TEXT``, ``VALUE``, ``--tz``)."""

from __future__ import annotations

import json

import pytest


@pytest.fixture
def sqlite_cli(cli, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.delenv("SELLERDESK_DATABASE_URL", raising=False)
    return cli


@pytest.mark.parametrize(
    ("argv", "named"),
    [
        (("windows", "na", "--from", "2026-03-09", "--days", "0"), "--days"),
        (("due", "na", "--from", "2026-03-09T09:00Z", "--hours", "1e9"), "--hours"),
        (("ical", "na", "--weeks", "60"), "--weeks"),
        (("next", "na", "--tz", "Mars/Olympus"), "--tz"),
        (("search", "   "), "TEXT"),
        (("case", "search", "   "), "TEXT"),
    ],
)
def test_a_command_names_its_own_flag_for_a_refused_field(sqlite_cli, argv, named):  # type: ignore[no-untyped-def]
    said = sqlite_cli(*argv, "--lang", "en")
    assert said.exit_code == 2 and said.stderr.startswith(f"error: {named}: "), said.stderr
    if argv[0] == "ical":
        return  # a calendar has no --json
    as_json = sqlite_cli(*argv, "--json")
    assert json.loads(as_json.stderr)["error"]["field"] == named


def test_config_set_names_the_value_argument(cli):  # type: ignore[no-untyped-def]
    said = cli("config", "set", "backup.keep", " ", "--lang", "en")
    assert said.exit_code == 2 and said.stderr.startswith("error: VALUE: "), said.stderr


def test_a_bad_sellerdesk_tz_is_named_as_the_variable(cli, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("SELLERDESK_TZ", "Mars/Olympus")
    said = cli("next", "na", "--lang", "en")
    assert said.exit_code == 2 and said.stderr.startswith("error: SELLERDESK_TZ: "), said.stderr
