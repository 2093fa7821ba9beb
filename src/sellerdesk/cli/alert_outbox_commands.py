"""``alerts route add|list|remove`` (which events go to which channel) and ``alerts outbox
list|show|retry|send-now`` (every alert, its state and every try to send it). Admins, on the
server."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from sellerdesk.cli.answers import answer, answer_list
from sellerdesk.cli.options import AtOpt, JsonOpt, LangOpt, TzOpt, handles_errors
from sellerdesk.cli.render import emit_json, print_table, when
from sellerdesk.cli.run import open_run
from sellerdesk.core.i18n import t
from sellerdesk.core.jsonable import jsonable

if TYPE_CHECKING:
    from sellerdesk.services.alerts.outbox_views import AlertView
    from sellerdesk.services.alerts.routes import RouteView

route_app = typer.Typer(
    help="Which events go to which chat group, in which language. 提醒路由。",
    no_args_is_help=True,
)
outbox_app = typer.Typer(
    help="Every alert, its state and each try to send it. 提醒发件箱。",
    invoke_without_command=True,
)

StatesOpt = Annotated[
    list[str] | None,
    typer.Option("--state", help="queued, held, sending, delivered, failed or dropped."),
]
LimitOpt = Annotated[int, typer.Option("--limit", help="How many, newest first.")]
TRIGGER_HELP = (
    "amazon-reply, needs-action, breach-soon, reminder-due, duplicate-refused, "
    "health-crossed, mail-unfiled (repeat, or comma-separated)."
)


@route_app.command("add")
@handles_errors
def route_add_cmd(
    trigger: Annotated[list[str], typer.Option("--trigger", help=TRIGGER_HELP)],
    channel: Annotated[str, typer.Option("--channel", help="The channel's name or id.")],
    store: Annotated[str | None, typer.Option("--store", help="Only this store's.")] = None,
    assignee: Annotated[
        str | None,
        typer.Option("--assignee", help="Only this user's cases; @assignee: each case's owner."),
    ] = None,
    mention: Annotated[
        bool, typer.Option("--mention/--no-mention", help="@mention the case's owner.")
    ] = True,
    alert_lang: Annotated[
        str, typer.Option("--alert-lang", help="zh, en, or recipient (each person's own).")
    ] = "recipient",
    json_out: JsonOpt = False,
    lang: LangOpt = None,
) -> None:
    """Send these triggers' alerts to a channel."""
    from sellerdesk.services.alerts import routes

    run = open_run(lang, None, None, shows_times=False)
    view = routes.add_route(
        sessions=run.runtime.sessions,
        now=run.now,
        actor=run.runtime.ctx.actor,
        triggers=trigger,
        channel=channel,
        store=store,
        assignee=assignee,
        mention=mention,
        lang=alert_lang,
    )
    if json_out:
        emit_json(jsonable(view))
        return
    typer.echo(t("alerts.route.added", run.lang, id=view.id))
    _print_routes([view], run.lang)


@route_app.command("list")
@handles_errors
def route_list_cmd(json_out: JsonOpt = False, lang: LangOpt = None) -> None:
    """List the routes."""
    from sellerdesk.services.alerts import routes

    run = open_run(lang, None, None, shows_times=False)
    views = routes.list_routes(sessions=run.runtime.sessions)
    none = t("alerts.route.none", run.lang)
    answer_list(views, json_out=json_out, none=none, show=lambda: _print_routes(views, run.lang))


@route_app.command("remove")
@handles_errors
def route_remove_cmd(
    route_id: Annotated[int, typer.Argument(help="The route's id (alerts route list).")],
    json_out: JsonOpt = False,
    lang: LangOpt = None,
) -> None:
    """Remove a route (alerts it already made stay in the outbox)."""
    from sellerdesk.services.alerts import routes

    run = open_run(lang, None, None, shows_times=False)
    routes.remove_route(
        sessions=run.runtime.sessions, now=run.now, actor=run.runtime.ctx.actor, route_id=route_id
    )
    said = t("alerts.route.removed", run.lang, id=route_id)
    answer({"removed": route_id}, json_out=json_out, line=said)


def route_words(view: RouteView, lang: str) -> list[str]:
    """A route in words: its triggers, store, whose cases, channel, language, mention, on."""
    whose = {None: t("alerts.route.anyone", lang), "@assignee": t("alerts.route.assignee", lang)}
    return [
        t("alerts.route.list_joiner", lang).join(
            t(f"alerts.trigger.{x}.label", lang) for x in view.triggers
        ),
        view.store or t("alerts.route.every_store", lang),
        whose.get(view.assignee, view.assignee or ""),
        view.channel,
        _language(view.lang, lang),
        t("alerts.route.mention_yes" if view.mention else "alerts.route.mention_no", lang),
        t("alerts.route.on" if view.enabled else "alerts.route.off", lang),
    ]


def _language(code: str, lang: str) -> str:
    """An alert's language in words ("English", "中文"), never its code."""
    if code == "recipient":
        return t("alerts.route.recipient_lang", lang)
    return t(f"alerts.lang.{code}", lang) if code in ("zh", "en") else code


def _print_routes(views: list[RouteView] | tuple[RouteView, ...], lang: str) -> None:
    headers = t("alerts.cli.route_header", lang).split(" | ")
    print_table(headers, [[str(v.id), *route_words(v, lang)] for v in views])


@outbox_app.callback()
@handles_errors
def outbox_cmd(
    ctx: typer.Context,
    state: StatesOpt = None,
    limit: LimitOpt = 50,
    json_out: JsonOpt = False,
    tz: TzOpt = None,
    lang: LangOpt = None,
) -> None:
    """List the newest alerts (``list``, the default), or ``show ID`` / ``retry ID``."""
    if ctx.invoked_subcommand is not None:
        return
    _list(state or [], limit, json_out, tz, lang)


@outbox_app.command("list")
@handles_errors
def outbox_list_cmd(
    state: StatesOpt = None,
    limit: LimitOpt = 50,
    json_out: JsonOpt = False,
    tz: TzOpt = None,
    lang: LangOpt = None,
) -> None:
    """List the newest alerts with their state."""
    _list(state or [], limit, json_out, tz, lang)


def _list(states: list[str], limit: int, json_out: bool, tz: str | None, lang: str | None) -> None:
    from sellerdesk.services.alerts import outbox_views

    run = open_run(lang, tz, None)
    page = outbox_views.outbox(sessions=run.runtime.sessions, states=states, limit=limit)
    if json_out:
        emit_json(jsonable(page))
        return
    if not page.alerts:
        typer.echo(t("alerts.cli.none", run.lang))
        return
    headers = t("alerts.cli.outbox_header", run.lang).split(" | ")
    rows = [
        [
            str(a.id),
            t(f"alerts.state.{a.state}", run.lang),
            t(f"alerts.trigger.{a.trigger}.label", run.lang),
            str(a.case_id or ""),
            a.channel,
            a.recipient or "",
            str(a.attempts),
            when(a.not_before, run.zone, run.lang) if a.state in ("queued", "held") else "",
            a.title,
        ]
        for a in page.alerts
    ]
    print_table(headers, rows)


@outbox_app.command("show")
@handles_errors
def outbox_show_cmd(
    alert_id: Annotated[int, typer.Argument(help="The alert's id.")],
    json_out: JsonOpt = False,
    tz: TzOpt = None,
    lang: LangOpt = None,
) -> None:
    """One alert, why it is in its state, and every try to send it."""
    from sellerdesk.services.alerts import outbox_views

    run = open_run(lang, tz, None)
    view = outbox_views.alert(sessions=run.runtime.sessions, alert_id=alert_id)
    if json_out:
        emit_json(jsonable(view))
        return
    _print_alert(view, run.lang, run.zone)


def _print_alert(view: AlertView, lang: str, zone: object) -> None:
    nothing = t("alerts.cli.nothing", lang)
    typer.echo(
        t(
            "alerts.cli.show_alert",
            lang,
            id=view.id,
            state=t(f"alerts.state.{view.state}", lang),
            trigger=t(f"alerts.trigger.{view.trigger}.label", lang),
            case=view.case_id or nothing,
            channel=view.channel,
            recipient=view.recipient or nothing,
            lang=_language(view.lang, lang),
            urgent=t("common.yes" if view.urgent else "common.no", lang),
            attempts=view.attempts,
        )
    )
    typer.echo(f"{view.title}\n{view.text}")
    if view.why is not None:
        typer.echo(t("alerts.cli.show_reason", lang, reason=view.reason_in(lang)))
    for a in view.tries:
        # what is not known (no answer, no code) is left out rather than shown as "-"
        said = [when(a.at, zone, lang), t(f"alerts.outcome.{a.outcome}", lang)]  # type: ignore[arg-type]
        said += [f"HTTP {a.http_status}"] if a.http_status else []
        said += [t("alerts.cli.attempt_code", lang, code=a.vendor_code)] if a.vendor_code else []
        if a.duration_ms is not None:
            said.append(t("alerts.cli.attempt_ms", lang, ms=a.duration_ms))
        typer.echo("  " + "  ".join([*said, a.detail_in(lang)]))


@outbox_app.command("retry")
@handles_errors
def outbox_retry_cmd(
    alert_id: Annotated[int, typer.Argument(help="A failed, dropped or held alert's id.")],
    at: AtOpt = None,
    json_out: JsonOpt = False,
    tz: TzOpt = None,
    lang: LangOpt = None,
) -> None:
    """Send a failed alert again, or a held one now, outside working hours too (the worker
    sends it at its next round)."""
    _send_now(alert_id, at, json_out, tz, lang)


@outbox_app.command("send-now")
@handles_errors
def outbox_send_now_cmd(
    alert_id: Annotated[int, typer.Argument(help="A held, failed or dropped alert's id.")],
    at: AtOpt = None,
    json_out: JsonOpt = False,
    tz: TzOpt = None,
    lang: LangOpt = None,
) -> None:
    """Send a held alert now without waiting for working hours (or a failed one again)."""
    _send_now(alert_id, at, json_out, tz, lang)


def _send_now(
    alert_id: int, at: str | None, json_out: bool, tz: str | None, lang: str | None
) -> None:
    from sellerdesk.services.alerts import outbox_views

    run = open_run(lang, tz, at)
    view = outbox_views.retry(
        sessions=run.runtime.sessions, now=run.now, actor=run.runtime.ctx.actor, alert_id=alert_id
    )
    answer(view, json_out=json_out, line=t("alerts.cli.retried", run.lang, id=alert_id))
