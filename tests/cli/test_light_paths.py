"""The light paths stay light: ``sellerdesk --help``, ``next`` and ``hours`` start without the
heavy libraries, and the static top-level help stays in step with the real command tree."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import typer
import typer.core
import typer.main
from typer.testing import CliRunner

from sellerdesk.cli import command_table
from sellerdesk.cli.main import build_app

AT = "2026-11-28T10:00+08:00"
HEAVY = {"sqlalchemy", "alembic", "numpy", "fastapi", "starlette", "uvicorn", "jinja2",
         "psycopg", "pydantic", "rich", "holidays", "icalendar"}  # fmt: skip


def _run(home: Path, *args: str) -> tuple[str, set[str], set[str]]:
    """Run ``sellerdesk ARGS`` through main() in a fresh interpreter: its output, the
    top-level packages it imported and the sellerdesk modules it imported."""
    code = (
        "import sys\n"
        f"sys.argv = ['sellerdesk', *{list(args)!r}]\n"
        "from sellerdesk.cli.main import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "finally:\n"
        "    sys.stdout.flush()\n"
        "    sys.stderr.write('MODULES ' + ' '.join(sorted(sys.modules)) + '\\n')\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"SELLERDESK_HOME": str(home), "PATH": "/usr/bin:/bin", "COLUMNS": "80"},
    )
    modules = out.stderr.rsplit("MODULES ", 1)[1].split()
    return out.stdout, {m.split(".")[0] for m in modules}, set(modules)


def test_the_top_level_help_imports_neither_typer_nor_any_command_module(home: Path) -> None:
    output, packages, modules = _run(home, "--help")
    assert "Usage: sellerdesk [OPTIONS] COMMAND [ARGS]..." in output
    assert not packages & (HEAVY | {"typer", "click", "tomllib"})
    assert not {m for m in modules if m.endswith("_commands")}


@pytest.mark.parametrize("args", [("next", "na"), ("hours",)])
def test_next_and_hours_load_no_heavy_library_nor_other_commands(
    home: Path, args: tuple[str, ...]
) -> None:
    _run(home, *args, "--at", AT)  # the first run may compute the holiday cache
    output, packages, modules = _run(home, *args, "--at", AT)
    assert "na" in output.lower()
    assert not packages & HEAVY
    commands = {m.rsplit(".", 1)[1] for m in modules if m.endswith("_commands")}
    assert commands == {"hours_commands"}
    assert "sellerdesk.core.kb" not in modules


def test_the_static_table_names_every_command_its_module_and_its_help_in_order() -> None:
    real = typer.main.get_command(build_app())
    assert isinstance(real, typer.core.TyperGroup)
    shown = [(name, (cmd.short_help or cmd.help or "").split("\n\n")[0])
             for name, cmd in real.commands.items()]  # fmt: skip
    assert shown == [(name, text) for name, _, text in command_table.COMMANDS]
    for module in command_table.MODULES:
        app = build_app(module)
        names = set(typer.main.get_group(app).commands)
        assert names == {n for n, m in command_table.OWNER.items() if m == module}, module


@pytest.mark.parametrize("width", [60, 80, 100, 160])
def test_the_static_help_is_byte_for_byte_what_typer_prints(
    width: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("TERMINAL_WIDTH", raising=False)
    for name in ("FORCE_COLOR", "PY_COLORS", "GITHUB_ACTIONS"):
        monkeypatch.delenv(name, raising=False)
    result = CliRunner().invoke(build_app(), ["--help"], env={"COLUMNS": str(width)})
    assert result.exit_code == 0
    assert command_table.render_help(width) + "\n" == result.stdout


def _main(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    code = f"import sys\nsys.argv = ['sellerdesk', *{list(args)!r}]\n"
    code += "from sellerdesk.cli.main import main\nmain()\n"
    env = {"SELLERDESK_HOME": str(home), "PATH": "/usr/bin:/bin", "COLUMNS": "80"}
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)


def test_no_arguments_print_the_help_and_exit_2_as_typer_does(home: Path) -> None:
    out = _main(home)
    assert out.returncode == 2
    assert out.stdout == command_table.render_help(80)


def test_an_unknown_command_is_answered_by_the_whole_app(home: Path) -> None:
    out = _main(home, "hourz")
    assert out.returncode == 2
    assert "No such command 'hourz'" in out.stderr


@pytest.mark.parametrize("args", [("case", "list"), ("case", "show", "1")])
def test_case_list_and_show_read_with_sqlalchemy_core_alone_skipping_the_orm_and_alembic(
    home: Path, args: tuple[str, ...]
) -> None:
    _run(home, *args, "--at", AT)  # the first run migrates the store, fills the holiday cache
    _, packages, modules = _run(home, *args, "--at", AT)
    assert "sqlalchemy" in packages
    assert not packages & (HEAVY - {"sqlalchemy"})
    assert not {m for m in modules if m.startswith("sqlalchemy.orm")}
    assert not modules & {"sellerdesk.storage.tables", "sellerdesk.services.cases.records"}
    commands = {m.rsplit(".", 1)[1] for m in modules if m.endswith("_commands")}
    assert commands == {"case_commands", "coach_commands", "poa_commands"}  # + lint, render, poa
