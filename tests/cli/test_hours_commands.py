"""The Know commands answer correctly in both languages and refuse bad input with exit 2."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

MONDAY_10_BEIJING = "2026-03-09T10:00+08:00"  # US already on PDT, Berlin still on CET


def test_hours_json_says_which_desks_are_open(cli):
    result = cli("hours", "--json", "--at", MONDAY_10_BEIJING, "--tz", "Asia/Shanghai")
    assert result.exit_code == 0
    rows = {(r["desk"], r["channel"]): r for r in result.json()["channels"]}
    assert rows["cn", "case"]["open_now"] is True
    assert rows["cn", "case"]["next_close"] == "2026-03-09T18:00:00+08:00"
    assert rows["na", "phone"]["open_now"] is False
    assert rows["na", "phone"]["next_open"] == "2026-03-09T21:00:00+08:00"  # 06:00 PDT
    assert rows["eu", "chat"]["next_open"] == "2026-03-09T16:00:00+08:00"  # 09:00 CET
    assert rows["na", "self-service"]["open_now"] is True
    assert rows["na", "self-service"]["next_close"] is None
    assert rows["na", "emergency"]["requires_plan"] == "premium-support"
    assert rows["eu", "case"]["confidence"] == "seed-claim"
    assert rows["na", "phone"]["seconds_to_change"] == 11 * 3600


def test_hours_in_chinese_names_desks_channels_and_countdowns_in_chinese(cli):
    result = cli("hours", "--at", MONDAY_10_BEIJING, "--tz", "Asia/Shanghai", "--lang", "zh")
    assert result.exit_code == 0
    assert "北美站卖家支持" in result.stdout
    assert "电话" in result.stdout and "开放" in result.stdout
    assert "11小时" in result.stdout
    assert "\x1b[" not in result.stdout  # plain when piped


def test_hours_in_english_shows_the_desk_clock_with_its_abbreviation(cli):
    result = cli(
        "hours",
        "na",
        "--channel",
        "case",
        "--at",
        MONDAY_10_BEIJING,
        "--lang",
        "en",
        "--tz",
        "Asia/Shanghai",
    )
    assert result.exit_code == 0
    assert "opens 2026-03-09 Mon 21:00" in result.stdout
    assert "2026-03-09 Mon 06:00 PDT" in result.stdout


def test_windows_lists_whole_windows_with_the_viewer_offset(cli):
    result = cli(
        "windows", "na", "--from", "2026-03-08", "--days", "2", "--tz", "Asia/Shanghai", "--json"
    )
    assert result.exit_code == 0
    assert result.json() == [
        {
            "desk": "na",
            "channel": "case",
            "start": "2026-03-09T21:00:00+08:00",
            "end": "2026-03-10T09:00:00+08:00",
        }
    ]


def test_windows_includes_a_window_that_started_before_the_range(cli):
    result = cli(
        "windows", "na", "--from", "2026-03-10", "--days", "1", "--tz", "Asia/Shanghai", "--json"
    )
    starts = [w["start"] for w in result.json()]
    assert starts == ["2026-03-09T21:00:00+08:00", "2026-03-10T21:00:00+08:00"]


def test_windows_on_a_china_make_up_saturday_are_open(cli):
    result = cli(
        "windows", "cn", "--from", "2026-02-14", "--days", "1", "--tz", "Asia/Shanghai", "--json"
    )
    assert result.json() == [
        {
            "desk": "cn",
            "channel": "case",
            "start": "2026-02-14T09:00:00+08:00",
            "end": "2026-02-14T18:00:00+08:00",
        }
    ]


def test_next_reports_opening_and_closing(cli):
    result = cli(
        "next", "eu", "--channel", "phone", "--at", MONDAY_10_BEIJING, "--tz", "UTC", "--json"
    )
    assert result.json() == {
        "desk": "eu",
        "channel": "phone",
        "open_now": False,
        "next_open": "2026-03-09T08:00:00+00:00",
        "next_close": "2026-03-09T17:00:00+00:00",
        "requires_plan": None,
        "confidence": "seed-claim",
        "estimated_years": [],  # no answer here rests on a guessed holiday year
    }


def test_next_in_chinese_reads_as_a_sentence(cli):
    result = cli("next", "cn", "--at", MONDAY_10_BEIJING, "--tz", "Asia/Shanghai", "--lang", "zh")
    assert "现在开放" in result.stdout and "18:00 关闭" in result.stdout


def test_due_skips_the_weekend_but_uses_the_make_up_saturday(cli):
    result = cli(
        "due",
        "cn",
        "--from",
        "2026-02-13T17:00+08:00",
        "--hours",
        "2",
        "--json",
        "--tz",
        "Asia/Shanghai",
    )
    assert result.json() == {"due": "2026-02-14T10:00:00+08:00", "estimated_years": []}


def test_due_landing_on_closing_time_returns_the_closing_time(cli):
    result = cli(
        "due", "cn", "--from", "2026-03-09T09:00", "--hours", "9", "--json", "--tz", "Asia/Shanghai"
    )
    assert result.json() == {"due": "2026-03-09T18:00:00+08:00", "estimated_years": []}


def test_elapsed_counts_business_seconds_across_the_us_switch(cli):
    # Fri 6 March 06:00 PST to Mon 9 March 18:00 PDT: two 12-hour days
    result = cli(
        "elapsed",
        "na",
        "--from",
        "2026-03-06T06:00-08:00",
        "--to",
        "2026-03-09T18:00-07:00",
        "--json",
    )
    assert result.json() == {"seconds": 24 * 3600, "estimated_years": []}


def test_a_time_without_offset_is_read_in_the_tz_zone(cli):
    result = cli(
        "elapsed",
        "cn",
        "--from",
        "2026-03-09 09:00",
        "--to",
        "2026-03-09 10:30",
        "--tz",
        "Asia/Shanghai",
        "--json",
    )
    assert result.json() == {"seconds": 5400, "estimated_years": []}


def test_desks_lists_every_rule_with_its_source(cli):
    result = cli("desks", "--json")
    rows = result.json()
    assert {r["desk"] for r in rows} == {"cn", "na", "eu", "uk", "jp"}
    assert all(r["source"] and r["as_of"] and r["confidence"] for r in rows)
    na_phone = next(r for r in rows if r["desk"] == "na" and r["channel"] == "phone")
    assert na_phone["hours"] == "Mon-Fri 06:00-18:00"


def test_an_unknown_zone_is_refused_with_exit_2_naming_the_flag(cli):
    result = cli("hours", "--tz", "Mars/Olympus")
    assert result.exit_code == 2
    assert "--tz" in result.stderr and "IANA" in result.stderr


def test_an_unknown_desk_is_refused_with_the_known_ones_listed(cli):
    result = cli("next", "moon")
    assert result.exit_code == 2
    assert "cn, na, eu, uk, jp" in result.stderr


def test_an_unknown_channel_is_refused(cli):
    result = cli("next", "na", "--channel", "fax")
    assert result.exit_code == 2
    assert "channel" in result.stderr


def test_a_malformed_instant_is_refused(cli):
    result = cli("due", "na", "--from", "next tuesday", "--hours", "3")
    assert result.exit_code == 2
    assert "--from" in result.stderr and "ISO-8601" in result.stderr


def test_an_unsupported_language_is_refused(cli):
    result = cli("hours", "--lang", "fr")
    assert result.exit_code == 2


def test_errors_in_chinese_are_labelled_in_chinese(cli):
    result = cli("next", "moon", "--lang", "zh")
    assert result.exit_code == 2
    assert result.stderr.startswith("错误")
    assert "解决办法" in result.stderr


def test_json_errors_are_json_on_stderr(cli):
    result = cli("next", "moon", "--json")
    assert result.exit_code == 2
    assert '"code": "not-found"' in result.stderr


def test_a_malformed_desks_file_names_the_file_and_key(cli, tmp_path: Path):
    bad = tmp_path / "desks.toml"
    bad.write_text(
        '[desk.night]\ntimezone = "Europe/Berlin"\n[desk.night.channels.case]\n'
        'mon = ["25:00-26:00"]\n',
        encoding="utf-8",
    )
    result = cli("hours", "--desks", str(bad))
    assert result.exit_code == 2
    assert "desk.night.channels.case.mon[0]" in result.stderr
    assert str(bad) in result.stderr


def test_a_user_desk_file_adds_an_overnight_desk(cli, tmp_path: Path):
    extra = tmp_path / "night.toml"
    extra.write_text(
        '[desk.night]\nname = "Overnight"\ntimezone = "Europe/Berlin"\n'
        '[desk.night.channels.case]\ndaily = ["20:00-04:00"]\n',
        encoding="utf-8",
    )
    result = cli(
        "windows",
        "night",
        "--from",
        "2026-03-28",
        "--days",
        "1",
        "--tz",
        "UTC",
        "--desks",
        str(extra),
        "--json",
    )
    assert result.json()[-1] == {
        "desk": "night",
        "channel": "case",
        "start": "2026-03-28T19:00:00+00:00",
        "end": "2026-03-29T02:00:00+00:00",
    }


def test_the_desks_file_in_the_data_folder_applies_without_flags(cli, home: Path):
    home.mkdir(parents=True, exist_ok=True)
    (home / "desks.toml").write_text("[desk.na]\nenabled = false\n", encoding="utf-8")
    result = cli("hours", "--json")
    assert "na" not in {r["desk"] for r in result.json()["channels"]}


def test_a_2027_answer_on_the_china_desk_warns_that_the_calendar_is_estimated(cli):
    result = cli("due", "cn", "--from", "2027-01-29T09:00+08:00", "--hours", "40", "--json")
    assert result.exit_code == 0
    assert "CN" in result.stderr and "2027" in result.stderr


def test_the_hours_path_imports_no_database_or_web_library(home: Path):
    code = (
        "import sys\n"
        "from sellerdesk.cli.main import build_app\n"
        "try:\n    build_app()(['hours', '--json'], standalone_mode=False)\n"
        "except SystemExit:\n    pass\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in "
        "{'sqlalchemy', 'fastapi', 'starlette', 'uvicorn', 'jinja2', 'psycopg', "
        "'numpy', 'pandas'})\n"
        "print('HEAVY', heavy)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"SELLERDESK_HOME": str(home), "PATH": "/usr/bin:/bin"},
    )
    assert "HEAVY []" in out.stdout
