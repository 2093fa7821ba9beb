"""The outbox's delivery round with a fake sender and a fixed clock (SQLite and PostgreSQL):
held until the recipient's hours (a Chinese make-up working day, a DST change), urgent alerts
at once, a burst folded into digests, back-off, rate limits, permanent refusals, and an
unknown outcome never resent."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.orm import Session, sessionmaker

from sellerdesk.core.alerts.delivery import DeliveryResult, Outcome
from sellerdesk.core.errors import Conflict
from sellerdesk.services import accounts, users
from sellerdesk.services.alerts import outbox, outbox_views
from sellerdesk.services.alerts.outbox import Policy, deliver_due
from sellerdesk.services.alerts.outbox_reasons import words
from sellerdesk.storage.repositories import alert_outbox as rows
from tests.services.alert_fixtures import FakeSender, channel_of, hours_for, put

SHANGHAI = ZoneInfo("Asia/Shanghai")
TUESDAY_10 = datetime(2026, 12, 8, 10, tzinfo=SHANGHAI).astimezone(UTC)  # a working hour


def round_at(sessions, now, send, *, per_minute=20, policy=outbox.POLICY):  # type: ignore[no-untyped-def]
    return deliver_due(
        sessions,
        now=now,
        worker_id="w1",
        send=send,
        channels=channel_of(per_minute),
        hours_for=hours_for,
        base_url="https://desk.example.com",
        policy=policy,
        rng=random.Random(7),
    )


def state_of(sessions: sessionmaker[Session], alert_id: int) -> dict:  # type: ignore[type-arg]
    with sessions() as s:
        row = rows.get(s, alert_id)
        assert row is not None
        return dict(row)


def test_a_due_alert_is_sent_once_with_an_absolute_link_and_its_attempt_is_recorded(sessions):
    alert_id = put(sessions, TUESDAY_10, key="a")
    send = FakeSender()
    report = round_at(sessions, TUESDAY_10, send)
    assert report.delivered == 1 and len(send.sent) == 1
    assert send.sent[0][1].link == "https://desk.example.com/cases/1"
    assert send.sent[0][1].alert_ids == (alert_id,)
    assert round_at(sessions, TUESDAY_10 + timedelta(minutes=5), send).delivered == 0
    shown = outbox_views.alert(sessions=sessions, alert_id=alert_id)
    assert shown.state == "delivered" and shown.delivered_at == TUESDAY_10
    assert [a.outcome for a in shown.tries] == ["delivered"]


def test_an_alert_on_saturday_night_waits_for_the_make_up_working_sunday(sessions):
    saturday = datetime(2025, 9, 27, 20, tzinfo=SHANGHAI).astimezone(UTC)
    alert_id = put(sessions, saturday, key="weekend")
    send = FakeSender()
    assert round_at(sessions, saturday, send).held == 1
    held = state_of(sessions, alert_id)
    assert held["state"] == "held"
    assert held["not_before"] == datetime(2025, 9, 28, 9, tzinfo=SHANGHAI)  # 调休 Sunday
    assert "held until 2025-09-28 09:00 Asia/Shanghai" in words(held["reason"], "en")
    assert round_at(sessions, held["not_before"] - timedelta(minutes=1), send).delivered == 0
    assert round_at(sessions, held["not_before"], send).delivered == 1


def test_the_recipients_own_zone_decides_across_the_end_of_summer_time(sessions):
    users.add(
        sessions=sessions, now=TUESDAY_10, name="lena", role="admin", password="owner passphrase 42"
    )
    accounts.set_own_settings(
        sessions=sessions, now=TUESDAY_10, name="lena", language="en", time_zone="Europe/Berlin"
    )
    saturday = datetime(2025, 10, 25, 20, tzinfo=UTC)
    alert_id = put(sessions, saturday, key="dst", recipient="lena")
    round_at(sessions, saturday, FakeSender())
    # Monday 09:00 in Berlin is 08:00 UTC once summer time has ended (07:00 the week before)
    assert state_of(sessions, alert_id)["not_before"] == datetime(2025, 10, 27, 8, tzinfo=UTC)


def test_an_urgent_alert_goes_out_at_night_and_others_wait(sessions):
    night = datetime(2026, 12, 8, 23, tzinfo=SHANGHAI).astimezone(UTC)
    urgent = put(sessions, night, key="u", urgent=True)
    calm = put(sessions, night, key="c")
    send = FakeSender()
    report = round_at(sessions, night, send)
    assert (report.delivered, report.held) == (1, 1)
    assert send.sent[0][1].alert_ids == (urgent,)
    assert state_of(sessions, calm)["state"] == "held"


def test_a_burst_beyond_the_channels_rate_is_folded_into_digests(sessions):
    ids = [put(sessions, TUESDAY_10, key=f"b{i}") for i in range(25)]
    send = FakeSender()
    report = round_at(sessions, TUESDAY_10, send, per_minute=3)
    assert report.delivered == 25 and report.sent <= 3 and report.digests >= 1
    carried = sorted(i for _, m, _ in send.sent for i in m.alert_ids)
    assert carried == ids
    digest = next(m for _, m, _ in send.sent if len(m.alert_ids) > 1)
    assert digest.title == f"{len(digest.alert_ids)} alerts"
    assert all(f"alert b{i}" in "".join(m.text for _, m, _ in send.sent) for i in range(25))
    assert state_of(sessions, ids[-1])["digest_id"] is not None


def test_a_spent_minute_leaves_the_alerts_for_the_next_round(sessions):
    put(sessions, TUESDAY_10, key="first")
    send = FakeSender()
    assert round_at(sessions, TUESDAY_10, send, per_minute=1).delivered == 1
    put(sessions, TUESDAY_10, key="second")
    assert round_at(sessions, TUESDAY_10 + timedelta(seconds=30), send, per_minute=1).sent == 0
    assert round_at(sessions, TUESDAY_10 + timedelta(seconds=61), send, per_minute=1).sent == 1


def test_a_transient_failure_backs_off_with_jitter_and_then_delivers(sessions):
    alert_id = put(sessions, TUESDAY_10, key="t")
    busy = DeliveryResult(Outcome.TRANSIENT, "HTTP 503", http_status=503)
    send = FakeSender([busy, busy])
    assert round_at(sessions, TUESDAY_10, send).retrying == 1
    first = state_of(sessions, alert_id)["not_before"] - TUESDAY_10
    assert timedelta(seconds=15) <= first <= timedelta(seconds=45)
    later = TUESDAY_10 + first
    round_at(sessions, later, send)
    second = state_of(sessions, alert_id)["not_before"] - later
    assert timedelta(seconds=30) <= second <= timedelta(seconds=90)
    assert round_at(sessions, later + second, send).delivered == 1
    tries = outbox_views.alert(sessions=sessions, alert_id=alert_id).tries
    assert [a.outcome for a in tries] == ["transient", "transient", "delivered"]
    assert tries[0].http_status == 503


def test_it_gives_up_after_the_last_attempt_with_the_reason(sessions):
    alert_id = put(sessions, TUESDAY_10, key="g")
    send = FakeSender([DeliveryResult(Outcome.TRANSIENT, "timed out")] * 3)
    policy = Policy(max_attempts=3, first_backoff=timedelta(seconds=1))
    now = TUESDAY_10
    for _ in range(3):
        round_at(sessions, now, send, policy=policy)
        now += timedelta(minutes=5)
    row = state_of(sessions, alert_id)
    assert row["state"] == "failed"
    assert "gave up after 3 attempts: timed out" in words(row["reason"], "en")


def test_a_rate_limit_waits_retry_after_for_the_whole_channel(sessions):
    first = put(sessions, TUESDAY_10, key="r1")
    second = put(sessions, TUESDAY_10, key="r2")
    limited = DeliveryResult(Outcome.RATE_LIMITED, "45009 api freq out of limit", "45009", 90)
    send = FakeSender([limited])
    round_at(sessions, TUESDAY_10, send)
    until = TUESDAY_10 + timedelta(seconds=90)
    assert {state_of(sessions, i)["not_before"] for i in (first, second)} == {until}
    assert round_at(sessions, until - timedelta(seconds=1), send).sent == 0
    assert round_at(sessions, until, send).delivered == 2


def test_a_permanent_refusal_fails_at_once_and_is_never_retried(sessions):
    alert_id = put(sessions, TUESDAY_10, key="p")
    send = FakeSender([DeliveryResult(Outcome.PERMANENT, "93000 invalid webhook key", "93000")])
    assert round_at(sessions, TUESDAY_10, send).failed == 1
    row = state_of(sessions, alert_id)
    assert row["state"] == "failed" and "93000 invalid webhook key" in words(row["reason"], "en")
    assert round_at(sessions, TUESDAY_10 + timedelta(hours=1), send).sent == 0
    again = outbox_views.retry(sessions=sessions, now=TUESDAY_10, actor="boss", alert_id=alert_id)
    assert again.state == "queued"
    with pytest.raises(Conflict):
        outbox_views.retry(sessions=sessions, now=TUESDAY_10, actor="boss", alert_id=alert_id)


def test_a_sender_that_raises_mid_request_is_an_unknown_outcome_and_not_resent(sessions):
    alert_id = put(sessions, TUESDAY_10, key="x")
    send = FakeSender([ConnectionResetError("peer reset after the body was sent")])
    round_at(sessions, TUESDAY_10, send)
    row = state_of(sessions, alert_id)
    assert row["state"] == "failed" and "not resent" in words(row["reason"], "en")
    assert "不会重发" not in words(row["reason"], "en") and "不自动重发" in words(
        row["reason"], "zh"
    )
    assert round_at(sessions, TUESDAY_10 + timedelta(hours=1), send).sent == 0
    tries = outbox_views.alert(sessions=sessions, alert_id=alert_id).tries
    assert [a.outcome for a in tries] == ["unknown"]


def test_a_send_left_unfinished_by_a_dead_worker_is_failed_after_its_lease(sessions):
    alert_id = put(sessions, TUESDAY_10, key="dead")
    with sessions.begin() as s:  # a worker claimed it, wrote its attempt, and died
        assert rows.claim(
            s,
            alert_id,
            now=TUESDAY_10,
            worker="dead",
            lease_until=TUESDAY_10 + timedelta(minutes=5),
        )
        rows.start_attempts(
            s, [alert_id], channel_id=1, at=TUESDAY_10, worker="dead", send_key="k1"
        )
    send = FakeSender()
    assert round_at(sessions, TUESDAY_10 + timedelta(minutes=1), send).settled_unknown == 0
    report = round_at(sessions, TUESDAY_10 + timedelta(minutes=6), send)
    assert report.settled_unknown == 1 and send.sent == []
    assert state_of(sessions, alert_id)["state"] == "failed"
    tries = outbox_views.alert(sessions=sessions, alert_id=alert_id).tries
    assert [a.outcome for a in tries] == ["unknown"]


def test_the_same_event_never_enqueues_twice(sessions):
    put(sessions, TUESDAY_10, key="same")
    with sessions.begin() as s:
        again = rows.enqueue(
            s,
            {
                "trigger": "needs-action",
                "dedupe_key": "same",
                "channel_id": 1,
                "lang": "en",
                "title": "again",
                "text": "again",
                "urgent": False,
                "state": "queued",
                "not_before": TUESDAY_10,
                "attempts": 0,
                "created_at": TUESDAY_10,
            },
        )
    assert again is None
    assert outbox_views.outbox(sessions=sessions).counts == {"queued": 1}


def test_the_recipient_is_mentioned_by_their_handle_for_the_channels_kind(sessions):
    from sellerdesk.core.alerts.delivery import Mention
    from sellerdesk.services.alerts.routes_handles import set_handles

    users.add(
        sessions=sessions, now=TUESDAY_10, name="wang", role="admin", password="owner pass 4242"
    )
    set_handles(sessions=sessions, now=TUESDAY_10, name="wang", handles={"wecom": "wangwei"})
    put(sessions, TUESDAY_10, key="m", recipient="wang")
    put(sessions, TUESDAY_10, key="n", recipient="nobody-known")
    send = FakeSender()
    round_at(sessions, TUESDAY_10, send)
    mentions = {m.alert_ids[0]: m.mentions for _, m, _ in send.sent}
    assert sorted(mentions.values()) == [(), (Mention("wang", "wangwei"),)]


def test_a_disabled_channels_backlog_does_not_hide_other_channels_alerts(sessions):
    for i in range(10):
        put(sessions, TUESDAY_10 - timedelta(minutes=5), key=f"off{i}", channel=2)
    live = put(sessions, TUESDAY_10, key="live", channel=1)

    def lookup(cid: int) -> outbox.ChannelTarget:
        return outbox.ChannelTarget(cid, "wecom", enabled=cid == 1, per_minute=20)

    send = FakeSender()
    for _ in range(3):
        deliver_due(sessions, now=TUESDAY_10, worker_id="w", send=send, channels=lookup,
                    hours_for=hours_for, policy=Policy(batch=5))  # fmt: skip
    assert [m.alert_ids for _, m, _ in send.sent] == [(live,)]
    waiting = outbox_views.outbox(sessions=sessions, states=["queued"]).alerts
    assert {a.not_before for a in waiting} == {TUESDAY_10 + timedelta(minutes=10)}
