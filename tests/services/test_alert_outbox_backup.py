"""The alert routes, outbox, attempts and handles are part of the store: a backup restores
them whole and verify finds nothing wrong; on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from sellerdesk.core.alerts.delivery import DeliveryResult, Outcome
from sellerdesk.services import backup as backup_service
from sellerdesk.services import users
from sellerdesk.services.alerts import routes
from sellerdesk.services.alerts.outbox import deliver_due
from sellerdesk.services.alerts.routes_handles import set_handles
from sellerdesk.services.backup.verify import verify_store
from sellerdesk.storage.alert_tables import ALERT_TABLES
from sellerdesk.storage.engine import make_engine
from tests.services.alert_fixtures import FakeSender, add_channel, channel_of, hours_for, put

TUESDAY_10 = datetime(2026, 12, 8, 2, tzinfo=UTC)  # 10:00 in Beijing, a working hour


def _rows(engine):  # type: ignore[no-untyped-def]
    with engine.connect() as conn:
        return {
            t.name: [tuple(r) for r in conn.execute(select(t).order_by(*t.primary_key.columns))]
            for t in ALERT_TABLES
        }


def test_a_backup_restores_routes_alerts_attempts_and_handles(engine, sessions, ctx, tmp_path):  # type: ignore[no-untyped-def]
    add_channel(sessions, TUESDAY_10, "ops")
    routes.add_route(
        sessions=sessions, now=TUESDAY_10, actor="boss", triggers=["needs-action"], channel="ops"
    )
    users.add(
        sessions=sessions, now=TUESDAY_10, name="wang", role="admin", password="pass phrase 4242"
    )
    set_handles(sessions=sessions, now=TUESDAY_10, name="wang", handles={"wecom": "wangwei"})
    put(sessions, TUESDAY_10, key="a", recipient="wang")
    put(sessions, TUESDAY_10, key="b")
    busy = DeliveryResult(Outcome.TRANSIENT, "HTTP 503", http_status=503)
    deliver_due(sessions, now=TUESDAY_10, worker_id="w", send=FakeSender([busy]),
                channels=channel_of(), hours_for=hours_for)  # fmt: skip
    before = _rows(engine)
    assert [len(before[t.name]) for t in ALERT_TABLES] == [1, 2, 2, 1]
    archive = tmp_path / "backup.tar.gz"
    later = TUESDAY_10 + timedelta(minutes=1)
    backup_service.backup(engine, archive, attachments_dir=ctx.attachments_dir, now=later)
    fresh = make_engine(f"sqlite:///{tmp_path / 'fresh' / 'sellerdesk.db'}")
    backup_service.restore(fresh, archive, attachments_dir=tmp_path / "restored")
    assert _rows(fresh) == before
    assert verify_store(fresh, attachments_dir=tmp_path / "restored", now=later).problems == ()
    fresh.dispose()
