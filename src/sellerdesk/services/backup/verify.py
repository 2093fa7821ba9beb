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

from sellerdesk.services.backup.members import file_digest
from sellerdesk.services.backup.problems import Problem
from sellerdesk.services.backup.staging import BLOB_NAME
from sellerdesk.services.backup.temps import STALE_SECONDS
from sellerdesk.services.backup.views import StoreChecked, VerifyReport
from sellerdesk.storage import integrity
from sellerdesk.storage.session import Engine

BATCH = 2000


def _database(found: integrity.StoreFindings) -> list[Problem]:
    problems = []
    if found.integrity is not None:
        problems.append(Problem("verify.integrity", {"reason": found.integrity[:200]}))
    problems += [Problem("verify.foreign_keys", {"table": t, "rows": n}) for t, n in found.dangling]
    return problems


def _search(found: integrity.StoreFindings) -> list[Problem]:
    problems = []
    if found.stale_search_tokens:
        problems.append(Problem("verify.search_tokens", {"rows": found.stale_search_tokens}))
    if found.search_index is not None:
        problems.append(Problem("verify.search_index", {"reason": found.search_index[:200]}))
    return problems


def _blobs(
    named: frozenset[str], folder: Path, *, now: datetime, remove_orphans: bool
) -> tuple[list[Problem], list[str], int]:
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
) -> VerifyReport:
    """Every problem of the store; orphan blobs older than an hour removed when asked."""
    found = integrity.examine(engine)
    problems = _database(found) + _search(found)
    blob_problems, removed, files = _blobs(
        found.attachment_names, attachments_dir, now=now, remove_orphans=remove_orphans
    )
    rows = found.rows
    problems += blob_problems
    return VerifyReport(
        problems=tuple(problems),
        removed=tuple(removed),
        checked=StoreChecked(rows=sum(rows.values()), cases=rows.get("cases", 0), files=files),
    )
