"""Backup while the app writes, restore (refusing a non-empty store), copy SQLite -> PostgreSQL."""

from __future__ import annotations

import tarfile
import uuid
from datetime import UTC, datetime

import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from sellerdesk.core.errors import Conflict
from sellerdesk.services import backup as backup_service
from sellerdesk.storage.engine import make_engine
from sellerdesk.storage.tables import Base, CaseRow, StoreRow
from sellerdesk.storage.transfer import counts
from tests.conftest import BACKENDS, PG_ADMIN_URL
from tests.storage.tracker_rows import T0, add_store, fill

NOW = datetime(2026, 5, 1, tzinfo=UTC)


def snapshot(engine):  # type: ignore[no-untyped-def]
    with engine.connect() as conn:
        return {
            t.name: [tuple(r) for r in conn.execute(select(t).order_by(*t.primary_key.columns))]
            for t in Base.metadata.sorted_tables
        }


def test_backup_during_an_open_write_restores_identical_rows(engine, tmp_path):
    files = tmp_path / "attachments"
    fill(engine, files)
    before = snapshot(engine)
    archive = tmp_path / "out" / "backup.tar.gz"
    writer = make_engine(str(engine.url.render_as_string(hide_password=False)))
    with Session(writer) as session, session.begin():
        add_store(session, "uncommitted")  # holds the write lock until the backup is done
        written = backup_service.backup(engine, archive, attachments_dir=files, now=NOW)
    writer.dispose()
    assert written.manifest.counts["cases"] == 3 and written.manifest.attachments == 1
    with tarfile.open(archive) as tar:
        names = tar.getnames()
    assert "manifest.json" in names and any(n.startswith("attachments/") for n in names)
    with Session(engine) as session, session.begin():  # change the store, then restore over it
        session.add(
            StoreRow(
                name="late",
                region="eu",
                marketplaces=["DE"],
                selling_plan="x",
                verified=True,
                created_at=T0,
                updated_at=T0,
            )
        )
    restored_files = tmp_path / "restored-attachments"
    result = backup_service.restore(engine, archive, attachments_dir=restored_files, force=True)
    assert result.replaced and result.attachments_added == 1
    assert snapshot(engine) == before
    assert sorted(p.name for p in restored_files.rglob("*") if p.is_file()) == sorted(
        p.name for p in files.rglob("*") if p.is_file()
    )
    with Session(engine) as session, session.begin():  # ids continue after the restored ones
        assert add_store(session, "next").id == 3


def test_restore_refuses_a_non_empty_store_and_changes_nothing(engine, tmp_path):
    fill(engine, tmp_path / "files")
    archive = tmp_path / "b.tar.gz"
    backup_service.backup(engine, archive, attachments_dir=tmp_path / "files", now=NOW)
    with Session(engine) as session, session.begin():
        session.execute(CaseRow.__table__.update().values(subject="edited"))
    before = snapshot(engine)
    with pytest.raises(Conflict) as caught:
        backup_service.restore(engine, archive, attachments_dir=tmp_path / "att")
    assert caught.value.exit_code == 3
    assert snapshot(engine) == before
    assert not (tmp_path / "att").exists()


def test_a_backup_restores_into_an_empty_sqlite_store(engine, tmp_path):
    fill(engine, tmp_path / "files")
    before = snapshot(engine)
    archive = tmp_path / "b.tar.gz"
    backup_service.backup(engine, archive, attachments_dir=tmp_path / "files", now=NOW)
    fresh = make_engine(f"sqlite:///{tmp_path / 'fresh' / 'sellerdesk.db'}")
    backup_service.restore(fresh, archive, attachments_dir=tmp_path / "att")
    assert snapshot(fresh) == before
    with fresh.connect() as conn:  # the search index was filled by the restore
        hits = conn.exec_driver_sql(
            "SELECT rowid FROM cases_fts WHERE cases_fts MATCH '\"退款 款未 未到 到账\"'"
        ).all()
    assert len(hits) == 1
    fresh.dispose()


@pytest.fixture
def pg_database():  # type: ignore[no-untyped-def]
    if "postgresql" not in BACKENDS:
        pytest.skip("PostgreSQL tests are off")
    name = f"sellerdesk_copy_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def test_copy_db_sqlite_to_postgresql_keeps_ids_and_resets_sequences(tmp_path, pg_database):
    src = make_engine(f"sqlite:///{tmp_path / 'src.db'}")
    from sellerdesk.storage.migrate import upgrade

    upgrade(src)
    ids = fill(src, tmp_path / "files")
    before = snapshot(src)
    result = backup_service.copy_db(src, pg_database)
    assert result.dialect == "postgresql" and result.rows["cases"] == 3
    dst = make_engine(pg_database)
    assert snapshot(dst) == before
    with dst.connect() as conn:
        assert counts(conn)["cases"] == 3
    with Session(dst) as session, session.begin():
        assert session.get(CaseRow, ids["first"]).merged_into_id == ids["third"]  # type: ignore[union-attr]
        assert add_store(session, "new").id == 3
    with pytest.raises(Conflict):
        backup_service.copy_db(src, pg_database)
    # a SQLite backup restores into PostgreSQL too (and the reverse route: JSON lines)
    archive = tmp_path / "b.tar.gz"
    backup_service.backup(dst, archive, attachments_dir=tmp_path / "files", now=NOW)
    again = make_engine(f"sqlite:///{tmp_path / 'again.db'}")
    backup_service.restore(again, archive, attachments_dir=tmp_path / "att")
    assert snapshot(again) == snapshot(dst)
    again.dispose()
    dst.dispose()
    src.dispose()
