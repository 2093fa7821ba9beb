"""A refused alert's reason in words, as the channel's Send test explains it, the vendor's own
text kept after it (SQLite and PostgreSQL)."""

from __future__ import annotations

import random
from datetime import UTC, datetime

from sellerdesk.core.alerts.delivery import DeliveryResult, Outcome
from sellerdesk.services.alerts import outbox_views
from sellerdesk.services.alerts.outbox import deliver_due
from tests.services.alert_fixtures import FakeSender, channel_of, hours_for, put

TUESDAY_10 = datetime(2026, 12, 8, 2, tzinfo=UTC)  # 10:00 in Beijing
RAW = "HTTP 200, code 93000: invalid webhook url"


def refused_with(sessions, result: DeliveryResult) -> int:  # type: ignore[no-untyped-def]
    alert_id = put(sessions, TUESDAY_10, key="bad-key")
    deliver_due(
        sessions, now=TUESDAY_10, worker_id="w", send=FakeSender([result]),
        channels=channel_of(kind="wecom"), hours_for=hours_for, rng=random.Random(1),
    )  # fmt: skip
    return alert_id


def test_a_bad_wecom_key_is_explained_in_words_and_keeps_the_vendors_text(sessions):
    alert_id = refused_with(sessions, DeliveryResult(Outcome.PERMANENT, RAW, "93000", None, 200))
    shown = outbox_views.alert(sessions=sessions, alert_id=alert_id)
    zh, en = shown.reason_in("zh"), shown.reason_in("en")
    assert zh.startswith("渠道拒绝，不再重试：Webhook 地址里的机器人 key 无效")
    assert f"（渠道的原话：{RAW}）" in zh
    assert "The robot's key in the webhook address is not valid" in en
    assert f"(the channel said: {RAW})" in en


def test_a_code_without_words_is_said_as_the_vendor_said_it(sessions):
    odd = DeliveryResult(Outcome.PERMANENT, "code 12345: something new", "12345", None, 200)
    shown = outbox_views.alert(sessions=sessions, alert_id=refused_with(sessions, odd))
    assert shown.reason_in("en") == "the channel refused it, not retried: code 12345: something new"
