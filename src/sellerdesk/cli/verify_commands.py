"""``sellerdesk verify [--file ARCHIVE] [--remove-orphans]``: is the store (or a backup) whole?

Exit 0 when nothing is wrong, 1 with every problem listed (2 for bad input, as everywhere)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from sellerdesk.cli.options import JsonOpt, LangOpt, check_lang, handles_errors
from sellerdesk.cli.render import emit_json
from sellerdesk.core.i18n import t
from sellerdesk.services import locale

if TYPE_CHECKING:
    from sellerdesk.services.backup.problems import Problem


def say_problems(problems: list[Problem], lang: str, *, err: bool = False) -> None:
    typer.echo(t("verify.found", lang, count=len(problems)), err=err)
    for problem in problems:
        typer.echo(t("backup.problem_line", lang, text=problem.text(lang)), err=err)


def _as_json(result: dict[str, Any]) -> dict[str, Any]:
    return {**result, "problems": [p.as_dict() for p in result["problems"]]}


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
        result = staging.check_archive(file, store_attachments=folder)
    else:
        result = verify.verify_store(
            runtime.engine,
            attachments_dir=folder,
            now=datetime.now(UTC),
            remove_orphans=remove_orphans,
        )
    if json_out:
        emit_json(_as_json(result))
    else:
        if result.get("removed"):
            typer.echo(t("verify.removed", shown, count=len(result["removed"])))
        if result["problems"]:
            say_problems(result["problems"], shown)
        elif file is not None:
            typer.echo(t("verify.archive_clean", shown, file=file))
        else:
            typer.echo(t("verify.clean", shown, **result["checked"]))
    if result["problems"]:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command("verify")(verify_cmd)
