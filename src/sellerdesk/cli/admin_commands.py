"""``sellerdesk backup|restore|copy-db|migrate``: the store's files and schema."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer

from sellerdesk.cli.options import JsonOpt, LangOpt, check_lang, handles_errors
from sellerdesk.cli.progress import progress_bar
from sellerdesk.cli.render import emit_json
from sellerdesk.core.i18n import normalise_lang, t
from sellerdesk.settings import load_settings

FileArg = Annotated[Path, typer.Argument(help="The backup file (.tar.gz).")]


def _lang(lang: str | None, configured: str | None) -> str:
    return normalise_lang(lang) or normalise_lang(configured) or "en"


@handles_errors
def backup_cmd(file: FileArg, json_out: JsonOpt = False, lang: LangOpt = None) -> None:
    """Write the whole store (database and attachments) to one file, while the app runs."""
    check_lang(lang)
    from sellerdesk.services import backup as backup_service
    from sellerdesk.services.runtime import build_runtime

    runtime = build_runtime()
    with progress_bar(t("backup.writing", _lang(lang, runtime.settings.lang))) as progress:
        manifest = backup_service.backup(
            runtime.engine,
            file,
            attachments_dir=runtime.ctx.attachments_dir,
            now=datetime.now(UTC),
            progress=progress,
        )
    # read the file back: the same checks a restore makes before it touches a store
    checked = backup_service.check_archive(file, store_attachments=None)
    shown = _lang(lang, runtime.settings.lang)
    if json_out:
        problems = [p.as_dict() for p in checked["problems"]]
        emit_json(
            {
                "file": str(file),
                "manifest": manifest,
                "verified": checked["ok"],
                "problems": problems,
            }
        )
    else:
        counts = manifest["counts"]
        typer.echo(
            t(
                "backup.done",
                shown,
                file=file,
                cases=counts.get("cases", 0),
                events=counts.get("events", 0),
                attachments=manifest["attachments"],
            )
        )
        if checked["ok"]:
            typer.echo(t("backup.verified", shown, attachments=manifest["attachments"]))
        else:
            from sellerdesk.cli.verify_commands import say_problems

            typer.echo(t("backup.verify_failed", shown, file=file), err=True)
            say_problems(checked["problems"], shown, err=True)
    if not checked["ok"]:
        raise typer.Exit(1)


@handles_errors
def restore_cmd(
    file: FileArg,
    force: Annotated[
        bool, typer.Option("--force", help="Replace a store that already holds data.")
    ] = False,
    json_out: JsonOpt = False,
    lang: LangOpt = None,
) -> None:
    """Load a backup; refuses a store that is not empty unless --force."""
    check_lang(lang)
    from sellerdesk.services import backup as backup_service
    from sellerdesk.services.runtime import build_runtime

    runtime = build_runtime()
    shown = _lang(lang, runtime.settings.lang)
    with progress_bar(t("backup.restoring", shown)) as progress:
        result = backup_service.restore(
            runtime.engine,
            file,
            attachments_dir=runtime.ctx.attachments_dir,
            force=force,
            progress=progress,
        )
    if json_out:
        emit_json(result)
        return
    rows = result["restored"]
    typer.echo(
        t(
            "backup.restored",
            shown,
            file=file,
            cases=rows.get("cases", 0),
            events=rows.get("events", 0),
            attachments=result["attachments_added"],
        )
    )


@handles_errors
def copy_db_cmd(
    to: Annotated[str, typer.Option("--to", help="Destination URL, e.g. postgresql://u@h/db.")],
    json_out: JsonOpt = False,
    lang: LangOpt = None,
) -> None:
    """Copy every row to an empty database (SQLite -> PostgreSQL), ids kept."""
    check_lang(lang)
    from sellerdesk.services import backup as backup_service
    from sellerdesk.services.runtime import build_runtime

    runtime = build_runtime()
    shown = _lang(lang, runtime.settings.lang)
    with progress_bar(t("backup.copying", shown)) as progress:
        result = backup_service.copy_db(runtime.engine, to, progress=progress)
    if json_out:
        emit_json(result)
        return
    total = sum(result["rows"].values())
    typer.echo(t("backup.copied", shown, rows=total, to=result["to"]))


@handles_errors
def migrate_cmd(json_out: JsonOpt = False, lang: LangOpt = None) -> None:
    """Apply pending schema migrations; print the current and head revisions."""
    check_lang(lang)
    from sellerdesk.services import backup as backup_service
    from sellerdesk.storage.engine import make_engine

    settings = load_settings()
    engine = make_engine(settings.database_url)
    try:
        result = backup_service.migrate(engine)
    finally:
        engine.dispose()
    if json_out:
        emit_json(result)
        return
    typer.echo(t("backup.migrated", _lang(lang, settings.lang), **result))


def register(app: typer.Typer) -> None:
    app.command("backup")(backup_cmd)
    app.command("restore")(restore_cmd)
    app.command("copy-db")(copy_db_cmd)
    app.command("migrate")(migrate_cmd)
    from sellerdesk.cli import verify_commands

    verify_commands.register(app)
