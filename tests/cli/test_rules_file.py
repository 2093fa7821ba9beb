"""A rules.toml in the data folder: overrides work as documented, bad values exit 2."""

from __future__ import annotations

from pathlib import Path

TUESDAY = "2026-03-10T10:00+08:00"


def _rules(home: Path, text: str) -> Path:
    home.mkdir(parents=True, exist_ok=True)
    path = home / "rules.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_users_override_shows_in_plan_as_the_users_own_rule(cli, home):
    path = _rules(home, '[rule.high-priority-submission]\nbefore = "09:00"\n')
    rule = cli("plan", "--at", TUESDAY, "--json").json()["rule"]
    assert (rule["key"], rule["before"], rule["days"]) == (
        "high-priority-submission",
        "09:00",
        "Mon-Fri",
    )
    assert rule["confidence"] == "user" and str(path) in rule["source"]


def test_a_bad_value_in_the_users_rules_file_exits_2_naming_file_rule_and_fix(cli, home):
    path = _rules(home, "[rule.first-reply-expected]\nbusiness_hours = 0\n")
    result = cli("plan", "--at", TUESDAY, "--lang", "zh")
    assert result.exit_code == 2
    assert f"{path}: rule.first-reply-expected.business_hours" in result.stderr
    assert "数字" in result.stderr and "Traceback" not in result.stderr


def test_a_misspelt_setting_exits_2_with_the_settings_of_the_rule(cli, home):
    _rules(home, "[rule.resolved-auto-close]\nday = 10\n")
    result = cli("plan", "--at", TUESDAY, "--json")
    assert result.exit_code == 2
    assert "rule.resolved-auto-close.day" in result.stderr + result.stdout
    assert "days" in result.stderr + result.stdout
