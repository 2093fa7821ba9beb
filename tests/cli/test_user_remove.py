"""``sellerdesk user remove NAME [--reassign-to USER]`` (issue 15, point 2)."""

from __future__ import annotations

PASSWORD = "a fine passphrase"


def _team(cli):  # type: ignore[no-untyped-def]
    cli("store", "add", "acme", "--region", "na", "--marketplaces", "US")
    cli("user", "add", "boss", "--role", "admin", "--password", PASSWORD)
    for name in ("li", "wang"):
        cli("user", "add", name, "--role", "agent", "--password", PASSWORD)
        cli("user", "grant", name, "acme")
    made = cli(
        "case",
        "new",
        "--store",
        "acme",
        "--marketplace",
        "US",
        "--subject",
        "Listing suppressed for a missing attribute",
        "--json",
    ).json()
    cli("case", "assign", str(made["id"]), "li")
    return made["id"]


def test_remove_hands_the_open_cases_over_and_the_user_is_gone(cli):  # type: ignore[no-untyped-def]
    case_id = _team(cli)
    out = cli("user", "remove", "li", "--reassign-to", "wang", "--json")
    assert out.exit_code == 0, out.stderr
    assert out.json() == {
        "name": "li",
        "reassigned_to": "wang",
        "case_ids": [case_id],
        "tokens_removed": 0,
    }
    assert cli("case", "show", str(case_id), "--json").json()["assignee"] == "wang"
    assert "li" not in [u["name"] for u in cli("user", "list", "--json").json()]
    plain = cli("user", "remove", "wang", "--lang", "zh")
    assert plain.exit_code == 0 and "已删除 wang；1 个未结案例现在无人负责" in plain.stdout


def test_remove_refuses_bad_input_with_2_and_the_last_admin_with_3(cli):  # type: ignore[no-untyped-def]
    _team(cli)
    unknown = cli("user", "remove", "li", "--reassign-to", "nobody")
    assert unknown.exit_code == 2 and "--reassign-to" in unknown.stderr
    assert cli("user", "remove", "ghost").exit_code == 2
    cli("user", "add", "eve", "--role", "viewer", "--password", PASSWORD)
    viewer = cli("user", "remove", "li", "--reassign-to", "eve")
    assert viewer.exit_code == 2 and "acme" in viewer.stderr
    last = cli("user", "remove", "boss")
    assert last.exit_code == 3 and "boss" in last.stderr


def test_a_reset_password_says_until_when_it_works(cli):  # type: ignore[no-untyped-def]
    _team(cli)
    out = cli("user", "reset-password", "li", "--json").json()
    assert out["name"] == "li" and out["must_change_password"] is True and out["expires_at"]
    plain = cli("user", "reset-password", "li").stdout.strip().splitlines()
    assert "UTC" in plain[-2] and len(plain[-1]) >= 10
