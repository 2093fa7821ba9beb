"""Polling IMAP mailboxes: every new message handed to mail-core's ``ingest_raw``, once.

Per mailbox: take its lease (so two workers never poll it at once), log in, compare the
folder's UIDVALIDITY with the checkpoint (a new one restarts at UID 0 with a note: the
unique (mailbox, Message-ID) key and the content hash keep re-read mail from being filed
twice), then fetch the UIDs above the checkpoint in batches with ``BODY.PEEK`` (nothing is
marked read). Each message is ingested and the checkpoint moved to its UID **in the same
transaction**, so a crash loses nothing and re-reads at most the message in flight, which
is then a duplicate. Only after that commit, and only when configured, is the message
marked seen or moved on the server. Any failure (secret missing, wrong password, TLS,
unreachable host, timeout) is recorded on the mailbox in words and the next mailbox goes on.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from imap_tools import MailMessageFlags

from sellerdesk.core.errors import NotFound
from sellerdesk.services.mail.imap_backoff import retry_after, with_backoff
from sellerdesk.services.mail.imap_connect import (
    ImapFailure,
    close,
    failure_of,
    fetch_raw,
    open_mailbox,
    sizes,
)
from sellerdesk.services.mail.imap_credentials import resolve
from sellerdesk.services.mail.models import IngestOutcome, MailSource
from sellerdesk.storage.repositories import mailboxes as repo
from sellerdesk.storage.session import Session, SessionFactory, read_transaction, transaction

Ingest = Callable[[Session, bytes, MailSource, datetime], IngestOutcome]
Clock = Callable[[], datetime]
BATCH = 25
BATCH_BYTES = 16 * 1024 * 1024  # one fetch holds about this much mail in memory
LEASE = timedelta(minutes=10)
TIMEOUT = 30.0
OUTCOMES = ("filed", "unfiled", "ignored", "refused")
SKIPPED_COUNT = "alerts_skipped_old"  # new mail filed without an alert: it was old


@dataclass(frozen=True)
class PollResult:
    """One mailbox's poll: what was read and how it was filed, or why it did not run."""

    key: str
    ok: bool
    skipped: str | None = None  # "disabled" | "busy" (another worker holds the lease)
    read: int = 0
    counts: dict[str, int] = field(default_factory=dict)  # filed/unfiled/ignored/refused/duplicate
    uidvalidity: int | None = None
    last_uid: int = 0
    rescanned: bool = False  # UIDVALIDITY changed: the folder was read again from the start
    error: dict[str, Any] | None = None  # {"key", "values", "detail"}
    more: bool = False  # stopped at ``limit`` (or asked to stop): new mail is left for later


@dataclass(frozen=True)
class TestResult:
    key: str
    ok: bool
    messages: int = 0
    uidvalidity: int | None = None
    error: dict[str, Any] | None = None


class _LeaseLost(Exception):
    """Another poller took the mailbox over (this one overran its lease): stop, keep nothing."""


def default_ingest(ctx: Any) -> Ingest:
    """mail-core's ``ingest_raw`` bound to the tracker's context."""
    from sellerdesk.services.mail.ingest import ingest_raw

    def ingest(session: Session, raw: bytes, source: MailSource, now: datetime) -> IngestOutcome:
        return ingest_raw(session, raw=raw, source=source, now=now, ctx=ctx)

    return ingest


def poll_all(
    sessions: SessionFactory,
    *,
    ingest: Ingest,
    clock: Clock,
    owner: str,
    only: str | None = None,
    stop: threading.Event | None = None,
    batch: int = BATCH,
    timeout: float = TIMEOUT,
    due_before: datetime | None = None,
    limit: int | None = None,
) -> list[PollResult]:
    """Poll every enabled mailbox (or only ``only``, enabled or not); one failing never stops
    the others. ``due_before``: only mailboxes not polled since then (the worker's interval,
    counted from the last poll by any worker). ``limit``: at most this many messages a
    mailbox (a person waiting on a page); the rest is read next time."""
    with read_transaction(sessions) as session:
        if only is not None:
            record = repo.get(session, only.strip().lower())
            if record is None:
                raise NotFound.of("mailbox.not_found", field="mailbox", mailbox=only)
            keys = [record.key]
        else:
            keys = [
                r.key
                for r in repo.listed(session, enabled_only=True)
                if due_before is None or r.last_poll_at is None or r.last_poll_at <= due_before
            ]
    results = []
    for key in keys:
        if stop is not None and stop.is_set():
            break
        results.append(
            poll_mailbox(
                sessions,
                key,
                ingest=ingest,
                clock=clock,
                owner=owner,
                stop=stop,
                batch=batch,
                timeout=timeout,
                limit=limit,
                honour_backoff=only is None,  # a person asking for one mailbox: at once
            )
        )
    return results


def poll_mailbox(
    sessions: SessionFactory,
    key: str,
    *,
    ingest: Ingest,
    clock: Clock,
    owner: str,
    stop: threading.Event | None = None,
    batch: int = BATCH,
    timeout: float = TIMEOUT,
    limit: int | None = None,
    honour_backoff: bool = False,
) -> PollResult:
    """Poll one mailbox under its lease: a mailbox another poller holds is skipped as "busy"
    (the lease is per ``owner``: give each caller its own). ``honour_backoff``: a mailbox
    whose login was refused waits out its back-off (imap_backoff), skipped as "backoff"."""
    started = clock()
    with transaction(sessions) as session:
        record = repo.get(session, key)
        if record is None:
            raise NotFound.of("mailbox.not_found", field="mailbox", mailbox=key)
        until = retry_after(record.last_error)
        if honour_backoff and until is not None and until > started:
            return PollResult(
                key, ok=False, skipped="backoff", last_uid=record.last_uid, error=record.last_error
            )
        if not repo.claim(session, key, owner=owner, now=started, until=started + LEASE):
            return PollResult(key, ok=False, skipped="busy", last_uid=record.last_uid)
    poll = _Poll(sessions, record, ingest=ingest, clock=clock, owner=owner, stop=stop)
    error: dict[str, Any] | None = None
    try:
        poll.run(batch=batch, timeout=timeout, limit=limit)
    except ImapFailure as failure:
        error = failure.record()
    except _LeaseLost:
        error = {"key": "mailbox.error.lease_lost", "values": {}, "detail": ""}
    except Exception as exc:
        try:
            error = failure_of(exc, record).record()
        except Exception:
            error = {
                "key": "mailbox.error.other",
                "values": {"reason": str(exc)[:200]},
                "detail": f"{type(exc).__name__}: {exc}"[:500],
            }
    counts = {
        **poll.counts,
        "read": poll.read,
        "total_read": int(record.counts.get("total_read", 0)) + poll.read,
    }
    if poll.rescanned:
        counts["rescanned"] = 1
    error = with_backoff(error, record.last_error, clock())
    with transaction(sessions) as session:
        repo.record_poll(session, key, now=clock(), ok=error is None, error=error, counts=counts)
        repo.release(session, key, owner=owner)
    return PollResult(
        key,
        ok=error is None,
        read=poll.read,
        counts=dict(poll.counts),
        uidvalidity=poll.uidvalidity,
        last_uid=poll.last_uid,
        rescanned=poll.rescanned,
        error=error,
        more=poll.more,
    )


class _Poll:
    def __init__(
        self,
        sessions: SessionFactory,
        record: repo.MailboxRecord,
        *,
        ingest: Ingest,
        clock: Clock,
        owner: str,
        stop: threading.Event | None,
    ) -> None:
        self.sessions, self.record, self.ingest, self.clock = sessions, record, ingest, clock
        self.owner, self.stop = owner, stop
        self.source = MailSource(key=record.key, store_id=record.store_id)
        self.read, self.counts = 0, {name: 0 for name in (*OUTCOMES, "duplicate")}
        self.uidvalidity, self.last_uid, self.rescanned = record.uidvalidity, record.last_uid, False
        self.more = False

    def run(self, *, batch: int, timeout: float, limit: int | None = None) -> None:
        secret = resolve(self.record)
        box = open_mailbox(self.record, secret, timeout=timeout)
        try:
            status = box.folder.status(self.record.folder, ["UIDVALIDITY"])
            self._check_validity(int(status["UIDVALIDITY"]))
            wanted = sorted(
                u for u in map(int, box.uids(f"UID {self.last_uid + 1}:*")) if u > self.last_uid
            )
            if limit is not None and len(wanted) > limit:
                wanted, self.more = wanted[:limit], True
            for part in _batches(wanted, sizes(box, wanted), batch):
                if self.stop is not None and self.stop.is_set():
                    self.more = True
                    return
                self._renew()
                fetched = fetch_raw(box, part)
                for uid in part:
                    if uid in fetched:  # gone since the search (expunged): nothing to read
                        self._file(uid, fetched[uid])
                        self._after_filing(box, uid)
        finally:
            close(box)

    def _check_validity(self, current: int) -> None:
        if self.uidvalidity == current:
            return
        self.rescanned = self.uidvalidity is not None
        with transaction(self.sessions) as session:
            if not repo.start_over(session, self.record.key, owner=self.owner, uidvalidity=current):
                raise _LeaseLost
        self.uidvalidity, self.last_uid = current, 0

    def _renew(self) -> None:
        now = self.clock()
        with transaction(self.sessions) as session:
            if not repo.claim(
                session, self.record.key, owner=self.owner, now=now, until=now + LEASE
            ):
                raise _LeaseLost

    def _file(self, uid: int, raw: bytes) -> None:
        assert self.uidvalidity is not None
        with transaction(self.sessions) as session:
            try:
                outcome = self.ingest(session, raw, self.source, self.clock())
            except Exception as exc:  # rolled back; named, so a person can look at it
                reason = f"{type(exc).__name__}: {exc}"
                raise ImapFailure(
                    "mailbox.error.message_failed",
                    {"uid": str(uid), "reason": reason[:200]},
                    reason,
                ) from exc
            if not repo.advance(
                session, self.record.key, owner=self.owner, uidvalidity=self.uidvalidity, uid=uid
            ):
                raise _LeaseLost  # rolls the message back too: the new holder reads it
        self.read += 1
        self.last_uid = uid
        name = "duplicate" if outcome.duplicate else outcome.state
        self.counts[name] = self.counts.get(name, 0) + 1
        if outcome.alert_left_out_as_old("filed"):
            # history, not news; said "filed as usual", so only of those filed
            self.counts[SKIPPED_COUNT] = self.counts.get(SKIPPED_COUNT, 0) + 1

    def _after_filing(self, box: Any, uid: int) -> None:
        """Only what the mailbox's options ask for; by default the server is left as it was."""
        if self.record.mark_seen:
            box.flag([str(uid)], MailMessageFlags.SEEN, True)
        if self.record.move_to:
            box.move([str(uid)], self.record.move_to)


def _batches(uids: list[int], size_of: dict[int, int], count: int) -> Iterator[list[int]]:
    """At most ``count`` messages and about BATCH_BYTES a fetch (a big one alone)."""
    part: list[int] = []
    held = 0
    for uid in uids:
        size = size_of.get(uid, 0)
        if part and (len(part) >= count or held + size > BATCH_BYTES):
            yield part
            part, held = [], 0
        part.append(uid)
        held += size
    if part:
        yield part


def check_connection(
    sessions: SessionFactory, key: str, *, now: datetime, timeout: float = TIMEOUT
) -> TestResult:
    """Log in and look at the folder (nothing read, nothing changed on the server). The
    outcome is recorded as a poll's is — the refusal, or none when the login worked — with
    the test's time, so the mailbox's status says what the last test found."""
    with read_transaction(sessions) as session:
        record = repo.get(session, key.strip().lower())
    if record is None:
        raise NotFound.of("mailbox.not_found", field="mailbox", mailbox=key)
    result = _tested(record, timeout)
    error = with_backoff(result.error, record.last_error, now)  # a refused test counts too
    with transaction(sessions) as session:
        repo.record_test(session, record.key, now=now, error=error)
    return TestResult(result.key, result.ok, result.messages, result.uidvalidity, error)


def _tested(record: repo.MailboxRecord, timeout: float) -> TestResult:
    try:
        box = open_mailbox(record, resolve(record), timeout=timeout)
    except Exception as exc:
        return TestResult(record.key, ok=False, error=_refusal(exc, record))
    try:
        status = box.folder.status(record.folder, ["MESSAGES", "UIDVALIDITY"])
        return TestResult(
            record.key,
            ok=True,
            messages=int(status["MESSAGES"]),
            uidvalidity=int(status["UIDVALIDITY"]),
        )
    except Exception as exc:  # the folder is missing or unreadable: said as a poll says it
        return TestResult(record.key, ok=False, error=_refusal(exc, record))
    finally:
        close(box)


def _refusal(exc: Exception, record: repo.MailboxRecord) -> dict[str, Any]:
    try:
        failure = failure_of(exc, record)
    except Exception:
        failure = ImapFailure("mailbox.error.other", {"reason": str(exc)[:200]}, repr(exc))
    return failure.record()
