"""The CLI's run: language, zone and "now" resolved once; the store opened only when asked."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from sellerdesk.cli.run import open_run
from sellerdesk.core.errors import InvalidInput


def test_the_language_is_the_flag_else_the_setting_else_the_locale(
    home: Path, monkeypatch: pytest.MonkeyPatch
):
    assert open_run("zh").lang == "zh"
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert open_run(None).lang == "zh"
    monkeypatch.setenv("SELLERDESK_LANG", "en")
    assert open_run(None).lang == "en" and open_run("zh").lang == "zh"


def test_at_is_read_on_the_wall_clock_of_tz_and_the_clock_stands_still_there(home: Path):
    run = open_run(None, "Asia/Shanghai", "2026-02-13 17:00")
    assert run.now == datetime(2026, 2, 13, 9, tzinfo=UTC)
    assert run.clock() == run.now and str(run.zone) == "Asia/Shanghai"


def test_a_bad_at_or_tz_is_refused_before_anything_is_opened(home: Path):
    for tz, at, field in (("Mars/Olympus", None, "--tz"), (None, "yesterday", "--at")):
        with pytest.raises(InvalidInput) as refused:
            open_run(None, tz, at)
        assert refused.value.field == field
    assert not (home / "sellerdesk.db").exists()


def test_a_command_that_shows_no_time_does_not_read_the_zone(
    home: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("SELLERDESK_TZ", "Mars/Olympus")
    run = open_run(None, shows_times=False)
    assert run.lang == "en"
    with pytest.raises(InvalidInput) as refused:
        open_run(None)
    assert refused.value.field == "SELLERDESK_TZ"  # the variable, not --tz: no flag was given


def test_the_store_is_opened_only_when_the_command_asks_for_it(home: Path):
    run = open_run(None)
    assert not (home / "sellerdesk.db").exists()
    assert run.runtime.ctx.actor == "cli" and run.runtime.sessions is run.runtime.sessions
    assert (home / "sellerdesk.db").exists()
    run.runtime.close()


def test_hours_commands_never_create_the_store(cli, home: Path):
    assert cli("next", "na", "--json").exit_code == 0
    assert not (home / "sellerdesk.db").exists()


def test_a_run_finishes_with_json_or_one_line_in_its_language(
    home: Path, capsys: pytest.CaptureFixture[str]
):
    open_run("zh", json_out=True).finish({"id": 7}, "case.created")
    assert json.loads(capsys.readouterr().out) == {"id": 7}
    open_run("en").finish({"id": 7}, "case.created")
    english = capsys.readouterr().out
    open_run("zh").finish({"ignored": True}, "case.created", id=7)
    chinese = capsys.readouterr().out
    assert "7" in english and "7" in chinese and english != chinese
    assert english.count("\n") == 1
