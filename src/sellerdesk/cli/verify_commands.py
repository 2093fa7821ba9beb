"""``sellerdesk verify [--file ARCHIVE] [--remove-orphans]``: is the store (or a backup) whole?

Exit 0 when nothing is wrong, 1 with every problem listed (2 for bad input, as everywhere)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer

from sellerdesk.cli.backup_report import archive_check_json, say_problems, verify_json
from sellerdesk.cli.options import JsonOpt, LangOpt, check_lang, handles_errors
from sellerdesk.cli.render import emit_json
from sellerdesk.core.i18n import t
from sellerdesk.services import locale


@handles_errors
def verify_cmd(
    file: Annotated[
        Path | None,
        typer.Option(
            "--file", help="Check a backup archive instead of the store (nothing restored)."
        ),
    ] = None,
    remove_orphans: Annotated[
        bool,
        typer.Option(
            "--remove-orphans", help="Delete attachment files no row names (over an hour old)."
        ),
    ] = False,
    json_out: JsonOpt = False,
    lang: LangOpt = None,
) -> None:
    """Check the database, the search index and every attachment file (or a backup archive)."""
    check_lang(lang)
    from sellerdesk.services.backup import staging, verify
    from sellerdesk.services.runtime import build_runtime

    runtime = build_runtime()
    shown = locale.language(lang, runtime.settings.lang)
    folder = runtime.ctx.attachments_dir
    if file is not None:
        check = staging.check_archive(file, store_attachments=folder)
        if json_out:
            emit_json(archive_check_json(check))
        elif check.problems:
            say_problems(check.problems, shown)
        else:
            typer.echo(t("verify.archive_clean", shown, file=file))
        if check.problems:
            raise typer.Exit(1)
        return
    report = verify.verify_store(
        runtime.engine, attachments_dir=folder, now=datetime.now(UTC), remove_orphans=remove_orphans
    )
    if json_out:
        emit_json(verify_json(report))
    else:
        if report.removed:
            typer.echo(t("verify.removed", shown, count=len(report.removed)))
        if report.problems:
            say_problems(report.problems, shown)
        else:
            checked = report.checked
            typer.echo(
                t(
                    "verify.clean",
                    shown,
                    rows=checked.rows,
                    cases=checked.cases,
                    files=checked.files,
                )
            )
    if report.problems:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command("verify")(verify_cmd)
