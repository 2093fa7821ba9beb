"""WeCom, DingTalk, Feishu and Slack as their documents describe them (integrations.md §3).

Each checks the webhook's credential, the payload's shape and byte limits, the signature and
its one-hour timestamp window (DingTalk in the query, Feishu in the body) and the keyword,
and refuses exactly as the vendor does: WeCom/DingTalk/Feishu with HTTP 200 and a non-zero
``errcode``/``code``, Slack with an HTTP status and a plain word. The signatures are computed
here independently of ``core/alerts/signing.py``, from the vendors' published recipes.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from typing import Any

from tests.receivers.http_base import Received, Receiver, Reply, json_reply

HOUR = 3600
FEISHU_SIGN_FAIL = "sign match fail or timestamp is not within one hour from current time"


def _utf8(text: str) -> int:
    return len(text.encode("utf-8"))


def _text_of(payload: Any) -> str:
    """Every string in a payload, joined: where a keyword is looked for."""
    if isinstance(payload, str):
        return payload
    if isinstance(payload, dict):
        return " ".join(_text_of(v) for v in payload.values())
    if isinstance(payload, list):
        return " ".join(_text_of(v) for v in payload)
    return ""


def _parse(request: Received) -> Any:
    try:
        return request.json
    except (ValueError, UnicodeDecodeError):
        return None


def _errcode(code: int, msg: str) -> Reply:
    """WeCom's and DingTalk's refusal: HTTP 200 with a non-zero ``errcode``."""
    return json_reply({"errcode": code, "errmsg": msg}, verdict=str(code))


_SAMPLE = ""  # a secret not given: the vendor's sample one (None: the robot does not sign)


class _SignedRobot(Receiver):
    """A robot whose address carries a token, that may sign (a secret, and a timestamp within
    the hour) and may want a keyword: DingTalk and Feishu. ``sample_*``: the vendor's
    documented examples, used unless a test gives its own."""

    sample_token = ""
    sample_secret = ""

    def __init__(
        self, token: str = "", secret: str | None = _SAMPLE, keyword: str | None = None, **kw: Any
    ) -> None:
        super().__init__(**kw)
        self.token = token or self.sample_token
        self.secret = self.sample_secret if secret == _SAMPLE else secret
        self.keyword = keyword

    def expected_sign(self, timestamp: str) -> str:
        raise NotImplementedError

    def sign_refused(self, stamp: str, sign: str, *, per_second: int) -> str | None:
        """None when signed as the recipe says within the hour; else "timestamp" or "sign"."""
        if not stamp.isdigit() or abs(int(stamp) / per_second - self.clock()) > HOUR:
            return "timestamp"
        return None if hmac.compare_digest(sign, self.expected_sign(stamp)) else "sign"


class WeComReceiver(Receiver):
    """``POST /cgi-bin/webhook/send?key=<key>``; text ≤ 2048 bytes, markdown ≤ 4096 bytes."""

    def __init__(self, key: str = "693a91f6-7xxx-4bc4-97a0-0ec2sifa1a2b", **kw: Any) -> None:
        super().__init__(**kw)
        self.key = key

    @property
    def url(self) -> str:
        return f"{self.base}/cgi-bin/webhook/send?key={self.key}"

    _err = staticmethod(_errcode)

    def answer(self, request: Received, mode: str) -> Reply:
        if request.path != "/cgi-bin/webhook/send" or request.query.get("key") != self.key:
            return self._err(93000, "invalid webhook url, hint: [1733000000_1_abc]")
        if mode in ("bad_key", "bad_sign"):
            return self._err(93000, "invalid webhook url")
        if mode == "rate_limit":
            return self._err(45009, "api freq out of limit")
        payload = _parse(request)
        if not isinstance(payload, dict):
            return self._err(40035, "invalid parameter")
        kind = payload.get("msgtype")
        if kind == "text":
            text = payload.get("text") or {}
            content = text.get("content")
            if not isinstance(content, str) or not content:
                return self._err(44004, "empty content")
            if _utf8(content) > 2048:
                return self._err(40058, "content exceed max length 2048")
            for name in ("mentioned_list", "mentioned_mobile_list"):
                if name in text and not isinstance(text[name], list):
                    return self._err(40035, f"invalid {name}")
        elif kind == "markdown":
            content = (payload.get("markdown") or {}).get("content")
            if not isinstance(content, str) or not content:
                return self._err(44004, "empty content")
            if _utf8(content) > 4096:
                return self._err(40058, "markdown.content exceed max length 4096")
        else:
            return self._err(40008, "invalid message type")
        return json_reply({"errcode": 0, "errmsg": "ok"})


class DingTalkReceiver(_SignedRobot):
    """``POST /robot/send?access_token=<t>&timestamp=<ms>&sign=<urlencoded base64>``."""

    sample_token = "9f1e0a7bd3c24ed1b4c0a1b2"
    sample_secret = "SECb1d9f0e8c7a6b5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0"

    @property
    def url(self) -> str:
        return f"{self.base}/robot/send?access_token={self.token}"

    _err = staticmethod(_errcode)

    def expected_sign(self, timestamp: str) -> str:
        assert self.secret is not None
        digest = hmac.new(
            self.secret.encode(), f"{timestamp}\n{self.secret}".encode(), hashlib.sha256
        ).digest()
        return base64.b64encode(digest).decode()

    def answer(self, request: Received, mode: str) -> Reply:
        if request.path != "/robot/send" or request.query.get("access_token") != self.token:
            return self._err(300001, "token is not exist")
        if mode == "bad_key":
            return self._err(300001, "token is not exist")
        if mode == "bad_sign":
            return self._err(310000, "sign not match, more: [https://ding-doc.dingtalk.com/]")
        if mode == "keyword":
            return self._err(
                310000, "keywords not in content, more: [https://ding-doc.dingtalk.com/]"
            )
        if self.secret is not None:
            stamp, sign = request.query.get("timestamp", ""), request.query.get("sign", "")
            refused = self.sign_refused(stamp, sign, per_second=1000)
            if refused == "timestamp":
                return self._err(310000, "invalid timestamp")
            if refused == "sign":
                return self._err(310000, "sign not match")
        if mode == "rate_limit":
            return self._err(130101, "send too fast, exceed 20 times per minute")
        payload = _parse(request)
        if not isinstance(payload, dict):
            return self._err(40035, "缺少参数 json")
        kind = payload.get("msgtype")
        if kind == "text":
            content = (payload.get("text") or {}).get("content")
        elif kind == "markdown":
            markdown = payload.get("markdown") or {}
            if not markdown.get("title"):
                return self._err(40035, "缺少参数 markdown.title")
            content = markdown.get("text")
        else:
            return self._err(40035, "不支持的消息类型")
        if not isinstance(content, str) or not content:
            return self._err(40035, "缺少参数 content")
        at = payload.get("at") or {}
        for name in ("atMobiles", "atUserIds"):
            if name in at and not isinstance(at[name], list):
                return self._err(40035, f"{name} 必须是数组")
        if self.keyword and self.keyword not in _text_of(payload):
            return self._err(310000, "keywords not in content")
        return json_reply({"errcode": 0, "errmsg": "ok"})


class FeishuReceiver(_SignedRobot):
    """``POST /open-apis/bot/v2/hook/<token>``; signature in the body; body ≤ 20 KB."""

    body_limit = 20 * 1024
    sample_token = "2b9d5a3c-41f0-4a7e-9e62-0d6f1c3b8a2f"
    sample_secret = "zWq3Xy7LmN0pR5tV8aB1cD"

    @property
    def url(self) -> str:
        return f"{self.base}/open-apis/bot/v2/hook/{self.token}"

    def _err(self, code: int, msg: str) -> Reply:
        return json_reply({"code": code, "data": {}, "msg": msg}, verdict=str(code))

    def expected_sign(self, timestamp: str) -> str:
        assert self.secret is not None
        key = f"{timestamp}\n{self.secret}".encode()
        return base64.b64encode(hmac.new(key, b"", hashlib.sha256).digest()).decode()

    def answer(self, request: Received, mode: str) -> Reply:
        if request.path != f"/open-apis/bot/v2/hook/{self.token}":
            return self._err(19001, "param invalid: incoming webhook access token invalid")
        if mode == "bad_key":
            return self._err(19001, "param invalid: incoming webhook access token invalid")
        if mode == "bad_sign":
            return self._err(19021, FEISHU_SIGN_FAIL)
        if mode == "keyword":
            return self._err(19024, "Key Words Not Found")
        if len(request.body) > self.body_limit:
            return self._err(9499, "Bad Request: request body too large")
        payload = _parse(request)
        if not isinstance(payload, dict):
            return self._err(9499, "Bad Request")
        if self.secret is not None:
            stamp, sign = str(payload.get("timestamp", "")), str(payload.get("sign", ""))
            if self.sign_refused(stamp, sign, per_second=1) is not None:
                return self._err(19021, FEISHU_SIGN_FAIL)
        if mode == "rate_limit":
            return self._err(11232, "frequency limited psm[lark.oapi.app_platform_runtime]appID[1]")
        kind, content = payload.get("msg_type"), payload.get("content")
        if not isinstance(content, dict):
            return self._err(9499, "Bad Request")
        if kind == "text":
            if not isinstance(content.get("text"), str) or not content["text"]:
                return self._err(9499, "Bad Request: text is empty")
        elif kind == "post":
            post = content.get("post")
            if not isinstance(post, dict) or not post:
                return self._err(9499, "Bad Request: post is empty")
            for body in post.values():
                lines = body.get("content")
                if not isinstance(lines, list) or not all(isinstance(x, list) for x in lines):
                    return self._err(9499, "Bad Request: post content must be a list of lines")
        else:
            return self._err(9499, "Bad Request: unknown msg_type")
        if self.keyword and self.keyword not in _text_of(content):
            return self._err(19024, "Key Words Not Found")
        return json_reply(
            {"StatusCode": 0, "StatusMessage": "success", "code": 0, "data": {}, "msg": "success"}
        )


class SlackReceiver(Receiver):
    """``POST /services/T…/B…/<secret>``; answers a plain word, refusals by HTTP status."""

    def __init__(self, path: str = "/services/T0001/B0002/XyZsecret1a2b", **kw: Any) -> None:
        super().__init__(**kw)
        self.hook_path = path

    @property
    def url(self) -> str:
        return f"{self.base}{self.hook_path}"

    @staticmethod
    def _word(status: int, word: str, headers: dict[str, str] | None = None) -> Reply:
        return Reply(status, word.encode(), {"Content-Type": "text/html", **(headers or {})}, word)

    def answer(self, request: Received, mode: str) -> Reply:
        if request.path != self.hook_path:
            return self._word(404, "no_service")
        if mode in ("bad_key", "bad_sign"):
            return self._word(403, "invalid_token")
        if mode == "rate_limit":
            return self._word(429, "rate_limited", {"Retry-After": "7"})
        payload = _parse(request)
        if not isinstance(payload, dict):
            return self._word(400, "invalid_payload")
        if not payload.get("text") and not payload.get("blocks"):
            return self._word(400, "no_text")
        blocks = payload.get("blocks") or []
        if not isinstance(blocks, list):
            return self._word(400, "invalid_blocks")
        for block in blocks:
            text = (block.get("text") or {}).get("text", "")
            if block.get("type") == "section" and len(text) > 3000:
                return self._word(400, "invalid_blocks")
        return self._word(200, "ok")


def dumps(payload: dict[str, Any]) -> str:
    return json.dumps(payload, ensure_ascii=False)
