"""What a vendor's answer means: delivered, try again later, or never again. Pure.

WeCom, DingTalk and Feishu answer HTTP 200 even when they refuse, with the reason in the JSON
(``errcode``/``code``), so the status alone says nothing (apprise reports those refusals as
success). Rate limits (45009, 130101, 11232, HTTP 429) wait and retry; refused keys, signatures
and keywords never retry: retrying a bad key only burns the rate limit. An unknown non-zero code
is treated as permanent, so a misconfigured channel fails loudly instead of looping, except
WeCom's ``-1`` "system busy".
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from sellerdesk.core.alerts.delivery import ChannelKind, DeliveryResult, Outcome

RATE_LIMIT_CODES = {
    ChannelKind.WECOM: {"45009"},  # api freq out of limit
    ChannelKind.DINGTALK: {"130101"},  # send too fast, throttled for 10 minutes
    ChannelKind.FEISHU: {"11232"},  # frequency limited
}
TRANSIENT_CODES = {
    ChannelKind.WECOM: {"-1"},  # system busy
    ChannelKind.DINGTALK: {"-1"},
    ChannelKind.FEISHU: {"-1"},
}
# Slack's permanent refusals (the body is a plain word, not JSON)
SLACK_PERMANENT = {
    "invalid_token",
    "no_service",
    "no_service_id",
    "no_team",
    "team_disabled",
    "channel_not_found",
    "channel_is_archived",
    "action_prohibited",
    "posting_to_general_channel_denied",
    "invalid_payload",
    "user_not_found",
    "no_text",
}

_DETAIL_MAX = 300


def classify_http(
    kind: ChannelKind,
    status: int,
    body: bytes,
    headers: Mapping[str, str],
    *,
    rate_limit_wait: float,
) -> DeliveryResult:
    """The result of one HTTP answer from ``kind``'s webhook."""
    text = body.decode("utf-8", errors="replace").strip()
    if kind is ChannelKind.SLACK:
        return _slack(status, text, headers, rate_limit_wait)
    code, words = _vendor_code(text)
    detail = _detail(status, code, words or text)
    if status == 429:
        wait = _retry_after(headers) or rate_limit_wait
        return DeliveryResult(Outcome.RATE_LIMITED, detail, code, wait, status)
    if code is not None and code in RATE_LIMIT_CODES.get(kind, set()):
        wait = _retry_after(headers) or rate_limit_wait
        return DeliveryResult(Outcome.RATE_LIMITED, detail, code, wait, status)
    if status >= 500 or status == 408:
        return DeliveryResult(Outcome.TRANSIENT, detail, code, None, status)
    if code is not None and code in TRANSIENT_CODES.get(kind, set()):
        return DeliveryResult(Outcome.TRANSIENT, detail, code, None, status)
    if status == 200 and code == "0":
        return DeliveryResult(Outcome.DELIVERED, detail, code, None, status)
    if status == 200 and code is None:
        # a 200 without errcode/code is not what any of the three documents: do not call it sent
        return DeliveryResult(
            Outcome.PERMANENT, _detail(status, None, "no errcode in the answer"), None, None, status
        )
    return DeliveryResult(Outcome.PERMANENT, detail, code, None, status)


def _slack(status: int, text: str, headers: Mapping[str, str], wait: float) -> DeliveryResult:
    word = text.split()[0] if text else ""
    detail = _detail(status, word or None, text)
    if status == 200 and word == "ok":
        return DeliveryResult(Outcome.DELIVERED, detail, "ok", None, status)
    if status == 429:
        return DeliveryResult(
            Outcome.RATE_LIMITED, detail, word or None, _retry_after(headers) or wait, status
        )
    if status >= 500 or status == 408:
        return DeliveryResult(Outcome.TRANSIENT, detail, word or None, None, status)
    if word in SLACK_PERMANENT or 400 <= status < 500:
        return DeliveryResult(Outcome.PERMANENT, detail, word or None, None, status)
    return DeliveryResult(Outcome.PERMANENT, detail, word or None, None, status)


def _vendor_code(text: str) -> tuple[str | None, str]:
    """(``errcode``/``code``/``StatusCode`` as a string, the vendor's message) from a JSON body."""
    try:
        data: Any = json.loads(text) if text else None
    except ValueError:
        return None, ""
    if not isinstance(data, dict):
        return None, ""
    for code_key, words_key in (
        ("errcode", "errmsg"),
        ("code", "msg"),
        ("StatusCode", "StatusMessage"),
    ):
        if code_key in data:
            return str(data[code_key]), str(data.get(words_key, ""))
    return None, ""


def _retry_after(headers: Mapping[str, str]) -> float | None:
    for name, value in headers.items():
        if name.lower() == "retry-after":
            try:
                return max(float(value), 0.0)
            except ValueError:
                return None
    return None


def _detail(status: int, code: str | None, words: str) -> str:
    code_part = f", code {code}" if code is not None else ""
    line = " ".join(words.split())
    return f"HTTP {status}{code_part}: {line}"[:_DETAIL_MAX]


def transport_failure(reason: str, *, timed_out: bool) -> DeliveryResult:
    """No answer at all: a timeout, a refused connection, a name that does not resolve."""
    prefix = "timed out" if timed_out else "no connection"
    return DeliveryResult(Outcome.TRANSIENT, f"{prefix}: {reason}"[:_DETAIL_MAX])
