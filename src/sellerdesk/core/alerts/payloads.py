"""Each chat vendor's JSON body for one alert, within its byte limits. Pure: no network.

The title leads, the text follows and is the only part ever trimmed; mentions, the case link
and the channel's keyword (DingTalk/Feishu refuse a message without it) form the tail that is
always kept. Mentions use each vendor's own syntax:
WeCom text ``mentioned_list``/``mentioned_mobile_list``, WeCom markdown ``<@userid>`` (an
alert mentioning a mobile number goes as text, the only WeCom form that can);
DingTalk ``at.atMobiles``/``at.atUserIds`` plus ``@handle`` in the text (markdown shows
it only then); Feishu ``<at user_id="…"></at>`` in text, ``{"tag": "at"}`` in post;
Slack ``<@U…>``.
"""

from __future__ import annotations

import json
import re
from typing import Any

from sellerdesk.core.alerts.channel import ChannelSettings
from sellerdesk.core.alerts.delivery import AlertMessage, Mention
from sellerdesk.core.alerts.limits import VendorLimits
from sellerdesk.core.alerts.trimming import cut_to_bytes, fit
from sellerdesk.core.i18n import t

_PHONE = re.compile(r"\+?\d{6,15}")


def is_phone(handle: str) -> bool:
    return bool(_PHONE.fullmatch(handle))


def link_label(message: AlertMessage) -> str:
    return message.link_label or t("alert_channels.open_case", message.lang)


def _keyword_tail(channel: ChannelSettings, message: AlertMessage) -> str:
    keyword = (channel.keyword or "").strip()
    if not keyword or keyword in message.title:
        return ""
    return f"\n{keyword}"


def _tail(parts: list[str]) -> str:
    return "".join(f"\n{part}" for part in parts if part)


# --- WeCom -------------------------------------------------------------------------------


def wecom_body(
    channel: ChannelSettings, message: AlertMessage, limits: VendorLimits
) -> dict[str, Any]:
    # A WeCom markdown message can @mention by userid only (<@userid>); a member known by a
    # mobile number is mentioned only through a text message's mentioned_mobile_list (WeCom
    # group robot docs). So an alert that must reach a mobile goes as one text message: one
    # request keeps "sent once" simple, where a markdown plus a follow-up text could half-fail.
    wants_mobile = any(is_phone(m.handle) for m in message.mentions)
    if channel.format == "text" or wants_mobile:
        link = message.link or ""
        content = fit(f"{message.title}\n{message.text}", _tail([link]), limits.text_bytes)
        text: dict[str, Any] = {"content": content}
        users = [m.handle for m in message.mentions if not is_phone(m.handle)]
        phones = [m.handle for m in message.mentions if is_phone(m.handle)]
        if users:
            text["mentioned_list"] = users
        if phones:
            text["mentioned_mobile_list"] = phones
        return {"msgtype": "text", "text": text}
    link = f"[{link_label(message)}]({message.link})" if message.link else ""
    ats = " ".join(f"<@{m.handle}>" for m in message.mentions)
    content = fit(f"**{message.title}**\n{message.text}", _tail([link, ats]), limits.rich_bytes)
    return {"msgtype": "markdown", "markdown": {"content": content}}


# --- DingTalk ----------------------------------------------------------------------------


def _dingtalk_at(mentions: tuple[Mention, ...]) -> dict[str, Any]:
    return {
        "atMobiles": [m.handle for m in mentions if is_phone(m.handle)],
        "atUserIds": [m.handle for m in mentions if not is_phone(m.handle)],
        "isAtAll": False,
    }


def dingtalk_body(
    channel: ChannelSettings, message: AlertMessage, limits: VendorLimits
) -> dict[str, Any]:
    ats = " ".join(f"@{m.handle}" for m in message.mentions)
    keyword = _keyword_tail(channel, message)
    if channel.format == "text":
        tail = _tail([message.link or "", ats]) + keyword
        content = fit(f"{message.title}\n{message.text}", tail, limits.text_bytes)
        return {
            "msgtype": "text",
            "text": {"content": content},
            "at": _dingtalk_at(message.mentions),
        }
    link = f"[{link_label(message)}]({message.link})" if message.link else ""
    tail = _tail([link, ats]) + keyword
    text = fit(f"### {message.title}\n\n{message.text}\n", tail, limits.rich_bytes)
    title = cut_to_bytes(message.title, 200) or "Seller Desk"
    return {
        "msgtype": "markdown",
        "markdown": {"title": title, "text": text},
        "at": _dingtalk_at(message.mentions),
    }


# --- Feishu / Lark -----------------------------------------------------------------------


def _feishu_taggable(mention: Mention) -> bool:
    # a Feishu custom bot mentions by open_id/user_id only (its docs: "自定义机器人仅支持使用
    # open_id、user_id @指定人"); an e-mail handle in an <at> tag is dropped silently, so such
    # a person is named in plain words ("@李娜") instead
    return "@" not in mention.handle


def _feishu_once(
    channel: ChannelSettings, message: AlertMessage, text_room: int, limits: VendorLimits
) -> dict[str, Any]:
    keyword = _keyword_tail(channel, message)
    if channel.format == "text":
        ats = " ".join(
            f'<at user_id="{m.handle}">{m.user_name}</at>'
            if _feishu_taggable(m)
            else f"@{m.user_name}"
            for m in message.mentions
        )
        tail = _tail([message.link or "", ats]) + keyword
        content = fit(f"{message.title}\n{message.text}", tail, min(text_room, limits.text_bytes))
        return {"msg_type": "text", "content": {"text": content}}
    lines: list[list[dict[str, Any]]] = []
    body = fit(message.text, keyword, min(text_room, limits.rich_bytes))
    lines.append([{"tag": "text", "text": body}])
    if message.link:
        lines.append([{"tag": "a", "text": link_label(message), "href": message.link}])
    if message.mentions:
        lines.append(
            [
                {"tag": "at", "user_id": m.handle, "user_name": m.user_name}
                if _feishu_taggable(m)
                else {"tag": "text", "text": f"@{m.user_name} "}
                for m in message.mentions
            ]
        )
    locale = "zh_cn" if message.lang.startswith("zh") else "en_us"
    return {
        "msg_type": "post",
        "content": {"post": {locale: {"title": message.title, "content": lines}}},
    }


def feishu_body(
    channel: ChannelSettings,
    message: AlertMessage,
    limits: VendorLimits,
    *,
    signature: dict[str, str],
) -> dict[str, Any]:
    """The body with ``timestamp``/``sign`` (when signed), shrunk until it fits ``body_bytes``:
    JSON escapes (quotes, newlines) make the body longer than its text, so measure the whole."""
    room = limits.rich_bytes
    for _ in range(8):
        body = {**signature, **_feishu_once(channel, message, room, limits)}
        size = len(encode_json(body))
        if limits.body_bytes is None or size <= limits.body_bytes:
            return body
        # shrink in proportion: escaping may double a text (quotes, newlines) or add nothing
        room = int(room * limits.body_bytes / size) - 16
    return body


# --- Slack -------------------------------------------------------------------------------


def slack_escape(text: str) -> str:
    """Slack's three control characters in mrkdwn, escaped as its docs say."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def slack_body(
    channel: ChannelSettings, message: AlertMessage, limits: VendorLimits
) -> dict[str, Any]:
    link = f"<{message.link}|{slack_escape(link_label(message))}>" if message.link else ""
    ats = " ".join(f"<@{m.handle}>" for m in message.mentions)
    title = slack_escape(message.title)
    summary = fit(f"*{title}*\n{slack_escape(message.text)}", _tail([link, ats]), limits.text_bytes)
    if channel.format == "text":
        return {"text": summary}
    section = fit(slack_escape(message.text), _tail([link, ats]), limits.rich_bytes)
    return {
        "text": cut_to_bytes(f"{message.title} {ats}".strip(), 300),
        "blocks": [
            {
                "type": "header",
                "text": {"type": "plain_text", "text": cut_to_bytes(message.title, 150)},
            },
            {"type": "section", "text": {"type": "mrkdwn", "text": section}},
        ],
    }


def encode_json(body: dict[str, Any]) -> bytes:
    """UTF-8 JSON as sent: Chinese stays 3 bytes a character instead of a 6-byte \\u escape."""
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
