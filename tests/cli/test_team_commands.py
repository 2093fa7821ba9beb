"""``sellerdesk serve``, ``user …`` and ``token …``."""

from __future__ import annotations

import os
from typing import Any

import pytest

from sellerdesk.services import users


@pytest.fixture(autouse=True)
def cheap_argon2(monkeypatch: pytest.MonkeyPatch) -> None:
    from argon2 import PasswordHasher

    monkeypatch.setattr(users, "hasher", lambda: PasswordHasher(time_cost=1, memory_cost=1024))


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    import uvicorn

    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append({"app": app, **kw}))
    monkeypatch.delenv("SELLERDESK_SERVE_WORKER", raising=False)
    return calls


def test_serve_creates_the_first_admin_once_and_starts_uvicorn(cli, served):
    first = cli("serve", "--port", "8123", "--json")
    assert first.exit_code == 0, first.stderr
    out = first.json()
    assert out["admin"]["name"] == "admin" and len(out["admin"]["password"]) >= 20
    assert served[0]["app"] == "sellerdesk.api.app:create_app" and served[0]["factory"] is True
    assert served[0]["port"] == 8123 and os.environ["SELLERDESK_SERVE_WORKER"] == "1"
    again = cli("serve", "--no-worker", "--json")
    assert again.json()["admin"] is None and os.environ["SELLERDESK_SERVE_WORKER"] == "0"
    listed = cli("user", "list", "--json").json()
    assert [(u["name"], u["must_change_password"]) for u in listed] == [("admin", True)]


def test_serve_prints_the_one_time_password_in_the_chosen_language(cli, served):
    shown = cli("serve", "--lang", "zh")
    assert "一次性密码" in shown.stdout and "用户名：admin" in shown.stdout


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (["--port", "0"], "--port"),
        (["--workers", "0"], "--workers"),
        (["--workers", "65"], "--workers"),
    ],
)
def test_serve_refuses_bad_options(cli, served, args, field):
    result = cli("serve", *args, "--json")
    assert result.exit_code == 2 and field in result.stderr and not served


def test_users_are_added_granted_listed_and_revoked(cli):
    assert cli("store", "add", "Acme US", "--region", "na", "--marketplaces", "US").exit_code == 0
    added = cli("user", "add", "li", "--role", "agent", "--password", "a fine passphrase", "--json")
    assert added.json()["role"] == "agent"
    assert cli("user", "grant", "li", "Acme US").exit_code == 0
    listed = cli("user", "list", "--json").json()
    assert listed[0]["stores"] == ["Acme US"]
    table = cli("user", "list")
    assert "li" in table.stdout and "Acme US" in table.stdout
    assert cli("user", "revoke", "li", "Acme US", "--json").json()["granted"] is False


def test_the_set_up_order_of_the_docs_leaves_the_team_an_admin(cli, served):
    # docs/integrations.md adds the agent before the first `serve`
    agent = cli("user", "add", "liwei", "--role", "agent", "--password", "a fine passphrase")
    assert (
        "No admin yet" in agent.stdout and "sellerdesk user add NAME --role admin" in agent.stdout
    )

    started = cli("serve", "--json").json()

    assert started["admin"]["name"] == "admin" and len(started["admin"]["password"]) >= 20
    roles = {u["name"]: u["role"] for u in cli("user", "list", "--json").json()}
    assert roles == {"admin": "admin", "liwei": "agent"}
    later = cli("user", "add", "zhao", "--role", "viewer", "--password", "a fine passphrase")
    assert later.exit_code == 0 and "No admin yet" not in later.stdout


def test_adding_the_first_user_as_an_admin_says_nothing_of_a_missing_admin(cli, served):
    own = cli("user", "add", "wang", "--role", "admin", "--password", "a fine passphrase")
    chinese = cli(
        "user", "add", "li", "--role", "agent", "--password", "a fine passphrase", "--lang", "zh"
    )

    assert own.exit_code == 0 and "No admin yet" not in own.stdout
    assert "还没有管理员" not in chinese.stdout
    assert cli("serve", "--json").json()["admin"] is None


def test_a_weak_password_or_a_taken_name_is_refused(cli):
    weak = cli("user", "add", "li", "--role", "agent", "--password", "123")
    assert weak.exit_code == 2 and "--password" in weak.stderr
    cli("user", "add", "li", "--role", "agent", "--password", "a fine passphrase")
    taken = cli("user", "add", "li", "--role", "viewer", "--password", "a fine passphrase")
    assert taken.exit_code == 3


def test_a_token_is_printed_once_listed_without_its_secret_and_revoked(cli):
    cli("user", "add", "li", "--role", "viewer", "--password", "a fine passphrase")
    made = cli("token", "create", "li", "--name", "ci", "--json").json()
    assert made["token"].startswith("sdk_") and made["name"] == "ci"
    listed = cli("token", "list", "--json")
    assert made["token"] not in listed.stdout and listed.json()[0]["id"] == made["id"]
    plain = cli("token", "create", "li")
    assert plain.stdout.strip().splitlines()[-1].startswith("sdk_")
    revoked = cli("token", "revoke", str(made["id"]), "--json").json()
    assert revoked["revoked_at"] is not None
    assert cli("token", "revoke", "999").exit_code == 2


def test_serve_runs_several_processes_on_the_default_sqlite_store(cli, served):
    result = cli("serve", "--workers", "2", "--json")
    assert result.exit_code == 0, result.stderr
    assert served[0]["workers"] == 2
