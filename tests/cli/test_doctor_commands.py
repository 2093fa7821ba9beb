"""``sellerdesk doctor-contact`` on the command line."""

from __future__ import annotations

import pytest

AT = "2026-04-14T10:00-07:00"


@pytest.fixture
def case_with_reply(cli) -> str:  # type: ignore[no-untyped-def]
    cli("store", "add", "acme", "--region", "na", "--marketplaces", "US", "--verified")
    cli(
        "case",
        "new",
        "--store",
        "acme",
        "--marketplace",
        "US",
        "--subject",
        "Listing gone",
        "--at",
        AT,
    )
    cli("case", "submit", "1", "--case-id", "12345678901", "--at", AT)
    cli("case", "log", "1", "--direction", "in", "--body", "Send invoices", "--at", AT)
    return "1"


def test_doctor_contact_reports_each_step_with_its_fix_as_json(cli, case_with_reply):
    out = cli("doctor-contact", "--case", case_with_reply, "--json")
    assert out.exit_code == 0, out.stderr
    result = out.json()
    assert list(result) == ["passed", "checks"]
    steps = {c["step"]: c for c in result["checks"]}
    for check in steps.values():  # a check that passed still prints "fix": null
        assert list(check) == ["step", "outcome", "reason", "message", "fix"]
    assert steps["account"]["fix"] is None
    assert list(steps) == ["account", "reply", "channel", "topic"]
    assert steps["account"]["outcome"] == "passed"
    assert steps["reply"]["outcome"] == "failed"
    assert "12345678901" in steps["reply"]["message"]
    assert steps["reply"]["fix"]
    assert steps["topic"]["outcome"] == "passed"  # a listing removal needs Amazon
    assert result["passed"] is False


def test_doctor_contact_speaks_chinese(cli, case_with_reply):
    out = cli("doctor-contact", "--store", "acme", "--lang", "zh")
    assert out.exit_code == 0, out.stderr
    assert "账户状态" in out.stdout
    assert "解决办法" in out.stdout


def test_doctor_contact_without_a_target_exits_2_and_says_what_to_give(cli):
    out = cli("doctor-contact")
    assert out.exit_code == 2
    assert "--store" in out.stderr


def test_doctor_contact_on_an_unknown_store_exits_2(cli):
    out = cli("doctor-contact", "--store", "ghost")
    assert out.exit_code == 2
    assert "ghost" in out.stderr
