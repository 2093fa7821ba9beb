"""The issue's quality bar for the outbox (SQLite and PostgreSQL): 1,000 alerts through WeCom
receivers on loopback that fail 30 % of requests (HTTP 502 or errcode -1 "system busy") and
rate-limit (errcode 45009 past 20 a minute, by the simulated clock), sent by the real WeCom
sender from two worker threads claiming at once → every alert delivered exactly once, and
none outside its recipient's working hours unless urgent."""

from __future__ import annotations

import random
import re
import threading
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from sellerdesk.core.alerts.channel import ChannelSettings
from sellerdesk.core.alerts.delivery import AlertMessage, ChannelKind, DeliveryResult
from sellerdesk.services import accounts, users
from sellerdesk.services.alerts.outbox import ChannelTarget, deliver_due
from sellerdesk.services.alerts.senders import send as real_send
from sellerdesk.storage.alert_tables import alert_attempts, alert_outbox
from tests.receivers.http_base import Received, Reply, json_reply
from tests.receivers.vendors import WeComReceiver
from tests.services.alert_fixtures import hours_for, put

SHANGHAI = ZoneInfo("Asia/Shanghai")
START = datetime(2026, 12, 4, 17, 0, tzinfo=SHANGHAI).astimezone(UTC)  # a Friday afternoon
TOKEN = re.compile(r"⟦A(\d{4})⟧")
PER_MINUTE = 20


@dataclass
class Clock:
    now: datetime = START


class FlakyWeCom(WeComReceiver):
    """A WeCom robot that fails 30 % of requests and refuses past 20 a (simulated) minute;
    ``taken`` holds what it accepted, with the simulated time."""

    def __init__(self, sim: Clock) -> None:
        super().__init__()
        self.sim = sim
        self.rng = random.Random(17)
        self.taken: list[tuple[datetime, str]] = []
        self.flaky = threading.Lock()

    def answer(self, request: Received, mode: str) -> Reply:
        now = self.sim.now
        with self.flaky:
            roll = self.rng.random()
            if roll < 0.15:
                return Reply(502, b"<html>502 Bad Gateway</html>", {}, "502")
            if roll < 0.30:
                return json_reply({"errcode": -1, "errmsg": "system busy"}, verdict="-1")
            recent = [at for at, _ in self.taken if now - at < timedelta(minutes=1)]
            if len(recent) >= PER_MINUTE:
                return self._err(45009, "api freq out of limit")
            reply = super().answer(request, "ok")
            if reply.verdict == "ok":
                self.taken.append((now, request.body.decode("utf-8")))
            return reply


def test_a_thousand_alerts_through_a_flaky_rate_limited_robot_arrive_once_each_inside_hours(
    sessions: Any,
) -> None:
    clock = Clock()
    users.add(sessions=sessions, now=START, name="lena", role="admin", password="owner pass 4242")
    accounts.set_own_settings(
        sessions=sessions, now=START, name="lena", language="en", time_zone="Europe/Berlin"
    )
    pick = random.Random(5)
    urgent: dict[int, bool] = {}
    zone_of: dict[int, str | None] = {}
    for n in range(1000):
        berlin = pick.random() < 0.3
        urgent[n] = pick.random() < 0.1
        zone_of[n] = "Europe/Berlin" if berlin else None
        at = START + timedelta(seconds=n * 7)  # enqueued over about two hours
        put(
            sessions,
            at,
            key=f"k{n}",
            channel=1 + n % 3,
            urgent=urgent[n],
            recipient="lena" if berlin else None,
            title=f"alert ⟦A{n:04d}⟧",
        )
    receivers = [FlakyWeCom(clock) for _ in range(3)]
    with receivers[0].running(), receivers[1].running(), receivers[2].running():
        targets = {
            i + 1: ChannelTarget(
                i + 1,
                "wecom",
                per_minute=PER_MINUTE,
                throttle_seconds=60,
                settings=ChannelSettings(
                    kind=ChannelKind.WECOM, webhook=r.url, timeout_seconds=5, channel_id=i + 1
                ),
            )
            for i, r in enumerate(receivers)
        }

        def send(target: ChannelTarget, message: AlertMessage, now: datetime) -> DeliveryResult:
            return real_send(target.settings, message, now=now)

        def worker(name: str, seed: int, failures: list[BaseException]) -> None:
            try:
                deliver_due(
                    sessions,
                    now=clock.now,
                    worker_id=name,
                    send=send,
                    channels=targets.get,
                    hours_for=hours_for,
                    rng=random.Random(seed),
                )
            except BaseException as exc:  # reported by the test
                failures.append(exc)

        rounds = 0
        while rounds < 3000:
            rounds += 1
            failures: list[BaseException] = []
            pair = [
                threading.Thread(target=worker, args=(f"w{i}", rounds * 2 + i, failures))
                for i in range(2)
            ]
            for thread in pair:
                thread.start()
            for thread in pair:
                thread.join()
            assert not failures, failures
            with sessions() as s:
                waiting = s.scalar(
                    select(func.count())
                    .select_from(alert_outbox)
                    .where(alert_outbox.c.state.in_(("queued", "held", "sending")))
                )
                soonest = s.scalar(
                    select(func.min(alert_outbox.c.not_before)).where(
                        alert_outbox.c.state.in_(("queued", "held"))
                    )
                )
            if not waiting:
                break
            step = clock.now + timedelta(seconds=15)
            clock.now = max(step, soonest) if soonest is not None else step
    with sessions() as s:
        states = Counter(
            dict(s.execute(select(alert_outbox.c.state, func.count()).group_by("state")).all())
        )
        attempts = s.scalar(select(func.count()).select_from(alert_attempts))
        digests = s.scalar(
            select(func.count(func.distinct(alert_attempts.c.send_key))).where(
                alert_attempts.c.digest_size > 1, alert_attempts.c.outcome == "delivered"
            )
        )
    assert states == {"delivered": 1000}, states
    seen = Counter(int(m) for r in receivers for _, body in r.taken for m in TOKEN.findall(body))
    assert sorted(seen) == list(range(1000)) and set(seen.values()) == {1}
    for r in receivers:
        for at, body in r.taken:
            for m in TOKEN.findall(body):
                n = int(m)
                assert urgent[n] or hours_for(zone_of[n]).is_open(at), (n, at)
    refused = sum(1 for r in receivers for q in r.received if q.verdict != "ok")
    print(
        f"\n1000 alerts: {sum(len(r.taken) for r in receivers)} messages accepted, "
        f"{refused} refused (30 % failures + rate limits), {digests} digests, "
        f"{attempts} attempt rows, "
        f"{rounds} rounds, simulated {clock.now - START}"
    )
