"""How fast the alert outbox takes and delivers alerts (a fake sender that answers at once,
so the figures are the database's and the outbox's own work, not a vendor's).

Enqueues N alerts through ``triggers.enqueue_for`` (one route, its own transaction each, as a
case change would), then delivers them in worker rounds twice over: a channel without a
rate limit (one message per alert) and a WeCom-like channel at 20 a minute (digests). Prints
alerts per second for each and the rounds taken.

    python bench/alert_outbox_bench.py [--alerts 5000] [--database-url postgresql+psycopg://…]
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert

from sellerdesk.core.alerts.delivery import AlertMessage, DeliveryResult, Outcome
from sellerdesk.hours import team_schedule
from sellerdesk.services.alerts import triggers
from sellerdesk.services.alerts.outbox import ChannelTarget, deliver_due
from sellerdesk.storage.alert_channel_rows import alert_channels
from sellerdesk.storage.alert_tables import alert_routes
from sellerdesk.storage.engine import make_engine, make_session_factory
from sellerdesk.storage.migrate import ensure_current

NOW = datetime(2026, 12, 8, 2, tzinfo=UTC)  # Tuesday 10:00 in Beijing: inside team hours
ALWAYS = team_schedule("Mon-Sun 00:00-24:00", "Asia/Shanghai")


def _sent(_target: ChannelTarget, _message: AlertMessage, _now: datetime) -> DeliveryResult:
    return DeliveryResult(Outcome.DELIVERED, "ok", http_status=200)


def run(url: str, count: int) -> None:
    engine = make_engine(url)
    ensure_current(engine)
    sessions = make_session_factory(engine)
    with sessions.begin() as s:
        for channel in (1, 2):
            s.execute(insert(alert_channels).values(
                id=channel, name=f"bench-{channel}-{random.random()}", kind="wecom",
                enabled=True, message_format="", created_at=NOW, updated_at=NOW,
            ))  # fmt: skip
    for channel, limit in ((1, None), (2, 20)):
        with sessions.begin() as s:
            s.execute(alert_routes.delete())
            s.execute(insert(alert_routes).values(
                triggers=["mail-unfiled"], channel_id=channel, enabled=True, mention=False,
                lang="en", created_at=NOW, created_by="bench",
            ))  # fmt: skip
        began = time.perf_counter()
        for n in range(count):
            with sessions.begin() as s:
                triggers.enqueue_for(
                    s, trigger="mail-unfiled", now=NOW, key=f"{channel}:{n}",
                    facts={"subject": f"mail {n}", "sender": "a@example.com"},
                )  # fmt: skip
        enqueued = time.perf_counter() - began
        target = ChannelTarget(channel, "wecom", per_minute=limit, throttle_seconds=60)
        began, rounds, delivered, now = time.perf_counter(), 0, 0, NOW
        while delivered < count and rounds < 10_000:
            report = deliver_due(
                sessions, now=now, worker_id="bench", send=_sent,
                channels=lambda _cid, t=target: t, hours_for=lambda _z: ALWAYS,
            )  # fmt: skip
            delivered += report.delivered
            rounds += 1
            now += timedelta(seconds=30)
        took = time.perf_counter() - began
        kind = "no rate limit" if limit is None else f"{limit}/min (digests)"
        print(
            f"{engine.dialect.name} {kind}: enqueue {count / enqueued:,.0f} alerts/s; "
            f"deliver {delivered:,} in {took:.2f} s = {delivered / took:,.0f} alerts/s, "
            f"{rounds} rounds"
        )
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--alerts", type=int, default=5000)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    if args.database_url:
        run(args.database_url, args.alerts)
        return
    with tempfile.TemporaryDirectory() as folder:
        run(f"sqlite:///{Path(folder) / 'bench.db'}", args.alerts)


if __name__ == "__main__":
    main()
