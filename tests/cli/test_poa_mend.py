"""Mends from the new-user trial of issue 16: ``case poa save`` refuses a file written for
another case or store (exit 2, naming the line and the fix); ``case poa new`` names the
placeholder exactly as the file holds it, whatever the UI's language."""

from __future__ import annotations

from pathlib import Path

import pytest

AT = "2026-12-01T10:00+08:00"
FILLED = """
[poa]
kind = "performance-late-shipment"
lang = "en"
{extra}
notice = "Late shipment rate 6.2 % over the 4 % target"
root_causes = ["Two packers were off sick during the 11.11 peak."]
evidence = ["shipping-settings.png"]
"""


def make_appeal_case(database_url: str, monkeypatch: pytest.MonkeyPatch, cli) -> int:  # type: ignore[no-untyped-def]
    """A store and an account-health case in the test's database, made with the CLI."""
    monkeypatch.setenv("SELLERDESK_DATABASE_URL", database_url)
    cli("store", "add", "acme", "--region", "na", "--marketplaces", "US")
    made = cli(
        "case", "new", "--store", "acme", "--marketplace", "US", "--category", "account-health",
        "--subject", "Late shipment rate", "--json", "--at", AT,
    )  # fmt: skip
    assert made.exit_code == 0, made.stderr
    return int(made.json()["id"])


@pytest.fixture
def case_id(database_url: str, monkeypatch: pytest.MonkeyPatch, cli) -> int:  # type: ignore[no-untyped-def]
    return make_appeal_case(database_url, monkeypatch, cli)


@pytest.mark.parametrize(
    ("extra", "named"),
    [
        ("case = {other}", "case line"),
        ('store = "Brightnest Home"', "store line"),
    ],
)
def test_save_refuses_a_file_of_another_case_or_store(
    cli, case_id: int, tmp_path: Path, extra: str, named: str
) -> None:
    path = tmp_path / "poa.toml"
    path.write_text(FILLED.format(extra=extra.format(other=case_id + 1)), encoding="utf-8")
    done = cli("case", "poa", "save", str(case_id), str(path), "--at", AT)
    assert done.exit_code == 2, done.stdout
    assert named in done.stderr
    assert f"case poa new {case_id}" in done.stderr
    assert cli("case", "poa", "show", str(case_id)).exit_code == 2  # nothing was saved


def test_save_takes_a_file_of_this_case_and_store(cli, case_id: int, tmp_path: Path) -> None:
    path = tmp_path / "poa.toml"
    path.write_text(FILLED.format(extra=f'case = {case_id}\nstore = "ACME"'), encoding="utf-8")
    done = cli("case", "poa", "save", str(case_id), str(path), "--at", AT)
    assert done.exit_code == 0, done.stderr


def test_new_names_the_placeholder_the_file_holds(
    cli, case_id: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SELLERDESK_LANG", "zh")  # the UI in Chinese, the plan in English
    out = tmp_path / "poa.toml"
    done = cli(
        "case", "poa", "new", str(case_id), "--kind", "performance-late-shipment",
        "-o", str(out), "--lang", "en", "--at", AT,
    )  # fmt: skip
    assert done.exit_code == 0, done.stderr
    assert "<<FILL: …>>" in done.stdout and "<<FILL: " in out.read_text(encoding="utf-8")
