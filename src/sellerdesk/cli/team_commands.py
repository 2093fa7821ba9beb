"""``user add|grant|revoke|list``, ``token create|revoke|list`` (``serve``: cli/serve_command.py).

Nothing web is imported until one of these commands runs: ``sellerdesk hours`` builds the
same Typer app and must stay light.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

import typer

from sellerdesk.cli.field_flags import TOKEN, USER, spelled
from sellerdesk.cli.options import JsonOpt, LangOpt, handles_errors
from sellerdesk.cli.render import emit_json, print_table
from sellerdesk.cli.run import open_operator_run
from sellerdesk.cli.words import word
from sellerdesk.core.i18n import t
from sellerdesk.core.jsonable import jsonable

user_app = typer.Typer(
    help="People who use the web app and API, and their stores. 用户。", no_args_is_help=True
)
token_app = typer.Typer(help="REST API tokens (Bearer). API 令牌。", no_args_is_help=True)
NameArg = Annotated[
    str, typer.Argument(metavar="NAME", help="The user's name (letters, digits, . _ - @).")
]
StoreArg = Annotated[str, typer.Argument(help="The store's name.")]


def _now() -> datetime:
    return datetime.now(UTC)


@user_app.command("add")
@handles_errors
@spelled(USER)
def user_add(
    name: NameArg,
    role: Annotated[str, typer.Option("--role", help="admin, agent or viewer.")],
    password: Annotated[
        str | None, typer.Option("--password", help="Asked for (hidden) when not given.")
    ] = None,
    json_out: JsonOpt = False,
    lang: LangOpt = None,
) -> None:
    """Add a user (agents and viewers then need `user grant NAME STORE`). The password is a
    first one: the user must choose their own at their first sign-in, as with the Admin
    page's form (a password the admin knows does not stay valid)."""
    from sellerdesk.services import users

    shown, runtime = open_operator_run(lang)
    users.check_name(name)
    users.check_role(role)
    if password is None:
        prompt = t("web.user.password_prompt", shown, name=name)
        password = typer.prompt(prompt, hide_input=True, confirmation_prompt=True)
    added = users.add(
        sessions=runtime.sessions,
        now=_now(),
        name=name,
        role=role,
        password=password or "",
        must_change_password=True,
    )
    if json_out:
        emit_json(jsonable(added))
        return
    typer.echo(t("web.user.added", shown, name=added.name, role=added.role))
    typer.echo(t("access.user.must_change", shown, name=added.name))
    if added.role != "admin" and not users.has_admin(sessions=runtime.sessions):
        # set-ups that add people before the first `serve`: say who will run the team
        typer.echo(t("web.user.no_admin_yet", shown))


@user_app.command("grant")
@handles_errors
@spelled(USER)
def user_grant(
    name: NameArg, store: StoreArg, json_out: JsonOpt = False, lang: LangOpt = None
) -> None:
    """Let the user see (viewer) or work on (agent) the store's cases."""
    from sellerdesk.services import users

    shown, runtime = open_operator_run(lang)
    out = users.grant(sessions=runtime.sessions, now=_now(), name=name, store=store)
    if json_out:
        emit_json(jsonable(out))
        return
    typer.echo(t("web.user.granted", shown, name=out.user, store=out.store))


@user_app.command("revoke")
@handles_errors
@spelled(USER)
def user_revoke(
    name: NameArg, store: StoreArg, json_out: JsonOpt = False, lang: LangOpt = None
) -> None:
    """Take the store away from the user."""
    from sellerdesk.services import users

    shown, runtime = open_operator_run(lang)
    out = users.revoke(sessions=runtime.sessions, now=_now(), name=name, store=store)
    if json_out:
        emit_json(jsonable(out))
        return
    typer.echo(t("web.user.revoked", shown, name=out.user, store=out.store))


@user_app.command("list")
@handles_errors
@spelled(USER)
def user_list(json_out: JsonOpt = False, lang: LangOpt = None) -> None:
    """List the users, their roles and stores."""
    from sellerdesk.services import users

    shown, runtime = open_operator_run(lang)
    rows = users.list_users(sessions=runtime.sessions)
    if json_out:
        emit_json(jsonable(rows))
        return
    if not rows:
        typer.echo(t("web.user.none", shown))
        return
    yes, no = t("common.yes", shown), t("common.no", shown)
    every = t("web.user.all_stores", shown)
    print_table(
        [t(f"web.user.col_{c}", shown) for c in ("name", "role", "active", "stores")],
        [
            [
                r.name,
                word("role", r.role, shown),
                yes if r.active else no,
                every if r.role == "admin" else ", ".join(r.stores),
            ]
            for r in rows
        ],
    )


@token_app.command("create")
@handles_errors
@spelled(TOKEN)
def token_create(
    user: Annotated[str, typer.Argument(help="Whose token (it acts with their role).")],
    name: Annotated[str, typer.Option("--name", help="What the token is for.")] = "api",
    json_out: JsonOpt = False,
    lang: LangOpt = None,
) -> None:
    """Create a Bearer token; it is printed once (only its hash is kept)."""
    from sellerdesk.services import tokens

    shown, runtime = open_operator_run(lang)
    made = tokens.create(sessions=runtime.sessions, now=_now(), user=user, name=name)
    if json_out:
        emit_json(jsonable(made))
        return
    typer.echo(t("web.token.created", shown, id=made.id, user=made.user, name=made.name))
    typer.echo(made.token)


@token_app.command("revoke")
@handles_errors
@spelled(TOKEN)
def token_revoke(
    token_id: Annotated[int, typer.Argument(metavar="ID", help="The token's id (token list).")],
    json_out: JsonOpt = False,
    lang: LangOpt = None,
) -> None:
    """Revoke a token: requests with it are refused from now on."""
    from sellerdesk.services import tokens

    shown, runtime = open_operator_run(lang)
    out = tokens.revoke(sessions=runtime.sessions, now=_now(), token_id=token_id)
    if json_out:
        emit_json(jsonable(out))
        return
    typer.echo(t("web.token.revoked", shown, id=out.id, user=out.user))


@token_app.command("list")
@handles_errors
@spelled(TOKEN)
def token_list(
    user: Annotated[str | None, typer.Option("--user", help="Only this user's tokens.")] = None,
    json_out: JsonOpt = False,
    lang: LangOpt = None,
) -> None:
    """List tokens (never their secrets)."""
    from sellerdesk.services import tokens

    shown, runtime = open_operator_run(lang)
    rows = [jsonable(r) for r in tokens.list_tokens(sessions=runtime.sessions, user=user)]
    if json_out:
        emit_json(rows)
        return
    if not rows:
        typer.echo(t("web.token.none", shown))
        return
    cols = ("id", "user", "name", "created", "last_used", "revoked")
    keys = ("id", "user", "name", "created_at", "last_used_at", "revoked_at")
    print_table(
        [t(f"web.token.col_{c}", shown) for c in cols],
        [[str(r[k] or "") for k in keys] for r in rows],
    )


def register(app: typer.Typer) -> None:
    from sellerdesk.cli import account_commands
    from sellerdesk.cli.serve_command import serve_cmd

    account_commands.attach(user_app)  # user reset-password|disable|enable|role
    app.command("serve")(serve_cmd)
    app.add_typer(user_app, name="user")
    app.add_typer(token_app, name="token")
