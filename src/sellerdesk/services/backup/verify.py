"""``sellerdesk verify``: is the store whole?

* the database: SQLite ``PRAGMA integrity_check`` and ``foreign_key_check``; PostgreSQL (which
  enforces its keys) a query per foreign key for rows naming a row that does not exist;
* the case search index: every case's stored tokens are those of its text, and the index
  itself (SQLite: FTS5's ``integrity-check`` against the cases; PostgreSQL: the GIN index
  exists);
* the attachments folder: every blob hashes to its name, every ``attachments`` row has its
  blob, and blobs no row names (an upload refused or abandoned after its bytes were written)
  are reported — and removed with ``remove_orphans``, unless written in the last hour (an
  upload may be about to commit the row that names it).
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, func, select
from sqlalchemy.exc import SQLAlchemyError

from sellerdesk.services.backup.archive import reading
from sellerdesk.services.backup.members import file_digest
from sellerdesk.services.backup.problems import Problem
from sellerdesk.services.backup.staging import BLOB_NAME
from sellerdesk.services.backup.temps import STALE_SECONDS
from sellerdesk.storage import search, transfer
from sellerdesk.storage.records import AttachmentRow
from sellerdesk.storage.search import PG_INDEX_NAME

BATCH = 2000


def _database(conn: Connection) -> list[Problem]:
    found = []
    if conn.dialect.name == "sqlite":
        verdict = conn.exec_driver_sql("PRAGMA integrity_check").scalar()
        if verdict != "ok":
            found.append(Problem("verify.integrity", {"reason": str(verdict)[:200]}))
        tally: dict[str, int] = {}
        for row in conn.exec_driver_sql("PRAGMA foreign_key_check").all():
            tally[str(row[0])] = tally.get(str(row[0]), 0) + 1
        found += [Problem("verify.foreign_keys", {"table": t, "rows": n}) for t, n in tally.items()]
        return found
    for table in transfer.tables():
        for fk in table.foreign_keys:
            child = fk.parent
            owner = fk.column.table.alias("parent")  # an alias: cases.merged_into_id too
            parent = owner.c[fk.column.name]
            missing = conn.scalar(  # rows naming a parent that is not there
                select(func.count())
                .select_from(child.table)
                .where(child.isnot(None), ~select(parent).where(parent == child).exists())
            )
            if missing:
                found.append(Problem("verify.foreign_keys", {"table": table.name, "rows": missing}))
    return found


def _search(conn: Connection) -> list[Problem]:
    stale = sum(len(rows) for _, rows in search.stale_tokens(conn))
    found = []
    if stale:
        found.append(Problem("verify.search_tokens", {"rows": stale}))
    if conn.dialect.name == "sqlite":
        try:
            with conn.begin_nested():
                conn.exec_driver_sql(
                    "INSERT INTO cases_fts(cases_fts, rank) VALUES ('integrity-check', 1)"
                )
        except SQLAlchemyError as exc:
            reason = str(getattr(exc, "orig", exc)).splitlines()[0][:200]
            found.append(Problem("verify.search_index", {"reason": reason}))
    else:
        present = conn.exec_driver_sql(
            "SELECT 1 FROM pg_indexes WHERE indexname = %(n)s", {"n": PG_INDEX_NAME}
        ).first()
        if present is None:
            found.append(Problem("verify.search_index", {"reason": f"{PG_INDEX_NAME} is missing"}))
    return found


def _blobs(
    conn: Connection, folder: Path, *, now: datetime, remove_orphans: bool
) -> tuple[list[Problem], list[str], int]:
    named = {str(s) for s in conn.execute(select(AttachmentRow.__table__.c.sha256)).scalars()}
    found: list[Problem] = []
    removed: list[str] = []
    present: set[str] = set()
    files = sorted(p for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else []
    fresh_after = now.timestamp() - STALE_SECONDS
    for file in files:
        rel = file.relative_to(folder)
        old = file.stat().st_mtime < fresh_after
        if file.name.startswith("."):  # a half-written upload: removed when stale
            if remove_orphans and old:
                file.unlink(missing_ok=True)
                removed.append(str(rel))
            continue
        if not BLOB_NAME.fullmatch(file.name) or rel.parts != (file.name[:2], file.name):
            found.append(Problem("verify.stray_file", {"name": str(rel)}))
            continue
        if file.name not in named:
            if not old:
                found.append(Problem("verify.blob_orphan_recent", {"name": file.name}))
            elif remove_orphans:
                os.unlink(file)
                removed.append(file.name)
            else:
                found.append(Problem("verify.blob_orphan", {"name": file.name}))
            continue
        present.add(file.name)
        if file_digest(file) != file.name:
            found.append(Problem("verify.blob_corrupt", {"name": file.name}))
    found += [Problem("verify.blob_missing", {"name": s}) for s in sorted(named - present)]
    return found, removed, len(files)


def verify_store(
    engine: Engine, *, attachments_dir: Path, now: datetime, remove_orphans: bool = False
) -> dict[str, Any]:
    """Every problem of the store; orphan blobs older than an hour removed when asked."""
    with reading(engine) as conn:
        problems = _database(conn) + _search(conn)
        blob_problems, removed, files = _blobs(
            conn, attachments_dir, now=now, remove_orphans=remove_orphans
        )
        rows = transfer.counts(conn)
    problems += blob_problems
    return {
        "ok": not problems,
        "problems": problems,
        "removed": removed,
        "checked": {"rows": sum(rows.values()), "cases": rows.get("cases", 0), "files": files},
    }
