"""``sellerdesk worker`` (deliver due reminders) and ``sellerdesk remind --due`` (list them)."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Annotated, Any

import typer

from sellerdesk.cli.options import AtOpt, JsonOpt, LangOpt, TzOpt, check_lang, handles_errors
from sellerdesk.cli.render import emit_json, iso, print_table, span, when
from sellerdesk.cli.run import Run, open_run
from sellerdesk.core.errors import InvalidInput
from sellerdesk.core.i18n import t

if TYPE_CHECKING:  # the database libraries load only when a tracker command runs
    from sellerdesk.services.cases.followups import DueReminder
    from sellerdesk.worker.backups import BackupJob


@handles_errors
def worker_cmd(
    once: Annotated[
        bool, typer.Option("--once", help="Deliver what is due now and exit (cron, tests).")
    ] = False,
    interval: Annotated[float, typer.Option("--interval", help="Seconds between rounds.")] = 30.0,
    worker_id: Annotated[
        str | None, typer.Option("--worker-id", help="This worker's name (default: host:pid).")
    ] = None,
    at: AtOpt = None,
    tz: TzOpt = None,
    lang: LangOpt = None,
) -> None:
    """Deliver due reminders as notes on their cases, inside the team's hours."""
    from sellerdesk.worker import loop

    check_lang(lang)
    if interval <= 0:
        raise InvalidInput.of("worker.bad_interval", field="--interval", value=interval)
    cx = open_run(lang, tz, at)
    name = worker_id or loop.default_worker_id()
    jobs: list[Any] = [*_backup_jobs(cx, name), _mail_poll_job(cx, name), _alert_job(cx, name)]
    with loop.stopping_on_signals(threading.Event()) as stop:
        if not once:  # after the handlers are in place: a supervisor may signal from here on
            typer.echo(t("remind.worker_start", cx.lang, worker=name, interval=f"{interval:g}"))
        count = loop.run(
            cx.runtime.sessions,
            cx.runtime.ctx,
            worker_id=name,
            once=once,
            interval=interval,
            lang=cx.lang,
            clock=cx.clock,
            say=typer.echo,
            stop=stop,
            jobs=jobs,
        )
    if not once:
        typer.echo(t("remind.worker_stop", cx.lang, worker=name, count=count))
    elif any(job.failed for job in jobs):  # a cron run must see the failed backup
        typer.echo(t("backup_worker.once_failed", cx.lang), err=True)
        raise typer.Exit(1)


def _alert_job(run: Run, worker_id: str) -> Any:
    """The alert outbox: clocks about to breach, then what is due to the chat groups."""
    from sellerdesk.worker.alerts import AlertJob

    rt = run.runtime
    return AlertJob(
        rt.sessions,
        lambda: run.settings,
        lambda: rt.ctx,
        worker_id=worker_id,
        lang=run.lang,
        say=typer.echo,
    )


def _mail_poll_job(run: Run, worker_id: str) -> Any:
    """The IMAP mailboxes, each polled every ``mail.poll_interval`` seconds."""
    from sellerdesk.worker.mail_poll import mail_poll_job

    rt = run.runtime
    return mail_poll_job(
        rt.sessions, run.settings, rt.ctx, worker_id=worker_id, lang=run.lang, say=typer.echo
    )


def _backup_jobs(run: Run, worker_id: str) -> list[BackupJob]:
    """The scheduled backup (``backup.schedule``, read afresh each round)."""
    from sellerdesk.worker.backups import backup_job

    job = backup_job(
        run.runtime.engine,
        run.runtime.sessions,
        run.settings,
        run.runtime.ctx,
        worker_id=worker_id,
        lang=run.lang,
        say=typer.echo,
    )
    return [job]


@handles_errors
def remind_cmd(
    due: Annotated[
        bool, typer.Option("--due", help="Only reminders due now (default: every pending one).")
    ] = False,
    json_out: JsonOpt = False,
    at: AtOpt = None,
    tz: TzOpt = None,
    lang: LangOpt = None,
) -> None:
    """List pending reminders; with --due, the ones whose time has come."""
    from sellerdesk.services.cases import followups

    cx = open_run(lang, tz, at)
    ctx = cx.runtime.ctx
    items = followups.reminders_due(cx.runtime.sessions, now=cx.now, ctx=ctx, upcoming=not due)
    opens = None if ctx.team.is_open(cx.now) else ctx.team.next_open(cx.now)
    if json_out:
        emit_json(
            {
                "now": iso(cx.now, cx.zone),
                "team_open": opens is None,
                "team_opens_at": iso(opens, cx.zone),
                "reminders": [_json(item, cx.zone) for item in items],
            }
        )
        return
    if not items:
        typer.echo(t("remind.none", cx.lang))
        return
    keys = ("id", "case", "kind", "due", "overdue", "claimed", "subject")
    rows = [
        [
            str(i.reminder.id),
            str(i.reminder.case_id),
            i.reminder.kind,
            when(i.reminder.due_at, cx.zone, cx.lang),
            span(i.overdue_by, cx.lang) if i.overdue_by.total_seconds() > 0 else "",
            i.reminder.claimed_by or "",
            i.case_subject,
        ]
        for i in items
    ]
    title = t("remind.title", cx.lang, now=when(cx.now, cx.zone, cx.lang))
    print_table([t(f"remind.col_{k}", cx.lang) for k in keys], rows, title=title)
    if opens is not None and due:
        typer.echo(t("remind.team_closed", cx.lang, opens=when(opens, cx.zone, cx.lang)))


def _json(item: DueReminder, zone: Any) -> dict[str, Any]:
    r = item.reminder
    return {
        "id": r.id,
        "case_id": r.case_id,
        "kind": r.kind,
        "due_at": iso(r.due_at, zone),
        "due_at_utc": r.due_at.isoformat(),
        "overdue_seconds": int(item.overdue_by.total_seconds()),
        "claimed_by": r.claimed_by,
        "claimed_at": iso(r.claimed_at, zone),
        "case_subject": item.case_subject,
        "case_status": item.case_status,
    }


def register(app: typer.Typer) -> None:
    app.command("worker")(worker_cmd)
    app.command("remind")(remind_cmd)
