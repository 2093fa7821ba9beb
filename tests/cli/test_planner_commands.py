"""``plan`` shows when our team and each desk overlap; ``ical`` exports importable calendars."""

from __future__ import annotations

from icalendar import Calendar

TUESDAY = "2026-03-10T10:00+08:00"  # week of Mon 9 March: US on PDT, Berlin still on CET


def test_plan_json_gives_each_desks_overlap_with_a_shanghai_team(cli):
    result = cli(
        "plan", "--at", TUESDAY, "--tz", "Asia/Shanghai", "--team-tz", "Asia/Shanghai", "--json"
    )
    assert result.exit_code == 0
    data = result.json()
    assert data["week_start"] == "2026-03-09T00:00:00+08:00"
    desks = {d["desk"]: d for d in data["desks"]}
    assert desks["cn"]["overlap_seconds"] == 45 * 3600
    assert desks["eu"]["overlap_seconds"] == 10 * 3600
    assert desks["eu"]["overlap"][0] == {
        "start": "2026-03-09T16:00:00+08:00",
        "end": "2026-03-09T18:00:00+08:00",
    }
    assert desks["na"]["overlap_seconds"] == 0
    # asked on Tuesday 10:00 Beijing: Monday's moments are past, the next ones are Tuesday's
    assert desks["na"]["best_submit"] == "2026-03-10T21:00:00+08:00"
    assert desks["na"]["best_submit_in_team_hours"] is False
    assert desks["eu"]["best_submit_desk_time"] == "2026-03-10T09:00:00+01:00"
    assert data["rule"]["confidence"] == "seed-claim" and data["rule"]["before"] == "10:00"


def test_plan_uses_the_configured_team_hours(cli):
    cli("config", "set", "team.hours", "Mon-Fri 14:00-23:00")
    cli("config", "set", "team.timezone", "Asia/Shanghai")
    result = cli("plan", "--at", TUESDAY, "--tz", "Asia/Shanghai", "--json")
    desks = {d["desk"]: d for d in result.json()["desks"]}
    assert desks["na"]["overlap_seconds"] == 5 * 2 * 3600  # 21:00-23:00 Beijing on Mon-Fri
    assert desks["na"]["best_submit_in_team_hours"] is True


def test_plan_in_chinese_groups_days_and_labels_the_unverified_rule(cli):
    result = cli(
        "plan",
        "--at",
        TUESDAY,
        "--tz",
        "Asia/Shanghai",
        "--team-tz",
        "Asia/Shanghai",
        "--lang",
        "zh",
    )
    assert "周一至周五 16:00-18:00" in result.stdout
    assert "原文说法" in result.stdout and "Seed S8" in result.stdout
    assert "不在团队工作时间内" in result.stdout


def test_plan_refuses_malformed_team_hours(cli):
    result = cli("plan", "--team-hours", "weekdays nine to six")
    assert result.exit_code == 2
    assert "team.hours" in result.stderr


def test_ical_exports_utc_events_with_stable_ids(cli):
    result = cli("ical", "eu", "--from", "2026-03-23", "--weeks", "2", "--tz", "Asia/Shanghai")
    assert result.exit_code == 0
    cal = Calendar.from_ical(result.stdout)
    events = list(cal.walk("VEVENT"))
    assert len(events) == 10  # Mon-Fri for two weeks
    starts = sorted(e.decoded("dtstart").isoformat() for e in events)
    assert starts[0] == "2026-03-23T08:00:00+00:00"  # 09:00 CET
    assert "2026-03-30T07:00:00+00:00" in starts  # 09:00 CEST after the switch
    assert events[0]["uid"].endswith("@sellerdesk")
    assert result.stdout_bytes.count(b"BEGIN:VEVENT\r\n") == 10  # CRLF, as RFC 5545 wants


def test_ical_titles_follow_the_language(cli):
    result = cli("ical", "cn", "--from", "2026-02-14", "--weeks", "1", "--lang", "zh")
    assert "中国卖家支持" in result.stdout
    assert "DTSTART:20260214T010000Z" in result.stdout  # the make-up Saturday, 09:00 Beijing


def test_ical_refuses_an_unknown_desk(cli):
    result = cli("ical", "mars")
    assert result.exit_code == 2
