"""DingTalk and Feishu: signed fresh for every request, keyword carried, refusals classified."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from sellerdesk.core.alerts.delivery import ChannelKind, Mention, Outcome
from sellerdesk.services.alerts.senders import send
from tests.receivers.support import EN, LINK, ZH, channel, long_zh, now
from tests.receivers.vendors import DingTalkReceiver, FeishuReceiver

DING, FEISHU = ChannelKind.DINGTALK, ChannelKind.FEISHU


def ding(receiver: DingTalkReceiver, **kw):  # type: ignore[no-untyped-def]
    return channel(DING, receiver.url, signing_secret=receiver.secret, **kw)


def lark(receiver: FeishuReceiver, **kw):  # type: ignore[no-untyped-def]
    return channel(FEISHU, receiver.url, signing_secret=receiver.secret, **kw)


# --- DingTalk ----------------------------------------------------------------------------


def test_a_signed_dingtalk_markdown_alert_is_delivered_with_its_title_and_mentions(dingtalk):
    result = send(ding(dingtalk), ZH, now=now())
    assert result.outcome is Outcome.DELIVERED, result.detail
    got = dingtalk.accepted()[0]
    assert set(got.query) == {"access_token", "timestamp", "sign"}
    body = got.json
    assert body["markdown"]["title"] == ZH.title
    assert body["at"] == {"atMobiles": ["13800138000"], "atUserIds": ["zhangwei"], "isAtAll": False}
    # a markdown @ shows only when the handle is in the text as well
    assert "@13800138000" in body["markdown"]["text"] and "@zhangwei" in body["markdown"]["text"]
    assert f"[打开案例]({LINK})" in body["markdown"]["text"]


def test_dingtalk_signs_each_request_afresh_a_second_apart(dingtalk):
    first = now()
    assert send(ding(dingtalk), EN, now=first).outcome is Outcome.DELIVERED
    assert send(ding(dingtalk), EN, now=first + timedelta(seconds=1)).outcome is Outcome.DELIVERED
    a, b = (r.query for r in dingtalk.accepted())
    assert int(b["timestamp"]) - int(a["timestamp"]) == 1000  # milliseconds
    assert a["sign"] != b["sign"]


def test_a_signature_from_an_hour_old_clock_is_refused_for_good(dingtalk):
    result = send(ding(dingtalk), EN, now=now() - timedelta(hours=1, minutes=1))
    assert (result.outcome, result.vendor_code) == (Outcome.PERMANENT, "310000")


def test_a_wrong_dingtalk_secret_is_permanent(dingtalk):
    result = send(channel(DING, dingtalk.url, signing_secret="SECwrong"), EN, now=now())
    assert (result.outcome, result.vendor_code) == (Outcome.PERMANENT, "310000")
    assert "SECwrong" not in result.detail


def test_a_dingtalk_keyword_is_carried_in_every_message():
    with DingTalkReceiver(secret=None, keyword="卖家提醒").running() as robot:
        without = send(channel(DING, robot.url), EN, now=now())
        with_it = send(channel(DING, robot.url, keyword="卖家提醒"), EN, now=now())
        plain = send(
            channel(DING, robot.url, keyword="卖家提醒", message_format="text"), EN, now=now()
        )
    assert (without.outcome, without.vendor_code) == (Outcome.PERMANENT, "310000")
    assert with_it.outcome is Outcome.DELIVERED and plain.outcome is Outcome.DELIVERED


def test_dingtalk_too_fast_waits_out_its_ten_minute_throttle(dingtalk):
    dingtalk.plan("rate_limit")
    result = send(ding(dingtalk), EN, now=now())
    assert result.outcome is Outcome.RATE_LIMITED
    assert (result.vendor_code, result.retry_after_seconds) == ("130101", 600)


def test_a_dingtalk_text_alert_lists_mentions_and_keeps_the_link(dingtalk):
    result = send(ding(dingtalk, message_format="text"), long_zh(9000), now=now())
    assert result.outcome is Outcome.DELIVERED, result.detail
    content = dingtalk.accepted()[0].json["text"]["content"]
    assert LINK in content and content.count("…") == 1


# --- Feishu ------------------------------------------------------------------------------


def test_a_signed_feishu_post_is_delivered_with_at_tags_in_chinese(feishu):
    result = send(lark(feishu), ZH, now=now())
    assert result.outcome is Outcome.DELIVERED, result.detail
    body = feishu.accepted()[0].json
    assert body["msg_type"] == "post" and body["timestamp"].isdigit() and body["sign"]
    post = body["content"]["post"]["zh_cn"]
    assert post["title"] == ZH.title
    tags = [item for line in post["content"] for item in line]
    assert {"tag": "a", "text": "打开案例", "href": LINK} in tags
    assert {"tag": "at", "user_id": "zhangwei", "user_name": "张伟"} in tags


def test_an_english_feishu_post_is_in_en_us_and_a_text_alert_uses_at_elements(feishu):
    send(lark(feishu), EN, now=now())
    send(lark(feishu, message_format="text"), EN, now=now())
    post, text = (r.json for r in feishu.accepted())
    assert "en_us" in post["content"]["post"]
    assert '<at user_id="zhangwei">Zhang Wei</at>' in text["content"]["text"]


def test_feishu_signs_each_request_afresh_a_second_apart_in_seconds(feishu):
    first = now()
    assert send(lark(feishu), EN, now=first).outcome is Outcome.DELIVERED
    assert send(lark(feishu), EN, now=first + timedelta(seconds=1)).outcome is Outcome.DELIVERED
    a, b = (r.json for r in feishu.accepted())
    assert int(b["timestamp"]) - int(a["timestamp"]) == 1
    assert a["sign"] != b["sign"]


def test_a_wrong_feishu_secret_and_a_missing_keyword_are_permanent():
    with FeishuReceiver(keyword="Seller Desk").running() as bot:
        bad_sign = send(channel(FEISHU, bot.url, signing_secret="nope"), EN, now=now())
        no_keyword = send(channel(FEISHU, bot.url, signing_secret=bot.secret), EN, now=now())
        with_keyword = send(
            channel(FEISHU, bot.url, signing_secret=bot.secret, keyword="Seller Desk"),
            ZH,
            now=now(),
        )
    assert (bad_sign.outcome, bad_sign.vendor_code) == (Outcome.PERMANENT, "19021")
    assert (no_keyword.outcome, no_keyword.vendor_code) == (Outcome.PERMANENT, "19024")
    assert with_keyword.outcome is Outcome.DELIVERED


def test_feishu_frequency_limit_is_a_rate_limit(feishu):
    feishu.plan("rate_limit")
    result = send(lark(feishu), EN, now=now())
    assert (result.outcome, result.vendor_code) == (Outcome.RATE_LIMITED, "11232")
    assert result.retry_after_seconds == 60


def test_a_huge_feishu_alert_fits_its_20_kb_body_and_keeps_the_link(feishu):
    for fmt in ("post", "text"):
        result = send(lark(feishu, message_format=fmt), long_zh(12000), now=now())
        assert result.outcome is Outcome.DELIVERED, result.detail
    for got in feishu.accepted():
        assert 16 * 1024 < len(got.body) <= 20 * 1024
        assert LINK in got.body.decode()


def test_a_feishu_text_that_json_escaping_doubles_is_shrunk_to_fit_20_kb(feishu):
    quoted = long_zh(10).__class__(title="引号", text='"\n' * 9000, link=LINK, lang="zh")
    result = send(lark(feishu, message_format="text"), quoted, now=now())
    assert result.outcome is Outcome.DELIVERED, result.detail
    body = feishu.accepted()[0].body
    assert 19 * 1024 < len(body) <= 20 * 1024
    assert feishu.accepted()[0].json["content"]["text"].endswith(LINK)


def test_an_unsigned_request_to_a_signed_feishu_bot_is_refused(feishu):
    result = send(channel(FEISHU, feishu.url), EN, now=now())
    assert (result.outcome, result.vendor_code) == (Outcome.PERMANENT, "19021")


def test_a_feishu_member_known_by_e_mail_is_named_in_words_not_in_a_dropped_at_tag(feishu):
    # Feishu custom bots mention by open_id/user_id only; an e-mail in <at> vanishes
    people = (Mention("李娜", "li.na@example.com"), Mention("张伟", "ou_a1b2c3d4e5"))
    by_mail = replace(ZH, mentions=people)
    send(lark(feishu), by_mail, now=now())
    send(lark(feishu, message_format="text"), by_mail, now=now())
    post, text = (r.json for r in feishu.accepted())
    tags = [item for line in post["content"]["post"]["zh_cn"]["content"] for item in line]
    assert {"tag": "text", "text": "@李娜 "} in tags
    assert {"tag": "at", "user_id": "ou_a1b2c3d4e5", "user_name": "张伟"} in tags
    assert not any(t.get("user_id") == "li.na@example.com" for t in tags)
    assert "@李娜" in text["content"]["text"] and "li.na@example.com" not in text["content"]["text"]
    assert '<at user_id="ou_a1b2c3d4e5">张伟</at>' in text["content"]["text"]
