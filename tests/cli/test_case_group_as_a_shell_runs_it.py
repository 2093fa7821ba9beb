"""``sellerdesk case dossier`` and ``case search`` as a shell runs them: ``cli/main.py`` builds
only the module that owns the first word, so the in-process runner (which builds the whole
app) could not see that the case group lacked them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


def _run(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SELLERDESK_HOME": str(tmp_path / "home")}
    env.pop("SELLERDESK_DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "sellerdesk", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


@pytest.mark.parametrize("command", ["dossier", "search"])
def test_the_case_group_offers_the_command_when_a_shell_runs_it(tmp_path: Path, command: str):
    answer = _run(tmp_path, "case", command, "--help")
    assert answer.returncode == 0, answer.stderr
    assert "No such command" not in answer.stderr


def test_case_dossier_of_a_missing_case_says_so_in_a_shell(tmp_path: Path):
    answer = _run(tmp_path, "case", "dossier", "999", "--format", "md")
    assert answer.returncode == 2, answer.stdout + answer.stderr
    assert "999" in answer.stderr and "Traceback" not in answer.stderr
