"""The ``sellerdesk`` command. The app is built by :func:`build_app`, never at import time.

:func:`main` builds only what argv names: ``sellerdesk --help`` (and no arguments) is drawn
from the static table in ``cli/command_table.py`` without Typer; ``sellerdesk COMMAND …``
registers only the module that owns COMMAND; anything else (an unknown command, a misspelt
option) goes to the whole app, so Typer answers it exactly as before.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import typer


def build_app(only: str | None = None, subcommand: str | None = None) -> typer.Typer:
    """The whole command tree; ``only``: just the commands of that module of ``sellerdesk.cli``
    (``hours_commands``), for a call that names one of them; ``subcommand``: the next word,
    which lets the case group leave out modules the call cannot need."""
    import typer

    app = typer.Typer(
        name="sellerdesk",
        help="Seller Desk — Amazon Seller Support hours, cases and readiness for seller teams. "
        "卖家支持（运营助手）时间、案例与账号准备度助手。",
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
    )
    if only is not None:
        import importlib

        module = importlib.import_module(f"sellerdesk.cli.{only}")
        if only == "case_commands":
            module.register(app, subcommand)
        else:
            module.register(app)
        return app
    from sellerdesk.cli import config_commands, desks_commands, hours_commands, planner_commands

    hours_commands.register(app)
    planner_commands.register(app)
    desks_commands.register(app)
    config_commands.register(app)
    from sellerdesk.cli import admin_commands, dossier_commands, search_commands

    search_commands.register(app)
    dossier_commands.register(app)
    admin_commands.register(app)
    from sellerdesk.cli import worker_commands

    worker_commands.register(app)
    from sellerdesk.cli import case_commands, store_commands

    store_commands.register(app)
    case_commands.register(app)
    from sellerdesk.cli import doctor_commands

    doctor_commands.register(app)
    from sellerdesk.cli import team_commands

    team_commands.register(app)
    from sellerdesk.cli import ask_commands

    ask_commands.register(app)
    from sellerdesk.cli import health_commands

    health_commands.register(app)
    from sellerdesk.cli import calendar_commands

    calendar_commands.register(app)
    from sellerdesk.cli import mail_commands

    mail_commands.register(app)
    from sellerdesk.cli import alerts_commands

    alerts_commands.register(app)
    return app


def main() -> None:
    for stream in (sys.stdout, sys.stderr):  # stored text that cannot be encoded prints as "?"
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    args = sys.argv[1:]
    if not args or args[0] == "--help":  # the top-level help, from the static table
        from sellerdesk.cli.command_table import render_help

        sys.stdout.write(render_help() + ("\n" if args else ""))
        sys.stdout.flush()
        raise SystemExit(0 if args else 2)  # Typer's no_args_is_help exits 2
    import os

    from sellerdesk.cli.command_table import OWNER
    from sellerdesk.core import i18n
    from sellerdesk.settings import default_home

    i18n.use_cache_folder(default_home(os.environ) / "cache")  # parsed message catalogs

    if args[0] in OWNER:  # a group even when the module registers one command
        import typer.main

        subcommand = args[1] if len(args) > 1 else None
        typer.main.get_group(build_app(OWNER[args[0]], subcommand))(prog_name="sellerdesk")
    else:
        build_app()(prog_name="sellerdesk")
