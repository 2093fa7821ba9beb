"""``alerts …``: alerts out (issue 17). ``alerts channel`` is where they go
(``cli/alert_channel_commands.py``); the outbox, triggers and routes attach their own groups
to :data:`alerts_app` here."""

from __future__ import annotations

import typer

from sellerdesk.cli.alert_channel_commands import channel_app
from sellerdesk.cli.alert_outbox_commands import outbox_app, route_app

alerts_app = typer.Typer(
    help="Alerts to the team's chat groups and mailboxes. 提醒。", no_args_is_help=True
)
alerts_app.add_typer(channel_app, name="channel")
alerts_app.add_typer(route_app, name="route")
alerts_app.add_typer(outbox_app, name="outbox")


def register(app: typer.Typer) -> None:
    app.add_typer(alerts_app, name="alerts")
