"""``hours``, ``windows``, ``next``, ``due``, ``elapsed``, ``desks``: the "Know" job on the CLI."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Annotated

import typer

from sellerdesk.cli.field_flags import HOURS_DUE, HOURS_WINDOWS, spelled
from sellerdesk.cli.options import (
    AtOpt,
    ChannelOpt,
    DesksOpt,
    JsonOpt,
    LangOpt,
    TzOpt,
    handles_errors,
)
from sellerdesk.cli.render import emit_json, iso, print_table, span, warn, when
from sellerdesk.cli.run import Run, open_run, parse_instant
from sellerdesk.cli.words import word
from sellerdesk.core.errors import InvalidInput
from sellerdesk.core.hours.calendars import CoverageNote
from sellerdesk.core.hours.model import Desk
from sellerdesk.core.i18n import t
from sellerdesk.services import desk_hours


def desk_name(desk: Desk, lang: str) -> str:
    return desk.name_zh if lang == "zh" else desk.name


def _label(desk: Desk, channel: str, lang: str) -> tuple[str, str]:
    return f"{desk.key} {desk_name(desk, lang)}", t(f"channel.{channel}", lang)


def _print_coverage(
    ctx: Run,
    desks: list[Desk],
    channels: list[str] | None,
    start: datetime,
    end: datetime,
    *,
    quiet: bool = False,
) -> list[CoverageNote]:
    """Warn (stderr) about calendar years that are only estimated; return them for JSON."""
    notes = [note for _desk, note in desk_hours.coverage_notes(desks, channels, start, end)]
    if not quiet:
        warn_estimated(ctx.lang, notes)
    return notes


def warn_estimated(lang: str, notes: Iterable[CoverageNote]) -> None:
    """One line on stderr per estimated calendar year, saying how to add the real one."""
    seen: set[tuple[str, int]] = set()
    for note in notes:
        if (note.calendar, note.year) in seen:
            continue
        seen.add((note.calendar, note.year))
        line = t(
            "calendars.estimated_line",
            lang,
            calendar=word("calendar", note.calendar, lang),
            year=note.year,
            reason=note.reason,
        )
        warn(f"{t('common.note', lang)}: {line}")


def estimated_json(notes: Iterable[CoverageNote]) -> list[dict[str, object]]:
    """The ``estimated_years`` of every answer's JSON (docs/calendars.md): each calendar year
    the answer rests on that is guessed by rule, once; ``[]`` when none."""
    out: dict[tuple[str, int], dict[str, object]] = {}
    for n in notes:
        out.setdefault(
            (n.calendar, n.year), {"calendar": n.calendar, "year": n.year, "reason": n.reason}
        )
    return [out[k] for k in sorted(out)]


def hours(
    desk: Annotated[list[str] | None, typer.Argument(help="Desks to show (default: all).")] = None,
    channel: Annotated[
        list[str] | None, typer.Option("--channel", "-c", help="Channels to show.")
    ] = None,
    json_out: JsonOpt = False,
    tz: TzOpt = None,
    at: AtOpt = None,
    lang: LangOpt = None,
    desks: DesksOpt = None,
) -> None:
    """Which desk and channel is open now, and when it next closes or opens."""
    ctx = open_run(lang, tz, at, desks=desks)
    rows = desk_hours.status_board(ctx.desks, ctx.now, only=desk, channels=channel)
    chosen = desk_hours.pick_desks(ctx.desks, desk)
    # the answers rely on the calendars up to the latest change shown
    horizon = max((r.next_change for r in rows if r.next_change is not None), default=ctx.now)
    per_desk = desk_hours.coverage_notes(chosen, channel, ctx.now, horizon)
    notes = [note for _desk, note in per_desk]
    if not json_out:
        warn_estimated(ctx.lang, notes)
    if json_out:
        emit_json(
            {
                "now": iso(ctx.now, ctx.zone),
                "timezone": ctx.zone.key,
                "channels": [
                    {
                        "desk": r.desk.key,
                        "desk_name": desk_name(r.desk, ctx.lang),
                        "channel": r.channel,
                        "open_now": r.open_now,
                        "next_open": iso(r.next_open, ctx.zone),
                        "next_close": iso(r.next_close, ctx.zone),
                        "next_change": iso(r.next_change, ctx.zone),
                        "seconds_to_change": None
                        if r.next_change is None
                        else int((r.next_change - ctx.now).total_seconds()),
                        "desk_timezone": r.desk.timezone.key,
                        "next_change_desk_time": iso(r.next_change, r.desk.timezone),
                        "requires_plan": r.requires_plan,
                        "source": r.fact.source,
                        "as_of": r.fact.as_of.isoformat(),
                        "confidence": r.fact.confidence,
                    }
                    for r in rows
                ],
                "notes": [  # per desk, as before; estimated_years is the common shape
                    {"desk": d, "calendar": n.calendar, "year": n.year, "reason": n.reason}
                    for d, n in per_desk
                ],
                "estimated_years": estimated_json(notes),
            }
        )
        return
    lang, table, styles = ctx.lang, [], []
    previous = None
    for r in rows:
        desk_label, chan = _label(r.desk, r.channel, lang)
        if r.desk.key == previous:
            desk_label = ""  # the desk is named once per group of rows
        previous = r.desk.key
        state = t("common.open", lang) if r.open_now else t("common.closed", lang)
        if r.requires_plan:
            state += " · " + t("hours.requires_plan", lang, plan=r.requires_plan)
        change = r.next_change
        if change is None:
            what, left, desk_time = (
                t("common.always", lang) if r.open_now else t("common.never", lang),
                "",
                "",
            )
        else:
            key = "hours.closes" if r.open_now else "hours.opens"
            what = t(key, lang, at=when(change, ctx.zone, lang))
            left = span(change - ctx.now, lang)
            local = change.astimezone(r.desk.timezone)
            desk_time = f"{when(change, r.desk.timezone, lang)} {local.tzname()}"
        table.append(
            [
                desk_label,
                chan,
                state,
                what,
                left,
                desk_time,
                t(f"confidence.{r.fact.confidence}", lang),
            ]
        )
        styles.append(
            "green" if r.open_now and not r.requires_plan else ("dim" if r.requires_plan else None)
        )
    headers = [
        t(f"hours.col_{c}", lang)
        for c in ("desk", "channel", "state", "change", "in", "desk_time", "basis")
    ]
    title = t("hours.title", lang, now=when(ctx.now, ctx.zone, lang), tz=ctx.zone.key)
    print_table(headers, table, title=title, styles=styles)
    typer.echo(t("hours.legend", lang))


def windows(
    desk: Annotated[str, typer.Argument(help="Desk key, e.g. na, eu, cn.")],
    channel: ChannelOpt = "case",
    start_day: Annotated[
        str | None, typer.Option("--from", help="First day YYYY-MM-DD (in --tz).")
    ] = None,
    days: Annotated[int, typer.Option("--days", help="How many days.")] = 7,
    json_out: JsonOpt = False,
    tz: TzOpt = None,
    at: AtOpt = None,
    lang: LangOpt = None,
    desks: DesksOpt = None,
) -> None:
    """Open windows that intersect [FROM 00:00, FROM+DAYS 00:00) in --tz, listed whole."""
    ctx = open_run(lang, tz, at, desks=desks)
    chosen = desk_hours.pick_desks(ctx.desks, [desk])[0]
    first = parse_day(start_day) if start_day else ctx.now.astimezone(ctx.zone).date()
    start, end = desk_hours.local_day_range(first, days, ctx.zone)
    found = desk_hours.list_windows(chosen, channel, start, end)
    _print_coverage(ctx, [chosen], [channel], start, end)
    if json_out:
        emit_json(
            [
                {
                    "desk": w.desk,
                    "channel": w.channel,
                    "start": iso(w.start, ctx.zone),
                    "end": iso(w.end, ctx.zone),
                }
                for w in found
            ]
        )
        return
    desk_label, chan = _label(chosen, channel, ctx.lang)
    title = t(
        "windows.title",
        ctx.lang,
        desk=desk_label,
        channel=chan,
        start=first.isoformat(),
        days=days,
        tz=ctx.zone.key,
    )
    if not found:
        typer.echo(title)
        typer.echo(t("windows.none", ctx.lang))
        return
    headers = [
        t("windows.col_start", ctx.lang),
        t("windows.col_end", ctx.lang),
        t("windows.col_length", ctx.lang),
        t("hours.col_desk_time", ctx.lang),
    ]
    rows = [
        [
            when(w.start, ctx.zone, ctx.lang),
            when(w.end, ctx.zone, ctx.lang),
            span(w.end - w.start, ctx.lang),
            _desk_clock(w.start, w.end, chosen),
        ]
        for w in found
    ]
    print_table(headers, rows, title=title)


def next_change(
    desk: Annotated[str, typer.Argument(help="Desk key, e.g. na, eu, cn.")],
    channel: ChannelOpt = "case",
    json_out: JsonOpt = False,
    tz: TzOpt = None,
    at: AtOpt = None,
    lang: LangOpt = None,
    desks: DesksOpt = None,
) -> None:
    """The next opening and closing of one desk channel."""
    ctx = open_run(lang, tz, at, desks=desks)
    chosen = desk_hours.pick_desks(ctx.desks, [desk])[0]
    status = desk_hours.channel_status(chosen, channel, ctx.now)
    # the answer rests on the calendars up to the later of the two changes it gives
    horizon = max((m for m in (status.next_open, status.next_close) if m), default=ctx.now)
    notes = _print_coverage(ctx, [chosen], [channel], ctx.now, horizon, quiet=json_out)
    if json_out:
        emit_json(
            {
                "desk": chosen.key,
                "channel": channel,
                "open_now": status.open_now,
                "next_open": iso(status.next_open, ctx.zone),
                "next_close": iso(status.next_close, ctx.zone),
                "requires_plan": status.requires_plan,
                "confidence": status.fact.confidence,
                "estimated_years": estimated_json(notes),
            }
        )
        return
    desk_label, chan = _label(chosen, channel, ctx.lang)
    lang, zone = ctx.lang, ctx.zone
    if status.open_now and status.next_close is None:
        typer.echo(t("next.open_always", lang, desk=desk_label, channel=chan))
    elif status.open_now and status.next_close is not None:
        typer.echo(
            t(
                "next.open_now",
                lang,
                desk=desk_label,
                channel=chan,
                close=when(status.next_close, zone, lang),
                left=span(status.next_close - ctx.now, lang),
            )
        )
    elif status.next_open is None:
        typer.echo(t("next.never_opens", lang, desk=desk_label, channel=chan))
    else:
        close = (
            when(status.next_close, zone, lang) if status.next_close else t("common.never", lang)
        )
        typer.echo(
            t(
                "next.closed_now",
                lang,
                desk=desk_label,
                channel=chan,
                open=when(status.next_open, zone, lang),
                left=span(status.next_open - ctx.now, lang),
                close=close,
            )
        )


def due(
    desk: Annotated[str, typer.Argument(help="Desk key, e.g. na, eu, cn.")],
    start: Annotated[
        str, typer.Option("--from", help="Start instant, ISO-8601 (no offset: --tz).")
    ],
    hours_: Annotated[float, typer.Option("--hours", help="Business hours to add.")],
    channel: ChannelOpt = "case",
    json_out: JsonOpt = False,
    tz: TzOpt = None,
    at: AtOpt = None,
    lang: LangOpt = None,
    desks: DesksOpt = None,
) -> None:
    """When H business hours of a desk channel have passed since --from (an SLA due time)."""
    ctx = open_run(lang, tz, at, desks=desks)
    chosen = desk_hours.pick_desks(ctx.desks, [desk])[0]
    begin = parse_instant(start, ctx.zone, "--from")
    result = desk_hours.due_at(chosen, channel, begin, hours_)
    notes = _print_coverage(ctx, [chosen], [channel], min(begin, result), max(begin, result))
    if json_out:
        emit_json({"due": iso(result, ctx.zone), "estimated_years": estimated_json(notes)})
        return
    desk_label, chan = _label(chosen, channel, ctx.lang)
    typer.echo(
        t(
            "due.line",
            ctx.lang,
            hours=f"{hours_:g}",
            desk=desk_label,
            channel=chan,
            start=when(begin, ctx.zone, ctx.lang),
            due=when(result, ctx.zone, ctx.lang),
        )
    )


def elapsed(
    desk: Annotated[str, typer.Argument(help="Desk key, e.g. na, eu, cn.")],
    start: Annotated[
        str, typer.Option("--from", help="Start instant, ISO-8601 (no offset: --tz).")
    ],
    end: Annotated[str, typer.Option("--to", help="End instant, ISO-8601 (no offset: --tz).")],
    channel: ChannelOpt = "case",
    json_out: JsonOpt = False,
    tz: TzOpt = None,
    at: AtOpt = None,
    lang: LangOpt = None,
    desks: DesksOpt = None,
) -> None:
    """Business time of a desk channel between two instants."""
    ctx = open_run(lang, tz, at, desks=desks)
    chosen = desk_hours.pick_desks(ctx.desks, [desk])[0]
    t1, t2 = parse_instant(start, ctx.zone, "--from"), parse_instant(end, ctx.zone, "--to")
    length = desk_hours.elapsed_between(chosen, channel, t1, t2)
    notes = _print_coverage(ctx, [chosen], [channel], min(t1, t2), max(t1, t2))
    seconds = int(length.total_seconds())
    if json_out:
        emit_json({"seconds": seconds, "estimated_years": estimated_json(notes)})
        return
    desk_label, chan = _label(chosen, channel, ctx.lang)
    typer.echo(
        t(
            "elapsed.line",
            ctx.lang,
            desk=desk_label,
            channel=chan,
            start=when(t1, ctx.zone, ctx.lang),
            end=when(t2, ctx.zone, ctx.lang),
            length=span(length, ctx.lang),
            seconds=seconds,
        )
    )


def _desk_clock(start: datetime, end: datetime, desk: Desk) -> str:
    a, b = start.astimezone(desk.timezone), end.astimezone(desk.timezone)
    return f"{a:%a %H:%M}-{b:%H:%M %Z}"


def parse_day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInput.of("time.bad_date", field="--from", value=text) from None


def register(app: typer.Typer) -> None:
    app.command("hours")(handles_errors(hours))
    app.command("windows")(handles_errors(spelled(HOURS_WINDOWS)(windows)))
    app.command("next")(handles_errors(next_change))
    app.command("due")(handles_errors(spelled(HOURS_DUE)(due)))
    app.command("elapsed")(handles_errors(elapsed))
