"""``mail poll`` and ``mail mailbox add|edit|list|remove|test``: IMAP mailboxes (issue 17).

Thin: each command calls one service of ``services/mail`` (mailboxes.py, imap_poll.py) and
prints its answer. These join the ``mail`` group of ``cli/mail_commands.py`` through
:func:`register`. No command takes a password on the command line (it would stay in the
shell's history): ``--credential env:VAR`` or ``file:PATH``; a pasted one only on the web.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any

import typer

from sellerdesk.cli.options import JsonOpt, LangOpt, handles_errors
from sellerdesk.cli.render import emit_json, print_table, shell_word, warn
from sellerdesk.cli.run import open_run
from sellerdesk.core.i18n import t
from sellerdesk.core.jsonable import jsonable

if TYPE_CHECKING:
    from sellerdesk.cli.run import Run
    from sellerdesk.services.mail.imap_poll import PollResult
    from sellerdesk.services.mail.mailboxes import MailboxInput, MailboxView

mailbox_app = typer.Typer(
    help="IMAP mailboxes Seller Desk reads: add, edit, list, remove, test. 收件邮箱。",
    no_args_is_help=True,
)
KeyArg = Annotated[str, typer.Argument(help="The mailbox's key, e.g. amazon-us.")]
Host = Annotated[str | None, typer.Option("--host", help="The IMAP server, e.g. imap.qq.com.")]
Port = Annotated[int | None, typer.Option("--port", help="Default: 993 (tls), 143 (starttls).")]
Security = Annotated[
    str | None,
    typer.Option("--security", help="tls, starttls, or none (only for a server on 127.0.0.1)."),
]
User = Annotated[str | None, typer.Option("--user", help="The login name on the server.")]
Folder = Annotated[str | None, typer.Option("--folder", help="The folder to read (INBOX).")]
Store = Annotated[
    str | None, typer.Option("--store", help="The store owning this mail (empty: none).")
]
Credential = Annotated[
    str | None,
    typer.Option(
        "--credential",
        help='env:VARIABLE, or file:PATH of a TOML secrets file ([mailboxes] KEY = "…").',
    ),
]
CaFile = Annotated[
    str | None, typer.Option("--ca-file", help="PEM of the CA to trust (self-hosted servers).")
]
MarkSeen = Annotated[
    bool | None,
    typer.Option("--mark-seen/--leave-unseen", help="Mark mail read once filed (default: no)."),
]
MoveTo = Annotated[
    str | None, typer.Option("--move-to", help="Move mail to this folder once filed (empty: no).")
]
Enabled = Annotated[
    bool | None, typer.Option("--enabled/--disabled", help="Whether the worker polls it.")
]
Name = Annotated[str | None, typer.Option("--name", help="A name people see (default: the key).")]


def _given(**kw: Any) -> MailboxInput:
    from sellerdesk.services.mail.mailboxes import MailboxInput

    return MailboxInput(**kw)


def _warn_about(view: MailboxView, lang: str) -> None:
    for key in view.warnings:
        warn(t(key, lang))
    if view.secret.state == "missing" and view.secret.problem:
        from sellerdesk.services.mail.mailboxes import error_words

        warn(error_words({"key": view.secret.problem, "values": _secret_values(view)}, lang))


def _secret_values(view: MailboxView) -> dict[str, str]:
    ref = view.credential
    return {
        "name": ref[4:] if ref.startswith("env:") else "",
        "path": ref[5:] if ref.startswith("file:") else "",
        "mailbox": view.key,
        "error": "",
    }


def _saving(service: str, said: str) -> Callable[..., None]:
    """The ``add`` or ``edit`` command: the same options, handed to ``mailboxes.<service>``
    (an option not given is None: on an edit, what is stored stays)."""

    def command(
        key: KeyArg,
        host: Host = None,
        user: User = None,
        credential: Credential = None,
        port: Port = None,
        security: Security = None,
        folder: Folder = None,
        store: Store = None,
        ca_file: CaFile = None,
        mark_seen: MarkSeen = None,
        move_to: MoveTo = None,
        enabled: Enabled = None,
        name: Name = None,
        json_out: JsonOpt = False,
        lang: LangOpt = None,
    ) -> None:
        from sellerdesk.services.mail import mailboxes

        run = open_run(lang, shows_times=False)
        given = _given(
            name=name, host=host, port=port, security=security, username=user, folder=folder,
            store=store, credential=credential, ca_file=ca_file, mark_seen=mark_seen,
            move_to=move_to, enabled=enabled,
        )  # fmt: skip
        save = getattr(mailboxes, service)
        view = save(run.runtime.sessions, key, given, now=run.clock())
        _done(view, run.lang, json_out, said)

    return handles_errors(command)


mailbox_app.command(
    "add", help="Add a mailbox to read (nothing is read until `mail poll` or the worker)."
)(_saving("add", "mailbox.cli.added"))
mailbox_app.command(
    "edit", help="Change a mailbox; what is not given stays as it is (its checkpoint too)."
)(_saving("change", "mailbox.cli.changed"))


def _done(view: MailboxView, lang: str, json_out: bool, key: str) -> None:
    if json_out:
        emit_json(_json(view))
        return
    said = t(key, lang, mailbox=view.key, host=view.host, port=view.port, folder=view.folder)
    typer.echo(said)
    typer.echo(t("mailbox.cli.try_it", lang, mailbox=shell_word(view.key)))
    _warn_about(view, lang)


def _json(view: MailboxView) -> dict[str, Any]:
    data = jsonable(view)
    data["secret"] = view.secret.state  # "set" / "missing": never the secret
    return data  # type: ignore[no-any-return]


@mailbox_app.command("list")
@handles_errors
def list_cmd(json_out: JsonOpt = False, lang: LangOpt = None) -> None:
    """Every mailbox with its status: last poll, last success, last error, counts."""
    from sellerdesk.cli.render import when
    from sellerdesk.services.mail import mailboxes

    run = open_run(lang)
    views = mailboxes.listed(run.runtime.sessions)
    if json_out:
        emit_json([_json(v) for v in views])
        return
    if not views:
        typer.echo(t("mailbox.cli.none", run.lang))
        return
    cols = ("key", "server", "user", "folder", "store", "secret", "state", "last_poll", "status")
    rows = []
    for v in views:
        status = _status(v, run)
        rows.append(
            [
                v.key,
                f"{v.host}:{v.port} ({t(f'mailbox.security.{v.security}', run.lang)})",
                v.username,
                v.folder,
                v.store_name or "",
                t(v.secret.words_key, run.lang, name=v.secret.reference),
                t("mailbox.cli.enabled" if v.enabled else "mailbox.cli.disabled", run.lang),
                when(v.last_poll_at, run.zone, run.lang) if v.last_poll_at else "",
                status,
            ]
        )
    print_table([t(f"mailbox.col.{c}", run.lang) for c in cols], rows)


def _status(view: MailboxView, run: Run) -> str:
    """The mailbox's status: what its last test or poll found, whichever came last."""
    from sellerdesk.cli.render import when
    from sellerdesk.services.mail import mailboxes

    refused = mailboxes.error_words(view.last_error, run.lang)
    if view.tested_last and view.last_test_at is not None:
        at = when(view.last_test_at, run.zone, run.lang)
        if refused:
            return t("mailbox.cli.test_failed_at", run.lang, at=at, error=refused)
        return t("mailbox.cli.test_ok_at", run.lang, at=at)
    if refused or not view.last_success_at:
        return refused
    return t("mailbox.cli.read_count", run.lang, count=view.counts.get("total_read", 0))


@mailbox_app.command("remove")
@handles_errors
def remove_cmd(key: KeyArg, json_out: JsonOpt = False, lang: LangOpt = None) -> None:
    """Stop reading a mailbox (mail already read stays; nothing on the server changes)."""
    from sellerdesk.services.mail import mailboxes

    run = open_run(lang, shows_times=False)
    mailboxes.remove(run.runtime.sessions, key)
    if json_out:
        emit_json({"removed": key.strip().lower()})
        return
    typer.echo(t("mailbox.cli.removed", run.lang, mailbox=key))


@mailbox_app.command("test")
@handles_errors
def test_cmd(key: KeyArg, json_out: JsonOpt = False, lang: LangOpt = None) -> None:
    """Log in and look at the folder; reads and changes nothing on the server. The outcome
    and its time become the mailbox's status (mail mailbox list, Admin › Mailboxes)."""
    from sellerdesk.services.mail import mailboxes
    from sellerdesk.services.mail.imap_poll import check_connection

    run = open_run(lang, shows_times=False)
    result = check_connection(run.runtime.sessions, key, now=run.clock())
    if json_out:
        emit_json(jsonable(result))
    elif result.ok:
        typer.echo(t("mailbox.test.ok", run.lang, mailbox=result.key, count=result.messages))
    else:
        words = mailboxes.error_words(result.error, run.lang)
        typer.echo(t("mailbox.test.failed", run.lang, mailbox=result.key, error=words), err=True)
    if not result.ok:
        raise typer.Exit(1)


@handles_errors
def poll_cmd(
    mailbox: Annotated[
        str | None, typer.Option("--mailbox", help="Poll only this mailbox (its key).")
    ] = None,
    json_out: JsonOpt = False,
    lang: LangOpt = None,
) -> None:
    """Read new mail from every enabled mailbox now (or one), and file it."""
    from sellerdesk.services.mail.imap_poll import default_ingest, poll_all
    from sellerdesk.worker.loop import default_worker_id

    run = open_run(lang, shows_times=False)
    rt = run.runtime
    results = poll_all(
        rt.sessions,
        ingest=default_ingest(rt.ctx),
        clock=run.clock,
        owner=default_worker_id(),
        only=mailbox,
    )
    if json_out:
        emit_json([jsonable(r) for r in results])
    else:
        if not results:
            typer.echo(t("mailbox.cli.none_enabled", run.lang))
        for result in results:
            _say_poll(result, run.lang)
    if any(not r.ok and r.skipped is None for r in results):
        raise typer.Exit(1)


def _say_poll(result: PollResult, lang: str) -> None:
    from sellerdesk.services.mail.mailboxes import error_words

    if result.skipped:
        typer.echo(t(f"mailbox.poll.{result.skipped}", lang, mailbox=result.key))
    elif result.error:
        words = error_words(result.error, lang)
        typer.echo(t("mailbox.poll.failed", lang, mailbox=result.key, error=words), err=True)
    else:
        counts = {
            k: result.counts.get(k, 0)
            for k in ("filed", "unfiled", "duplicate", "ignored", "refused")
        }
        typer.echo(t("mailbox.poll.done", lang, mailbox=result.key, read=result.read, **counts))
        if skipped := result.counts.get("alerts_skipped_old", 0):
            typer.echo(t("mailbox.poll.alerts_skipped", lang, mailbox=result.key, skipped=skipped))
        if result.rescanned:
            typer.echo(t("mailbox.poll.rescanned", lang, mailbox=result.key))


_joined: list[typer.Typer] = []


def register(mail_app: typer.Typer) -> None:
    """Add ``poll`` and the ``mailbox`` group to the ``mail`` group (once per group)."""
    if any(app is mail_app for app in _joined):
        return
    _joined.append(mail_app)
    mail_app.command("poll")(poll_cmd)
    mail_app.add_typer(mailbox_app, name="mailbox")
