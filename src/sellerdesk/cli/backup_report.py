"""What ``sellerdesk backup`` and ``verify`` say: success only once the archive was read back and
checked; a failure names each problem and where the unusable archive went.

The ``--json`` shapes are the commands' own: a problem is its key, its English words
(``message``) and its values; the views' other fields print as ``core/jsonable`` writes them."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from sellerdesk.cli.render import emit_json
from sellerdesk.core.i18n import t
from sellerdesk.core.jsonable import jsonable

if TYPE_CHECKING:
    from collections.abc import Sequence

    from sellerdesk.services.backup.problems import BackupFailed, Problem
    from sellerdesk.services.backup.views import ArchiveCheck, BackupReport, VerifyReport


def problem_json(problem: Problem) -> dict[str, Any]:
    return {"key": problem.key, "message": problem.text("en"), **jsonable(problem.params)}


def problems_json(problems: Sequence[Problem]) -> list[dict[str, Any]]:
    return [problem_json(p) for p in problems]


def written_json(file: Path, report: BackupReport) -> dict[str, Any]:
    """The manifest written, and the stray files left out (``skipped``) inside it."""
    manifest = {**jsonable(report.manifest), "skipped": list(report.skipped)}
    return {"file": str(file), "manifest": manifest, "verified": True, "problems": []}


def failed_json(failed: BackupFailed) -> dict[str, Any]:
    return {
        "file": str(failed.path),
        "kept_as": None if failed.kept is None else str(failed.kept),
        "problems": problems_json(failed.problems),
        "verified": False,
    }


def verify_json(report: VerifyReport) -> dict[str, Any]:
    return {
        "ok": report.ok,
        "problems": problems_json(report.problems),
        "removed": list(report.removed),
        "checked": jsonable(report.checked),
    }


def archive_check_json(check: ArchiveCheck) -> dict[str, Any]:
    """``manifest`` is ``{}`` when the archive or its manifest could not be read."""
    return {
        "file": str(check.file),
        "ok": check.ok,
        "problems": problems_json(check.problems),
        "manifest": {} if check.manifest is None else jsonable(check.manifest),
        "counts": dict(check.counts),
        "data_checked": check.data_checked,
    }


def say_written(file: Path, report: BackupReport, lang: str, *, json_out: bool) -> None:
    if json_out:
        emit_json(written_json(file, report))
        return
    manifest = report.manifest
    typer.echo(
        t(
            "backup.done",
            lang,
            file=file,
            cases=manifest.counts.get("cases", 0),
            events=manifest.counts.get("events", 0),
            attachments=manifest.attachments,
        )
    )
    typer.echo(t("backup.verified", lang, attachments=manifest.attachments))
    if report.skipped:
        typer.echo(t("backup.skipped_strays", lang, count=len(report.skipped)))
        for name in report.skipped:
            typer.echo(t("backup.problem_line", lang, text=name))


def say_failed(failed: BackupFailed, lang: str, *, json_out: bool) -> None:
    if json_out:
        emit_json(failed_json(failed))
        return
    if failed.kept:
        typer.echo(t("backup.failed_kept", lang, file=failed.path, kept=failed.kept), err=True)
    else:
        typer.echo(t("backup.failed_removed", lang, file=failed.path), err=True)
    say_problems(failed.problems, lang, err=True)


def say_problems(problems: Sequence[Problem], lang: str, *, err: bool = False) -> None:
    typer.echo(t("verify.found", lang, count=len(problems)), err=err)
    for problem in problems:
        typer.echo(t("backup.problem_line", lang, text=problem.text(lang)), err=err)
