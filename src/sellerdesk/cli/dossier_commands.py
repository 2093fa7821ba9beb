"""``sellerdesk dossier ID`` (also ``case dossier``): the evidence file for an appeal."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from sellerdesk.cli.field_flags import spelled
from sellerdesk.cli.options import JsonOpt, TzOpt, handles_errors
from sellerdesk.cli.render import emit_json
from sellerdesk.cli.run import open_run
from sellerdesk.cli.search_commands import add_to_case_group
from sellerdesk.core.errors import InvalidInput
from sellerdesk.core.i18n import t
from sellerdesk.core.zones import zone_named

FLAGS = {
    "case_id": "ID",
    "format": "--format",
    "lang": "--lang",
    "with_attachments": "--with-attachments",
    "internal": "--internal",
    "output": "--output",
}


@handles_errors
@spelled(FLAGS)
def dossier_cmd(
    case_id: Annotated[int, typer.Argument(metavar="ID", help="The case's id.")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="md, html or pdf.")] = "md",
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write to this file (else stdout; a PDF needs -o)."),
    ] = None,
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            help="Language of the dossier: en (the default: what Amazon reads) or zh.",
        ),
    ] = None,
    with_attachments: Annotated[
        bool,
        typer.Option(
            "--with-attachments",
            help="PDF only: append the attachments that are PDFs or images after the timeline "
            "(one that is not what it claims is skipped with a note in the dossier).",
        ),
    ] = False,
    internal: Annotated[
        bool,
        typer.Option(
            "--internal/--no-internal",
            help="Put the team's internal notes in the dossier (the default leaves them out; "
            "the case coach's notes are never in it).",
        ),
    ] = False,
    tz: TzOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """One self-contained file: the case, its Case IDs, timeline, attachments and clocks."""
    from sellerdesk.services import dossier as dossier_service

    run = open_run(lang)
    written = lang or "en"  # the dossier's language, apart from the interface's
    dossier_service.check_request(fmt, written, with_attachments=with_attachments)
    if fmt == "pdf" and output is None:
        raise InvalidInput.of("dossier2.pdf_needs_output", field="output")
    if output is not None:
        dossier_service.check_output(output)  # before the work of rendering, not after
    zone = zone_named(tz, field="--tz").key if tz else None
    content = dossier_service.dossier_in(
        run.runtime.sessions,
        case_id,
        now=run.now,
        ctx=run.runtime.ctx,
        fmt=fmt,
        lang=written,
        zone=zone,
        with_attachments=with_attachments,
        internal=internal,
    )
    if output is None:
        assert isinstance(content, str)
        if json_out:
            emit_json({"id": case_id, "format": fmt, "lang": written, "content": content})
        else:
            typer.echo(content, nl=False)
        return
    dossier_service.write_atomic(output, content)
    size = len(content.encode("utf-8")) if isinstance(content, str) else len(content)
    if json_out:
        emit_json(
            {"id": case_id, "format": fmt, "lang": written, "output": str(output), "bytes": size}
        )
    else:
        typer.echo(t("dossier.written", run.lang, path=output))


def register(app: typer.Typer) -> None:
    app.command("dossier")(dossier_cmd)
    add_to_case_group("dossier", dossier_cmd)
