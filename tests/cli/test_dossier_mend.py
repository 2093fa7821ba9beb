"""Mends from the new-user trial of issue 16 on ``sellerdesk dossier``: an output that is a
folder, or whose folder does not exist, is refused (exit 2 naming the flag) before anything
is rendered, and no folder is created."""

from __future__ import annotations

from pathlib import Path

from tests.cli.test_dossier_command import seed


def test_an_output_folder_is_refused_naming_the_flag(cli, home, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    case_id = seed(cli, home)
    folder = tmp_path / "out"
    folder.mkdir()
    done = cli("dossier", str(case_id), "--format", "pdf", "-o", str(folder))
    assert done.exit_code == 2, done.stdout
    assert "--output" in done.stderr and "is a folder" in done.stderr
    assert list(folder.iterdir()) == []


def test_a_missing_folder_is_refused_not_created(cli, home, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    case_id = seed(cli, home)
    target = tmp_path / "nonexistent" / "dir" / "x.md"
    done = cli("dossier", str(case_id), "-o", str(target))
    assert done.exit_code == 2, done.stdout
    assert "--output" in done.stderr and "does not exist" in done.stderr
    assert not (tmp_path / "nonexistent").exists()
