"""Send one alert to one channel: ``send(channel, message, *, now) -> DeliveryResult``.

The outbox calls this and only this. Formatting and signing are pure (``core/alerts``); the
modules here only talk to the network. Every call builds and signs a fresh request.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from functools import cache

from sellerdesk.core.alerts.channel import ChannelSettings
from sellerdesk.core.alerts.delivery import AlertMessage, ChannelKind, DeliveryResult, Outcome
from sellerdesk.core.alerts.limits import VendorLimits, load_limits
from sellerdesk.services.alerts.senders import chat, smtp

__all__ = ["send"]


@cache
def _shipped_limits() -> Mapping[ChannelKind, VendorLimits]:
    return load_limits()


def send(
    channel: ChannelSettings,
    message: AlertMessage,
    *,
    now: datetime,
    limits: Mapping[ChannelKind, VendorLimits] | None = None,
) -> DeliveryResult:
    """Deliver ``message`` on ``channel`` once (no retry here: the outbox decides)."""
    vendor = (limits or _shipped_limits()).get(channel.kind)
    if vendor is None:
        return DeliveryResult(Outcome.PERMANENT, f"no limits known for channel kind {channel.kind}")
    if channel.kind is ChannelKind.EMAIL:
        return smtp.send_mail(channel, message, limits=vendor)
    return chat.send_chat(channel, message, now=now, limits=vendor)
