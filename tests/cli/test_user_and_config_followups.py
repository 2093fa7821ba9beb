"""What a new-user trial of issue 13 found in ``sellerdesk user …`` and ``config set``
(issue 13 follow-ups, items 1, 2, 7 and 8)."""

from __future__ import annotations

import pytest

from sellerdesk.services import users

GOOD = "Tangerine-Harbor-47-Quilt"


@pytest.fixture(autouse=True)
def cheap_argon2(monkeypatch: pytest.MonkeyPatch) -> None:
    from argon2 import PasswordHasher

    monkeypatch.setattr(users, "hasher", lambda: PasswordHasher(time_cost=1, memory_cost=1024))


def test_a_user_added_from_the_cli_must_change_the_password_at_first_sign_in(cli):
    added = cli("user", "add", "zhao", "--role", "agent", "--password", GOOD, "--json")
    assert added.exit_code == 0 and added.json()["must_change_password"] is True
    said = cli("user", "add", "qian", "--role", "viewer", "--password", GOOD, "--lang", "zh")
    assert "首次登录时必须设置新密码" in said.stdout
    said = cli("user", "add", "sun", "--role", "viewer", "--password", GOOD, "--lang", "en")
    assert "must choose a new password at their first sign-in" in said.stdout
    listed = {u["name"]: u["must_change_password"] for u in cli("user", "list", "--json").json()}
    assert listed == {"zhao": True, "qian": True, "sun": True}


@pytest.mark.parametrize("weak", ["password123456", "woaini1314", "abcdefghij", "admin123456"])
def test_a_guessable_password_is_refused_by_user_add(cli, weak):
    result = cli("user", "add", "zhao", "--role", "agent", "--password", weak, "--lang", "zh")
    assert result.exit_code == 2 and "--password" in result.stderr
    assert "容易被猜中" in result.stderr or "常见的密码" in result.stderr
    assert cli("user", "list", "--json").json() == []


def test_a_bad_role_names_the_positional_role_and_help_shows_name_and_role(cli):
    cli("user", "add", "li", "--role", "agent", "--password", GOOD)
    result = cli("user", "role", "li", "superuser", "--json")
    assert result.exit_code == 2 and '"field": "ROLE"' in result.stderr.replace("'", '"')
    shown = cli("user", "role", "--help").stdout
    assert "NAME" in shown and "ROLE" in shown and "{name}" not in shown  # one spelling


def test_disabling_a_disabled_user_says_so_and_succeeds(cli):
    cli("user", "add", "admin2", "--role", "admin", "--password", GOOD)
    cli("user", "add", "li", "--role", "agent", "--password", GOOD)
    assert cli("user", "disable", "li").exit_code == 0
    again = cli("user", "disable", "li", "--lang", "en")
    assert again.exit_code == 0 and "already disabled" in again.stdout
    again_zh = cli("user", "disable", "li", "--lang", "zh")
    assert again_zh.exit_code == 0 and "已经是停用状态" in again_zh.stdout
    cli("user", "enable", "li")
    assert "already enabled" in cli("user", "enable", "li", "--lang", "en").stdout


def test_a_negative_value_reaches_the_settings_own_message(cli):
    result = cli("config", "set", "backup.keep", "-1", "--lang", "en")
    assert result.exit_code == 2, result.stdout
    assert "No such option" not in result.stderr and "backup.keep" in result.stderr
    assert "1000" in result.stderr or "1,000" in result.stderr


def test_an_empty_value_is_refused_for_every_key_and_the_setting_is_kept(cli):
    assert cli("config", "set", "backup.schedule", "daily 03:00").exit_code == 0
    for key in ("backup.schedule", "backup.keep", "timezone", "lang", "team.hours"):
        result = cli("config", "set", key, "", "--lang", "zh")
        assert result.exit_code == 2, key
        assert "config unset" in result.stderr
    assert cli("config", "get", "backup.schedule").stdout.strip() == "daily 03:00"
    assert cli("config", "unset", "backup.schedule").exit_code == 0
