"""Polling the IMAP mailboxes as a worker job, run each round (like ``worker/backups.py``).

Used by ``sellerdesk worker`` and by the worker thread of ``sellerdesk serve``. A mailbox is
polled when its last poll (by any worker) is older than ``mail.poll_interval`` seconds
(default 120; read afresh each round from the config file, so ``config set`` takes effect
without a restart); its lease (``storage/mailbox_rows.py``) keeps two workers off one
mailbox at a time. A failing mailbox is recorded on its status and said once per change."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from sellerdesk.core.i18n import t
from sellerdesk.services.mail.imap_backoff import without_backoff
from sellerdesk.services.mail.imap_poll import default_ingest, poll_all
from sellerdesk.services.mail.mailboxes import error_words
from sellerdesk.services.tracker import TrackerContext
from sellerdesk.settings import Settings, read_config

DEFAULT_INTERVAL = 120


def poll_interval(settings: Settings) -> int:
    """``mail.poll_interval`` as the config file says now (a bad hand edit: the default)."""
    try:
        value = read_config(settings.config_path).get("mail.poll_interval", DEFAULT_INTERVAL)
        seconds = int(value)
    except (OSError, ValueError, TypeError):
        return DEFAULT_INTERVAL
    return seconds if 30 <= seconds <= 86_400 else DEFAULT_INTERVAL


class MailPollJob:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        settings: Settings,
        ctx: TrackerContext,
        *,
        worker_id: str,
        lang: str,
        say: Callable[[str], Any],
        stop: threading.Event | None = None,
    ) -> None:
        self.sessions, self.settings, self.ctx = sessions, settings, ctx
        self.worker_id, self.lang, self.say, self.stop = worker_id, lang, say, stop
        self.failed = False  # `worker --once` fails on a failed backup only: mail says below
        self.failing: set[str] = set()  # mailboxes whose last poll failed
        self._said: dict[str, str] = {}  # the last failure said per mailbox

    def __call__(self, now: datetime) -> None:
        due_before = now - timedelta(seconds=poll_interval(self.settings))
        results = poll_all(
            self.sessions,
            ingest=default_ingest(self.ctx),
            clock=lambda: now,
            owner=self.worker_id,
            stop=self.stop,
            due_before=due_before,
        )
        self.failing = {r.key for r in results if r.error}
        for result in results:
            words = error_words(result.error, self.lang)
            # the same refusal is said once: its back-off's count and wait change each time
            same = error_words(without_backoff(result.error), self.lang)
            if words and self._said.get(result.key) != same:
                self.say(t("mailbox.poll.failed", self.lang, mailbox=result.key, error=words))
            if words:
                self._said[result.key] = same
            else:
                self._said.pop(result.key, None)
            if result.read:
                counts = {
                    k: result.counts.get(k, 0)
                    for k in ("filed", "unfiled", "duplicate", "ignored", "refused")
                }
                self.say(
                    t(
                        "mailbox.poll.done",
                        self.lang,
                        mailbox=result.key,
                        read=result.read,
                        **counts,
                    )
                )
                if skipped := result.counts.get("alerts_skipped_old", 0):
                    self.say(
                        t(
                            "mailbox.poll.alerts_skipped",
                            self.lang,
                            mailbox=result.key,
                            skipped=skipped,
                        )
                    )


def mail_poll_job(
    sessions: sessionmaker[Session],
    settings: Settings,
    ctx: TrackerContext,
    *,
    worker_id: str,
    lang: str = "en",
    say: Callable[[str], Any] = print,
    stop: threading.Event | None = None,
) -> MailPollJob:
    return MailPollJob(sessions, settings, ctx, worker_id=worker_id, lang=lang, say=say, stop=stop)
