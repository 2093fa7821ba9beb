"""What ``sellerdesk backup`` says: success only once the archive was read back and checked;
a failure names each problem and where the unusable archive went."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from sellerdesk.cli.render import emit_json
from sellerdesk.core.i18n import t
from sellerdesk.services.backup.problems import BackupFailed


def say_written(file: Path, manifest: dict[str, Any], lang: str, *, json_out: bool) -> None:
    skipped = manifest.get("skipped", [])
    if json_out:
        emit_json({"file": str(file), "manifest": manifest, "verified": True, "problems": []})
        return
    counts = manifest["counts"]
    typer.echo(
        t(
            "backup.done",
            lang,
            file=file,
            cases=counts.get("cases", 0),
            events=counts.get("events", 0),
            attachments=manifest["attachments"],
        )
    )
    typer.echo(t("backup.verified", lang, attachments=manifest["attachments"]))
    if skipped:
        typer.echo(t("backup.skipped_strays", lang, count=len(skipped)))
        for name in skipped:
            typer.echo(t("backup.problem_line", lang, text=name))


def say_failed(failed: BackupFailed, lang: str, *, json_out: bool) -> None:
    if json_out:
        emit_json({**failed.as_dict(), "verified": False})
        return
    if failed.kept:
        typer.echo(t("backup.failed_kept", lang, file=failed.path, kept=failed.kept), err=True)
    else:
        typer.echo(t("backup.failed_removed", lang, file=failed.path), err=True)
    typer.echo(t("verify.found", lang, count=len(failed.problems)), err=True)
    for problem in failed.problems:
        typer.echo(t("backup.problem_line", lang, text=problem.text(lang)), err=True)
