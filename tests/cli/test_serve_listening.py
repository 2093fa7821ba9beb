"""``sellerdesk serve`` says where it listens and who can reach it, and passes the proxy
options to uvicorn (issue 15, item 1: LAN use)."""

from __future__ import annotations

from typing import Any

import pytest

from sellerdesk.cli.serve_command import local_only, root_path_of
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
    monkeypatch.delenv("FORWARDED_ALLOW_IPS", raising=False)
    return calls


def test_the_default_says_other_machines_cannot_reach_it_and_which_flag_changes_that(cli, served):
    shown = cli("serve", "--lang", "en")
    assert shown.exit_code == 0, shown.stderr
    assert "http://127.0.0.1:8000/" in shown.stdout
    assert "other computers on the network cannot reach it" in shown.stdout
    assert "--host 0.0.0.0" in shown.stdout
    assert served[0]["host"] == "127.0.0.1" and served[0]["proxy_headers"] is True
    assert "root_path" not in served[0] and "forwarded_allow_ips" not in served[0]
    zh = cli("serve", "--lang", "zh")
    assert "其他电脑无法访问" in zh.stdout and "--host 0.0.0.0" in zh.stdout


def test_every_address_warns_of_plain_http(cli, served):
    shown = cli("serve", "--host", "0.0.0.0", "--port", "8080", "--lang", "en")
    assert "every network address" in shown.stdout and ":8080/" in shown.stdout
    assert "plain HTTP" in shown.stdout and "cannot reach" not in shown.stdout
    assert served[0]["host"] == "0.0.0.0"


def test_proxy_options_reach_uvicorn_and_the_json(cli, served):
    result = cli(
        "serve",
        "--root-path",
        "/desk/",
        "--forwarded-allow-ips",
        "10.0.0.5",
        "--json",
    )
    assert result.exit_code == 0, result.stderr
    out = result.json()
    assert out["url"] == "http://127.0.0.1:8000/desk/" and out["root_path"] == "/desk"
    assert out["local_only"] is True and out["forwarded_allow_ips"] == "10.0.0.5"
    call = served[0]
    assert call["root_path"] == "/desk" and call["forwarded_allow_ips"] == "10.0.0.5"
    assert call["proxy_headers"] is True
    off = cli("serve", "--no-proxy-headers", "--lang", "en")
    assert served[1]["proxy_headers"] is False and "ignored" in off.stdout


def test_a_bad_root_path_is_refused_naming_the_flag(cli, served):
    result = cli("serve", "--root-path", "desk?x", "--json")
    assert result.exit_code == 2 and "--root-path" in result.stderr and not served


@pytest.mark.parametrize(
    ("host", "only_here"),
    [
        ("127.0.0.1", True),
        ("localhost", True),
        ("::1", True),
        ("127.0.1.1", True),
        ("0.0.0.0", False),
        ("192.168.1.20", False),
        ("desk.lan", False),
    ],
)
def test_which_hosts_only_this_machine_reaches(host: str, only_here: bool) -> None:
    assert local_only(host) is only_here


def test_root_paths() -> None:
    assert root_path_of("") == "" and root_path_of("/") == ""
    assert root_path_of("/seller-desk/app/") == "/seller-desk/app"
