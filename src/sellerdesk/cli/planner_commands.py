"""``plan`` (our team's hours against every desk) and ``ical`` (desk windows as a calendar)."""

from __future__ import annotations

import sys
from datetime import datetime, tzinfo
from typing import Annotated

import typer

from sellerdesk.cli.field_flags import PLANNER, spelled
from sellerdesk.cli.hours_commands import desk_name, estimated_json, parse_day, warn_estimated
from sellerdesk.cli.options import (
    AtOpt,
    DesksOpt,
    JsonOpt,
    LangOpt,
    TzOpt,
    handles_errors,
)
from sellerdesk.cli.render import WEEKDAYS, emit_json, iso, print_table, when
from sellerdesk.cli.run import Run, open_run
from sellerdesk.core.i18n import t
from sellerdesk.core.zones import zone_from_text, zone_named
from sellerdesk.services import desk_hours, desk_planning

TeamHoursOpt = Annotated[
    str | None,
    typer.Option("--team-hours", help='Our hours, e.g. "Mon-Fri 09:00-18:00" (default: config).'),
]
TeamTzOpt = Annotated[
    str | None,
    typer.Option("--team-tz", help="Our zone (default: config team.timezone, else --tz)."),
]


def _windows_text(windows: tuple[tuple[datetime, datetime], ...], zone: tzinfo, lang: str) -> str:
    """``Mon-Fri 16:00-18:00``: consecutive days with the same hours are written once."""
    names = WEEKDAYS[lang]
    runs: list[tuple[int, int, str]] = []  # first weekday, last weekday, hours text
    for a, b in windows:
        la, lb = a.astimezone(zone), b.astimezone(zone)
        end = f"{lb:%H:%M}" if lb.date() == la.date() else f"{names[lb.weekday()]} {lb:%H:%M}"
        hours = f"{la:%H:%M}-{end}"
        if runs and runs[-1][2] == hours and runs[-1][1] == la.weekday() - 1:
            runs[-1] = (runs[-1][0], la.weekday(), hours)
        else:
            runs.append((la.weekday(), la.weekday(), hours))
    sep = "至" if lang == "zh" else "-"
    return ", ".join(
        f"{names[first]}{sep}{names[last]} {hours}" if first != last else f"{names[first]} {hours}"
        for first, last, hours in runs
    )


def _team(ctx: Run, hours: str | None, team_tz: str | None) -> tuple[str, str, tuple[str, ...]]:
    spec = hours or ctx.settings.team_hours
    if team_tz:  # a city as people name it (北京) or an IANA name, as --tz takes
        zone = zone_from_text(team_tz, field="--team-tz")
    else:
        zone = ctx.settings.team_timezone or ctx.zone.key
        zone_named(zone, field="--team-tz")
    return spec, zone, ctx.settings.team_holidays


def plan(
    team_hours: TeamHoursOpt = None,
    team_tz: TeamTzOpt = None,
    json_out: JsonOpt = False,
    tz: TzOpt = None,
    at: AtOpt = None,
    lang: LangOpt = None,
    desks: DesksOpt = None,
) -> None:
    """This week's overlap of our team's hours with each desk's people, and when to file."""
    from sellerdesk.hours import load_rules, team_schedule

    ctx = open_run(lang, tz, at, desks=desks)
    spec, team_zone, holidays = _team(ctx, team_hours, team_tz)
    team = team_schedule(spec, team_zone, holidays)
    week = desk_planning.plan_current_week(
        ctx.desks, team, load_rules(settings=ctx.settings), ctx.now, ctx.zone
    )
    rule = week.rule
    if not json_out:
        warn_estimated(ctx.lang, week.estimated)
    if json_out:
        emit_json(
            {
                "week_start": iso(week.start, ctx.zone),
                "week_end": iso(week.end, ctx.zone),
                "timezone": ctx.zone.key,
                "team": {"hours": spec, "timezone": team_zone, "holidays": list(holidays)},
                "rule": {
                    "key": rule.key,
                    "before": rule.before,
                    "days": rule.days,
                    "source": rule.fact.source,
                    "as_of": rule.fact.as_of.isoformat(),
                    "confidence": rule.fact.confidence,
                    "note": rule.fact.note,
                },
                "desks": [
                    {
                        "desk": p.desk,
                        "overlap": [
                            {"start": iso(a, ctx.zone), "end": iso(b, ctx.zone)}
                            for a, b in p.overlap
                        ],
                        "overlap_seconds": p.overlap_seconds,
                        "desk_open_seconds": p.desk_open_seconds,
                        "team_open_seconds": p.team_open_seconds,
                        "best_submit": iso(p.best_submit, ctx.zone),
                        "best_submit_desk_time": iso(p.best_submit, ctx.desks[p.desk].timezone),
                        "best_submit_in_team_hours": p.best_submit_in_team_hours,
                    }
                    for p in week.plans
                ],
                "estimated_years": estimated_json(week.estimated),
            }
        )
        return
    lang, rows = ctx.lang, []
    for p in week.plans:
        desk = ctx.desks[p.desk]
        best = "-"
        if p.best_submit is not None:
            local = p.best_submit.astimezone(desk.timezone)
            best = f"{when(p.best_submit, ctx.zone, lang)} ({local:%H:%M %Z})"
            if not p.best_submit_in_team_hours:
                best += " " + t("plan.outside_team", lang)
        overlap = _windows_text(p.overlap, ctx.zone, lang) or t("plan.none", lang)
        rows.append(
            [f"{desk.key} {desk_name(desk, lang)}", overlap, span_hours(p.overlap_seconds), best]
        )
    title = t(
        "plan.title",
        lang,
        start=week.start.astimezone(ctx.zone).date().isoformat(),
        team=spec,
        team_tz=team_zone,
        tz=ctx.zone.key,
    )
    print_table(
        [t(f"plan.col_{c}", lang) for c in ("desk", "overlap", "total", "best")], rows, title=title
    )
    rule_text = t("plan.rule_text", lang, days=rule.days, before=rule.before)
    typer.echo(
        t(
            "plan.rule",
            lang,
            rule=rule_text,
            confidence=t(f"confidence.{rule.fact.confidence}", lang),
            source=rule.fact.source,
        )
    )


def span_hours(seconds: int) -> str:
    return f"{seconds / 3600:g} h"


def ical(
    desk: Annotated[list[str], typer.Argument(help="Desk keys, e.g. na eu cn.")],
    channel: Annotated[
        list[str] | None, typer.Option("--channel", "-c", help="Channels (default: case).")
    ] = None,
    weeks: Annotated[int, typer.Option("--weeks", help="How many weeks from --from.")] = 4,
    start_day: Annotated[str | None, typer.Option("--from", help="First day YYYY-MM-DD.")] = None,
    tz: TzOpt = None,
    at: AtOpt = None,
    lang: LangOpt = None,
    desks: DesksOpt = None,
) -> None:
    """An RFC 5545 calendar of desk windows (times in UTC, so DST is right anywhere)."""
    ctx = open_run(lang, tz, at, desks=desks)
    chosen = desk_hours.pick_desks(ctx.desks, desk)
    channels = channel or ["case"]
    first = parse_day(start_day) if start_day else ctx.now.astimezone(ctx.zone).date()
    start, end = desk_hours.local_day_range(first, max(1, weeks) * 7, ctx.zone)
    titles = {
        (d.key, c): t(
            "ical.title", ctx.lang, desk=desk_name(d, ctx.lang), channel=t(f"channel.{c}", ctx.lang)
        )
        for d in chosen
        for c in channels
    }
    # the calendar itself says so too (X-SELLERDESK-ESTIMATED and each event's description)
    warn_estimated(
        ctx.lang,
        desk_hours.estimated_years(
            [d.schedule(c) for d in chosen for c in channels if c in d.channels], start, end
        ),
    )
    data = desk_planning.calendar_of_windows(
        ctx.desks,
        [d.key for d in chosen],
        channels,
        start,
        end,
        titles=titles,
        calendar_name=t("ical.calendar", ctx.lang),
        stamp=ctx.now,
    )
    sys.stdout.buffer.write(data)
    sys.stdout.flush()


def register(app: typer.Typer) -> None:
    app.command("plan")(handles_errors(plan))
    app.command("ical")(handles_errors(spelled(PLANNER)(ical)))
