"""CLI: `store update|remove` and `case tag` / `case list --tag`, in both languages, with the
exit codes of bad input (2) and conflicts (3)."""

from __future__ import annotations

import pytest

AT = "2026-04-14T10:00-07:00"


@pytest.fixture
def acme(cli, monkeypatch: pytest.MonkeyPatch) -> str:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("SELLERDESK_DATABASE_URL", raising=False)
    assert cli("store", "add", "acme", "--region", "na", "--marketplaces", "US").exit_code == 0
    return "acme"


def new_case(cli, subject: str) -> int:  # type: ignore[no-untyped-def]
    made = cli(
        "case",
        "new",
        "--store",
        "acme",
        "--marketplace",
        "US",
        "--subject",
        subject,
        "--json",
        "--at",
        AT,
    )
    assert made.exit_code == 0, made.stderr
    return int(made.json()["id"])


def test_store_update_changes_the_store_and_says_what_changed(cli, acme):
    done = cli(
        "store",
        "update",
        acme,
        "--plan",
        "individual",
        "--verified",
        "--support-plan",
        "SAS",
        "--marketplaces",
        "US,CA",
        "--json",
    )
    assert done.exit_code == 0, done.stderr
    assert done.json()["changed"] == ["marketplaces", "plan", "support_plan", "verified"]
    listed = cli("store", "list", "--json").json()[0]
    assert (listed["plan"], listed["verified"], listed["marketplaces"]) == (
        "individual",
        True,
        ["US", "CA"],
    )
    zh = cli("store", "update", acme, "--unverified", "--lang", "zh")
    assert zh.exit_code == 0 and "已更新店铺 acme" in zh.stdout and "已验证" in zh.stdout
    en = cli("store", "update", acme, "--unverified", "--lang", "en")
    assert "nothing changed" in en.stdout


def test_store_update_with_bad_input_exits_2_naming_the_option(cli, acme):
    for args, field in [
        ((), "--plan"),
        (("--plan", "gold"), "--plan"),
        (("--marketplaces", "US,ZZ"), "--marketplaces"),
        (("--region", "mars"), "--region"),
    ]:
        done = cli("store", "update", acme, *args, "--json")
        assert done.exit_code == 2, args
        assert f'"field": "{field}"' in done.stderr
    assert cli("store", "update", "nobody", "--plan", "individual").exit_code == 2


def test_store_remove_refuses_a_store_with_cases_and_removes_an_empty_one(cli, acme):
    new_case(cli, "Refund missing")
    refused = cli("store", "remove", acme, "--lang", "zh")
    assert refused.exit_code == 3 and "有 1 个案例（1 个未结）" in refused.stderr
    assert cli("store", "add", "empty", "--region", "eu", "--marketplaces", "DE").exit_code == 0
    removed = cli("store", "remove", "empty", "--lang", "zh")
    assert removed.exit_code == 0 and "已删除店铺 empty" in removed.stdout
    assert [s["name"] for s in cli("store", "list", "--json").json()] == ["acme"]
    assert cli("store", "remove", "empty", "--json").exit_code == 2


def test_case_tag_adds_and_removes_and_case_list_filters_by_tag(cli, acme):
    first = new_case(cli, "Refund missing")
    new_case(cli, "Listing suppressed for no reason")
    done = cli("case", "tag", str(first), "--add", "FBA", "--add", "退款,q4", "--json")
    assert done.exit_code == 0, done.stderr
    assert done.json()["tags"] == ["fba", "退款", "q4"] and done.json()["version"] == 2
    text = cli("case", "tag", str(first), "--remove", "Q4", "--expect-version", "2", "--lang", "zh")
    assert text.exit_code == 0 and "案例 1 的标签：fba, 退款" in text.stdout
    listed = cli("case", "list", "--tag", "FBA", "--json", "--at", AT).json()
    assert [c["id"] for c in listed] == [first] and listed[0]["tags"] == ["fba", "退款"]
    shown = cli("case", "show", str(first), "--lang", "en", "--at", AT)
    assert "Tags: fba, 退款" in shown.stdout


def test_case_tag_with_bad_input_exits_2_and_a_stale_version_exits_3(cli, acme):
    case_id = str(new_case(cli, "Refund missing"))
    assert cli("case", "tag", case_id, "--json").exit_code == 2
    assert cli("case", "tag", case_id, "--add", "x" * 41).exit_code == 2
    assert cli("case", "tag", "99", "--add", "fba").exit_code == 2
    stale = cli("case", "tag", case_id, "--add", "fba", "--expect-version", "7", "--json")
    assert stale.exit_code == 3 and "--expect-version" in stale.stderr
    assert cli("case", "list", "--tag", " ", "--at", AT).exit_code == 2
