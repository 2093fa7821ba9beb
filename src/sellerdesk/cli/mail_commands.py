"""``mail import FILE.eml|FILE.mbox|DIR`` and ``mail unfiled list|file|new|dismiss|restore``.

Thin: each command resolves its run, calls one service of ``services/mail`` and prints its
answer. The ``mail`` group is ``mail_app``; the IMAP commands (``mail poll``) are another
module's and join this group through :func:`register`.
"""

from __future__ import annotations

from datetime import tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from sellerdesk.cli.options import JsonOpt, LangOpt, TzOpt, handles_errors
from sellerdesk.cli.render import emit_json, print_table, when
from sellerdesk.cli.run import open_run
from sellerdesk.core.errors import InvalidInput
from sellerdesk.core.i18n import t
from sellerdesk.core.jsonable import jsonable

if TYPE_CHECKING:
    from sellerdesk.services.mail.importing import ImportedMail, ImportSummary
    from sellerdesk.services.mail.models import IngestOutcome, MailView

mail_app = typer.Typer(help="Mail read in: import, the Unfiled inbox. 邮件。", no_args_is_help=True)
unfiled_app = typer.Typer(
    help="Mail no rule could file: list, file on a case, make a case, dismiss. 未归档邮件。"
)
mail_app.add_typer(unfiled_app, name="unfiled")
StoreOpt = Annotated[
    str | None, typer.Option("--store", help="The store that owns this mail (its open cases).")
]
MailArg = Annotated[int, typer.Argument(help="The mail's number (from `mail unfiled list`).")]
PROGRESS_EVERY = 500


def reason_words(outcome: IngestOutcome, lang: str) -> str:
    reason = outcome.reason or ""
    return t(f"mail.reason.{reason}", lang) if reason else ""


def _summary_words(summary: ImportSummary, lang: str, key: str = "mail.import.summary") -> str:
    counts = {k: summary.count(k) for k in ("filed", "unfiled", "duplicate", "ignored", "refused")}
    return t(key, lang, **counts)


SHOWN_REFUSALS = 10


def nothing_read(summary: ImportSummary, paths: list[Path], lang: str) -> InvalidInput | None:
    """The refusal of a run that read no mail at all (exit 2): every input refused — each
    named with why — or no message in what was given. None when any mail was read (a run
    that read some and refused others exits 0; each refusal is named as it happens)."""
    if not summary.mails:
        where = ", ".join(str(p) for p in paths)
        return InvalidInput.of("mail.nothing_found", field="path", path=where)
    refused = [m for m in summary.mails if m.outcome.state == "refused"]
    if len(refused) < len(summary.mails):
        return None
    named = [
        t("mail.import.refused_item", lang, where=m.where, reason=reason_words(m.outcome, lang))
        for m in refused[:SHOWN_REFUSALS]
    ]
    if len(refused) > SHOWN_REFUSALS:
        named.append(t("mail.import.refused_more", lang, n=len(refused) - SHOWN_REFUSALS))
    return InvalidInput.of("mail.nothing_read", field="path", refused="; ".join(named))


def _refuse_if_nothing_read(summary: ImportSummary, paths: list[Path], lang: str) -> None:
    refusal = nothing_read(summary, paths, lang)
    if refusal is not None:  # a PNG or an empty file given as mail is not a success
        raise refusal


@mail_app.command("import")
@handles_errors
def import_cmd(
    paths: Annotated[list[Path], typer.Argument(help="A .eml or .mbox file, or a folder.")],
    store: StoreOpt = None,
    json_out: JsonOpt = False,
    lang: LangOpt = None,
) -> None:
    """Read mail from files: file each on its case, the rest to the Unfiled inbox."""
    from sellerdesk.services.mail.importing import import_paths, mail_files, source_for

    run = open_run(lang, shows_times=False)
    for path in paths:
        mail_files(path)  # an unreadable path: exit 2 before anything is read
    rt = run.runtime
    source = source_for(rt.sessions, key="file", store=store)
    seen = [0]

    def progress(item: ImportedMail) -> None:
        seen[0] += 1
        if item.outcome.state == "refused" and not json_out:
            words = reason_words(item.outcome, run.lang)
            typer.echo(
                t("mail.import.refused_line", run.lang, where=item.where, reason=words), err=True
            )
        elif seen[0] % PROGRESS_EVERY == 0 and not json_out:
            typer.echo(f"… {seen[0]}", err=True)

    summary = import_paths(
        rt.sessions,
        paths=paths,
        source=source,
        now=run.clock,
        ctx=rt.ctx,
        progress=progress,
        parallel=True,
    )
    if json_out:
        emit_json(
            {
                "counts": {
                    k: summary.count(k)
                    for k in ("filed", "unfiled", "duplicate", "ignored", "refused")
                },
                "attachments": {k: summary.files(k) for k in ("doubted", "too_big")},
                "alerts_skipped_old": summary.alerts_skipped(),
                "reopened": summary.reopened(),
                "mails": [{"where": m.where, **jsonable(m.outcome)} for m in summary.mails],
            }
        )
        _refuse_if_nothing_read(summary, paths, run.lang)
        return
    typer.echo(_summary_words(summary, run.lang))
    for words in summary.notes_words(run.lang):
        typer.echo(words)
    doubted, too_big = summary.files("doubted"), summary.files("too_big")
    if doubted or too_big:  # each is worded on its mail's page and case page
        typer.echo(t("mail.check.summary", run.lang, doubted=doubted, too_big=too_big))
    _refuse_if_nothing_read(summary, paths, run.lang)


def _rows(mails: tuple[MailView, ...], lang: str, zone: tzinfo) -> list[list[str]]:
    """One row a mail, its date on the team's wall clock (the header names the zone)."""
    rows = []
    for m in mails:
        at = when(m.sent_at or m.received_at, zone, lang)
        why = t(f"mail.reason.{m.reason}", lang) if m.reason else ""
        candidates = ", ".join(f"#{c}" for c in m.candidates)
        rows.append([str(m.id), m.from_addr, m.subject[:60], at, why, candidates])
    return rows


@unfiled_app.command("list")
@handles_errors
def list_cmd(
    offset: Annotated[int, typer.Option("--offset", help="Skip this many (newest first).")] = 0,
    json_out: JsonOpt = False,
    lang: LangOpt = None,
    tz: TzOpt = None,
) -> None:
    """Unfiled mail, newest first; dates in the team's zone (or --tz), named in the header."""
    from sellerdesk.services.mail.unfiled import list_unfiled

    run = open_run(lang, tz)
    page = list_unfiled(run.runtime.sessions, offset=offset)
    if json_out:
        emit_json(jsonable(page))
        return
    if not page.mails:
        typer.echo(t("mail.unfiled.empty", run.lang))
        return
    heads = [
        "#",
        t("mail.unfiled.col_from", run.lang),
        t("mail.unfiled.col_subject", run.lang),
        t("mail.unfiled.col_date_in", run.lang, tz=run.zone.key),
        t("mail.unfiled.col_why", run.lang),
        t("mail.unfiled.col_candidates", run.lang),
    ]
    rows = _rows(page.mails, run.lang, run.zone)
    print_table(heads, rows, title=t("mail.unfiled.total", run.lang, n=page.total))


def _done(view: MailView, json_out: bool, words: str) -> None:
    if json_out:
        emit_json(jsonable(view))
    else:
        typer.echo(words)


@unfiled_app.command("file")
@handles_errors
def file_cmd(
    mail_id: MailArg,
    case: Annotated[
        str,
        typer.Option(
            "--case", help="The case to file it on: our number (#51) or its Amazon Case ID."
        ),
    ],
    json_out: JsonOpt = False,
    lang: LangOpt = None,
) -> None:
    """File an unfiled mail on a case."""
    from sellerdesk.services.mail.unfiled import file_mail

    run = open_run(lang)
    rt = run.runtime
    view = file_mail(rt.sessions, mail_id=mail_id, case=case, now=run.now, ctx=rt.ctx)
    _done(
        view,
        json_out,
        t("mail.unfiled.filed_done", run.lang, mail_id=mail_id, case_id=view.case_id),
    )


@unfiled_app.command("new")
@handles_errors
def new_cmd(
    mail_id: MailArg,
    store: Annotated[
        str | None,
        typer.Option("--store", help="The store the new case is for (default: the mail's)."),
    ] = None,
    marketplace: Annotated[
        str | None,
        typer.Option("--marketplace", help="Its marketplace (default: the store's first)."),
    ] = None,
    json_out: JsonOpt = False,
    lang: LangOpt = None,
) -> None:
    """Create a draft case from an unfiled mail and file the mail on it."""
    from sellerdesk.services.mail.unfiled import new_case_from_mail

    run = open_run(lang)
    rt = run.runtime
    view = new_case_from_mail(
        rt.sessions, mail_id=mail_id, store=store, marketplace=marketplace, now=run.now, ctx=rt.ctx
    )
    _done(
        view,
        json_out,
        t("mail.unfiled.filed_done", run.lang, mail_id=mail_id, case_id=view.case_id),
    )


@unfiled_app.command("dismiss")
@handles_errors
def dismiss_cmd(mail_id: MailArg, json_out: JsonOpt = False, lang: LangOpt = None) -> None:
    """Take a mail out of the Unfiled inbox (it is kept)."""
    from sellerdesk.services.mail.unfiled import dismiss_mail

    run = open_run(lang)
    rt = run.runtime
    view = dismiss_mail(rt.sessions, mail_id=mail_id, now=run.now, ctx=rt.ctx)
    _done(view, json_out, t("mail.unfiled.dismissed_done", run.lang, mail_id=mail_id))


@unfiled_app.command("restore")
@handles_errors
def restore_cmd(mail_id: MailArg, json_out: JsonOpt = False, lang: LangOpt = None) -> None:
    """Undo a dismiss: put the mail back in the Unfiled inbox."""
    from sellerdesk.services.mail.unfiled import restore_mail

    run = open_run(lang)
    rt = run.runtime
    view = restore_mail(rt.sessions, mail_id=mail_id, now=run.now, ctx=rt.ctx)
    _done(view, json_out, t("mail.unfiled.restored_done", run.lang, mail_id=mail_id))


def register(app: typer.Typer) -> None:
    from sellerdesk.cli import mailbox_commands  # mail poll, mail mailbox … (IMAP)

    mailbox_commands.register(mail_app)
    app.add_typer(mail_app, name="mail")
