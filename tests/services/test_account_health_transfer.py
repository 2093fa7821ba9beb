"""Backup, restore and copy-db carry the health snapshots (raw report included) and the
documents check-list."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select

from sellerdesk.core.health.rules import builtin_health_path, load_health_rules
from sellerdesk.services import account_health
from sellerdesk.services import backup as backup_service
from sellerdesk.storage.engine import make_engine, make_session_factory
from sellerdesk.storage.migrate import upgrade
from sellerdesk.storage.tables import HealthDocumentRow, HealthSnapshotRow
from tests.services.case_fixtures import NOW

DATA = Path(__file__).resolve().parents[1] / "data" / "health"
RULES = load_health_rules([builtin_health_path()])


def health_rows(engine):  # type: ignore[no-untyped-def]
    with engine.connect() as conn:
        return [
            [tuple(r) for r in conn.execute(select(t).order_by(t.c.id))]
            for t in (HealthSnapshotRow.__table__, HealthDocumentRow.__table__)
        ]


def fill_health(engine, ctx, acme: str) -> None:  # type: ignore[no-untyped-def]
    sessions = make_session_factory(engine)
    common = {"sessions": sessions, "now": NOW, "ctx": ctx, "rules": RULES, "store": acme}
    text = (DATA / "report-example-spelling.json").read_bytes()
    account_health.import_report(text=text, **common)
    account_health.set_figures(
        figures={"odr": 0.4},
        marketplace="US",
        ahr=250,
        **common | {"now": datetime(2026, 11, 28, tzinfo=UTC)},
    )
    account_health.update_documents(
        have=["business-licence"], missing=["w-8ben-e"], note="待办", **common
    )


def test_a_backup_restores_the_health_rows_identically(engine, ctx, acme, tmp_path):
    fill_health(engine, ctx, acme)
    before = health_rows(engine)
    assert [len(rows) for rows in before] == [2, 2]
    archive = tmp_path / "b.tar.gz"
    written = backup_service.backup(engine, archive, attachments_dir=tmp_path / "a", now=NOW)
    assert written.manifest.counts["health_snapshots"] == 2
    assert written.manifest.counts["health_documents"] == 2
    fresh = make_engine(f"sqlite:///{tmp_path / 'fresh' / 'sellerdesk.db'}")
    backup_service.restore(fresh, archive, attachments_dir=tmp_path / "restored")
    assert health_rows(fresh) == before
    shown = account_health.show(sessions=make_session_factory(fresh), rules=RULES, store=acme)
    ahr = shown.marketplaces[0].ahr
    assert ahr is not None and ahr.score == 250
    again = tmp_path / "from-sqlite.tar.gz"  # and back from SQLite into the test's backend
    backup_service.backup(fresh, again, attachments_dir=tmp_path / "restored", now=NOW)
    fresh.dispose()
    backup_service.restore(engine, again, attachments_dir=tmp_path / "a", force=True)
    assert health_rows(engine) == before


def test_copy_db_carries_the_health_rows(engine, ctx, acme, tmp_path):
    fill_health(engine, ctx, acme)
    before = health_rows(engine)
    target = f"sqlite:///{tmp_path / 'copy.db'}"
    result = backup_service.copy_db(engine, target)
    assert result.rows["health_snapshots"] == 2
    copy = make_engine(target)
    upgrade(copy)
    assert health_rows(copy) == before
    copy.dispose()
