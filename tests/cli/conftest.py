from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from sellerdesk.cli.main import build_app


class Result:
    def __init__(self, exit_code: int, stdout: str, stderr: str, stdout_bytes: bytes) -> None:
        self.exit_code, self.stdout, self.stderr = exit_code, stdout, stderr
        self.stdout_bytes = stdout_bytes

    def json(self) -> Any:
        return json.loads(self.stdout)


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh data folder and a neutral environment for every CLI test."""
    folder = tmp_path / "home"
    monkeypatch.setenv("SELLERDESK_HOME", str(folder))
    for name in ("SELLERDESK_DESKS", "SELLERDESK_TZ", "SELLERDESK_LANG", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    return folder


@pytest.fixture
def cli(home: Path) -> Callable[..., Result]:
    app = build_app()
    runner = CliRunner()

    def run(*args: str) -> Result:
        out = runner.invoke(app, list(args))
        if out.exception and not isinstance(out.exception, SystemExit):
            raise out.exception
        return Result(out.exit_code, out.stdout, out.stderr, out.stdout_bytes)

    return run
