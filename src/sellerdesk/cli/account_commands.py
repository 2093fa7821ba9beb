"""``sellerdesk user reset-password|disable|enable|role|remove``: account changes that end
sessions.

Attached to the ``user`` command group by ``team_commands.register``.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

import typer

from sellerdesk.cli.field_flags import ACCOUNT, spelled
from sellerdesk.cli.options import JsonOpt, LangOpt, handles_errors
from sellerdesk.cli.render import emit_json
from sellerdesk.cli.run import open_operator_run
from sellerdesk.core.i18n import t
from sellerdesk.core.jsonable import jsonable

NameArg = Annotated[str, typer.Argument(metavar="NAME", help="The user's name.")]
REMOVE = {**ACCOUNT, "reassign_to": "--reassign-to"}


def _now() -> datetime:
    return datetime.now(UTC)


@handles_errors
@spelled(ACCOUNT)
def reset_password(name: NameArg, json_out: JsonOpt = False, lang: LangOpt = None) -> None:
    """Give the user a new one-time password (printed once): it works for 24 hours and they
    must change it at their next sign-in; all their sessions end."""
    from sellerdesk.services import accounts

    shown, runtime = open_operator_run(lang)
    made = accounts.reset_password(sessions=runtime.sessions, now=_now(), name=name)
    if json_out:
        emit_json(jsonable(made))
        return
    typer.echo(t("access.user.reset", shown, name=made.name))
    from sellerdesk.services import locale

    # in the team's zone, as the web's People page shows it (SELLERDESK_TZ first, as --tz)
    zone = locale.cli_zone(runtime.settings)
    until = f"{made.expires_at.astimezone(zone):%Y-%m-%d %H:%M} ({zone.key})"
    typer.echo(t("people.cli.reset_until", shown, until=until))
    typer.echo(made.password)


def _set_active(name: str, active: bool, json_out: bool, lang: str | None) -> None:
    from sellerdesk.services import accounts

    shown, runtime = open_operator_run(lang)
    out = accounts.set_active(sessions=runtime.sessions, now=_now(), name=name, active=active)
    if json_out:
        emit_json(jsonable(out))
    elif not out.changed:  # asked twice: say so, and it is not an error
        key = "already_enabled" if active else "already_disabled"
        typer.echo(t(f"access.user.{key}", shown, name=out.name))
    elif active:
        typer.echo(t("access.user.enabled", shown, name=out.name))
    else:
        typer.echo(t("access.user.disabled", shown, name=out.name, tokens=out.tokens_revoked))


@handles_errors
@spelled(ACCOUNT)
def disable(name: NameArg, json_out: JsonOpt = False, lang: LangOpt = None) -> None:
    """Disable the user: they cannot sign in, their sessions end, their API tokens are revoked."""
    _set_active(name, False, json_out, lang)


@handles_errors
@spelled(ACCOUNT)
def enable(name: NameArg, json_out: JsonOpt = False, lang: LangOpt = None) -> None:
    """Let a disabled user sign in again (revoked tokens stay revoked)."""
    _set_active(name, True, json_out, lang)


@handles_errors
@spelled(ACCOUNT)
def role(
    name: NameArg,
    new_role: Annotated[str, typer.Argument(metavar="ROLE", help="admin, agent or viewer.")],
    json_out: JsonOpt = False,
    lang: LangOpt = None,
) -> None:
    """Give the user another role; their sessions end."""
    from sellerdesk.services import accounts

    shown, runtime = open_operator_run(lang)
    out = accounts.set_role(sessions=runtime.sessions, now=_now(), name=name, role=new_role)
    if json_out:
        emit_json(jsonable(out))
        return
    typer.echo(t("access.user.role", shown, name=out.name, role=out.role))


@handles_errors
@spelled(REMOVE)
def remove(
    name: NameArg,
    reassign_to: Annotated[
        str | None,
        typer.Option(
            "--reassign-to",
            metavar="USER",
            help="Give the user's open cases to USER (else they are left unassigned).",
        ),
    ] = None,
    json_out: JsonOpt = False,
    lang: LangOpt = None,
) -> None:
    """Remove the user: their open cases go to --reassign-to (or nobody); their sessions,
    API tokens and store access end. The last active admin cannot be removed."""
    from sellerdesk.services import accounts

    shown, runtime = open_operator_run(lang)
    out = accounts.remove(sessions=runtime.sessions, now=_now(), name=name, reassign_to=reassign_to)
    if json_out:
        emit_json(jsonable(out))
        return
    count, to = len(out.case_ids), out.reassigned_to
    key = "people.cli.removed" if to is not None else "people.cli.removed_unassigned"
    typer.echo(t(key, shown, name=out.name, count=count, to=to))


def attach(user_app: typer.Typer) -> None:
    if any(c.name == "reset-password" for c in user_app.registered_commands):
        return  # the CLI app was built before in this process
    user_app.command("reset-password")(reset_password)
    user_app.command("disable")(disable)
    user_app.command("enable")(enable)
    user_app.command("role")(role)
    user_app.command("remove")(remove)
