"""Human output of ``health show`` and ``health docs`` (zh/en, dates in --tz)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

import typer

from sellerdesk.cli.render import print_table
from sellerdesk.cli.run import Run
from sellerdesk.core.i18n import t
from sellerdesk.core.jsonable import jsonable

if TYPE_CHECKING:
    from sellerdesk.core.health.picture import MarketplaceHealth, MetricRow, ReadinessItem
    from sellerdesk.services.health_views import ChecklistItemView, HealthPicture, HistoryEntry

STYLE = {"pass": "green", "at-risk": "yellow", "fail": "bold red"}
SYMBOL = {"LESS_THAN": "<", "GREATER_THAN": ">", "EQUALS": "="}


def _label(key: str, lang: str) -> str:
    text = t(key, lang)
    return text if text != key else key.rsplit(".", 1)[-1]


def _verdict(value: str | None, lang: str) -> str:
    return t(f"health.verdict.{value}", lang) if value else "—"


def _number(value: float, kind: str) -> str:
    return f"{value * 100:.2f} %" if kind == "rate" else f"{value:g}"


def _date(moment: datetime | None, view: Run) -> str:
    return f"{moment.astimezone(view.zone):%Y-%m-%d}" if moment else ""


def _metric(row: MetricRow, view: Run) -> list[str]:
    lang = view.lang
    name = _label(f"health.metric.{row.metric}", lang)
    if row.fulfilment:
        name += f" ({_label('health.fulfilment.' + row.fulfilment, lang)})"
    target = row.target
    goal = ""
    if target:
        goal = f"{SYMBOL[target.condition]} {_number(target.value, row.kind)}"
        if target.origin == "default":
            goal += " " + t("health.default_target", lang)
    status = _verdict(row.verdict, lang)
    amazon = row.amazon_status
    if amazon in ("GOOD", "BAD") and (amazon == "BAD") != (row.verdict == "fail"):
        status += " " + t("health.amazon_says", lang, status=amazon)
    where = f"{t('health.source.' + row.source, lang)} {_date(row.taken_at, view)}"
    return [name, _number(row.value, row.kind), goal, status, where]


def _marketplace(shown: MarketplaceHealth, view: Run) -> None:
    lang = view.lang
    lines = [t("health.marketplace_title", lang, marketplace=shown.marketplace)]
    status = shown.account_status
    if status:
        lines.append(
            t(
                "health.account_status",
                lang,
                status=status.value,
                verdict=_verdict(status.verdict, lang),
            )
        )
    ahr = shown.ahr
    if ahr:
        value = str(ahr.score) if ahr.score is not None else ahr.status or ""
        lines.append(
            t(
                "health.ahr_line",
                lang,
                value=value,
                verdict=_verdict(ahr.verdict, lang),
                source=t("health.source." + ahr.source, lang),
                date=_date(ahr.taken_at, view),
            )
        )
    typer.echo("\n".join(lines))
    # policy counts at their target (0 of 17 kinds, mostly) fold into one line
    quiet = [r for r in shown.metrics if r.kind == "count" and r.verdict == "pass"]
    rows = [r for r in shown.metrics if r not in quiet]
    if rows:
        print_table(
            [t(f"health.col.{c}", lang) for c in ("metric", "value", "target", "status", "source")],
            [_metric(r, view) for r in rows],
            styles=[STYLE.get(r.verdict or "") for r in rows],
        )
    if quiet:
        typer.echo(t("health.counts_clear", lang, n=len(quiet)))
    bad = [w.type for w in shown.warnings if w.status == "BAD"]
    if bad:
        typer.echo(t("health.warnings", lang, types=", ".join(bad)))
    typer.echo("")


def _basis(confidence: str, lang: str) -> str:
    return t(f"confidence.{confidence}", lang)


def print_readiness(shown: HealthPicture, view: Run) -> None:
    lang = view.lang
    yes, no = t("common.yes", lang), t("common.no", lang)
    items: tuple[tuple[str, ReadinessItem], ...] = (
        ("plan", shown.plan),
        ("verification", shown.verification),
    )
    rows = []
    for item, data in items:
        value, expected = data.value, data.expected
        if isinstance(value, bool):
            value, expected = (yes if value else no), (yes if expected else no)
        rows.append(
            [
                t(f"health.item.{item}", lang),
                str(value),
                str(expected),
                _verdict(data.verdict, lang),
                _basis(data.confidence, lang),
            ]
        )
    print_table(
        [t(f"health.col.{c}", lang) for c in ("item", "value", "expected", "status", "basis")],
        rows,
        styles=[STYLE.get(data.verdict) for _, data in items],
    )


def print_documents(documents: Sequence[ChecklistItemView], view: Run) -> None:
    lang = view.lang
    print_table(
        [t(f"health.col.{c}", lang) for c in ("document", "key", "state", "note", "basis")],
        [
            [
                d.name_zh if lang == "zh" else d.name_en,
                d.key,
                t(f"health.doc_state.{d.status}", lang),
                d.note,
                _basis(d.confidence, lang),
            ]
            for d in documents
        ],
        styles=[STYLE.get(d.verdict or "") for d in documents],
    )


def _history(rows: Sequence[HistoryEntry], view: Run) -> None:
    lang = view.lang
    cols = ("id", "origin", "taken", "imported", "by", "marketplaces", "status")
    print_table(
        [t(f"health.col.{c}", lang) for c in cols],
        [
            [
                str(r.id),
                t("health.source." + r.source, lang),
                _date(r.taken_at, view),
                _date(r.imported_at, view),
                str(r.recorded_by),
                ", ".join(r.marketplaces),
                _verdict(r.verdict, lang),
            ]
            for r in rows
        ],
        title=t("health.history_title", lang),
    )
    typer.echo("")


def print_health(shown: HealthPicture, statement: str, view: Run) -> None:
    lang = view.lang
    typer.echo(t("health.title", lang, store=shown.store, verdict=_verdict(shown.verdict, lang)))
    typer.echo("")
    if shown.history:
        _history(shown.history, view)
    if not shown.marketplaces:
        typer.echo(t("health.no_snapshots", lang, store=shown.store))
        typer.echo("")
    for marketplace in shown.marketplaces:
        _marketplace(marketplace, view)
    print_readiness(shown, view)
    typer.echo("")
    print_documents(shown.documents, view)
    typer.echo("")
    typer.echo(statement)


# the JSON names of the reporting window (``from`` cannot be an attribute's name)
WINDOW_KEYS = {"window_from": "from", "window_to": "to"}


def _window_named(row: dict[str, Any]) -> dict[str, Any]:
    return {WINDOW_KEYS.get(key, key): value for key, value in row.items()}


def health_json(shown: HealthPicture, statement: str) -> dict[str, Any]:
    """``health show --json``: the picture through core/jsonable, each metric's and rating's
    window as ``from``/``to`` (the report's words), and the statement on Amazon's targets."""
    out: dict[str, Any] = jsonable(shown)
    for marketplace in out["marketplaces"]:
        marketplace["metrics"] = [_window_named(row) for row in marketplace["metrics"]]
        if marketplace["ahr"] is not None:
            marketplace["ahr"] = _window_named(marketplace["ahr"])
    return out | {"statement": statement}
