"""``sellerdesk worker``: claim due reminders, deliver each as a note on its case, repeat.

Several workers may run against one database: each reminder is claimed by a conditional
UPDATE, so it is delivered once. SIGTERM and SIGINT finish the reminder in hand and stop.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from types import FrameType
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session, sessionmaker

from sellerdesk.core.i18n import t
from sellerdesk.services.cases import followups
from sellerdesk.services.tracker import TrackerContext

log = logging.getLogger(__name__)
BATCH = 20


def default_worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def utc_now() -> datetime:
    return datetime.now(UTC)


def run_once(
    sessions: sessionmaker[Session],
    ctx: TrackerContext,
    *,
    now: datetime,
    worker_id: str,
    lang: str = "en",
    say: Callable[[str], None] = print,
    stop: threading.Event | None = None,
) -> int:
    """Deliver every reminder due at ``now`` (inside team hours); how many were delivered."""
    zone = ZoneInfo(ctx.team_zone)
    delivered = 0
    while not (stop and stop.is_set()):
        batch = followups.claim_due(sessions, now=now, worker_id=worker_id, limit=BATCH, ctx=ctx)
        if not batch:
            break
        for reminder in batch:
            try:
                done = followups.deliver(
                    sessions, reminder, now=now, ctx=ctx, worker_id=worker_id, lang=lang
                )
            except Exception:  # the claim lapses after the lease; another round retries it
                log.exception("reminder %s could not be delivered", reminder.id)
                continue
            if done is None:
                continue
            delivered += 1
            at = now.astimezone(zone).isoformat(timespec="minutes")
            say(
                t(
                    "remind.delivered",
                    lang,
                    at=at,
                    case=reminder.case_id,
                    subject=done.case_subject,
                    text=done.text,
                )
            )
    return delivered


def run(
    sessions: sessionmaker[Session],
    ctx: TrackerContext,
    *,
    worker_id: str,
    once: bool = False,
    interval: float = 30.0,
    lang: str = "en",
    clock: Callable[[], datetime] = utc_now,
    say: Callable[[str], None] = print,
    stop: threading.Event | None = None,
    jobs: Sequence[Callable[[datetime], object]] = (),
) -> int:
    """Run rounds every ``interval`` seconds until ``stop`` is set (one round with ``once``).

    ``jobs`` (the scheduled backup) run at the start of each round; one that fails is
    logged and the round goes on."""
    stop = stop or threading.Event()
    total = 0
    while not stop.is_set():
        for job in jobs:
            try:
                job(clock())
            except Exception:
                log.exception("a scheduled job failed")
        total += run_once(
            sessions, ctx, now=clock(), worker_id=worker_id, lang=lang, say=say, stop=stop
        )
        if once:
            break
        stop.wait(interval)
    return total


@contextmanager
def stopping_on_signals(stop: threading.Event) -> Iterator[threading.Event]:
    """Set ``stop`` on SIGTERM/SIGINT while inside; the previous handlers come back after."""

    def handler(_signum: int, _frame: FrameType | None) -> None:
        stop.set()

    if threading.current_thread() is not threading.main_thread():
        yield stop  # signals reach the main thread only
        return
    previous = {sig: signal.signal(sig, handler) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield stop
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)
