"""``sellerdesk backup|restore|copy-db|migrate``: the store's files and schema."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer

from sellerdesk.cli.options import JsonOpt, LangOpt, check_lang, handles_errors
from sellerdesk.cli.progress import progress_bar
from sellerdesk.cli.render import emit_json
from sellerdesk.core.i18n import t
from sellerdesk.core.jsonable import jsonable
from sellerdesk.services import locale
from sellerdesk.settings import load_settings

FileArg = Annotated[Path, typer.Argument(help="The backup file (.tar.gz).")]


def _lang(lang: str | None, configured: str | None) -> str:
    return locale.language(lang, configured)


@handles_errors
def backup_cmd(file: FileArg, json_out: JsonOpt = False, lang: LangOpt = None) -> None:
    """Write the whole store (database and attachments) to one file, while the app runs."""
    check_lang(lang)
    from sellerdesk.services import backup as backup_service
    from sellerdesk.services.runtime import build_runtime

    runtime = build_runtime()
    shown = _lang(lang, runtime.settings.lang)
    try:  # read back with the restore's checks before it takes its name
        with progress_bar(t("backup.writing", shown)) as progress:
            written = backup_service.backup(
                runtime.engine,
                file,
                attachments_dir=runtime.ctx.attachments_dir,
                now=datetime.now(UTC),
                progress=progress,
            )
    except backup_service.BackupFailed as failed:
        from sellerdesk.cli.backup_report import say_failed

        say_failed(failed, shown, json_out=json_out)
        raise typer.Exit(1) from None
    from sellerdesk.cli.backup_report import say_written

    say_written(file, written, shown, json_out=json_out)


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
        emit_json(jsonable(result))
        return
    if not result.data_checked:
        typer.echo(t("backup.data_unchecked", shown, file=file))
    rows = result.restored
    typer.echo(
        t(
            "backup.restored",
            shown,
            file=file,
            cases=rows.get("cases", 0),
            events=rows.get("events", 0),
            attachments=result.attachments_added,
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
        emit_json(jsonable(result))
        return
    total = sum(result.rows.values())
    typer.echo(t("backup.copied", shown, rows=total, to=result.to))


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
        emit_json(jsonable(result))
        return
    shown = _lang(lang, settings.lang)
    typer.echo(
        t("backup.migrated", shown, before=result.before, current=result.current, head=result.head)
    )


def register(app: typer.Typer) -> None:
    app.command("backup")(backup_cmd)
    app.command("restore")(restore_cmd)
    app.command("copy-db")(copy_db_cmd)
    app.command("migrate")(migrate_cmd)
    from sellerdesk.cli import verify_commands

    verify_commands.register(app)
