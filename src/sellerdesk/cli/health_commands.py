"""``health import/set/show/docs/fetch``: account readiness of a store."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from sellerdesk.cli.field_flags import HEALTH, spelled
from sellerdesk.cli.options import AtOpt, JsonOpt, LangOpt, TzOpt, handles_errors
from sellerdesk.cli.render import emit_json
from sellerdesk.core.errors import InvalidInput
from sellerdesk.core.file_input import read_file_bytes, unreadable
from sellerdesk.core.i18n import t
from sellerdesk.core.jsonable import jsonable

if TYPE_CHECKING:
    from sellerdesk.cli.run import Run
    from sellerdesk.core.health.rules import HealthRules
    from sellerdesk.services.health_views import RecordedSnapshot

health_app = typer.Typer(
    help="Account readiness: Account Health metrics, plan, verification, documents. 账号准备度。",
    no_args_is_help=True,
)
StoreOpt = Annotated[str, typer.Option("--store", help="The store (see `sellerdesk store list`).")]
MAX_REPORT_BYTES = 20 * 1024 * 1024
# `health fetch` also names the python-amazon-sp-api account (the services say "account")
FETCH = {**HEALTH, "account": "--account"}


def open_health(lang: str | None, tz: str | None, at: str | None) -> tuple[Run, HealthRules]:
    """The run and the store's health rules (``health.toml``, with the data folder's)."""
    from sellerdesk.cli.run import open_run
    from sellerdesk.services.store_health import rules_for

    run = open_run(lang, tz, at)
    return run, rules_for(run.settings.home)


def _read(path: Path) -> bytes:
    try:
        if path.stat().st_size > MAX_REPORT_BYTES:
            raise InvalidInput.of(
                "health.report_file_too_big",
                field="FILE",
                name=str(path),
                mib=MAX_REPORT_BYTES // 2**20,
            )
    except OSError as exc:
        raise unreadable(path, "FILE", exc) from None
    return read_file_bytes(path, "FILE")


def _done(key: str, result: dict[str, object], run: Run, json_out: bool) -> None:
    if json_out:
        emit_json(result)
        return
    typer.echo(t(key, run.lang, **result))


def _snapshot_line(snapshot: RecordedSnapshot, run: Run) -> dict[str, object]:
    return {
        "id": snapshot.id,
        "store": snapshot.store,
        "marketplaces": ", ".join(str(m) for m in snapshot.marketplaces),
        "taken_at": snapshot.taken_at.isoformat()[:16].replace("T", " "),  # UTC, to the minute
    }


def _notes(snapshot: RecordedSnapshot, run: Run) -> None:
    if snapshot.other_marketplaces:
        codes = ", ".join(snapshot.other_marketplaces)
        typer.echo(t("health.other_marketplaces", run.lang, codes=codes))
    if snapshot.scaled_from_percent:
        fields = ", ".join(snapshot.scaled_from_percent)
        typer.echo(t("health.scaled", run.lang, fields=fields))


@health_app.command("import")
@handles_errors
@spelled(HEALTH)
def import_cmd(
    file: Annotated[Path, typer.Argument(help="The report as downloaded (JSON).")],
    store: StoreOpt,
    json_out: JsonOpt = False,
    lang: LangOpt = None,
    tz: TzOpt = None,
    at: AtOpt = None,
) -> None:
    """Import Amazon's seller performance report (GET_V2_SELLER_PERFORMANCE_REPORT, JSON)."""
    from sellerdesk.services import account_health

    run, rules = open_health(lang, tz, at)
    result = account_health.import_report(
        sessions=run.runtime.sessions,
        now=run.now,
        ctx=run.runtime.ctx,
        rules=rules,
        store=store,
        text=_read(file),
        where=str(file),
    )
    if json_out:
        emit_json(jsonable(result))
        return
    typer.echo(t("health.imported", run.lang, **_snapshot_line(result, run)))
    _notes(result, run)


@health_app.command("set")
@handles_errors
@spelled(HEALTH)
def set_cmd(
    store: StoreOpt,
    odr: Annotated[float | None, typer.Option("--odr", help="Order defect rate, %.")] = None,
    late_shipment: Annotated[
        float | None, typer.Option("--late-shipment", help="Late shipment rate, %.")
    ] = None,
    pre_fulfilment_cancel: Annotated[
        float | None,
        typer.Option("--pre-fulfilment-cancel", help="Pre-fulfilment cancel rate, %."),
    ] = None,
    valid_tracking: Annotated[
        float | None, typer.Option("--valid-tracking", help="Valid tracking rate, %.")
    ] = None,
    ahr: Annotated[int | None, typer.Option("--ahr", help="Account Health Rating, 0-1000.")] = None,
    marketplace: Annotated[
        str | None, typer.Option("--marketplace", help="e.g. US (needed if the store has several).")
    ] = None,
    json_out: JsonOpt = False,
    lang: LangOpt = None,
    tz: TzOpt = None,
    at: AtOpt = None,
) -> None:
    """Record figures read in Seller Central (rates in percent, as shown there)."""
    from sellerdesk.services import account_health

    run, rules = open_health(lang, tz, at)
    result = account_health.set_figures(
        sessions=run.runtime.sessions,
        now=run.now,
        ctx=run.runtime.ctx,
        rules=rules,
        store=store,
        marketplace=marketplace,
        figures={
            "odr": odr,
            "late_shipment": late_shipment,
            "pre_fulfilment_cancel": pre_fulfilment_cancel,
            "valid_tracking": valid_tracking,
        },
        ahr=ahr,
    )
    if json_out:
        emit_json(jsonable(result))
        return
    typer.echo(t("health.recorded", run.lang, **_snapshot_line(result, run)))


@health_app.command("show")
@handles_errors
@spelled(HEALTH)
def show_cmd(
    store: StoreOpt,
    history: Annotated[bool, typer.Option("--history", help="List every snapshot.")] = False,
    json_out: JsonOpt = False,
    lang: LangOpt = None,
    tz: TzOpt = None,
    at: AtOpt = None,
) -> None:
    """Every metric against its target, then plan, verification and documents."""
    from sellerdesk.cli.health_render import health_json, print_health
    from sellerdesk.services import account_health

    run, rules = open_health(lang, tz, at)
    shown = account_health.show(
        sessions=run.runtime.sessions, rules=rules, store=store, history=history
    )
    statement = t("health.statement", run.lang)
    if json_out:
        emit_json(health_json(shown, statement))
        return
    print_health(shown, statement, run)


@health_app.command("docs")
@handles_errors
@spelled(HEALTH)
def docs_cmd(
    store: StoreOpt,
    have: Annotated[
        list[str] | None, typer.Option("--have", help="Documents you hold (repeat or a,b).")
    ] = None,
    missing: Annotated[
        list[str] | None, typer.Option("--missing", help="Documents you lack.")
    ] = None,
    expired: Annotated[
        list[str] | None, typer.Option("--expired", help="Documents that expired.")
    ] = None,
    note: Annotated[str | None, typer.Option("--note", help="A note for these documents.")] = None,
    json_out: JsonOpt = False,
    lang: LangOpt = None,
    tz: TzOpt = None,
    at: AtOpt = None,
) -> None:
    """Update the registration documents check-list (keys: see `health show`)."""
    from sellerdesk.cli.health_render import print_documents
    from sellerdesk.services import account_health

    run, rules = open_health(lang, tz, at)
    result = account_health.update_documents(
        sessions=run.runtime.sessions,
        now=run.now,
        ctx=run.runtime.ctx,
        rules=rules,
        store=store,
        have=have or [],
        missing=missing or [],
        expired=expired or [],
        note=note,
    )
    if json_out:
        emit_json(jsonable(result))
        return
    typer.echo(t("health.docs_updated", run.lang, store=result.store, n=len(result.changed)))
    print_documents(result.documents, run)


@health_app.command("fetch")
@handles_errors
@spelled(FETCH)
def fetch_cmd(
    store: StoreOpt,
    marketplace: Annotated[
        list[str] | None, typer.Option("--marketplace", help="Only these (default: all).")
    ] = None,
    account: Annotated[
        str, typer.Option("--account", help="python-amazon-sp-api account name.")
    ] = "default",
    wait: Annotated[float, typer.Option("--wait", help="Seconds to wait for Amazon.")] = 300.0,
    json_out: JsonOpt = False,
    lang: LangOpt = None,
    tz: TzOpt = None,
    at: AtOpt = None,
) -> None:
    """Fetch the report live through the SP-API (optional extra: sellerdesk[spapi])."""
    from sellerdesk.services import account_health, spapi_reports

    run, rules = open_health(lang, tz, at)
    codes = account_health.fetch_marketplaces(
        sessions=run.runtime.sessions, store=store, only=marketplace or []
    )
    documents = []
    for code in codes:
        marketplace_id = rules.marketplace_ids.get(code)
        if marketplace_id is None:
            raise InvalidInput(f"no SP-API marketplace id for {code}.", field="marketplace")
        client = spapi_reports.sp_api_client(code, account)
        documents.append((code, spapi_reports.fetch_document(client, marketplace_id, timeout=wait)))
    results = account_health.import_documents(
        sessions=run.runtime.sessions,
        now=run.now,
        ctx=run.runtime.ctx,
        rules=rules,
        store=store,
        documents=documents,
    )
    if json_out:
        emit_json(jsonable(results))
        return
    for result in results:
        typer.echo(t("health.fetched", run.lang, **_snapshot_line(result, run)))
        _notes(result, run)


def register(app: typer.Typer) -> None:
    app.add_typer(health_app, name="health")
