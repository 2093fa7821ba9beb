"""What a new user's trial found in the CLI (issue 15): serve's first start in the terminal's
language, city names for --tz and SELLERDESK_TZ, an unknown --user/--assignee refused, team
hours written in Chinese, and codes in words in the Chinese tables (JSON unchanged)."""

from __future__ import annotations

from typing import Any

import pytest

from sellerdesk.core.errors import InvalidInput
from sellerdesk.core.hours.ranges import parse_week_spec
from sellerdesk.services import users


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    import uvicorn
    from argon2 import PasswordHasher

    monkeypatch.setattr(users, "hasher", lambda: PasswordHasher(time_cost=1, memory_cost=1024))
    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append({"app": app, **kw}))
    monkeypatch.delenv("SELLERDESK_SERVE_WORKER", raising=False)
    return calls


def test_serve_speaks_the_terminals_language_at_the_first_start(
    cli, served, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    shown = cli("serve")
    assert shown.exit_code == 0, shown.stderr
    assert "首次启动" in shown.stdout and "用户名：admin" in shown.stdout
    assert "一次性密码：" in shown.stdout and "First start" not in shown.stdout
    assert "Seller Desk 已启动" in shown.stdout


def test_serve_in_english_names_the_user_and_the_password(cli, served):
    shown = cli("serve")
    assert "First start" in shown.stdout and "user name: admin" in shown.stdout


@pytest.mark.parametrize("typed", ["北京", "上海时间", "shanghai", "Asia/Shanghai"])
def test_tz_takes_a_city_as_config_and_the_web_do(cli, typed: str):
    result = cli("next", "na", "--tz", typed, "--json")
    assert result.exit_code == 0, result.stderr


def test_sellerdesk_tz_takes_a_city_too(cli, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("SELLERDESK_TZ", "北京")
    shown = cli("hours", "--lang", "zh")
    assert shown.exit_code == 0, shown.stderr
    assert "Asia/Shanghai" in shown.stdout
    monkeypatch.setenv("SELLERDESK_TZ", "火星")
    refused = cli("hours", "--lang", "zh")
    assert refused.exit_code == 2 and "SELLERDESK_TZ" in refused.stderr


def test_an_unknown_zone_still_names_the_flag(cli):
    refused = cli("hours", "--tz", "火星", "--lang", "zh")
    assert refused.exit_code == 2 and "--tz" in refused.stderr and "北京" in refused.stderr


def _case(cli) -> None:
    assert cli("store", "add", "acme", "--region", "na", "--marketplaces", "US").exit_code == 0
    made = cli("case", "new", "--store", "acme", "--marketplace", "US", "--subject", "Listing down")
    assert made.exit_code == 0, made.stderr


@pytest.mark.parametrize(
    ("args", "flag"),
    [(("--view", "mine", "--user", "ghost"), "--user"), (("--assignee", "ghost"), "--assignee")],
)
def test_an_unknown_user_is_refused_naming_the_flag(cli, args: tuple[str, ...], flag: str):
    _case(cli)
    refused = cli("case", "list", *args, "--lang", "zh")
    assert refused.exit_code == 2 and flag in refused.stderr and "ghost" in refused.stderr
    assert cli("case", "list", "--assignee", "-").exit_code == 0  # nobody's: not a user


def test_case_and_store_tables_show_words_in_chinese_and_json_keeps_codes(cli):
    _case(cli)
    listed = cli("case", "list", "--lang", "zh").stdout
    assert "草稿" in listed and "站点" in listed and "draft" not in listed and "MP" not in listed
    shown = cli("case", "show", "1", "--lang", "zh").stdout
    assert "草稿" in shown and "普通" in shown and "状态变更" in shown and "draft" not in shown
    stores = cli("store", "list", "--lang", "zh").stdout
    assert "北美" in stores and "专业销售计划" in stores and "professional" not in stores
    assert cli("case", "list", "--json").json()[0]["status"] == "draft"
    english = cli("case", "list", "--lang", "en").stdout
    assert "draft" in english and "Marketplace" in english


@pytest.mark.parametrize(
    ("chinese", "english"),
    [
        ("周一至周五 9点-18点", "Mon-Fri 09:00-18:00"),
        ("周一-周五 9:00-18:00", "Mon-Fri 09:00-18:00"),
        ("周一至周五 9点-18点，午休 12:00-13:00", "Mon-Fri 09:00-12:00,13:00-18:00"),
        ("星期一到星期五 上午9点至下午6点（午休12点-13点）", "Mon-Fri 09:00-12:00,13:00-18:00"),
        ("周一至周五9:00-18:00；周六 10点-14点", "Mon-Fri 09:00-18:00; Sat 10:00-14:00"),
        ("周一至周五 9点半-18点，周六 10点-14点", "Mon-Fri 09:30-18:00; Sat 10:00-14:00"),
        ("Mon-Fri 09:00-18:00, lunch 12:00-13:00", "Mon-Fri 09:00-12:00,13:00-18:00"),
    ],
)
def test_team_hours_in_chinese_read_as_the_english_spelling(chinese: str, english: str):
    assert parse_week_spec(chinese, field="team.hours") == parse_week_spec(
        english, field="team.hours"
    )


def test_a_lunch_break_outside_the_hours_is_refused():
    with pytest.raises(InvalidInput) as refused:
        parse_week_spec("周一至周五 9点-18点，午休 19:00-20:00", field="team.hours")
    assert refused.value.key == "cli_mend.lunch_outside" and refused.value.field == "team.hours"


def test_config_set_team_hours_takes_the_chinese_spelling(cli):
    saved = cli("config", "set", "team.hours", "周一至周五 9点-18点", "--lang", "zh")
    assert saved.exit_code == 0, saved.stderr
    planned = cli("plan", "--team-tz", "北京", "--json")
    assert planned.exit_code == 0, planned.stderr
