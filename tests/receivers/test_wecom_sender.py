"""The WeCom group robot sender against a receiver that checks what WeCom checks."""

from __future__ import annotations

from dataclasses import replace

import pytest

from sellerdesk.core.alerts.delivery import ChannelKind, Mention, Outcome
from sellerdesk.services.alerts.senders import send
from tests.receivers.support import EN, LINK, ZH, channel, long_zh, now
from tests.receivers.vendors import WeComReceiver

WECOM = ChannelKind.WECOM


def test_a_markdown_alert_is_delivered_with_the_assignee_mentioned_and_the_case_link(wecom):
    by_userid = replace(ZH, mentions=(Mention("张伟", "zhangwei"),))
    result = send(channel(WECOM, wecom.url), by_userid, now=now())
    assert result.outcome is Outcome.DELIVERED, result.detail
    content = wecom.accepted()[0].json["markdown"]["content"]
    assert "<@zhangwei>" in content
    assert f"[打开案例]({LINK})" in content
    assert content.startswith("**案例 4711：亚马逊有新回复**")


def test_an_owner_known_by_a_mobile_number_is_mentioned_even_on_a_markdown_channel(wecom):
    only_mobile = replace(ZH, mentions=(Mention("李娜", "13800138000"),))
    result = send(channel(WECOM, wecom.url), only_mobile, now=now())
    assert result.outcome is Outcome.DELIVERED, result.detail
    payload = wecom.accepted()[0].json
    assert payload["msgtype"] == "text"  # markdown cannot mention a mobile number
    assert payload["text"]["mentioned_mobile_list"] == ["13800138000"]
    assert payload["text"]["content"].startswith("案例 4711：亚马逊有新回复")
    assert payload["text"]["content"].endswith(LINK)


def test_a_mobile_and_a_userid_are_both_mentioned_in_one_message(wecom):
    send(channel(WECOM, wecom.url), ZH, now=now())
    [received] = wecom.accepted()
    assert received.json["text"]["mentioned_list"] == ["zhangwei"]
    assert received.json["text"]["mentioned_mobile_list"] == ["13800138000"]


def test_a_text_alert_mentions_user_ids_and_mobile_numbers_in_their_lists(wecom):
    result = send(channel(WECOM, wecom.url, message_format="text"), ZH, now=now())
    assert result.outcome is Outcome.DELIVERED, result.detail
    text = wecom.accepted()[0].json["text"]
    assert text["mentioned_list"] == ["zhangwei"]
    assert text["mentioned_mobile_list"] == ["13800138000"]
    assert text["content"].endswith(LINK)


def test_an_english_alert_reads_in_english(wecom):
    send(channel(WECOM, wecom.url), EN, now=now())
    assert "[Open the case]" in wecom.accepted()[0].json["markdown"]["content"]


@pytest.mark.parametrize(("fmt", "limit"), [("text", 2048), ("markdown", 4096)])
def test_a_long_chinese_text_is_trimmed_by_utf8_bytes_and_keeps_the_link(wecom, fmt, limit):
    result = send(channel(WECOM, wecom.url, message_format=fmt), long_zh(), now=now())
    assert result.outcome is Outcome.DELIVERED, result.detail
    payload = wecom.accepted()[0].json
    content = payload["text"]["content"] if fmt == "text" else payload["markdown"]["content"]
    size = len(content.encode("utf-8"))
    assert limit - 8 <= size <= limit
    assert "…" in content
    assert LINK in content.rsplit("…", 1)[1]


def test_a_bad_key_is_permanent_and_the_result_never_shows_the_key(wecom):
    result = send(channel(WECOM, wecom.url.replace(wecom.key, "wrong-key-zz")), ZH, now=now())
    assert result.outcome is Outcome.PERMANENT
    assert result.vendor_code == "93000"
    assert result.http_status == 200
    assert "wrong-key-zz" not in result.detail and wecom.key not in result.detail


def test_45009_is_a_rate_limit_to_retry_after_a_minute(wecom):
    wecom.plan("rate_limit")
    result = send(channel(WECOM, wecom.url), ZH, now=now())
    assert result.outcome is Outcome.RATE_LIMITED
    assert (result.vendor_code, result.retry_after_seconds) == ("45009", 60)
    assert result.retryable


def test_the_21st_message_in_a_minute_is_rate_limited():
    with WeComReceiver(per_minute=20).running() as wecom:
        outcomes = [send(channel(WECOM, wecom.url), EN, now=now()).outcome for _ in range(21)]
    assert outcomes[:20] == [Outcome.DELIVERED] * 20
    assert outcomes[20] is Outcome.RATE_LIMITED


def test_a_server_fault_and_a_slow_answer_are_transient(wecom):
    wecom.plan("server_error", "slow")
    fault = send(channel(WECOM, wecom.url), ZH, now=now())
    slow = send(channel(WECOM, wecom.url, timeout_seconds=0.5), ZH, now=now())
    assert (fault.outcome, fault.http_status) == (Outcome.TRANSIENT, 502)
    assert slow.outcome is Outcome.TRANSIENT and "timed out" in slow.detail


def test_nobody_listening_is_transient():
    with WeComReceiver().running() as gone:
        url = gone.url
    result = send(channel(WECOM, url), ZH, now=now())
    assert result.outcome is Outcome.TRANSIENT
    assert "key=" not in result.detail
