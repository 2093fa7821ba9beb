"""The store, user, token, account and health services name domain fields (``name``,
``store``, ``password``, ``role``); their commands name the flag or argument a person typed
(``NAME``, ``STORE``, ``--password``, ``ROLE``), text and JSON alike."""

from __future__ import annotations

import json

import pytest

PASSWORD = "a long passphrase for li"


@pytest.fixture
def one_store(cli, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.delenv("SELLERDESK_DATABASE_URL", raising=False)
    assert cli("store", "add", "acme", "--region", "na", "--marketplaces", "US,CA").exit_code == 0
    made = cli("user", "add", "li", "--role", "agent", "--password", PASSWORD)
    assert made.exit_code == 0, made.stderr
    return cli


@pytest.mark.parametrize(
    ("argv", "named"),
    [
        (("store", "add", "acme", "--region", "na", "--marketplaces", "US"), "NAME"),
        (("store", "add", "beta", "--region", "mars", "--marketplaces", "US"), "--region"),
        (("store", "add", "beta", "--region", "na", "--marketplaces", "ZZ"), "--marketplaces"),
        (("store", "update", "acme", "--plan", "gold"), "--plan"),
        (("store", "update", "acme", "--support-plan", "x" * 41), "--support-plan"),
        (("store", "remove", "nobody"), "NAME"),
        (("user", "add", "zhao", "--role", "boss", "--password", PASSWORD), "--role"),
        (("user", "add", "zhao", "--role", "agent", "--password", "short"), "--password"),
        (("user", "add", "li", "--role", "agent", "--password", PASSWORD), "NAME"),
        (("user", "grant", "li", "nowhere"), "STORE"),
        (("user", "grant", "nobody", "acme"), "NAME"),
        (("user", "role", "li", "boss"), "ROLE"),
        (("user", "disable", "nobody"), "NAME"),
        (("token", "create", "nobody"), "USER"),
        (("token", "revoke", "99"), "ID"),
        (("health", "set", "--store", "nowhere", "--odr", "1"), "--store"),
        (("health", "set", "--store", "acme", "--odr", "1"), "--marketplace"),
        (
            ("health", "set", "--store", "acme", "--marketplace", "US", "--late-shipment", "101"),
            "--late-shipment",
        ),
        (("health", "docs", "--store", "acme", "--have", "passport"), "--have"),
    ],
)
def test_a_command_names_its_own_flag_for_a_refused_field(one_store, argv, named):  # type: ignore[no-untyped-def]
    said = one_store(*argv, "--lang", "en")
    assert said.exit_code in (2, 3) and said.stderr.startswith(f"error: {named}: "), said.stderr
    as_json = one_store(*argv, "--json")
    assert json.loads(as_json.stderr)["error"]["field"] == named
