"""Human output of ``health show`` and ``health docs`` (zh/en, dates in --tz)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

import typer

from sellerdesk.cli.render import print_table
from sellerdesk.cli.run import Run
from sellerdesk.core.i18n import t

if TYPE_CHECKING:
    from sellerdesk.services.health_views import ChecklistItemView

STYLE = {"pass": "green", "at-risk": "yellow", "fail": "bold red"}
SYMBOL = {"LESS_THAN": "<", "GREATER_THAN": ">", "EQUALS": "="}


def _label(key: str, lang: str) -> str:
    text = t(key, lang)
    return text if text != key else key.rsplit(".", 1)[-1]


def _verdict(value: str | None, lang: str) -> str:
    return t(f"health.verdict.{value}", lang) if value else "—"


def _number(value: float, kind: str) -> str:
    return f"{value * 100:.2f} %" if kind == "rate" else f"{value:g}"


def _date(text: str | None, view: Run) -> str:
    if not text:
        return ""
    return f"{datetime.fromisoformat(text).astimezone(view.zone):%Y-%m-%d}"


def _metric(row: dict[str, Any], view: Run) -> list[str]:
    lang = view.lang
    name = _label(f"health.metric.{row['metric']}", lang)
    if row.get("fulfilment"):
        name += f" ({_label('health.fulfilment.' + row['fulfilment'], lang)})"
    target = row.get("target")
    goal = ""
    if target:
        goal = f"{SYMBOL[target['condition']]} {_number(target['value'], row['kind'])}"
        if target["origin"] == "default":
            goal += " " + t("health.default_target", lang)
    status = _verdict(row.get("verdict"), lang)
    amazon = row.get("amazon_status")
    if amazon in ("GOOD", "BAD") and (amazon == "BAD") != (row.get("verdict") == "fail"):
        status += " " + t("health.amazon_says", lang, status=amazon)
    where = f"{t('health.source.' + row['source'], lang)} {_date(row['taken_at'], view)}"
    return [name, _number(float(row["value"]), row["kind"]), goal, status, where]


def _marketplace(view_: dict[str, Any], view: Run) -> None:
    lang = view.lang
    lines = [t("health.marketplace_title", lang, marketplace=view_["marketplace"])]
    status = view_.get("account_status")
    if status:
        lines.append(
            t(
                "health.account_status",
                lang,
                status=status["value"],
                verdict=_verdict(status["verdict"], lang),
            )
        )
    ahr = view_.get("ahr")
    if ahr:
        value = str(ahr["score"]) if ahr.get("score") is not None else ahr.get("status") or ""
        lines.append(
            t(
                "health.ahr_line",
                lang,
                value=value,
                verdict=_verdict(ahr["verdict"], lang),
                source=t("health.source." + ahr["source"], lang),
                date=_date(ahr["taken_at"], view),
            )
        )
    typer.echo("\n".join(lines))
    # policy counts at their target (0 of 17 kinds, mostly) fold into one line
    quiet = [r for r in view_["metrics"] if r["kind"] == "count" and r.get("verdict") == "pass"]
    rows = [r for r in view_["metrics"] if r not in quiet]
    if rows:
        print_table(
            [t(f"health.col.{c}", lang) for c in ("metric", "value", "target", "status", "source")],
            [_metric(r, view) for r in rows],
            styles=[STYLE.get(r.get("verdict") or "") for r in rows],
        )
    if quiet:
        typer.echo(t("health.counts_clear", lang, n=len(quiet)))
    bad = [w["type"] for w in view_.get("warnings", []) if w.get("status") == "BAD"]
    if bad:
        typer.echo(t("health.warnings", lang, types=", ".join(bad)))
    typer.echo("")


def _basis(confidence: str, lang: str) -> str:
    return t(f"confidence.{confidence}", lang)


def print_readiness(shown: dict[str, Any], view: Run) -> None:
    lang = view.lang
    yes, no = t("common.yes", lang), t("common.no", lang)
    rows = []
    for item in ("plan", "verification"):
        data = shown[item]
        value, expected = data["value"], data["expected"]
        if isinstance(value, bool):
            value, expected = (yes if value else no), (yes if expected else no)
        rows.append(
            [
                t(f"health.item.{item}", lang),
                str(value),
                str(expected),
                _verdict(data["verdict"], lang),
                _basis(data["confidence"], lang),
            ]
        )
    print_table(
        [t(f"health.col.{c}", lang) for c in ("item", "value", "expected", "status", "basis")],
        rows,
        styles=[STYLE.get(shown[i]["verdict"]) for i in ("plan", "verification")],
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


def _history(rows: Sequence[dict[str, Any]], view: Run) -> None:
    lang = view.lang
    cols = ("id", "origin", "taken", "imported", "by", "marketplaces", "status")
    print_table(
        [t(f"health.col.{c}", lang) for c in cols],
        [
            [
                str(r["id"]),
                t("health.source." + r["source"], lang),
                _date(r["taken_at"], view),
                _date(r["imported_at"], view),
                r["recorded_by"],
                ", ".join(r["marketplaces"]),
                _verdict(r["verdict"], lang),
            ]
            for r in rows
        ],
        title=t("health.history_title", lang),
    )
    typer.echo("")


def print_health(shown: dict[str, Any], view: Run) -> None:
    lang = view.lang
    typer.echo(
        t("health.title", lang, store=shown["store"], verdict=_verdict(shown["verdict"], lang))
    )
    typer.echo("")
    if shown.get("history"):
        _history(shown["history"], view)
    if not shown["marketplaces"]:
        typer.echo(t("health.no_snapshots", lang, store=shown["store"]))
        typer.echo("")
    for marketplace in shown["marketplaces"]:
        _marketplace(marketplace, view)
    print_readiness(shown, view)
    typer.echo("")
    print_documents(shown["documents"], view)
    typer.echo("")
    typer.echo(shown["statement"])
