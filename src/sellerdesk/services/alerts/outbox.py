"""Deliver the outbox: one round of the worker (``deliver_due``).

A round (1) settles sends a stopped worker left unfinished, (2) holds each due, non-urgent
alert whose recipient is off work until their next opening (the team's hours, in the
recipient's own zone when they set one: the DST and the team's holiday calendar, make-up
working days included, are the hours engine's), (3) per channel, claims as many alerts as the
channel's rate allows — by a conditional UPDATE, so of two workers one gets each — saying
the alerts of one case once ("×N") and folding a burst into digests, and (4) sends each
message through ``send`` and records the answer.

Never twice: the attempt is written and committed *before* the request goes out. An attempt
whose answer was never recorded (the worker died, or the sender raised after the request may
have left) is an **unknown outcome**: the alert is failed with that reason and not resent, since
the vendor may have shown it already; a person may resend it (``alerts outbox retry``). A
duplicate is worse for a chat group than one alert a person retries by hand; the one way to
lose an alert silently (dropping it) is never taken. TRANSIENT answers wait with exponential
back-off and jitter, RATE_LIMITED ones wait ``retry_after`` (else the vendor's throttle) and
hold the whole channel, PERMANENT ones fail at once with the vendor's words as the reason.
"""

from __future__ import annotations

import random
import time
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sellerdesk.core.alerts.delivery import AlertMessage, DeliveryResult, Outcome
from sellerdesk.core.hours.schedule import Schedule
from sellerdesk.services.alerts.outbox_digest import message_of, pack
from sellerdesk.services.alerts.outbox_reasons import stored as why_stored
from sellerdesk.services.tracker import transaction
from sellerdesk.storage.repositories import alert_outbox as rows
from sellerdesk.storage.repositories import alert_routes as route_rows
from sellerdesk.storage.session import Session, sessionmaker


@dataclass(frozen=True, slots=True)
class ChannelTarget:
    """A channel as the outbox needs it: its kind and rate; ``settings`` go to the sender."""

    id: int
    kind: str
    enabled: bool = True
    per_minute: int | None = None
    per_second: int | None = None
    throttle_seconds: float = 60.0
    settings: Any = None


Send = Callable[[ChannelTarget, AlertMessage, datetime], DeliveryResult]
Channels = Callable[[int], ChannelTarget | None]
HoursFor = Callable[[str | None], Schedule]  # the recipient's zone (None: the team's)


@dataclass(frozen=True, slots=True)
class Policy:
    lease: timedelta = timedelta(minutes=5)
    first_backoff: timedelta = timedelta(seconds=30)
    max_backoff: timedelta = timedelta(hours=1)
    max_attempts: int = 12
    digest_max: int = 20  # alerts in one digest message
    batch: int = 500  # due alerts looked at per round
    channel_off_wait: timedelta = timedelta(minutes=10)  # a disabled channel's alerts


POLICY = Policy()
RATE_RECHECK = timedelta(seconds=10)  # a channel whose minute is spent is looked at again


@dataclass
class RoundReport:
    sent: int = 0  # requests the vendor took
    delivered: int = 0  # alerts in them
    digests: int = 0
    held: int = 0
    retrying: int = 0
    failed: int = 0
    settled_unknown: int = 0
    reasons: list[str] = field(default_factory=list)


def backoff(attempts: int, policy: Policy, rng: random.Random) -> timedelta:
    """30 s, 1, 2, 4 … minutes up to an hour, each between half and one and a half of that."""
    base = min(policy.first_backoff * (2 ** max(attempts - 1, 0)), policy.max_backoff)
    jittered: timedelta = base * rng.uniform(0.5, 1.5)
    return jittered


def deliver_due(
    sessions: sessionmaker[Session],
    *,
    now: datetime,
    worker_id: str,
    send: Send,
    channels: Channels,
    hours_for: HoursFor,
    base_url: str | None = None,
    policy: Policy = POLICY,
    rng: random.Random | None = None,
) -> RoundReport:
    """One round of delivery at ``now`` (see the module's words)."""
    rng = rng or random.Random()
    report = RoundReport()
    _settle_lapsed(sessions, now, report)
    by_channel = _hold_off_hours(sessions, now, hours_for, policy, report)
    for channel_id, due in by_channel.items():
        target = channels(channel_id)
        if target is None:
            _drop(sessions, due, why_stored("no_channel", channel=channel_id))
            continue
        if not target.enabled:  # they wait: a disabled channel may be enabled again
            _defer(sessions, due, now + policy.channel_off_wait)
            continue
        _deliver_channel(sessions, target, due, now, worker_id, send, base_url, policy, rng, report)
    return report


def _settle_lapsed(sessions: sessionmaker[Session], now: datetime, report: RoundReport) -> None:
    reason = why_stored("unknown_outcome")
    with transaction(sessions) as session:
        for row in rows.lapsed(session, now=now):
            if rows.settle_lapsed(session, row["id"], now=now, reason=reason):
                rows.settle_attempts(session, row["id"], detail=reason)
                report.settled_unknown += 1


def _hold_off_hours(
    sessions: sessionmaker[Session],
    now: datetime,
    hours_for: HoursFor,
    policy: Policy,
    report: RoundReport,
) -> dict[int, list[Any]]:
    """Hold the due alerts whose recipient is off work; the others, by channel."""
    by_channel: dict[int, list[Any]] = {}
    zones: dict[str, str | None] = {}

    def hours_of(session: Session, who: str | None) -> Schedule:
        if who and who not in zones:
            own = route_rows.user_settings(session, who)
            zones[who] = own["time_zone"] if own is not None else None
        return hours_for(zones.get(who) if who else None)

    with transaction(sessions) as session:
        _rehold(session, now, hours_of, policy)
        for row in rows.due(session, now=now, limit=policy.batch):
            if not row["urgent"]:
                hours = hours_of(session, row["recipient"])
                if not hours.is_open(now):
                    opens = hours.next_open(now)
                    if opens is not None:
                        local = opens.astimezone(hours.zone)
                        zone_name = getattr(hours.zone, "key", str(hours.zone))
                        why = why_stored("held", at=f"{local:%Y-%m-%d %H:%M} {zone_name}")
                        if rows.hold(session, row["id"], until=opens, reason=why):
                            report.held += 1
                        continue
            by_channel.setdefault(row["channel_id"], []).append(row)
    return by_channel


def _rehold(
    session: Session,
    now: datetime,
    hours_of: Callable[[Session, str | None], Schedule],
    policy: Policy,
) -> None:
    """Held alerts judged again against the hours as they are now (an admin may have changed
    the team's hours since): released at once when the recipient is at work, else held until
    the new opening."""
    for row in rows.held_ahead(session, now=now, limit=policy.batch):
        hours = hours_of(session, row["recipient"])
        if row["urgent"] or hours.is_open(now):
            rows.rehold(session, row["id"], until=now, reason=None)
            continue
        opens = hours.next_open(now)
        if opens is not None and opens != row["not_before"]:
            local = opens.astimezone(hours.zone)
            zone_name = getattr(hours.zone, "key", str(hours.zone))
            why = why_stored("held", at=f"{local:%Y-%m-%d %H:%M} {zone_name}")
            rows.rehold(session, row["id"], until=opens, reason=why)


def _drop(sessions: sessionmaker[Session], due: Sequence[Mapping[str, Any]], reason: str) -> None:
    with transaction(sessions) as session:
        for row in due:
            rows.drop_waiting(session, row["id"], reason=reason)


def _defer(sessions: sessionmaker[Session], due: Sequence[Any], until: datetime) -> None:
    with transaction(sessions) as session:
        for row in due:
            rows.defer(session, row["id"], until=until)


def _room(session: Session, target: ChannelTarget, now: datetime) -> tuple[int, datetime]:
    """How many requests the channel's rate still allows now (in its minute and second),
    and when to look again if none: when it asked us to wait, else a moment later."""
    waits = rows.channel_waits_until(session, target.id)
    if waits is not None and waits > now:
        return 0, waits
    room = 1_000_000
    if target.per_minute:
        used = rows.requests_since(session, target.id, now - timedelta(minutes=1))
        room = min(room, target.per_minute - used)
    if target.per_second:
        used = rows.requests_since(session, target.id, now - timedelta(seconds=1))
        room = min(room, target.per_second - used)
    return max(room, 0), now + RATE_RECHECK


def _deliver_channel(
    sessions: sessionmaker[Session],
    target: ChannelTarget,
    due: Sequence[Mapping[str, Any]],
    now: datetime,
    worker_id: str,
    send: Send,
    base_url: str | None,
    policy: Policy,
    rng: random.Random,
    report: RoundReport,
) -> None:
    lease_until = now + policy.lease
    with transaction(sessions) as session:
        room, again = _room(session, target, now)
        if room == 0:  # the minute's requests are spent, or the vendor asked us to wait
            for row in due:
                rows.defer(session, row["id"], until=again)
            return
        wanted = due[: room * policy.digest_max]
        claimed = [
            row
            for row in wanted
            if rows.claim(session, row["id"], now=now, worker=worker_id, lease_until=lease_until)
        ]
        handles = _handles(session, claimed, target.kind)
    messages = pack(claimed, room=room, most=policy.digest_max)
    for number, packed in enumerate(messages):
        group = packed.rows
        ids = [row["id"] for row in group]
        message = message_of(packed, handles, base_url)
        outcome = _send_one(sessions, target, message, ids, now, worker_id, send)
        if outcome is None:
            report.settled_unknown += len(ids)
            continue
        if outcome.outcome is Outcome.RATE_LIMITED:  # the rest of this round's claims wait
            rest = [row["id"] for later in messages[number:] for row in later.rows]
            _after_rate_limit(sessions, target, ids, rest, outcome, now, worker_id)
            report.retrying += len(rest)
            return
        _settle(sessions, target.kind, group, outcome, now, worker_id, policy, rng, report)


def _handles(session: Session, claimed: Sequence[Mapping[str, Any]], kind: str) -> dict[str, str]:
    names = {row["mention_user"] for row in claimed if row["mention_user"]}
    found = {name: route_rows.handle_of(session, name, kind) for name in names}
    return {name: handle for name, handle in found.items() if handle}


def _send_one(
    sessions: sessionmaker[Session],
    target: ChannelTarget,
    message: AlertMessage,
    ids: list[int],
    now: datetime,
    worker_id: str,
    send: Send,
) -> DeliveryResult | None:
    """Record the attempt, send, record the answer; None: the outcome is unknown (the
    sender raised) and the alerts are failed, not resent."""
    key = uuid.uuid4().hex
    with transaction(sessions) as session:
        rows.start_attempts(
            session, ids, channel_id=target.id, at=now, worker=worker_id, send_key=key
        )
    began = time.monotonic()
    try:
        result = send(target, message, now)
    except Exception as exc:
        reason = why_stored("sender_raised", error=f"{type(exc).__name__}: {exc}"[:300])
        with transaction(sessions) as session:
            rows.finish_attempts(session, key, outcome=rows.UNKNOWN, detail=reason)
            rows.failed(session, ids, worker=worker_id, reason=reason)
        return None
    took = int((time.monotonic() - began) * 1000)
    with transaction(sessions) as session:
        rows.finish_attempts(
            session,
            key,
            outcome=result.outcome.value,
            vendor_code=result.vendor_code,
            detail=result.detail[:2000],
            http_status=result.http_status,
            duration_ms=took,
            wait_until=_wait_until(target, result, now),
        )
        if result.outcome is Outcome.DELIVERED:
            digest = ids[0] if len(ids) > 1 else None
            rows.delivered(session, ids, worker=worker_id, now=now, digest_id=digest)
    return result


def _wait_until(target: ChannelTarget, result: DeliveryResult, now: datetime) -> datetime | None:
    if result.outcome is not Outcome.RATE_LIMITED:
        return None
    return now + timedelta(seconds=result.retry_after_seconds or target.throttle_seconds)


def _after_rate_limit(
    sessions: sessionmaker[Session],
    target: ChannelTarget,
    sent: list[int],
    ids: list[int],
    result: DeliveryResult,
    now: datetime,
    worker_id: str,
) -> None:
    """The alerts of the refused request and those claimed after it wait; so does every
    worker's next request to the channel (the attempt's ``wait_until``, see :func:`_room`)."""
    wait = result.retry_after_seconds or target.throttle_seconds
    until = now + timedelta(seconds=wait)
    why = why_stored("rate_limited", seconds=f"{wait:g}", detail=result.detail)
    with transaction(sessions) as session:
        rows.refund_attempt(session, sent)
        rows.requeue(session, ids, worker=worker_id, not_before=until, reason=why)


def _settle(
    sessions: sessionmaker[Session],
    kind: str,
    group: Sequence[Mapping[str, Any]],
    result: DeliveryResult,
    now: datetime,
    worker_id: str,
    policy: Policy,
    rng: random.Random,
    report: RoundReport,
) -> None:
    ids = [row["id"] for row in group]
    if result.outcome is Outcome.DELIVERED:
        report.sent += 1
        report.delivered += len(ids)
        report.digests += len(ids) > 1
        return
    # the vendor's code lets each page explain the refusal as Send test does (outbox_reasons)
    vendor = {"kind": kind, "code": result.vendor_code} if result.vendor_code else {}
    with transaction(sessions) as session:
        if result.outcome is Outcome.PERMANENT:
            why = why_stored("permanent", detail=result.detail or "-", **vendor)
            report.failed += rows.failed(session, ids, worker=worker_id, reason=why)
            report.reasons.append(why)
            return
        for row in group:  # transient: each waits its own back-off (a claim added one attempt)
            tries = int(row["attempts"]) + 1
            if tries >= policy.max_attempts:
                why = why_stored("gave_up", n=tries, detail=result.detail or "-", **vendor)
                report.failed += rows.failed(session, [row["id"]], worker=worker_id, reason=why)
                continue
            until = now + backoff(tries, policy, rng)
            why = why_stored("transient", detail=result.detail or "-", **vendor)
            report.retrying += rows.requeue(
                session, [row["id"]], worker=worker_id, not_before=until, reason=why
            )
