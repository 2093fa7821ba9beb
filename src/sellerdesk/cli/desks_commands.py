"""``sellerdesk desks``: every desk rule with its source, date and confidence."""

from __future__ import annotations

import typer

from sellerdesk.cli.hours_commands import desk_name
from sellerdesk.cli.options import DesksOpt, JsonOpt, LangOpt, handles_errors
from sellerdesk.cli.render import emit_json, print_table
from sellerdesk.cli.run import open_run
from sellerdesk.core.hours.ranges import format_week
from sellerdesk.core.i18n import t


def desks_cmd(
    json_out: JsonOpt = False,
    lang: LangOpt = None,
    desks: DesksOpt = None,
) -> None:
    """Every desk and channel with its weekly hours and where each rule comes from."""
    ctx = open_run(lang, desks=desks)
    rows, data = [], []
    for desk in ctx.desks.values():
        for name, rule in desk.channels.items():
            closures = ", ".join(
                [
                    *rule.days.holidays,
                    *(f"{m:02d}-{d:02d}" for m, d in sorted(rule.days.closed_yearly)),
                ]
            )
            data.append(
                {
                    "desk": desk.key,
                    "name": desk.name,
                    "name_zh": desk.name_zh,
                    "timezone": desk.timezone.key,
                    "language": desk.language,
                    "marketplaces": list(desk.marketplaces),
                    "channel": name,
                    "hours": format_week(rule.week),
                    "holidays": list(rule.days.holidays),
                    "closed": sorted(d.isoformat() for d in rule.days.closed),
                    "open": sorted(d.isoformat() for d in rule.days.open),
                    "requires_plan": rule.requires_plan,
                    "source": rule.fact.source,
                    "as_of": rule.fact.as_of.isoformat(),
                    "confidence": rule.fact.confidence,
                    "note": rule.fact.note,
                    "file": desk.origin,
                }
            )
            rows.append(
                [
                    desk.key,
                    desk_name(desk, ctx.lang),
                    desk.timezone.key,
                    ",".join(desk.marketplaces),
                    t(f"channel.{name}", ctx.lang),
                    format_week(rule.week),
                    closures,
                    rule.fact.confidence,
                    rule.fact.as_of.isoformat(),
                    rule.fact.source,
                ]
            )
    if json_out:
        emit_json(data)
        return
    cols = (
        "key",
        "name",
        "zone",
        "markets",
        "channel",
        "hours",
        "days",
        "confidence",
        "as_of",
        "source",
    )
    print_table([t(f"desks.col_{c}", ctx.lang) for c in cols], rows)


def register(app: typer.Typer) -> None:
    app.command("desks")(handles_errors(desks_cmd))
