"""Human output of ``case show`` and ``case list`` (zh/en, times in --tz)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

import typer

from sellerdesk.cli.render import print_table, span, when
from sellerdesk.cli.run import Run
from sellerdesk.cli.words import word
from sellerdesk.core.i18n import t

if TYPE_CHECKING:  # the views' module reads the tables: imported with the service, not here
    from sellerdesk.services.cases.models import CaseView, ClockView


def _at(moment: datetime | None, view: Run) -> str:
    return "" if moment is None else when(moment, view.zone, view.lang)


def _at_text(text: str | None, view: Run) -> str:
    # a list row's time, rendered to ISO text by the database (the fast list path)
    return "" if text is None else _at(datetime.fromisoformat(text), view)


def _used(seconds: float, lang: str) -> str:
    # time spent, not a countdown: none is "none yet", never span's "now"
    if seconds <= 0:
        return t("case.clock_none_yet", lang)
    return span(timedelta(seconds=seconds), lang)


def clock_line(clock: ClockView, view: Run) -> str:
    lang = view.lang
    if clock.breached:
        ago = span(timedelta(seconds=clock.overdue_seconds or 0), lang)
        return t("case.clock_breached", lang, ago=ago, due=_at(clock.due_at, view))
    if clock.running and clock.due_at:
        return t(
            "case.clock_running",
            lang,
            due=_at(clock.due_at, view),
            left=span(clock.due_at - view.now, lang),
            used=_used(clock.turn_elapsed_seconds, lang),
        )
    if clock.turns:
        total = _used(clock.total_seconds, lang)
        return t("case.clock_paused", lang, total=total, turns=clock.turns)
    return t("case.clock_idle", lang)


def print_case(shown: CaseView, view: Run) -> None:
    lang = view.lang
    typer.echo(
        t(
            "case.title",
            lang,
            id=shown.id,
            status=word("status", shown.status, lang),
            store=shown.store,
            marketplace=shown.marketplace,
            desk=word("region", shown.desk, lang),
            version=shown.version,
        )
    )
    lines = [
        ("subject", shown.subject),
        ("priority", word("priority", shown.priority, lang)),
        ("assignee", shown.assignee),
        ("tags", ", ".join(shown.tags)),
        ("case_ids", ", ".join(shown.case_ids)),
        ("identifiers", "; ".join(f"{k} {', '.join(v)}" for k, v in shown.identifiers.items())),
        ("amazon_label", shown.amazon_label),
        ("merged_into", shown.merged_into_id),
    ]
    for key, value in lines:
        if value:
            typer.echo(f"  {t(f'case.{key}', lang)}: {value}")
    for side in ("amazon", "team"):
        typer.echo(f"  {t(f'case.clock_{side}', lang)}: {clock_line(shown.clocks[side], view)}")
    guessed = [n for side in ("amazon", "team") for n in shown.clocks[side].estimated_years]
    if guessed:  # a clock resting on a year whose holidays are only guessed says so (stderr)
        from sellerdesk.cli.hours_commands import warn_estimated

        warn_estimated(lang, guessed)
    rows = []
    for e in shown.events:
        what = e.body
        lint = (e.data or {}).get("lint")
        if isinstance(lint, dict):  # the coach's note at creation, as the case page words it
            what = _coach_note(lint, lang)
        if e.direction == "status":
            before, after = (word("status", e.data.get(k), lang) for k in ("from", "to"))
            what = f"{before or '·'} → {after}"
            if e.data.get("amazon_label"):
                what += f" ({e.data['amazon_label']})"
        files = ", ".join(f"{a.name} ({a.sha256[:12]})" for a in e.attachments)
        if files:
            what = f"{what} [{t('case.attached', lang)}: {files}]"
        rows.append(
            [
                _at(e.occurred_at, view),
                word("direction", e.direction, lang),
                word("channel", e.channel, lang),
                e.author or "",
                what.replace("\n", " ")[:200],
            ]
        )
    headers = [t(f"case.col_{c}", lang) for c in ("time", "direction", "channel", "author", "body")]
    print_table(headers, rows, title=t("case.events", lang, tz=view.zone.key))


def _coach_note(lint: dict[str, Any], lang: str) -> str:
    """The score in the reader's language and the findings as sentences (the body is the
    English record: "Case coach: score 85/100; findings: language-mismatch")."""
    head = t("case_page.coach_note", lang, score=lint.get("score"))
    said = [str(f.get("message") or f.get("code")) for f in lint.get("findings") or []]
    return " ".join([head, *said]) if said else f"{head} {t('case_page.coach_note_clean', lang)}"


def print_case_list(found: list[dict[str, Any]], view: Run) -> None:
    lang = view.lang
    if not found:
        typer.echo(t("case.none", lang))
        return
    rows, styles = [], []
    for c in found:
        breach = ""
        if c["overdue_seconds"] is not None:
            ago = span(timedelta(seconds=c["overdue_seconds"]), lang)
            due = _at_text(c["next_breach_at"], view)
            breach = t("case.clock_breached", lang, ago=ago, due=due)
        elif c["next_breach_at"]:
            breach = _at_text(c["next_breach_at"], view)
        rows.append(
            [
                str(c["id"]),
                c["store"],
                c["marketplace"],
                word("status", c["status"], lang),
                c["subject"][:60],
                breach,
            ]
        )
        styles.append("red" if c["breached"] else None)
    cols = ("id", "store", "marketplace", "status", "subject", "breach")
    headers = [
        t(f"case.col_{c}" if c != "marketplace" else "cli_mend.col_marketplace", lang) for c in cols
    ]
    print_table(headers, rows, styles=styles)
