"""The scheduled backup as a worker job: built once from the settings, run each round.

Used by ``sellerdesk worker`` and by the worker thread of ``sellerdesk serve`` (each process
of ``serve --workers N`` runs one: the claim in ``backup_runs`` lets one write each backup)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from sellerdesk.core.i18n import t
from sellerdesk.services.backup import scheduled
from sellerdesk.services.tracker import TrackerContext
from sellerdesk.settings import Settings

Job = Callable[[datetime], object]


def backup_job(
    engine: Engine,
    sessions: sessionmaker[Session],
    settings: Settings,
    ctx: TrackerContext,
    *,
    worker_id: str,
    lang: str = "en",
    say: Callable[[str], Any] = print,
) -> Job | None:
    """The job, or None when ``backup.schedule`` is off (raises InvalidInput for a bad key)."""
    plan = scheduled.plan_of(settings.config, home=settings.home, zone=ctx.team_zone)
    if plan.schedule is None:
        return None

    def job(now: datetime) -> None:
        done = scheduled.run_due(
            engine,
            sessions,
            plan,
            attachments_dir=ctx.attachments_dir,
            now=now,
            worker_id=worker_id,
        )
        if done is not None:
            key = "backup_worker.done" if done["status"] == "ok" else "backup_worker.failed"
            say(t(key, lang, **done))

    return job
