"""``store add|list|update|remove``: the seller accounts the team operates."""

from __future__ import annotations

from typing import Annotated

import typer

from sellerdesk.cli.field_flags import STORE, spelled
from sellerdesk.cli.options import AtOpt, JsonOpt, LangOpt, TzOpt, handles_errors
from sellerdesk.cli.render import emit_json, print_table
from sellerdesk.cli.run import open_run
from sellerdesk.cli.words import word
from sellerdesk.core.i18n import t
from sellerdesk.core.jsonable import jsonable

store_app = typer.Typer(
    help="Seller accounts (stores) the team operates. 店铺。", no_args_is_help=True
)


@store_app.command("add")
@handles_errors
@spelled(STORE)
def add_cmd(
    name: Annotated[str, typer.Argument(help="A name the team knows the account by.")],
    region: Annotated[str, typer.Option("--region", help="na, eu, jp, cn or uk.")],
    marketplaces: Annotated[
        str, typer.Option("--marketplaces", help="Comma-separated codes, e.g. US,CA.")
    ],
    plan: Annotated[str, typer.Option("--plan", help="professional or individual.")] = (
        "professional"
    ),
    verified: Annotated[bool, typer.Option("--verified", help="The account is verified.")] = False,
    support_plan: Annotated[
        str | None, typer.Option("--support-plan", help="e.g. a paid support tier.")
    ] = None,
    json_out: JsonOpt = False,
    lang: LangOpt = None,
    tz: TzOpt = None,
    at: AtOpt = None,
) -> None:
    """Add a store (its name must be new)."""
    from sellerdesk.services import stores

    run = open_run(lang, tz, at)
    added = stores.add(
        sessions=run.runtime.sessions,
        now=run.now,
        ctx=run.runtime.ctx,
        name=name,
        region=region,
        marketplaces=marketplaces.split(","),
        plan=plan,
        verified=verified,
        support_plan=support_plan,
    )
    if json_out:
        emit_json(jsonable(added))
        return
    typer.echo(
        t(
            "store.added",
            run.lang,
            name=added.name,
            region=word("region", added.region, run.lang),
            marketplaces=",".join(added.marketplaces),
        )
    )


@store_app.command("list")
@handles_errors
@spelled(STORE)
def list_cmd(
    json_out: JsonOpt = False, lang: LangOpt = None, tz: TzOpt = None, at: AtOpt = None
) -> None:
    """List the stores."""
    from sellerdesk.services import stores

    run = open_run(lang, tz, at)
    rows = stores.list_stores(sessions=run.runtime.sessions)
    if json_out:
        emit_json(jsonable(rows))
        return
    if not rows:
        typer.echo(t("store.none", run.lang))
        return
    cols = ("name", "region", "marketplaces", "plan", "verified", "support_plan")
    yes, no = t("common.yes", run.lang), t("common.no", run.lang)
    print_table(
        [t(f"store.col_{c}", run.lang) for c in cols],
        [
            [
                r.name,
                word("region", r.region, run.lang),
                ",".join(r.marketplaces),
                word("plan", r.plan, run.lang),
                yes if r.verified else no,
                word("support_plan", r.support_plan, run.lang),
            ]
            for r in rows
        ],
    )


@store_app.command("update")
@handles_errors
@spelled(STORE)
def update_cmd(
    name: Annotated[str, typer.Argument(help="The store to change.")],
    plan: Annotated[str | None, typer.Option("--plan", help="professional or individual.")] = None,
    verified: Annotated[
        bool | None,
        typer.Option("--verified/--unverified", help="The account is (not) verified."),
    ] = None,
    support_plan: Annotated[
        str | None, typer.Option("--support-plan", help='e.g. a paid support tier; "" clears.')
    ] = None,
    marketplaces: Annotated[
        str | None, typer.Option("--marketplaces", help="Comma-separated codes, e.g. US,CA.")
    ] = None,
    region: Annotated[str | None, typer.Option("--region", help="na, eu, jp, cn or uk.")] = None,
    json_out: JsonOpt = False,
    lang: LangOpt = None,
    tz: TzOpt = None,
    at: AtOpt = None,
) -> None:
    """Change a store's plan, verification, support plan, marketplaces or region."""
    from sellerdesk.services import stores

    run = open_run(lang, tz, at)
    updated = stores.update(
        sessions=run.runtime.sessions,
        now=run.now,
        ctx=run.runtime.ctx,
        name=name,
        plan=plan,
        verified=verified,
        support_plan=support_plan,
        marketplaces=marketplaces.split(",") if marketplaces is not None else None,
        region=region,
    )
    if json_out:
        emit_json(jsonable(updated))
        return
    fields = ", ".join(t(f"store.col_{c}", run.lang) for c in updated.changed)
    key = "store.updated" if updated.changed else "store.unchanged"
    typer.echo(t(key, run.lang, name=updated.name, fields=fields))


@store_app.command("remove")
@handles_errors
@spelled(STORE)
def remove_cmd(
    name: Annotated[str, typer.Argument(help="The store to delete (it must have no cases).")],
    json_out: JsonOpt = False,
    lang: LangOpt = None,
    tz: TzOpt = None,
    at: AtOpt = None,
) -> None:
    """Delete a store that has no cases."""
    from sellerdesk.services import stores

    run = open_run(lang, tz, at)
    gone = stores.remove(sessions=run.runtime.sessions, now=run.now, ctx=run.runtime.ctx, name=name)
    if json_out:
        emit_json({"removed": jsonable(gone)})
        return
    typer.echo(t("store.removed", run.lang, name=gone.name))


def register(app: typer.Typer) -> None:
    app.add_typer(store_app, name="store")
