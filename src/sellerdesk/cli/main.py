"""The ``sellerdesk`` command. The app is built by :func:`build_app`, never at import time."""

from __future__ import annotations

import sys

import typer


def build_app() -> typer.Typer:
    app = typer.Typer(
        name="sellerdesk",
        help="Seller Desk — Amazon Seller Support hours, cases and readiness for seller teams. "
        "卖家支持（运营助手）时间、案例与账号准备度助手。",
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
    )
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
    return app


def main() -> None:
    for stream in (sys.stdout, sys.stderr):  # stored text that cannot be encoded prints as "?"
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    build_app()(prog_name="sellerdesk")
