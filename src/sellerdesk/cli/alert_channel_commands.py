"""``alerts channel add|edit|list|remove|test``: where alerts go (admins, on the server).

Secrets (a webhook URL, a signing secret, an SMTP password) are never command-line
arguments, which would stay in the shell's history and in ``ps``: each is read from an
environment variable (``--webhook-env``), a file (``--webhook-file``), or a hidden prompt.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from sellerdesk.cli.answers import answer, answer_list
from sellerdesk.cli.options import JsonOpt, LangOpt, handles_errors
from sellerdesk.cli.render import emit_json, print_table, shell_word
from sellerdesk.cli.run import open_run
from sellerdesk.core.errors import InvalidInput
from sellerdesk.core.i18n import t
from sellerdesk.core.jsonable import jsonable

if TYPE_CHECKING:
    from sellerdesk.services.alerts.channel_views import ChannelView

channel_app = typer.Typer(
    help="Chat groups and mailboxes that alerts go to. 提醒渠道。", no_args_is_help=True
)

EnvOpt = Annotated[str | None, typer.Option(help="Read it from this environment variable.")]
FileOpt = Annotated[Path | None, typer.Option(help="Read it from this file (first line).")]
Kind = Annotated[str, typer.Option("--kind", help="wecom, dingtalk, feishu, slack or email.")]
Format = Annotated[
    str | None,
    typer.Option(
        "--format", help="wecom/dingtalk: markdown|text; feishu: post|text; slack: blocks|text."
    ),
]
Keyword = Annotated[
    str | None, typer.Option("--keyword", help="DingTalk/Feishu 自定义关键词 the robot requires.")
]
SmtpHost = Annotated[str | None, typer.Option("--smtp-host", help="e.g. smtp.exmail.qq.com.")]
SmtpPort = Annotated[int | None, typer.Option("--smtp-port", help="587 (starttls), 465 (tls).")]
SmtpSecurity = Annotated[
    str | None, typer.Option("--smtp-security", help="starttls, tls, or none (127.0.0.1 only).")
]
SmtpUser = Annotated[str | None, typer.Option("--smtp-user", help="The SMTP login.")]
SmtpFrom = Annotated[str | None, typer.Option("--smtp-from", help="The sender address.")]
SmtpTo = Annotated[str | None, typer.Option("--smtp-to", help="Recipients, comma-separated.")]
SmtpCaFile = Annotated[
    str | None,
    typer.Option("--smtp-ca-file", help='A PEM CA file for a self-hosted server ("" clears).'),
]
SmtpVerify = Annotated[
    bool | None,
    typer.Option(
        "--smtp-verify/--smtp-no-verify",
        help="Check the server's certificate (the default); --smtp-no-verify exposes the "
        "alerts and the password to anyone on the path.",
    ),
]


def read_secret(*, env: str | None, file: Path | None, flag: str, prompt: str | None) -> str | None:
    """The secret from ``env`` or ``file``; else asked for (hidden) when ``prompt`` is given;
    else None. A named variable that is unset, or a file that cannot be read, is refused."""
    if env:
        value = os.environ.get(env)
        if not value:
            raise InvalidInput.of("alert_channel.secret_env_unset", field=f"--{flag}-env", name=env)
        return value.strip()
    if file is not None:
        try:
            lines = file.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise InvalidInput.of(
                "alert_channel.secret_file_unreadable",
                field=f"--{flag}-file",
                path=str(file),
                reason=getattr(exc, "strerror", None) or str(exc),
            ) from None
        value = lines[0].strip() if lines else ""
        if not value:
            raise InvalidInput.of(
                "alert_channel.secret_file_empty", field=f"--{flag}-file", path=str(file)
            )
        return value
    if prompt is not None:
        return str(typer.prompt(prompt, hide_input=True)).strip()
    return None


def _secret(flag: str, env: str | None, file: Path | None, *, ask: bool, lang: str) -> str | None:
    """``read_secret`` for ``--<flag>-env`` / ``--<flag>-file``, asking (hidden) when ``ask``."""
    prompt = t(f"alert_channels.cli.{flag}_prompt", lang) if ask else None
    return read_secret(env=env, file=file, flag=flag, prompt=prompt)


def _smtp(
    host: str | None,
    port: int | None,
    security: str | None,
    user: str | None,
    sender: str | None,
    to: str | None,
    ca_file: str | None,
    verify: bool | None,
) -> dict[str, Any]:
    """The ``--smtp-*`` options (in the commands' order) as ChannelInput fields; None: not
    given (on an edit, what is stored stays)."""
    return {
        "smtp_host": host, "smtp_port": port, "smtp_security": security, "smtp_user": user,
        "smtp_from": sender, "smtp_to": to, "smtp_ca_file": ca_file,
        "smtp_skip_verify": None if verify is None else not verify,
    }  # fmt: skip


@channel_app.command("add")
@handles_errors
def add_cmd(
    name: Annotated[str, typer.Argument(help="A name the team knows the channel by.")],
    kind: Kind,
    message_format: Format = None,
    keyword: Keyword = None,
    webhook_env: EnvOpt = None,
    webhook_file: FileOpt = None,
    signed: Annotated[
        bool, typer.Option("--signed", help="Ask for the robot's signing secret (hidden).")
    ] = False,
    secret_env: EnvOpt = None,
    secret_file: FileOpt = None,
    smtp_host: SmtpHost = None,
    smtp_port: SmtpPort = None,
    smtp_security: SmtpSecurity = None,
    smtp_user: SmtpUser = None,
    smtp_from: SmtpFrom = None,
    smtp_to: SmtpTo = None,
    smtp_ca_file: SmtpCaFile = None,
    smtp_verify: SmtpVerify = None,
    password_env: EnvOpt = None,
    password_file: FileOpt = None,
    json_out: JsonOpt = False,
    lang: LangOpt = None,
) -> None:
    """Add a channel. The webhook address is asked for (hidden) unless --webhook-env or
    --webhook-file gives it; the signing secret likewise with --signed."""
    from sellerdesk.services.alerts import channels
    from sellerdesk.services.alerts.channel_input import ChannelInput, kind_of

    run = open_run(lang, None, None)
    chosen = kind_of(kind)
    webhook = (
        None
        if chosen.value == "email"
        else _secret("webhook", webhook_env, webhook_file, ask=True, lang=run.lang)
    )
    secret = _secret("secret", secret_env, secret_file, ask=signed, lang=run.lang)
    password = _secret("password", password_env, password_file, ask=bool(smtp_user), lang=run.lang)
    smtp = _smtp(smtp_host, smtp_port, smtp_security, smtp_user,
                 smtp_from, smtp_to, smtp_ca_file, smtp_verify)  # fmt: skip
    data = ChannelInput(
        name=name, kind=chosen.value, webhook=webhook, signing_secret=secret, keyword=keyword,
        message_format=message_format, smtp_password=password, **smtp,
    )  # fmt: skip
    view = channels.add(sessions=run.runtime.sessions, now=run.now, ctx=run.runtime.ctx, data=data)
    said = t(
        "alert_channels.cli.added",
        run.lang,
        name=view.name,
        target=view.target,
        command_name=shell_word(view.name),
    )
    answer(view, json_out=json_out, line=said)


@channel_app.command("edit")
@handles_errors
def edit_cmd(
    name: Annotated[str, typer.Argument(help="The channel to change.")],
    new_name: Annotated[str | None, typer.Option("--rename", help="A new name.")] = None,
    message_format: Format = None,
    keyword: Keyword = None,
    enable: Annotated[
        bool | None, typer.Option("--enable/--disable", help="Send alerts to it, or not.")
    ] = None,
    new_webhook: Annotated[
        bool, typer.Option("--new-webhook", help="Ask for a new webhook address (hidden).")
    ] = False,
    webhook_env: EnvOpt = None,
    webhook_file: FileOpt = None,
    new_secret: Annotated[
        bool, typer.Option("--new-secret", help="Ask for a new signing secret (hidden).")
    ] = False,
    no_secret: Annotated[
        bool, typer.Option("--no-secret", help="Stop signing (the robot's security changed).")
    ] = False,
    secret_env: EnvOpt = None,
    secret_file: FileOpt = None,
    smtp_host: SmtpHost = None,
    smtp_port: SmtpPort = None,
    smtp_security: SmtpSecurity = None,
    smtp_user: SmtpUser = None,
    smtp_from: SmtpFrom = None,
    smtp_to: SmtpTo = None,
    smtp_ca_file: SmtpCaFile = None,
    smtp_verify: SmtpVerify = None,
    new_password: Annotated[
        bool, typer.Option("--new-password", help="Ask for a new SMTP password (hidden).")
    ] = False,
    password_env: EnvOpt = None,
    password_file: FileOpt = None,
    json_out: JsonOpt = False,
    lang: LangOpt = None,
) -> None:
    """Change what is given; secrets not named stay as they are."""
    from sellerdesk.services.alerts import channels
    from sellerdesk.services.alerts.channel_input import ChannelInput

    run = open_run(lang, None, None)
    webhook = _secret("webhook", webhook_env, webhook_file, ask=new_webhook, lang=run.lang)
    secret = (
        ""
        if no_secret
        else _secret("secret", secret_env, secret_file, ask=new_secret, lang=run.lang)
    )
    password = _secret("password", password_env, password_file, ask=new_password, lang=run.lang)
    smtp = _smtp(smtp_host, smtp_port, smtp_security, smtp_user,
                 smtp_from, smtp_to, smtp_ca_file, smtp_verify)  # fmt: skip
    changes = ChannelInput(
        name=new_name, enabled=enable, webhook=webhook, signing_secret=secret, keyword=keyword,
        message_format=message_format, smtp_password=password, **smtp,
    )  # fmt: skip
    view = channels.edit(
        sessions=run.runtime.sessions, now=run.now, ctx=run.runtime.ctx, name=name, changes=changes
    )
    said = t("alert_channels.cli.edited", run.lang, name=view.name, target=view.target)
    answer(view, json_out=json_out, line=said)


@channel_app.command("list")
@handles_errors
def list_cmd(json_out: JsonOpt = False, lang: LangOpt = None) -> None:
    """List the channels (webhook addresses masked, secrets never shown)."""
    from sellerdesk.services.alerts import channels

    run = open_run(lang, None, None, shows_times=False)
    views = channels.list_channels(sessions=run.runtime.sessions)
    none = t("alert_channels.cli.none", run.lang)
    answer_list(views, json_out=json_out, none=none, show=lambda: _print_channels(views, run.lang))


def _print_channels(views: Sequence[ChannelView], lang: str) -> None:
    yes, no = t("alert_channels.cli.yes", lang), t("alert_channels.cli.no", lang)
    print_table(
        [
            t(f"alert_channels.col.{c}", lang)
            for c in ("name", "kind", "target", "signed", "enabled", "last_test")
        ],
        [
            [
                v.name,
                t(f"alert_channels.kind.{v.kind.value}", lang),
                v.target,
                yes if v.signed else no,
                yes if v.enabled else no,
                t(f"alert_channels.tested.{v.last_test_outcome}", lang)
                if v.last_test_outcome
                else "-",
            ]
            for v in views
        ],
    )


@channel_app.command("remove")
@handles_errors
def remove_cmd(
    name: Annotated[str, typer.Argument(help="The channel to remove.")],
    json_out: JsonOpt = False,
    lang: LangOpt = None,
) -> None:
    """Remove a channel."""
    from sellerdesk.services.alerts import channels

    run = open_run(lang, None, None)
    gone = channels.remove(
        sessions=run.runtime.sessions, now=run.now, ctx=run.runtime.ctx, name=name
    )
    answer(gone, json_out=json_out, line=t("alert_channels.cli.removed", run.lang, name=gone.name))


@channel_app.command("test")
@handles_errors
def test_cmd(
    name: Annotated[str, typer.Argument(help="The channel to send a test message to.")],
    json_out: JsonOpt = False,
    lang: LangOpt = None,
) -> None:
    """Send a test message now and say what the vendor answered (exit 1 when not delivered)."""
    from sellerdesk.services.alerts import channels

    run = open_run(lang, None, None)
    answer = channels.send_test(
        sessions=run.runtime.sessions, now=run.now, name=name, lang=run.lang
    )
    if json_out:
        emit_json(
            {
                "channel": jsonable(answer.channel),
                "result": jsonable(answer.result),
                "words": answer.words,
            }
        )
    else:
        typer.echo(answer.words)
    if answer.result.outcome.value != "delivered":
        raise typer.Exit(1)
