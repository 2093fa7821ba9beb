"""The CLI words the POA refusals its own way (the service's words name no command): a file
of another store names the file's line and ``case poa new``; ``case poa show`` on a case
with no plan names the commands that draft and save one. A saved file naming no store or
marketplace gets the case's, as the web's and the API's do."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.test_poa_mend import AT, FILLED, make_appeal_case


@pytest.fixture
def poa_case(database_url: str, monkeypatch: pytest.MonkeyPatch, cli) -> int:  # type: ignore[no-untyped-def]
    return make_appeal_case(database_url, monkeypatch, cli)


def test_show_on_a_case_without_a_plan_names_the_commands(cli, poa_case: int) -> None:
    done = cli("case", "poa", "show", str(poa_case))
    assert done.exit_code == 2, done.stdout
    assert f"case poa new {poa_case}" in done.stderr and f"case poa save {poa_case}" in done.stderr


def test_another_stores_file_is_refused_in_the_clis_words(
    cli, poa_case: int, tmp_path: Path
) -> None:
    path = tmp_path / "poa.toml"
    path.write_text(FILLED.format(extra='store = "Brightnest Home"'), encoding="utf-8")
    done = cli("case", "poa", "save", str(poa_case), str(path), "--at", AT, "--lang", "zh")
    assert done.exit_code == 2, done.stdout
    assert "store line" in done.stderr and f"case poa new {poa_case}" in done.stderr
    assert "案例" in done.stderr and "案件" not in done.stderr


def test_a_saved_file_without_a_store_line_gets_the_cases(
    cli, poa_case: int, tmp_path: Path
) -> None:
    path = tmp_path / "poa.toml"
    path.write_text(FILLED.format(extra=""), encoding="utf-8")
    assert cli("case", "poa", "save", str(poa_case), str(path), "--at", AT).exit_code == 0
    shown = cli("case", "poa", "show", str(poa_case))
    assert shown.stdout.splitlines()[1] == "Store: acme | Marketplace: US", shown.stdout
