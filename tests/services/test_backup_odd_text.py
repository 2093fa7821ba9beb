"""A store holding odd text (emoji, U+FFFF, a lone surrogate escaped in JSON) still backs up,
passes its read-back check and restores identical, from SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.orm import Session

from sellerdesk.services import backup as backup_service
from sellerdesk.storage.engine import make_engine
from tests.security.backup_archives import snapshot
from tests.storage.tracker_rows import add_store, fill

NOW = datetime(2026, 12, 4, 3, 0, tzinfo=UTC)
ODD_NAME = "emoji 😀 and \uffff and 中文"
ODD_JSON = '["\\ud800", "\\ud83d\\ude00", "US"]'  # a lone surrogate, as JSON writes it


def test_a_store_with_odd_text_backs_up_verifies_and_restores_identical(engine, tmp_path):
    files = tmp_path / "files"
    fill(engine, files)
    with Session(engine) as session, session.begin():
        store_id = add_store(session, "odd").id
    cast = "CAST(:m AS json)" if engine.dialect.name == "postgresql" else ":m"
    with engine.begin() as conn:
        from sqlalchemy import text

        conn.execute(
            text(f"UPDATE stores SET name = :n, marketplaces = {cast} WHERE id = :i"),
            {"n": ODD_NAME, "m": ODD_JSON, "i": store_id},
        )
    before = snapshot(engine)
    archive = tmp_path / "odd.tar.gz"
    backup_service.backup(engine, archive, attachments_dir=files, now=NOW)
    checked = backup_service.check_archive(archive, store_attachments=None)
    assert checked.ok, [p.text("en") for p in checked.problems]
    fresh = make_engine(f"sqlite:///{tmp_path / 'fresh.db'}")
    backup_service.restore(fresh, archive, attachments_dir=tmp_path / "restored")
    assert snapshot(fresh) == before
    fresh.dispose()
