"""``calendar add-notice|add-days|list|show|remove``: a year's official holidays as data.

The admin's Holiday calendars page does the same through the same service
(``services/holiday_years.py``); the files land in the data folder's ``calendars/``.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from sellerdesk.cli.field_flags import spelled
from sellerdesk.cli.options import JsonOpt, LangOpt, handles_errors
from sellerdesk.cli.render import print_table
from sellerdesk.cli.run import Run, open_run
from sellerdesk.cli.words import word
from sellerdesk.core.errors import Conflict, InvalidInput
from sellerdesk.core.hours.calendars import SavedYear, unreadable_saved_files
from sellerdesk.core.i18n import t
from sellerdesk.services import holiday_years
from sellerdesk.services.holiday_years import MonthGrid, YearPreview

calendar_app = typer.Typer(help="Official holiday years added as data. 节假日安排。")

# the service's fields as typed here
WORDS = {
    "notice": "FILE",
    "year": "--year",
    "calendar": "CALENDAR",
    "closed": "--off",
    "working": "--working",
    "source": "--source",
    "as_of": "--as-of",
}
YearOpt = Annotated[int, typer.Option("--year", help="The year the arrangement is for.")]
SourceOpt = Annotated[
    str, typer.Option("--source", help="Where it was published (default: the notice's title).")
]
AsOfOpt = Annotated[
    str | None, typer.Option("--as-of", help="Published or read on, YYYY-MM-DD (default: today).")
]
DryRunOpt = Annotated[bool, typer.Option("--dry-run", help="Check and show; save nothing.")]
ReplaceOpt = Annotated[bool, typer.Option("--replace", help="Replace a year saved before.")]
CalendarArg = Annotated[str, typer.Argument(help="CN, or a country code such as US, DE, JP.")]
YearArg = Annotated[int, typer.Argument(help="The year, e.g. 2027.")]


def _as_of(text: str | None, run: Run, preview: YearPreview) -> date:
    if not text:  # the notice's own date when it has one, else today
        return holiday_years.default_as_of(preview, run.now.astimezone(run.zone).date())
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInput.of("time.bad_date", field="as_of", value=text) from None


def _finish(
    run: Run,
    preview: YearPreview,
    *,
    dry_run: bool,
    replace: bool,
    source: str,
    as_of: str | None,
    notice: str = "",
) -> None:
    found = preview.arrangement
    counts = {"closed": len(found.closed), "working": len(found.working)}
    if preview.already_saved and not replace and not dry_run:
        name, year = found.calendar, found.year
        raise Conflict.of("calendars.exists", field="year", calendar=name, year=year)
    if dry_run:
        if run.json({**_arrangement_json(preview), "saved": False}):
            return
        _print_months(run, preview.months)
        typer.echo(t("calendars.dry_run", run.lang, **counts))
        return
    saved = holiday_years.save(
        run.settings.home,
        preview,
        source=source,
        as_of=_as_of(as_of, run, preview),
        now=run.now,
        actor="cli",
        notice=notice,
    )
    if run.json({**_arrangement_json(preview), "saved": True, **_saved_json(saved)}):
        return
    named = word("calendar", found.calendar, run.lang)
    typer.echo(t("calendars.saved", run.lang, calendar=named, year=found.year, **counts))


@calendar_app.command("add-notice")
@handles_errors
@spelled(WORDS)
def add_notice(
    file: Annotated[str, typer.Argument(help="The notice as a text file (UTF-8), or - for stdin.")],
    year: YearOpt,
    source: SourceOpt = "",
    as_of: AsOfOpt = None,
    dry_run: DryRunOpt = False,
    replace: ReplaceOpt = False,
    json_out: JsonOpt = False,
    lang: LangOpt = None,
) -> None:
    """Read the State Council's yearly notice (China) and use its days from now on."""
    run = open_run(lang, json_out=json_out)
    try:
        text = sys.stdin.read() if file == "-" else Path(file).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        raise InvalidInput.of("calendars.notice_no_dates", field="notice", year=year) from None
    preview = holiday_years.preview_notice(run.settings.home, text, year)
    _finish(run, preview, dry_run=dry_run, replace=replace, source=source, as_of=as_of, notice=text)


@calendar_app.command("add-days")
@handles_errors
@spelled(WORDS)
def add_days(
    calendar: CalendarArg,
    year: YearOpt,
    off: Annotated[
        str, typer.Option("--off", help="Days off: dates or ranges, comma-separated.")
    ] = "",
    working: Annotated[
        str, typer.Option("--working", help="China's make-up working days (weekend dates).")
    ] = "",
    source: SourceOpt = "",
    as_of: AsOfOpt = None,
    dry_run: DryRunOpt = False,
    replace: ReplaceOpt = False,
    json_out: JsonOpt = False,
    lang: LangOpt = None,
) -> None:
    """Type a year's days off (and China's make-up working days) instead of a notice."""
    run = open_run(lang, json_out=json_out)
    preview = holiday_years.preview_days(run.settings.home, calendar, year, off, working)
    _finish(run, preview, dry_run=dry_run, replace=replace, source=source, as_of=as_of)


@calendar_app.command("list")
@handles_errors
def list_cmd(json_out: JsonOpt = False, lang: LangOpt = None) -> None:
    """Saved years, and China's this year and next with what they rest on."""
    run = open_run(lang, json_out=json_out)
    years = holiday_years.list_years(run.settings.home, run.now.date())
    if run.json(
        [
            {
                "calendar": y.calendar,
                "year": y.year,
                "basis": y.basis,
                "estimated": y.basis == "estimated",
                "closed_days": y.closed_days,
                "working_days": y.working_days,
                "source": y.source,
                "as_of": y.as_of.isoformat() if y.as_of else None,
                "confidence": y.confidence,
            }
            for y in years
        ]
    ):
        return
    lang = run.lang
    rows = [
        [
            word("calendar", y.calendar, lang),
            str(y.year),
            t(f"calendars.basis_{y.basis}", lang),
            f"{y.closed_days}/{y.working_days}",
            y.source,
        ]
        for y in years
    ]
    headers = [t(f"calendars.col_{c}", lang) for c in ("calendar", "year", "basis")]
    headers += [t("calendars.cli_col_days", lang), t("calendars.col_source", lang)]
    print_table(headers, rows, title=t("calendars.list_title", lang))
    broken = unreadable_saved_files()
    if broken:
        typer.echo(t("calendars.broken", lang, names=", ".join(broken)), err=True)


@calendar_app.command("show")
@handles_errors
@spelled(WORDS)
def show_cmd(
    calendar: CalendarArg, year: YearArg, json_out: JsonOpt = False, lang: LangOpt = None
) -> None:
    """The year as every schedule uses it: a month grid of days off and make-up days."""
    run = open_run(lang, json_out=json_out)
    holiday_years.list_years(run.settings.home, run.now.date())  # reads the saved years
    found = holiday_years.summary(calendar, year)
    months = holiday_years.year_months(calendar, year)
    if run.json(
        {
            "calendar": found.calendar,
            "year": found.year,
            "basis": found.basis,
            "estimated": found.basis == "estimated",
            "source": found.source,
            "as_of": found.as_of.isoformat() if found.as_of else None,
            "confidence": found.confidence,
            "closed": [c.day.isoformat() for c in _cells(months, "off")],
            "working": [c.day.isoformat() for c in _cells(months, "working")],
        }
    ):
        return
    named = word("calendar", found.calendar, run.lang)
    typer.echo(
        f"{t('calendars.shown_title', run.lang, calendar=named, year=year)} · "
        f"{t(f'calendars.basis_{found.basis}', run.lang)} · {found.source}"
    )
    _print_months(run, months)


@calendar_app.command("remove")
@handles_errors
@spelled(WORDS)
def remove_cmd(
    calendar: CalendarArg, year: YearArg, json_out: JsonOpt = False, lang: LangOpt = None
) -> None:
    """Delete a saved year: the library's data, or the estimate, applies again."""
    run = open_run(lang, json_out=json_out)
    holiday_years.remove(run.settings.home, calendar, year)
    name = calendar.strip().upper()
    named = word("calendar", name, run.lang)
    result = {"calendar": name, "year": year, "removed": True}
    run.finish(result, "calendars.removed", calendar=named, year=year)


def _cells(months: tuple[MonthGrid, ...], kind: str) -> list[holiday_years.DayCell]:
    return [c for m in months for w in m.weeks for c in w if c is not None and c.kind == kind]


def _print_months(run: Run, months: tuple[MonthGrid, ...]) -> None:
    """Twelve small month grids: ``*`` a day off, ``+`` a make-up working day."""
    heads = t("calendars.weekdays", run.lang).split()
    for grid in months:
        typer.echo("")
        typer.echo(t("calendars.month", run.lang, month=grid.month, year=grid.year))
        typer.echo(" ".join(f"{h:>3}" for h in heads))
        for week in grid.weeks:
            cells = []
            for cell in week:
                mark = {"off": "*", "working": "+"}.get(cell.kind, " ") if cell else " "
                cells.append(f"{cell.day.day:>2}{mark}" if cell else "   ")
            typer.echo(" ".join(cells))
    typer.echo("")
    typer.echo(
        f"* {t('calendars.legend_off', run.lang)}   + {t('calendars.legend_working', run.lang)}"
    )


def _arrangement_json(preview: YearPreview) -> dict[str, object]:
    found = preview.arrangement
    return {
        "calendar": found.calendar,
        "year": found.year,
        "closed": [d.isoformat() for d in sorted(found.closed)],
        "working": [d.isoformat() for d in sorted(found.working)],
        "holidays": [
            {"name": h.name, "first": h.first.isoformat(), "last": h.last.isoformat()}
            for h in found.holidays
        ],
        "ignored": list(found.ignored),
        "replaces_estimate": preview.replaces_estimate,
        "changed_days": preview.changed_days,
    }


def _saved_json(saved: SavedYear) -> dict[str, object]:
    return {
        "source": saved.source,
        "as_of": saved.as_of.isoformat(),
        "confidence": saved.confidence,
        "file": f"calendars/{saved.file_name}",
    }


def register(app: typer.Typer) -> None:
    app.add_typer(calendar_app, name="calendar")
