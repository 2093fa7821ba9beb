"""``sellerdesk doctor-contact``: the seed's four checks when contacting Amazon fails (S20)."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from sellerdesk.cli.field_flags import spelled
from sellerdesk.cli.options import JsonOpt, LangOpt, TzOpt, handles_errors
from sellerdesk.cli.render import emit_json, print_table
from sellerdesk.core.i18n import t
from sellerdesk.core.jsonable import jsonable


@handles_errors
@spelled({"store": "--store", "case": "--case", "store/case": "--store/--case"})
def doctor_contact_cmd(
    store: Annotated[str | None, typer.Option("--store", help="The store to check.")] = None,
    case: Annotated[int | None, typer.Option("--case", help="The case to check (our ID).")] = None,
    json_out: JsonOpt = False,
    lang: LangOpt = None,
    tz: TzOpt = None,
) -> None:
    """Why contact with Seller Support fails: account, reply, channel, topic. 联系失败排查。"""
    from sellerdesk.cli.run import open_run
    from sellerdesk.core.coach.data import load_coach_data
    from sellerdesk.services import contact_doctor

    view = open_run(lang, tz)
    checks = contact_doctor.diagnose_in(
        view.runtime.sessions,
        ctx=view.runtime.ctx,
        store=store,
        case_id=case,
        route_of=contact_doctor.coach_route(load_coach_data(view.settings.home / "coach")),
    )

    def message(key: str, params: dict[str, Any]) -> str:
        shown = {k: _local(v, view.zone) for k, v in params.items()}
        return t(key, view.lang, **shown)

    result = contact_doctor.report(checks, message)
    if json_out:
        emit_json(jsonable(result))
        return
    rows = [
        [
            t(f"doctor.step.{c.step}", view.lang),
            t(f"doctor.{c.outcome}", view.lang),
            c.message + (f"\n{t('doctor.fix', view.lang)}: {c.fix}" if c.fix else ""),
        ]
        for c in result.checks
    ]
    print_table(["", "", ""], rows, title=t("doctor.title", view.lang))
    failed = result.failed
    summary = (
        t("doctor.some_failed", view.lang, count=failed)
        if failed
        else t("doctor.all_passed", view.lang)
    )
    typer.echo(summary)
    typer.echo(t("doctor.caveat", view.lang))


def _local(value: Any, zone: Any) -> Any:
    """Times in the viewer's zone, minute precision."""
    if hasattr(value, "astimezone"):
        return f"{value.astimezone(zone):%Y-%m-%d %H:%M %Z}"
    return value


def register(app: typer.Typer) -> None:
    app.command("doctor-contact")(doctor_contact_cmd)
