"""What a sender needs to know about one channel: where to send, how to sign, which format.

Built by the channel service from the stored row (secrets included) and handed to
``services.alerts.senders.send``; never rendered to a person (see :func:`mask_secret`).
"""

from __future__ import annotations

from dataclasses import dataclass

from sellerdesk.core.alerts.delivery import ChannelKind

# the message formats each kind can send; the first is the default
FORMATS: dict[ChannelKind, tuple[str, ...]] = {
    ChannelKind.WECOM: ("markdown", "text"),
    ChannelKind.DINGTALK: ("markdown", "text"),
    ChannelKind.FEISHU: ("post", "text"),
    ChannelKind.SLACK: ("blocks", "text"),
    ChannelKind.EMAIL: ("text",),
}

SMTP_SECURITY = ("starttls", "tls", "none")


@dataclass(frozen=True, slots=True)
class SmtpSettings:
    host: str
    port: int
    security: str  # starttls | tls | none (none only makes sense on loopback)
    sender: str
    recipients: tuple[str, ...]
    user: str | None = None
    password: str | None = None
    ca_file: str | None = None  # a PEM file the server's certificate is checked against
    verify: bool = True  # False only when a person said so: anyone on the path can listen


@dataclass(frozen=True, slots=True)
class ChannelSettings:
    """One configured channel, secrets in the clear (for the sender only)."""

    kind: ChannelKind
    name: str = ""
    webhook: str = ""  # the URL is the credential (WeCom's key, DingTalk's token, …)
    signing_secret: str | None = None  # DingTalk SEC…, Feishu 签名校验 secret
    keyword: str | None = None  # DingTalk/Feishu 自定义关键词: every message must carry it
    message_format: str = ""  # one of FORMATS[kind]; "" is the kind's default
    smtp: SmtpSettings | None = None
    timeout_seconds: float = 10.0
    channel_id: int | None = None

    @property
    def format(self) -> str:
        allowed = FORMATS[self.kind]
        return self.message_format if self.message_format in allowed else allowed[0]


def mask_secret(secret: str | None, *, keep: int = 4) -> str:
    """A secret shown back as its last ``keep`` characters only: ``••••1a2b``, so that two
    robots can be told apart. A short secret shows at most half of itself (``test12`` shows
    ``••••12``, ``abc`` ``••••c``): enough to tell it apart, never most of it."""
    if not secret:
        return ""
    return "••••" + secret[len(secret) - min(keep, len(secret) // 2) :]


def mask_webhook(url: str) -> str:
    """A webhook URL with its credential hidden, enough left to recognise it:
    ``https://qyapi.weixin.qq.com/…key=••••1a2b``; a Feishu/Slack path token likewise."""
    if not url:
        return ""
    scheme, sep, rest = url.partition("://")
    if not sep:
        return mask_secret(url)
    host, _, path_query = rest.partition("/")
    host = host if len(host) <= 80 else f"{host[:40]}…{host[-20:]}"  # a table cell, not a dump
    path, _, query = path_query.partition("?")
    if query:
        name, eq, value = query.split("&")[0].partition("=")
        if eq and name.isidentifier() and len(name) <= 40:  # key=, access_token=
            return f"{scheme}://{host}/…{name}={mask_secret(value)}"
        return f"{scheme}://{host}/…{mask_secret(query)}"
    last = path.rstrip("/").rsplit("/", 1)[-1]
    return f"{scheme}://{host}/…/{mask_secret(last)}"
