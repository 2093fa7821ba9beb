"""``sellerdesk calendar``: a year's official arrangement added as data changes the answers
of ``next``/``due``/``elapsed``/``plan`` and takes away their estimated flag; without it every
answer resting on 2027 says so, in its text and in its JSON (``estimated_years``)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from sellerdesk.core.hours.calendars import use_saved_years
from tests.cli.conftest import Result

NOTICE = (
    "一、元旦：1月1日（周五）至3日（周日）放假调休，共3天。二、春节：2月5日（农历除夕、周五）至"
    "13日（农历正月初八、周六）放假调休，共9天。2月20日（周六）上班。"
)
Cli = Callable[..., Result]
# Friday 12 February 2027, 09:00 in Beijing: a day off only in the official arrangement
FRIDAY = "2027-02-12T09:00+08:00"


@pytest.fixture(autouse=True)
def _no_saved_years_after() -> Iterator[None]:
    yield
    use_saved_years(None)  # the loader's folder is process-wide: leave none behind


@pytest.fixture
def notice(tmp_path: Path) -> Path:
    path = tmp_path / "notice.txt"
    path.write_text(NOTICE, encoding="utf-8")
    return path


def _estimated(result: Result) -> list[tuple[str, int]]:
    assert result.exit_code == 0, result.stderr
    return [(e["calendar"], e["year"]) for e in result.json()["estimated_years"]]


def test_answers_resting_on_an_estimated_year_say_so_in_their_json(cli: Cli) -> None:
    at = ("--at", "2027-01-05T10:00+08:00")
    assert _estimated(cli("next", "cn", "--json", *at)) == [("CN", 2027)]
    assert _estimated(cli("due", "cn", "--from", FRIDAY, "--hours", "8", "--json")) == [
        ("CN", 2027)
    ]
    elapsed = cli("elapsed", "cn", "--from", FRIDAY, "--to", "2027-02-16T09:00+08:00", "--json")
    assert _estimated(elapsed) == [("CN", 2027)]
    assert ("CN", 2027) in _estimated(cli("plan", "--json", *at, "--team-tz", "Asia/Shanghai"))
    assert _estimated(cli("hours", "--json", *at)) == [("CN", 2027)]
    # 2026 is in the library: nothing estimated, and the key is still there
    assert _estimated(cli("next", "cn", "--json", "--at", "2026-03-02T10:00+08:00")) == []
    text = cli("next", "cn", *at)
    assert "CN 2027" in text.stderr and "calendar add-notice" in text.stderr


def test_ical_marks_the_estimated_year_in_the_calendar_and_its_events(cli: Cli) -> None:
    out = cli("ical", "cn", "--from", "2027-02-01", "--weeks", "1")
    assert out.exit_code == 0, out.stderr
    body = out.stdout_bytes.decode()
    assert "X-SELLERDESK-ESTIMATED:CN 2027" in body
    assert "Estimated: the CN holidays of 2027" in body.replace("\r\n ", "")
    assert "CN 2027" in out.stderr


def test_a_saved_notice_changes_the_answers_and_removes_the_flag(cli: Cli, notice: Path) -> None:
    due = ("due", "cn", "--from", FRIDAY, "--hours", "8", "--json")
    guessed = cli(*due).json()["due"]
    assert guessed.startswith("2027-02-12")  # the rule-based guess keeps Friday 12 open
    checked = cli("calendar", "add-notice", str(notice), "--year", "2027", "--dry-run", "--json")
    assert checked.json()["saved"] is False and checked.json()["working"] == ["2027-02-20"]
    saved = cli("calendar", "add-notice", str(notice), "--year", "2027", "--as-of", "2026-11-12")
    assert saved.exit_code == 0, saved.stderr
    after = cli(*due).json()
    assert after["due"].startswith("2027-02-15") and after["estimated_years"] == []
    # the make-up working day (Saturday 20 February) now counts
    sat = cli(
        "elapsed",
        "cn",
        "--from",
        "2027-02-20T00:00+08:00",
        "--to",
        "2027-02-21T00:00+08:00",
        "--json",
    )
    assert sat.json() == {"seconds": 9 * 3600, "estimated_years": []}
    listed = {(y["calendar"], y["year"]): y for y in cli("calendar", "list", "--json").json()}
    assert listed["CN", 2027]["basis"] == "saved" and listed["CN", 2027]["estimated"] is False
    assert listed["CN", 2027]["as_of"] == "2026-11-12"
    shown = cli("calendar", "show", "CN", "2027", "--json").json()
    assert shown["working"] == ["2027-02-20"] and len(shown["closed"]) == 12
    again = cli("calendar", "add-notice", str(notice), "--year", "2027")
    assert again.exit_code == 3 and "--replace" in again.stderr
    assert cli("calendar", "remove", "CN", "2027").exit_code == 0
    assert cli(*due).json()["due"] == guessed
    gone = cli("calendar", "remove", "CN", "2027")
    assert gone.exit_code != 0 and "2027" in gone.stderr


def test_other_calendars_take_extra_closed_days_and_no_make_up_days(cli: Cli) -> None:
    added = cli("calendar", "add-days", "US", "--year", "2027", "--off", "2027-03-10", "--json")
    assert added.exit_code == 0, added.stderr
    listed = {(y["calendar"], y["year"]): y for y in cli("calendar", "list", "--json").json()}
    assert listed["US", 2027]["basis"] == "saved"
    refused = cli("calendar", "add-days", "US", "--year", "2027", "--working", "2027-03-13")
    assert refused.exit_code == 2 and "--working" in refused.stderr
    unknown = cli("calendar", "add-days", "XX", "--year", "2027", "--off", "2027-03-10")
    assert unknown.exit_code == 2 and "CALENDAR" in unknown.stderr


def test_a_bad_notice_is_refused_naming_the_flag(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "bad.txt"
    path.write_text("一、元旦：2026年12月31日至2027年1月2日放假调休，共3天。", encoding="utf-8")
    out = cli("calendar", "add-notice", str(path), "--year", "2027")
    assert out.exit_code == 2 and "2026-12-31" in out.stderr
