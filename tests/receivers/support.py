"""Channels and messages for the sender tests."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sellerdesk.core.alerts.channel import ChannelSettings
from sellerdesk.core.alerts.delivery import AlertMessage, ChannelKind, Mention


def now() -> datetime:
    """The real clock: the receivers check signatures against their own (real) clock."""
    return datetime.now(UTC)


LINK = "https://desk.example.com/cases/4711"

ZH = AlertMessage(
    title="案例 4711：亚马逊有新回复",
    text="卖家支持回复了案例 4711，请在 24 小时内补充发票。",
    link=LINK,
    lang="zh",
    mentions=(Mention("张伟", "zhangwei"), Mention("李娜", "13800138000")),
)
EN = AlertMessage(
    title="Case 4711: Amazon replied",
    text="Seller Support answered case 4711; send the invoice within 24 hours.",
    link=LINK,
    lang="en",
    mentions=(Mention("Zhang Wei", "zhangwei"),),
)


def long_zh(chars: int = 3000) -> AlertMessage:
    text = ("亚马逊要求提供供应链发票与授权书，" * (chars // 17 + 1))[:chars]
    return AlertMessage(title="案例 4711：需要处理", text=text, link=LINK, lang="zh")


def channel(kind: ChannelKind, url: str, **kw: Any) -> ChannelSettings:
    kw.setdefault("timeout_seconds", 3.0)
    return ChannelSettings(kind=kind, name=f"{kind.value} test", webhook=url, **kw)
