"""WeCom, DingTalk, Feishu and Slack webhooks: build the body, sign it now, POST it."""

from __future__ import annotations

from datetime import datetime

from sellerdesk.core.alerts import payloads, signing
from sellerdesk.core.alerts.channel import ChannelSettings
from sellerdesk.core.alerts.delivery import AlertMessage, ChannelKind, DeliveryResult, Outcome
from sellerdesk.core.alerts.limits import VendorLimits
from sellerdesk.services.alerts.senders.http_post import post


def send_chat(
    channel: ChannelSettings, message: AlertMessage, *, now: datetime, limits: VendorLimits
) -> DeliveryResult:
    url = channel.webhook.strip()
    if not url:
        return DeliveryResult(Outcome.PERMANENT, "the channel has no webhook address")
    secret = (channel.signing_secret or "").strip()
    if channel.kind is ChannelKind.WECOM:
        body = payloads.wecom_body(channel, message, limits)
    elif channel.kind is ChannelKind.DINGTALK:
        body = payloads.dingtalk_body(channel, message, limits)
        if secret:
            url = signing.dingtalk_signed_url(url, secret, now)
    elif channel.kind is ChannelKind.FEISHU:
        signature: dict[str, str] = {}
        if secret:
            ts = signing.feishu_timestamp(now)
            signature = {"timestamp": str(ts), "sign": signing.feishu_sign(secret, ts)}
        body = payloads.feishu_body(channel, message, limits, signature=signature)
    elif channel.kind is ChannelKind.SLACK:
        body = payloads.slack_body(channel, message, limits)
    else:
        return DeliveryResult(Outcome.PERMANENT, f"{channel.kind} is not a chat webhook")
    return post(
        channel.kind,
        url,
        payloads.encode_json(body),
        timeout=channel.timeout_seconds,
        rate_limit_wait=limits.throttle_seconds,
    )
