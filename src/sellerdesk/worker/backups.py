"""The scheduled backup as a worker job, run each round.

Used by ``sellerdesk worker`` and by the worker thread of ``sellerdesk serve`` (each process
of ``serve --workers N`` runs one: the claim in ``backup_runs`` lets one write each backup).
The schedule is read fresh each round (the config file's mtime): ``config set
backup.schedule …`` takes effect at the next round, without a restart. ``failed`` tells
whether the job's last backup failed (``worker --once`` exits 1 then)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from sellerdesk.core.errors import InvalidInput
from sellerdesk.core.i18n import t
from sellerdesk.core.sizes import human_size
from sellerdesk.services.backup import scheduled
from sellerdesk.services.backup.views import ScheduledFailure
from sellerdesk.services.tracker import TrackerContext
from sellerdesk.settings import Settings

Job = Callable[[datetime], object]


class BackupJob:
    """One round: the plan as the config file says now; the backup when it is due."""

    def __init__(
        self,
        engine: Engine,
        sessions: sessionmaker[Session],
        source: scheduled.PlanSource,
        ctx: TrackerContext,
        *,
        worker_id: str,
        lang: str,
        say: Callable[[str], Any],
    ) -> None:
        self.engine, self.sessions, self.source, self.ctx = engine, sessions, source, ctx
        self.worker_id, self.lang, self.say = worker_id, lang, say
        self.failed = False
        self._bad_setting: str | None = None

    def __call__(self, now: datetime) -> None:
        try:
            plan = self.source.plan()
        except InvalidInput as exc:  # a hand-edited backup.* key: said once, tried next round
            message = exc.words(self.lang)[0]
            if message != self._bad_setting:
                self.say(t("backup_worker.bad_setting", self.lang, error=message))
            self._bad_setting = message
            return
        self._bad_setting = None
        done = scheduled.run_due(
            self.engine,
            self.sessions,
            plan,
            attachments_dir=self.ctx.attachments_dir,
            now=now,
            worker_id=self.worker_id,
        )
        if done is None:
            return
        if isinstance(done, ScheduledFailure):
            self.failed = True
            error = done.reason.text(self.lang)
            self.say(t("backup_worker.failed", self.lang, file=done.file, error=error))
        else:  # the size as 3 MiB (core/sizes)
            self.failed = False
            self.say(t("backup_worker.done", self.lang, file=done.file, size=human_size(done.size)))


def backup_job(
    engine: Engine,
    sessions: sessionmaker[Session],
    settings: Settings,
    ctx: TrackerContext,
    *,
    worker_id: str,
    lang: str = "en",
    say: Callable[[str], Any] = print,
) -> BackupJob:
    """The job; it does nothing in a round where ``backup.schedule`` is off."""
    source = scheduled.PlanSource(
        settings.config, config_path=settings.config_path, home=settings.home, zone=ctx.team_zone
    )
    return BackupJob(engine, sessions, source, ctx, worker_id=worker_id, lang=lang, say=say)
