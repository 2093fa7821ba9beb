"""sellerdesk verify: each kind of problem is found, a whole store passes, orphans go."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine

from sellerdesk.services.backup.verify import verify_store
from sellerdesk.storage.search import PG_TOKEN_INDEX
from tests.storage.tracker_rows import fill

NOW = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)
AN_HOUR_AGO = NOW.timestamp() - 3700


def keys(engine: Engine, files: Path, **kw: bool) -> list[str]:
    result = verify_store(engine, attachments_dir=files, now=NOW, **kw)
    return sorted(p.key for p in result.problems)


def blob(files: Path, content: bytes, *, old: bool = True) -> Path:
    sha = hashlib.sha256(content).hexdigest()
    path = files / sha[:2] / sha
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    if old:
        os.utime(path, (AN_HOUR_AGO, AN_HOUR_AGO))
    return path


def the_blob(files: Path) -> Path:
    return next(p for p in files.rglob("*") if p.is_file())


def test_a_whole_store_passes(engine, tmp_path):
    files = tmp_path / "files"
    fill(engine, files)
    result = verify_store(engine, attachments_dir=files, now=NOW)
    assert result.ok and result.problems == ()
    assert result.checked.cases == 3 and result.checked.files == 1


def test_a_damaged_blob_and_a_missing_one_are_found(engine, tmp_path):
    files = tmp_path / "files"
    fill(engine, files)
    path = the_blob(files)
    path.write_bytes(b"png bytez")
    assert keys(engine, files) == ["verify.blob_corrupt"]
    path.unlink()
    assert keys(engine, files) == ["verify.blob_missing"]


def test_orphan_blobs_are_reported_and_removed_only_when_asked_and_an_hour_old(engine, tmp_path):
    files = tmp_path / "files"
    fill(engine, files)
    old = blob(files, b"a refused upload")
    young = blob(files, b"an upload about to commit", old=False)
    stray = files / "notes.txt"
    stray.write_text("hello")
    assert keys(engine, files) == [
        "verify.blob_orphan",
        "verify.blob_orphan_recent",
        "verify.stray_file",
    ]
    result = verify_store(engine, attachments_dir=files, now=NOW, remove_orphans=True)
    assert result.removed == (old.name,)
    assert not old.exists() and young.exists() and the_blob(files).exists()
    assert keys(engine, files) == ["verify.blob_orphan_recent", "verify.stray_file"]


def test_stale_search_tokens_are_found(engine, tmp_path):
    files = tmp_path / "files"
    fill(engine, files)
    with engine.begin() as conn:
        if engine.dialect.name == "sqlite":
            conn.exec_driver_sql("UPDATE cases SET search_tokens = 'nothing' WHERE id = 1")
        else:
            conn.exec_driver_sql(
                "UPDATE cases SET search_tokens = 'nothing:1'::tsvector WHERE id = 1"
            )
    assert keys(engine, files) == ["verify.search_tokens"]


def test_a_damaged_search_index_is_found(engine, tmp_path):
    files = tmp_path / "files"
    fill(engine, files)
    with engine.begin() as conn:
        if engine.dialect.name == "sqlite":
            conn.exec_driver_sql(
                "INSERT INTO cases_fts(cases_fts, rowid, search_tokens) "
                "SELECT 'delete', id, search_tokens FROM cases WHERE id = 1"
            )
        else:
            conn.exec_driver_sql("DROP INDEX ix_cases_search_tokens")
    try:
        assert keys(engine, files) == ["verify.search_index"]
    finally:  # the PostgreSQL database is the whole session's
        if engine.dialect.name == "postgresql":
            with engine.begin() as conn:
                conn.exec_driver_sql(PG_TOKEN_INDEX)


def test_rows_naming_rows_that_do_not_exist_are_found(engine, tmp_path):
    files = tmp_path / "files"
    fill(engine, files)
    if engine.dialect.name == "sqlite":  # a plain connection: foreign keys are off
        raw = sqlite3.connect(str(engine.url.database))
        raw.execute("UPDATE case_identifiers SET case_id = 999")
        raw.commit()
        raw.close()
    else:
        with engine.connect() as conn:
            conn.exec_driver_sql("SET session_replication_role = replica")
            conn.exec_driver_sql("UPDATE case_identifiers SET case_id = 999")
            conn.commit()
            conn.exec_driver_sql("SET session_replication_role = DEFAULT")
            conn.commit()
    result = verify_store(engine, attachments_dir=files, now=NOW)
    assert [(p.key, p.params["table"]) for p in result.problems] == [
        ("verify.foreign_keys", "case_identifiers")
    ]


def test_a_case_whose_text_the_index_must_bound_is_not_reported_stale(engine, tmp_path):
    from sqlalchemy.orm import Session

    from tests.storage.tracker_rows import add_case, add_store

    files = tmp_path / "files"
    fill(engine, files)
    with Session(engine) as session, session.begin():
        add_case(session, add_store(session, "long"), "A very long word", "x" * 3000)
    assert keys(engine, files) == []
