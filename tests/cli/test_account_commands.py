"""``sellerdesk user reset-password|disable|enable|role`` (issue 13, item 6)."""

from __future__ import annotations

PASSWORD = "a fine passphrase"


def _users(cli):  # type: ignore[no-untyped-def]
    cli("user", "add", "boss", "--role", "admin", "--password", PASSWORD)
    cli("user", "add", "li", "--role", "agent", "--password", PASSWORD)


def test_a_reset_prints_a_one_time_password_that_must_be_changed(cli):
    _users(cli)
    out = cli("user", "reset-password", "li", "--json")
    assert out.exit_code == 0 and out.json()["must_change_password"] is True
    assert len(out.json()["password"]) >= 10
    assert cli("user", "list", "--json").json()[1]["must_change_password"] is True
    plain = cli("user", "reset-password", "li")
    assert "li" in plain.stdout and len(plain.stdout.strip().splitlines()[-1]) >= 10


def test_disable_revokes_the_users_tokens_and_enable_lets_them_back(cli):
    _users(cli)
    cli("token", "create", "li", "--json")
    out = cli("user", "disable", "li", "--json").json()
    assert out["active"] is False and out["tokens_revoked"] == 1
    assert cli("token", "list", "--json").json()[0]["revoked_at"] is not None
    again = cli("user", "disable", "li", "--lang", "zh")  # twice: said so, not an error
    assert again.exit_code == 0 and "li 已经是停用状态" in again.stdout
    back = cli("user", "enable", "li", "--json").json()
    assert back["active"] is True


def test_a_role_change_is_checked_and_the_last_admin_is_kept(cli):
    _users(cli)
    assert cli("user", "role", "li", "viewer", "--json").json()["role"] == "viewer"
    bad = cli("user", "role", "li", "boss")
    assert bad.exit_code == 2 and "ROLE:" in bad.stderr and "--role" not in bad.stderr
    last = cli("user", "role", "boss", "agent")
    assert last.exit_code == 3 and "boss" in last.stderr
    assert cli("user", "disable", "boss").exit_code == 3


def test_an_unknown_user_is_named_in_chinese_too(cli):
    out = cli("user", "disable", "ghost", "--lang", "zh")
    assert out.exit_code == 2 and "ghost" in out.stderr
