"""Writing a backup: one ``.tar.gz`` of the whole store, consistent while the app writes.

The archive holds ``manifest.json`` (format, schema revision, row counts, creation time), the
data, and ``attachments/``. The data is ``sellerdesk.db`` taken with SQLite's online backup
API (one snapshot), or, from PostgreSQL, ``tables/NAME.jsonl`` read in one REPEATABLE READ
transaction (ASCII JSON: any stored text writes). Every temporary file and folder lives beside
the target under a hidden ``.sellerdesk-…tmp`` name and the archive appears under its own
name only when complete (rename), so a killed backup leaves no partial file; leftovers older
than an hour are removed by the next backup into that folder.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import tarfile
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine

from sellerdesk.services.backup.staging import FORMAT, FORMAT_VERSION
from sellerdesk.storage import transfer
from sellerdesk.storage.transfer import tables

Progress = Callable[[int, int], None]
TEMP_PREFIX = ".sellerdesk-"
TEMP_SUFFIX = ".tmp"
STALE_SECONDS = 3600


@contextmanager
def reading(engine: Engine) -> Iterator[Connection]:
    """A read-only transaction (SQLite: plain BEGIN, so writers are not blocked)."""
    with engine.connect() as conn:
        conn.info["write"] = False
        try:
            if engine.dialect.name == "postgresql":
                conn = conn.execution_options(isolation_level="REPEATABLE READ")
            with conn.begin():
                yield conn
        finally:
            conn.info.pop("write", None)


def kept(file: Path) -> bool:
    """Not a half-written upload (``.incoming-*``) or other hidden file."""
    return not file.name.startswith(".")


def atomic_target(path: Path) -> Path:
    """A hidden temporary file beside ``path``, to be renamed onto it when complete."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX, dir=path.parent)
    os.close(fd)
    return Path(tmp)


def remove_stale_temps(folder: Path, *, now: float | None = None) -> list[Path]:
    """Remove ``.sellerdesk-*.tmp`` files and folders older than an hour (a killed backup's)."""
    if not folder.is_dir():
        return []
    limit = (time.time() if now is None else now) - STALE_SECONDS
    removed = []
    for item in folder.glob(f"{TEMP_PREFIX}*{TEMP_SUFFIX}"):
        try:
            if item.lstat().st_mtime >= limit:
                continue
            if item.is_dir() and not item.is_symlink():
                shutil.rmtree(item, ignore_errors=True)
            else:
                item.unlink(missing_ok=True)
            removed.append(item)
        except OSError:
            continue
    return removed


def _sqlite_snapshot(engine: Engine, dest: Path) -> tuple[str | None, dict[str, int]]:
    raw = engine.raw_connection()
    try:
        target = sqlite3.connect(dest)
        try:
            raw.driver_connection.backup(target)  # type: ignore[union-attr]
            target.execute("PRAGMA journal_mode=DELETE")  # a standalone file, no -wal
            names = [t.name for t in tables()]
            counts = {n: target.execute(f'SELECT COUNT(*) FROM "{n}"').fetchone()[0] for n in names}
            row = target.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            target.close()
    finally:
        raw.close()
    return (row[0] if row else None), counts


def _dump_jsonl(engine: Engine, folder: Path) -> tuple[str | None, dict[str, int]]:
    folder.mkdir()
    counts = {}
    with reading(engine) as conn:
        revision = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
        for table in tables():
            with (folder / f"{table.name}.jsonl").open("w", encoding="ascii") as out:
                counts[table.name] = transfer.dump_table(conn, table, out)
    return (str(revision) if revision else None), counts


def blob_files(attachments_dir: Path) -> list[Path]:
    if not attachments_dir.is_dir():
        return []
    return sorted(p for p in attachments_dir.rglob("*") if p.is_file() and kept(p))


def backup(
    engine: Engine,
    path: Path,
    *,
    attachments_dir: Path,
    now: datetime,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Write the whole store to ``path`` (``.tar.gz``), atomically; returns the manifest."""
    path.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_temps(path.parent)
    work = Path(tempfile.mkdtemp(prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX, dir=path.parent))
    partial = atomic_target(path)
    try:
        if engine.dialect.name == "sqlite":
            data = "sqlite"
            revision, counts = _sqlite_snapshot(engine, work / "sellerdesk.db")
        else:
            data = "jsonl"
            revision, counts = _dump_jsonl(engine, work / "tables")
        files = blob_files(attachments_dir)
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "data": data,
            "dialect": engine.dialect.name,
            "schema_revision": revision,
            "created_at": now.isoformat(),
            "counts": counts,
            "attachments": len(files),
        }
        (work / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
        with tarfile.open(partial, "w:gz") as tar:
            tar.add(work / "manifest.json", arcname="manifest.json")
            if data == "sqlite":
                tar.add(work / "sellerdesk.db", arcname="sellerdesk.db")
            else:
                tar.add(work / "tables", arcname="tables")
            for i, file in enumerate(files):
                tar.add(file, arcname=f"attachments/{file.relative_to(attachments_dir)}")
                if progress:
                    progress(i + 1, len(files))
        with partial.open("rb") as done:
            os.fsync(done.fileno())
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
        shutil.rmtree(work, ignore_errors=True)
    return manifest
