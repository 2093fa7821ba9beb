"""``sellerdesk dossier ID`` (also ``case dossier``): the evidence file for an appeal."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from sellerdesk.cli.field_flags import spelled
from sellerdesk.cli.options import JsonOpt, LangOpt, TzOpt, handles_errors
from sellerdesk.cli.render import emit_json
from sellerdesk.cli.run import open_run
from sellerdesk.cli.search_commands import add_to_case_group
from sellerdesk.core.i18n import t
from sellerdesk.core.zones import zone_named


@handles_errors
@spelled({"case_id": "ID", "format": "--format"})
def dossier_cmd(
    case_id: Annotated[int, typer.Argument(metavar="ID", help="The case's id.")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="md or html.")] = "md",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file (else stdout).")
    ] = None,
    tz: TzOpt = None,
    json_out: JsonOpt = False,
    lang: LangOpt = None,
) -> None:
    """One self-contained file: the case, its Case IDs, timeline, attachments and clocks."""
    from sellerdesk.services import dossier as dossier_service

    run = open_run(lang)
    shown = run.lang
    zone = zone_named(tz, field="--tz").key if tz else None
    content = dossier_service.dossier_in(
        run.runtime.sessions,
        case_id,
        now=run.now,
        ctx=run.runtime.ctx,
        fmt=fmt,
        lang=shown,
        zone=zone,
    )
    if output is None:
        if json_out:
            emit_json({"id": case_id, "format": fmt, "content": content})
        else:
            typer.echo(content, nl=False)
        return
    dossier_service.write_atomic(output, content)
    if json_out:
        emit_json({"id": case_id, "format": fmt, "output": str(output), "bytes": len(content)})
    else:
        typer.echo(t("dossier.written", shown, path=output))


def register(app: typer.Typer) -> None:
    app.command("dossier")(dossier_cmd)
    add_to_case_group("dossier", dossier_cmd)
