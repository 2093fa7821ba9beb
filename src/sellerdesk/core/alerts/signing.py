"""Request signatures of the signed chat robots, computed fresh for every request.

DingTalk and Feishu both use HMAC-SHA256 and base64, but with key and message swapped (a known
trap): DingTalk signs ``f"{ts_ms}\\n{secret}"`` with the secret as key, Feishu signs an empty
message with ``f"{ts}\\n{secret}"`` as key. DingTalk's timestamp is in milliseconds and goes in
the query string; Feishu's is in seconds and goes in the JSON body. Both vendors refuse a
timestamp more than an hour away from their clock, which is why a signed URL is never cached
(DingtalkChatbot cached it and its URL grew until "URI too large", issue #30 there).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from datetime import datetime
from urllib.parse import quote_plus


def dingtalk_timestamp(now: datetime) -> int:
    """DingTalk's ``timestamp``: milliseconds since the epoch."""
    return int(now.timestamp() * 1000)


def dingtalk_sign(secret: str, timestamp_ms: int) -> str:
    """``sign`` before URL-encoding: base64(HMAC-SHA256(secret, ts\\nsecret))."""
    to_sign = f"{timestamp_ms}\n{secret}".encode()
    digest = hmac.new(secret.encode(), to_sign, hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def dingtalk_signed_url(webhook: str, secret: str, now: datetime) -> str:
    """The webhook URL with ``timestamp`` and the URL-encoded ``sign`` appended."""
    timestamp = dingtalk_timestamp(now)
    sign = quote_plus(dingtalk_sign(secret, timestamp))
    joiner = "&" if "?" in webhook else "?"
    return f"{webhook}{joiner}timestamp={timestamp}&sign={sign}"


def feishu_timestamp(now: datetime) -> int:
    """Feishu's ``timestamp``: whole seconds since the epoch."""
    return int(now.timestamp())


def feishu_sign(secret: str, timestamp_s: int) -> str:
    """The body's ``sign``: base64(HMAC-SHA256(key=ts\\nsecret, msg=b""))."""
    key = f"{timestamp_s}\n{secret}".encode()
    digest = hmac.new(key, b"", hashlib.sha256).digest()
    return base64.b64encode(digest).decode()
