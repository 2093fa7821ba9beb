"""The case services name domain fields; the case commands name the flag or argument a
person typed (``--case-id``, ``STATUS``, ``INTO``, ``--expect-version``), text and JSON alike."""

from __future__ import annotations

import json

import pytest

AT = "2026-04-14T10:00-07:00"  # Tuesday, desk na open


@pytest.fixture
def one_case(cli, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.delenv("SELLERDESK_DATABASE_URL", raising=False)
    cli("store", "add", "acme", "--region", "na", "--marketplaces", "US")
    made = cli("case", "new", "--store", "acme", "--marketplace", "US", "--subject", "Refund")
    assert made.exit_code == 0, made.stderr
    return cli


@pytest.mark.parametrize(
    ("argv", "named"),
    [
        (("case", "submit", "1", "--case-id", "abc"), "--case-id"),
        (("case", "status", "1", "bogus"), "STATUS"),
        (("case", "list", "--status", "bogus"), "--status"),
        (("case", "status", "1", "closed", "--expect-version", "7"), "--expect-version"),
        (("case", "merge", "1", "1"), "INTO"),
        (("case", "show", "99"), "ID"),
        (("case", "tag", "1"), "--add"),
        (("case", "log", "1", "--direction", "sideways"), "--direction"),
        (("case", "log", "1", "--direction", "note", "--attach", "/no/such/file"), "--attach"),
        (
            (
                "case",
                "new",
                "--store",
                "acme",
                "--marketplace",
                "US",
                "--subject",
                "x",
                "--priority",
                "asap",
            ),
            "--priority",
        ),
    ],
)
def test_a_case_command_names_its_own_flag_for_a_refused_field(one_case, argv, named):  # type: ignore[no-untyped-def]
    said = one_case(*argv, "--lang", "en")
    assert said.exit_code in (2, 3) and said.stderr.startswith(f"error: {named}: "), said.stderr
    as_json = one_case(*argv, "--json")
    assert json.loads(as_json.stderr)["error"]["field"] == named
