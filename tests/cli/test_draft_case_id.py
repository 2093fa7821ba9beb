"""A "Case ID:" written in a draft is kept as the case's earlier Amazon Case ID when the
case is created from it (``case new --from-draft``), so ``case show`` sees it."""

from __future__ import annotations

from pathlib import Path

import pytest

AT = "2026-12-05T10:00-08:00"
DRAFT = """Subject: Account deactivated

We got a deactivation email about the account and orders, Seller Support told us to open a case
2026-12-02 was the day.

Timeline:
- 2026-12-02: got email
- 2026-12-04: called Seller Support

Case ID: 15839204711
"""


@pytest.fixture
def sqlite_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SELLERDESK_DATABASE_URL", raising=False)


def test_the_drafts_case_id_is_the_cases_earlier_case_id(cli, sqlite_only, tmp_path: Path):
    cli("store", "add", "acme", "--region", "na", "--marketplaces", "US", "--verified")
    path = tmp_path / "d.txt"
    path.write_text(DRAFT, encoding="utf-8")
    made = cli(
        "case",
        "new",
        "--from-draft",
        str(path),
        "--store",
        "acme",
        "--marketplace",
        "US",
        "--json",
        "--at",
        AT,
    )
    assert made.exit_code == 0, made.stderr
    codes = [f["code"] for f in made.json()["lint"]["findings"]]
    assert "invalid-case-id" not in codes  # the date on the next line is no Case ID
    shown = cli("case", "show", str(made.json()["id"]), "--json", "--at", AT).json()
    assert shown["case_ids"] == ["15839204711"]
    again = cli(
        "case",
        "new",
        "--from-draft",
        str(path),
        "--store",
        "acme",
        "--marketplace",
        "US",
        "--force",
        "--reason",
        "second try",
        "--json",
        "--at",
        AT,
    )
    assert again.exit_code == 0, again.stderr  # held by the first case: not taken twice
    second = cli("case", "show", str(again.json()["id"]), "--json", "--at", AT).json()
    assert second["case_ids"] == []
