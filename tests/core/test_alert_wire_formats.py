"""The pure half of the alert senders: byte trimming, signatures, masking, answers."""

from __future__ import annotations

import base64
import hashlib
import hmac
from datetime import UTC, datetime
from urllib.parse import parse_qs, urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sellerdesk.core.alerts import signing
from sellerdesk.core.alerts.channel import mask_webhook
from sellerdesk.core.alerts.delivery import ChannelKind, Outcome
from sellerdesk.core.alerts.limits import load_limits
from sellerdesk.core.alerts.trimming import ELLIPSIS, cut_to_bytes, fit, utf8_len
from sellerdesk.core.alerts.vendor_answers import classify_http

NOW = datetime(2026, 12, 5, 8, 30, 15, 123000, tzinfo=UTC)


@given(st.text(), st.integers(min_value=0, max_value=300))
def test_a_cut_never_splits_a_character_and_never_exceeds_the_limit(text: str, limit: int) -> None:
    cut = cut_to_bytes(text, limit)
    assert utf8_len(cut) <= limit and text.startswith(cut)


@given(st.text(min_size=1), st.text(max_size=60), st.integers(min_value=80, max_value=400))
def test_fit_keeps_the_tail_whole_within_the_limit(body: str, tail: str, limit: int) -> None:
    fitted = fit(body, tail, limit)
    assert utf8_len(fitted) <= limit and fitted.endswith(tail)


def test_chinese_is_counted_as_three_bytes_a_character() -> None:
    fitted = fit("案" * 1000, "\nhttps://x/1", 2048)
    assert fitted.endswith(ELLIPSIS + "\nhttps://x/1")
    assert fitted.count("案") == (2048 - len("\nhttps://x/1") - 3) // 3


def test_dingtalk_signs_ts_newline_secret_with_the_secret_as_key_in_milliseconds() -> None:
    secret = "SEC000111"
    url = signing.dingtalk_signed_url(
        "https://oapi.dingtalk.com/robot/send?access_token=t", secret, NOW
    )
    query = parse_qs(urlsplit(url).query)
    assert query["timestamp"] == ["1796459415123"]
    expected = hmac.new(secret.encode(), f"1796459415123\n{secret}".encode(), hashlib.sha256)
    assert query["sign"] == [base64.b64encode(expected.digest()).decode()]
    assert "%2B" in url or "%2F" in url or "%3D" in url  # the base64 is URL-encoded


def test_feishu_signs_an_empty_message_keyed_by_ts_newline_secret_in_seconds() -> None:
    ts = signing.feishu_timestamp(NOW)
    assert ts == 1796459415
    key = f"{ts}\nabc".encode()
    assert (
        signing.feishu_sign("abc", ts)
        == base64.b64encode(hmac.new(key, b"", hashlib.sha256).digest()).decode()
    )
    assert signing.feishu_sign("abc", ts) != signing.dingtalk_sign("abc", ts)  # the swap


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        (
            "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-1a2b",
            "https://qyapi.weixin.qq.com/…key=••••1a2b",
        ),
        (
            "https://oapi.dingtalk.com/robot/send?access_token=abcdef123456",
            "https://oapi.dingtalk.com/…access_token=••••3456",
        ),
        (
            "https://open.feishu.cn/open-apis/bot/v2/hook/2b9d5a3c-41f0-8a2f",
            "https://open.feishu.cn/…/••••8a2f",
        ),
        (
            "https://hooks.slack.com/services/T0/B0/XyZsecret1a2b",
            "https://hooks.slack.com/…/••••1a2b",
        ),
        ("https://x.example/hook?k=short", "https://x.example/…k=••••rt"),
        ("https://x.example/hook?key=trial123", "https://x.example/…key=••••l123"),
        ("https://x.example/hook?key=a", "https://x.example/…key=••••"),
    ],
)
def test_a_webhook_is_shown_masked_to_its_last_four_characters(url: str, shown: str) -> None:
    assert mask_webhook(url) == shown


LIMITS = load_limits()


@pytest.mark.parametrize(
    ("kind", "status", "body", "headers", "outcome", "wait"),
    [
        (ChannelKind.WECOM, 200, b'{"errcode":0,"errmsg":"ok"}', {}, Outcome.DELIVERED, None),
        (
            ChannelKind.WECOM,
            200,
            b'{"errcode":45009,"errmsg":"api freq out of limit"}',
            {},
            Outcome.RATE_LIMITED,
            60,
        ),
        (
            ChannelKind.WECOM,
            200,
            b'{"errcode":93000,"errmsg":"invalid webhook url"}',
            {},
            Outcome.PERMANENT,
            None,
        ),
        (
            ChannelKind.WECOM,
            200,
            b'{"errcode":-1,"errmsg":"system busy"}',
            {},
            Outcome.TRANSIENT,
            None,
        ),
        (
            ChannelKind.DINGTALK,
            200,
            b'{"errcode":130101,"errmsg":"send too fast"}',
            {},
            Outcome.RATE_LIMITED,
            600,
        ),
        (
            ChannelKind.DINGTALK,
            200,
            b'{"errcode":310000,"errmsg":"sign not match"}',
            {},
            Outcome.PERMANENT,
            None,
        ),
        (
            ChannelKind.FEISHU,
            200,
            b'{"code":11232,"msg":"frequency limited"}',
            {},
            Outcome.RATE_LIMITED,
            60,
        ),
        (
            ChannelKind.FEISHU,
            200,
            b'{"code":19021,"msg":"sign match fail"}',
            {},
            Outcome.PERMANENT,
            None,
        ),
        (
            ChannelKind.FEISHU,
            200,
            b'{"code":19024,"msg":"Key Words Not Found"}',
            {},
            Outcome.PERMANENT,
            None,
        ),
        (
            ChannelKind.FEISHU,
            200,
            b'{"StatusCode":0,"StatusMessage":"success"}',
            {},
            Outcome.DELIVERED,
            None,
        ),
        (ChannelKind.FEISHU, 200, b"<html>proxy page</html>", {}, Outcome.PERMANENT, None),
        (ChannelKind.FEISHU, 503, b"", {}, Outcome.TRANSIENT, None),
        (ChannelKind.SLACK, 200, b"ok", {}, Outcome.DELIVERED, None),
        (ChannelKind.SLACK, 429, b"rate_limited", {"Retry-After": "12"}, Outcome.RATE_LIMITED, 12),
        (ChannelKind.SLACK, 403, b"invalid_token", {}, Outcome.PERMANENT, None),
        (ChannelKind.SLACK, 404, b"no_service", {}, Outcome.PERMANENT, None),
        (ChannelKind.SLACK, 500, b"", {}, Outcome.TRANSIENT, None),
    ],
)
def test_each_vendor_answer_is_classified_exactly(
    kind, status, body, headers, outcome, wait
) -> None:  # type: ignore[no-untyped-def]
    result = classify_http(
        kind, status, body, headers, rate_limit_wait=LIMITS[kind].throttle_seconds
    )
    assert result.outcome is outcome, result.detail
    assert result.retry_after_seconds == wait
    assert result.http_status == status


def test_the_limits_are_sourced_data_with_an_as_of_date() -> None:
    wecom, ding, feishu = (
        LIMITS[k] for k in (ChannelKind.WECOM, ChannelKind.DINGTALK, ChannelKind.FEISHU)
    )
    assert (wecom.per_minute, wecom.text_bytes, wecom.rich_bytes) == (20, 2048, 4096)
    assert (ding.per_minute, ding.throttle_seconds) == (20, 600)
    assert (feishu.per_minute, feishu.per_second, feishu.body_bytes) == (100, 5, 20480)
    assert all(limit.fact.source and limit.fact.as_of for limit in LIMITS.values())


def test_a_data_folder_file_changes_only_what_it_names(tmp_path) -> None:  # type: ignore[no-untyped-def]
    own = tmp_path / "alert_channels.toml"
    own.write_text("[rule.wecom]\nper_minute = 10\n", encoding="utf-8")
    mine = load_limits([own])[ChannelKind.WECOM]
    assert (mine.per_minute, mine.text_bytes) == (10, 2048)
