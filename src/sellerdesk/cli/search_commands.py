"""``sellerdesk search TEXT`` (also ``case search``) and ``sellerdesk reindex``.

The database layers are imported inside the commands: building the app stays light.
"""

from __future__ import annotations

import importlib
from typing import Annotated, Any

import typer

from sellerdesk.cli.field_flags import SEARCH, spelled
from sellerdesk.cli.options import JsonOpt, LangOpt, check_lang, handles_errors
from sellerdesk.cli.progress import progress_bar
from sellerdesk.cli.render import emit_json, print_table
from sellerdesk.cli.words import word
from sellerdesk.core.i18n import t
from sellerdesk.core.jsonable import jsonable
from sellerdesk.services import locale

StoreOpt = Annotated[str | None, typer.Option("--store", help="Only cases of this store.")]
LimitOpt = Annotated[int, typer.Option("--limit", "-n", help="At most this many cases.")]


def _lang(lang: str | None, configured: str | None) -> str:
    return locale.language(lang, configured)  # no locale: as these commands always did


@handles_errors
@spelled({"store": "--store", "limit": "--limit", **SEARCH})
def search_cmd(
    text: Annotated[str, typer.Argument(help="Words (zh or en), or a Case ID, order ID, ASIN…")],
    store: StoreOpt = None,
    limit: LimitOpt = 50,
    json_out: JsonOpt = False,
    lang: LangOpt = None,
) -> None:
    """Find cases by Case ID, order ID, ASIN, shipment ID, SKU or text."""
    check_lang(lang)
    from sellerdesk.services import search as search_service
    from sellerdesk.services.runtime import build_runtime

    runtime = build_runtime()
    hits = search_service.search_in(runtime.sessions, text, store=store, limit=limit)
    if json_out:
        emit_json({"query": text, "count": len(hits), "cases": jsonable(hits)})
        return
    shown = _lang(lang, runtime.settings.lang)
    if not hits:
        typer.echo(t("search.none", shown, query=text))
        return
    keys = ("id", "store", "status", "amazon_case_ids", "matched", "subject")
    rows = [[_cell(getattr(hit, k), k, shown) for k in keys] for hit in hits]
    print_table([t(f"search.col_{k}", shown) for k in keys], rows)


def _cell(value: Any, key: str, lang: str) -> str:
    if key == "status":
        return word("status", value, lang)
    return ", ".join(value) if isinstance(value, tuple) else str(value)


@handles_errors
def reindex_cmd(json_out: JsonOpt = False, lang: LangOpt = None) -> None:
    """Recompute the search tokens and rebuild the index (SQLite FTS5 / PostgreSQL GIN)."""
    check_lang(lang)
    from sellerdesk.services import search as search_service
    from sellerdesk.services.runtime import build_runtime

    runtime = build_runtime()
    shown = _lang(lang, runtime.settings.lang)
    with progress_bar(t("search.reindexing", shown)) as progress:
        steps = search_service.reindex(runtime.sessions, progress=progress)
    if json_out:
        emit_json({"reindexed": True, "dialect": runtime.engine.dialect.name, "steps": steps})
    else:
        typer.echo(t("search.reindexed", shown, dialect=runtime.engine.dialect.name))


def case_app() -> typer.Typer | None:
    """The ``case`` group, when the case commands module provides one."""
    try:
        module = importlib.import_module("sellerdesk.cli.case_commands")
    except ImportError:
        return None
    group = getattr(module, "case_app", None)
    return group if isinstance(group, typer.Typer) else None


def add_to_case_group(name: str, fn: Any) -> None:
    group = case_app()
    if group is None:
        return
    if any(c.name == name for c in group.registered_commands):
        return
    group.command(name)(fn)


def register(app: typer.Typer) -> None:
    app.command("search")(search_cmd)
    app.command("reindex")(reindex_cmd)
    add_to_case_group("search", search_cmd)
