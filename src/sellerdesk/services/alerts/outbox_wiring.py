"""The outbox's real channels and sender: each channel's settings (secrets included, from the
channels service) and its vendor's rate (``data/alert_channels.toml``), and the senders'
``send``. Tests hand the outbox fakes instead."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, datetime

from sellerdesk.core.alerts.delivery import AlertMessage, ChannelKind, DeliveryResult
from sellerdesk.core.alerts.limits import VendorLimits, load_limits
from sellerdesk.services.alerts import channels as channel_service
from sellerdesk.services.alerts.outbox import Channels, ChannelTarget
from sellerdesk.services.alerts.senders import send as send_to_vendor
from sellerdesk.services.tracker import read_transaction
from sellerdesk.storage.repositories import alert_routes as route_rows
from sellerdesk.storage.session import Session, sessionmaker


def channel_lookup(
    sessions: sessionmaker[Session], limits: Mapping[ChannelKind, VendorLimits] | None = None
) -> Channels:
    """Channels as the outbox needs them, read once per channel per round (a round makes a
    new lookup, so an edited channel takes effect at the next round)."""
    known = limits if limits is not None else load_limits()
    seen: dict[int, ChannelTarget | None] = {}

    def lookup(channel_id: int) -> ChannelTarget | None:
        if channel_id not in seen:
            seen[channel_id] = _read(sessions, channel_id, known)
        return seen[channel_id]

    return lookup


def _read(
    sessions: sessionmaker[Session],
    channel_id: int,
    limits: Mapping[ChannelKind, VendorLimits],
) -> ChannelTarget | None:
    with read_transaction(sessions) as session:
        meta = route_rows.channel(session, channel_id=channel_id)
        if meta is None:
            return None
        settings = channel_service.sender_settings(session, channel_id)
    kind = ChannelKind(meta["kind"])
    vendor = limits.get(kind)
    return ChannelTarget(
        id=channel_id,
        kind=kind.value,
        enabled=settings is not None,
        per_minute=vendor.per_minute if vendor else None,
        per_second=vendor.per_second if vendor else None,
        throttle_seconds=vendor.throttle_seconds if vendor else 60.0,
        settings=settings,
    )


def wall_clock() -> datetime:
    return datetime.now(UTC)


def send(
    target: ChannelTarget,
    message: AlertMessage,
    now: datetime,
    *,
    clock: Callable[[], datetime] = wall_clock,
) -> DeliveryResult:
    """One request to the vendor through the alert senders, signed (DingTalk, Feishu) with
    the clock as the request leaves, not the round's ``now``: the vendor checks the timestamp
    against its own clock within an hour and refuses for good, and a round's ``now`` may be
    pretended (``worker --once --at``) or as old as the round."""
    return send_to_vendor(target.settings, message, now=clock())
