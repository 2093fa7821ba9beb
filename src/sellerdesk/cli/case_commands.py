"""``case new|submit|log|status|assign|tag|merge|show|list``: the tracker on the command line.

Each handler parses, calls one service (one transaction) and renders; errors exit 2
(invalid input) or 3 (conflict) with nothing written. Services (and with them the
database libraries) are imported inside the handlers, so the hours commands start light.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from sellerdesk.cli.case_fields import flags, read_body_file
from sellerdesk.cli.case_render import print_case, print_case_list
from sellerdesk.cli.options import AtOpt, JsonOpt, LangOpt, TzOpt, handles_errors
from sellerdesk.cli.render import emit_json
from sellerdesk.cli.run import Run, open_run
from sellerdesk.core.errors import InvalidInput
from sellerdesk.core.i18n import t
from sellerdesk.core.jsonable import jsonable

if TYPE_CHECKING:  # the services (and the database libraries) load inside the handlers
    from sellerdesk.services.cases import Outcome

case_app = typer.Typer(help="Cases raised with Seller Support. 案例。", no_args_is_help=True)

IdArg = Annotated[int, typer.Argument(help="Our case id (from `case new`).")]
ExpectOpt = Annotated[
    int | None,
    typer.Option("--expect-version", help="Refuse the change if the case moved past this version."),
]
Many = Annotated[list[str] | None, typer.Option()]


def _report(done: Outcome, message: str, run: Run, json_out: bool, **fields: Any) -> None:
    """Print a change's outcome: as JSON, or as one translated line (``fields``: the words
    the line needs besides the outcome's own, e.g. the assignee)."""
    answer = jsonable(done)
    if json_out:
        emit_json(answer)
    else:
        typer.echo(t(message, run.lang, **{**fields, **answer}))


@case_app.command("new")
@handles_errors
def new_cmd(
    store: Annotated[str | None, typer.Option("--store", help="The store's name.")] = None,
    marketplace: Annotated[
        str | None, typer.Option("--marketplace", help="e.g. US, DE, JP.")
    ] = None,
    subject: Annotated[str | None, typer.Option("--subject", help="One line.")] = None,
    from_draft: Annotated[
        Path | None,
        typer.Option("--from-draft", help="A case draft (JSON/TOML/text): stored with its lint."),
    ] = None,
    body_file: Annotated[
        Path | None, typer.Option("--body-file", help="Markdown/text, or JSON fields.")
    ] = None,
    order_id: Annotated[list[str] | None, typer.Option("--order-id")] = None,
    asin: Annotated[list[str] | None, typer.Option("--asin")] = None,
    sku: Annotated[list[str] | None, typer.Option("--sku")] = None,
    shipment_id: Annotated[list[str] | None, typer.Option("--shipment-id")] = None,
    priority: Annotated[str, typer.Option("--priority", help="normal, high or urgent.")] = "normal",
    category: Annotated[str | None, typer.Option("--category")] = None,
    desk: Annotated[str | None, typer.Option("--desk", help="Override the desk.")] = None,
    force: Annotated[bool, typer.Option("--force", help="Create despite open duplicates.")] = False,
    reason: Annotated[str | None, typer.Option("--reason", help="Why --force.")] = None,
    json_out: JsonOpt = False,
    lang: LangOpt = None,
    tz: TzOpt = None,
    at: AtOpt = None,
) -> None:
    """Record a new case as a draft; refused when the store has an open duplicate."""
    from sellerdesk.services import cases

    if from_draft is not None:
        from sellerdesk.cli.coach_commands import new_from_draft

        with flags(subject="subject"):  # a draft's subject is the draft's field, not a flag
            new_from_draft(
                from_draft,
                store=store,
                marketplace=marketplace,
                priority=priority,
                force=force,
                reason=reason,
                json_out=json_out,
                lang=lang,
                tz=tz,
                at=at,
            )
        return
    for flag, value in (("--store", store), ("--marketplace", marketplace), ("--subject", subject)):
        if not value:
            raise InvalidInput.of("case.flag_missing", field=flag, flag=flag)
    assert store and marketplace and subject  # checked above; narrows the types

    run = open_run(lang, tz, at)
    with flags():
        case_id = cases.create(
            sessions=run.runtime.sessions,
            now=run.now,
            ctx=run.runtime.ctx,
            store=store,
            marketplace=marketplace,
            subject=subject,
            body=read_body_file(body_file),
            order_ids=order_id or (),
            asins=asin or (),
            skus=sku or (),
            shipment_ids=shipment_id or (),
            priority=priority,
            category=category,
            desk=desk,
            force=force,
            reason=reason,
        )
    if json_out:
        emit_json({"id": case_id})
    else:
        typer.echo(t("case.created", run.lang, id=case_id))


@case_app.command("submit")
@handles_errors
def submit_cmd(
    case_id: IdArg,
    amazon_case_id: Annotated[str, typer.Option("--case-id", help="Amazon's Case ID.")],
    channel: Annotated[str, typer.Option("--channel", help="case, chat or phone.")] = "case",
    expect_version: ExpectOpt = None,
    json_out: JsonOpt = False,
    lang: LangOpt = None,
    tz: TzOpt = None,
    at: AtOpt = None,
) -> None:
    """Record Amazon's Case ID: the draft becomes submitted and Amazon's clock starts."""
    from sellerdesk.services import cases

    run = open_run(lang, tz, at)
    with flags():
        done = cases.move(
            sessions=run.runtime.sessions,
            now=run.now,
            ctx=run.runtime.ctx,
            case_id=case_id,
            status="submitted",
            amazon_case_id=amazon_case_id,
            channel=channel,
            expected_version=expect_version,
        )
    _report(done, "case.submitted", run, json_out)


@case_app.command("log")
@handles_errors
def log_cmd(
    case_id: IdArg,
    direction: Annotated[str, typer.Option("--direction", help="in, out or note.")],
    body: Annotated[str, typer.Option("--body", help="What was said.")] = "",
    channel: Annotated[
        str, typer.Option("--channel", help="case, e-mail, chat, phone or call-back.")
    ] = "case",
    attach: Annotated[list[Path] | None, typer.Option("--attach", help="A file.")] = None,
    author: Annotated[str | None, typer.Option("--author")] = None,
    expect_version: ExpectOpt = None,
    json_out: JsonOpt = False,
    lang: LangOpt = None,
    tz: TzOpt = None,
    at: AtOpt = None,
) -> None:
    """Append a communication record (never edited; a correction is a new event)."""
    from sellerdesk.services import cases

    run = open_run(lang, tz, at)
    with flags():
        done = cases.log_event(
            sessions=run.runtime.sessions,
            now=run.now,
            ctx=run.runtime.ctx,
            case_id=case_id,
            direction=direction,
            body=body,
            channel=channel,
            author=author,
            attachments=attach or (),
            expected_version=expect_version,
        )
    _report(done, "case.logged", run, json_out)


@case_app.command("status")
@handles_errors
def status_cmd(
    case_id: IdArg,
    status: Annotated[str, typer.Argument(help="The new status.")],
    amazon_label: Annotated[
        str | None, typer.Option("--amazon-label", help="Amazon's own status text.")
    ] = None,
    expect_version: ExpectOpt = None,
    json_out: JsonOpt = False,
    lang: LangOpt = None,
    tz: TzOpt = None,
    at: AtOpt = None,
) -> None:
    """Move the case to STATUS (illegal moves are refused, listing the allowed ones)."""
    from sellerdesk.services import cases

    run = open_run(lang, tz, at)
    # submitted and merged need what only `case submit` and `case merge` take: STATUS names it
    with flags(status="STATUS", amazon_case_id="STATUS", into="STATUS"):
        done = cases.move(
            sessions=run.runtime.sessions,
            now=run.now,
            ctx=run.runtime.ctx,
            case_id=case_id,
            status=status,
            amazon_label=amazon_label,
            expected_version=expect_version,
        )
    _report(done, "case.status_set", run, json_out)


@case_app.command("assign")
@handles_errors
def assign_cmd(
    case_id: IdArg,
    user: Annotated[
        str | None,
        typer.Argument(help="Who owns the case: an admin, or an agent granted its store."),
    ] = None,
    unassign: Annotated[bool, typer.Option("--unassign", help="Nobody owns it.")] = False,
    expect_version: ExpectOpt = None,
    json_out: JsonOpt = False,
    lang: LangOpt = None,
    tz: TzOpt = None,
    at: AtOpt = None,
) -> None:
    """Give the case an owner (or none, with --unassign)."""
    from sellerdesk.services import cases

    if (user is None) == (not unassign):
        raise InvalidInput.of("case_views.user_or_unassign", field="USER")
    run = open_run(lang, tz, at)
    with flags():
        done = cases.assign(
            sessions=run.runtime.sessions,
            now=run.now,
            ctx=run.runtime.ctx,
            case_id=case_id,
            user=None if unassign else user,
            expected_version=expect_version,
        )
    if unassign:
        _report(done, "case_views.unassigned_done", run, json_out)
    else:
        _report(done, "case.assigned", run, json_out, user=user)


@case_app.command("tag")
@handles_errors
def tag_cmd(
    case_id: IdArg,
    add: Annotated[
        list[str] | None, typer.Option("--add", help="A tag to add (repeat, or a,b).")
    ] = None,
    remove: Annotated[
        list[str] | None, typer.Option("--remove", help="A tag to remove (repeat, or a,b).")
    ] = None,
    expect_version: ExpectOpt = None,
    json_out: JsonOpt = False,
    lang: LangOpt = None,
    tz: TzOpt = None,
    at: AtOpt = None,
) -> None:
    """Add or remove tags (trimmed, case-insensitive: FBA and fba are one tag)."""
    from sellerdesk.services import cases

    run = open_run(lang, tz, at)
    with flags():
        done = cases.tag(
            sessions=run.runtime.sessions,
            now=run.now,
            ctx=run.runtime.ctx,
            case_id=case_id,
            add=add or [],
            remove=remove or [],
            expected_version=expect_version,
        )
    if json_out:
        emit_json(jsonable(done))
        return
    tags = ", ".join(done.tags or ()) or t("case.no_tags", run.lang)
    typer.echo(t("case.tagged", run.lang, id=done.id, tags=tags, version=done.version))


@case_app.command("merge")
@handles_errors
def merge_cmd(
    case_id: IdArg,
    into: Annotated[int, typer.Argument(help="The case that stays.")],
    expect_version: ExpectOpt = None,
    json_out: JsonOpt = False,
    lang: LangOpt = None,
    tz: TzOpt = None,
    at: AtOpt = None,
) -> None:
    """Fold case ID into case INTO: its Case IDs and records move there."""
    from sellerdesk.services import cases

    run = open_run(lang, tz, at)
    with flags():
        done = cases.move(
            sessions=run.runtime.sessions,
            now=run.now,
            ctx=run.runtime.ctx,
            case_id=case_id,
            status="merged",
            into=into,
            expected_version=expect_version,
        )
    _report(done, "case.merged", run, json_out)


@case_app.command("show")
@handles_errors
def show_cmd(
    case_id: IdArg,
    json_out: JsonOpt = False,
    lang: LangOpt = None,
    tz: TzOpt = None,
    at: AtOpt = None,
) -> None:
    """The case, its Case IDs, every event and both clocks."""
    from sellerdesk.services import cases

    run = open_run(lang, tz, at)
    with flags():
        shown = cases.show(  # a read: the engine, no ORM session (see services/cases/read.py)
            sessions=run.runtime.engine, now=run.now, ctx=run.runtime.ctx, case_id=case_id
        )
    if json_out:
        emit_json(jsonable(shown))
    else:
        print_case(shown, run)


@case_app.command("list")
@handles_errors
def list_cmd(
    status: Annotated[str | None, typer.Option("--status")] = None,
    store: Annotated[str | None, typer.Option("--store")] = None,
    breaching: Annotated[bool, typer.Option("--breaching", help="Only breached clocks.")] = False,
    tag: Annotated[str | None, typer.Option("--tag", help="Only cases with this tag.")] = None,
    view: Annotated[
        str | None,
        typer.Option(
            "--view",
            help="mine (with --user), unassigned, breaching-soon, needs-action, "
            "waiting-amazon or resolved-week.",
        ),
    ] = None,
    user: Annotated[
        str | None, typer.Option("--user", help="Whose cases --view mine lists.")
    ] = None,
    assignee: Annotated[
        str | None, typer.Option("--assignee", help="Only this user's cases (-: nobody's).")
    ] = None,
    priority: Annotated[str | None, typer.Option("--priority")] = None,
    marketplace: Annotated[str | None, typer.Option("--marketplace")] = None,
    sort: Annotated[
        str,
        typer.Option(
            "--sort", help="next_breach, updated, assignee, priority, status or marketplace."
        ),
    ] = "next_breach",
    desc: Annotated[bool, typer.Option("--desc", help="The other way round.")] = False,
    limit: Annotated[int, typer.Option("--limit")] = 100,
    json_out: JsonOpt = False,
    lang: LangOpt = None,
    tz: TzOpt = None,
    at: AtOpt = None,
) -> None:
    """Cases sorted by next breach (soonest first), or by --sort."""
    from sellerdesk.core.zones import zone_named
    from sellerdesk.services import cases, locale

    run = open_run(lang, tz, at)
    team_zone = locale.team_zone_name(run.runtime.settings)
    words = {"assignee": "--assignee", "view": "--view", "user": "--user", "sort": "--sort"}
    with flags(**words):
        found = cases.list_cases(
            sessions=run.runtime.engine,  # a read: no ORM session (see services/cases/read.py)
            now=run.now,
            store=store,
            status=status,
            breaching=breaching,
            tag=tag,
            limit=limit,
            view=view,
            me=user,
            zone=zone_named(team_zone, field="team.timezone"),
            assignee=assignee,
            priority=priority,
            marketplace=marketplace,
            sort=sort,
            descending=desc,
        )
    if json_out:
        emit_json(found)
    else:
        print_case_list(found, run)


# Subcommands that live in their own modules. A `sellerdesk case list` call builds only this
# module (cli/main.py) and must stay light, so they are added only when the call may need them.
OWN_MODULE_SUBCOMMANDS = frozenset({"dossier", "search"})


def register(app: typer.Typer, subcommand: str | None = None) -> None:
    """``subcommand``: the word after ``case`` when a shell names one; the group then takes the
    commands of other modules only if that word is one of them (or is not a command at all,
    e.g. ``--help``, so the help lists every command)."""
    from sellerdesk.cli import coach_commands

    coach_commands.register(case_app)
    known = {c.name for c in case_app.registered_commands}
    if subcommand is None or subcommand not in known:
        from sellerdesk.cli import dossier_commands, search_commands

        search_commands.add_to_case_group("search", search_commands.search_cmd)
        search_commands.add_to_case_group("dossier", dossier_commands.dossier_cmd)
    app.add_typer(case_app, name="case")
