"""The contract between the outbox (who decides what to send, when, and retries) and the senders
(who know one vendor's wire format). Pure: no network, no database.

A sender turns an :class:`AlertMessage` into one request to one channel and answers with a
:class:`DeliveryResult`. The outbox never looks at vendor error codes: the sender classifies them,
because "HTTP 200 with errcode 45009" is a rate limit on WeCom and nothing on Slack.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class ChannelKind(StrEnum):
    WECOM = "wecom"  # 企业微信群机器人
    DINGTALK = "dingtalk"  # 钉钉自定义机器人 (signed)
    FEISHU = "feishu"  # 飞书 / Lark custom bot (signed)
    SLACK = "slack"  # Slack incoming webhook
    EMAIL = "email"  # SMTP


class Outcome(StrEnum):
    DELIVERED = "delivered"
    # worth another try later: a timeout, a refused connection, HTTP 5xx
    TRANSIENT = "transient"
    # the vendor said "too many": wait at least retry_after_seconds, then try again
    RATE_LIMITED = "rate-limited"
    # never retried: a bad key, a signature or keyword refusal, a malformed message
    PERMANENT = "permanent"


@dataclass(frozen=True, slots=True)
class Mention:
    """Someone to @ in the group, as the channel knows them (a WeCom userid, a phone number for
    DingTalk, a Feishu open_id, a Slack member id, an e-mail address)."""

    user_name: str
    handle: str


@dataclass(frozen=True, slots=True)
class AlertMessage:
    """One alert, already in the recipient's language. ``text`` is plain text (senders may turn
    it into the vendor's markdown); ``link`` is the case page's absolute URL, kept even when the
    text is trimmed to the vendor's byte limit."""

    title: str
    text: str
    link: str | None = None
    lang: str = "zh"
    urgent: bool = False
    mentions: tuple[Mention, ...] = ()
    # the outbox's row ids folded into this message (one for a single alert, several for a digest)
    alert_ids: tuple[int, ...] = field(default=())
    # the words on the link, in ``lang`` (None: "Open the case"); the Unfiled mail, a digest …
    link_label: str | None = None


@dataclass(frozen=True, slots=True)
class DeliveryResult:
    outcome: Outcome
    # what the vendor answered, in a line, for the attempt log (never the webhook secret)
    detail: str = ""
    vendor_code: str | None = None
    retry_after_seconds: float | None = None
    http_status: int | None = None

    @property
    def retryable(self) -> bool:
        return self.outcome in (Outcome.TRANSIENT, Outcome.RATE_LIMITED)
