"""Held alerts follow the team's hours as they are at each round, and a person can send a held
alert now (SQLite and PostgreSQL)."""

from __future__ import annotations

import random
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from sellerdesk.core.errors import Conflict
from sellerdesk.core.hours.schedule import Schedule
from sellerdesk.hours import team_schedule
from sellerdesk.services.alerts import outbox_views
from sellerdesk.services.alerts.outbox import deliver_due
from sellerdesk.services.alerts.outbox_reasons import words
from sellerdesk.storage.repositories import alert_outbox as rows
from tests.services.alert_fixtures import FakeSender, channel_of, hours_for, put

SHANGHAI = ZoneInfo("Asia/Shanghai")
SATURDAY_20 = datetime(2025, 9, 27, 20, tzinfo=SHANGHAI).astimezone(UTC)  # off work


def hours(spec: str):  # type: ignore[no-untyped-def]
    return lambda zone: team_schedule(spec, zone or "Asia/Shanghai", ("CN",))


def round_at(sessions, now, send, hours_of=hours_for):  # type: ignore[no-untyped-def]
    return deliver_due(
        sessions,
        now=now,
        worker_id="w1",
        send=send,
        channels=channel_of(20),
        hours_for=hours_of,
        base_url="https://desk.example.com",
        rng=random.Random(7),
    )


def state_of(sessions, alert_id):  # type: ignore[no-untyped-def]
    with sessions() as s:
        row = rows.get(s, alert_id)
        assert row is not None
        return dict(row)


def test_a_held_alert_goes_out_at_once_when_the_team_hours_come_to_cover_now(sessions):
    alert_id = put(sessions, SATURDAY_20, key="weekend")
    send = FakeSender()
    assert round_at(sessions, SATURDAY_20, send).held == 1
    later = SATURDAY_20.replace(minute=5)
    every_day: Schedule = hours("Mon-Sun 08:00-22:00")(None)
    report = round_at(sessions, later, send, lambda zone: every_day)
    assert report.delivered == 1
    assert state_of(sessions, alert_id)["state"] == "delivered"


def test_a_held_alert_is_held_until_the_new_opening_when_the_hours_move(sessions):
    alert_id = put(sessions, SATURDAY_20, key="weekend")
    send = FakeSender()
    round_at(sessions, SATURDAY_20, send)
    assert state_of(sessions, alert_id)["not_before"] == datetime(2025, 9, 28, 9, tzinfo=SHANGHAI)
    round_at(sessions, SATURDAY_20.replace(minute=5), send, hours("Mon-Fri 10:30-18:00"))
    held = state_of(sessions, alert_id)
    assert held["state"] == "held"
    assert held["not_before"] == datetime(2025, 9, 28, 10, 30, tzinfo=SHANGHAI)  # 调休 Sunday
    assert "held until 2025-09-28 10:30 Asia/Shanghai" in words(held["reason"], "en")
    assert not send.sent


def test_send_now_sends_a_held_alert_at_the_next_round_outside_working_hours(sessions):
    alert_id = put(sessions, SATURDAY_20, key="weekend")
    send = FakeSender()
    round_at(sessions, SATURDAY_20, send)
    shown = outbox_views.retry(sessions=sessions, now=SATURDAY_20, actor="boss", alert_id=alert_id)
    assert shown.state == "queued"
    assert round_at(sessions, SATURDAY_20.replace(minute=1), send).delivered == 1
    assert send.sent[0][1].alert_ids == (alert_id,)


def test_a_delivered_alert_cannot_be_sent_now_and_the_refusal_says_its_state_in_words(sessions):
    alert_id = put(sessions, datetime(2026, 12, 8, 2, tzinfo=UTC), key="tuesday")
    round_at(sessions, datetime(2026, 12, 8, 2, tzinfo=UTC), FakeSender())
    with pytest.raises(Conflict) as refused:
        outbox_views.retry(sessions=sessions, now=SATURDAY_20, actor="boss", alert_id=alert_id)
    zh, _ = refused.value.words("zh")
    en, _ = refused.value.words("en")
    assert "已送达" in zh and "delivered" not in zh
    assert "is delivered" in en and "held" in en
