"""Backup, restore, copy between databases, and migrate: the store's whole life on disk.

A backup is one ``.tar.gz``: ``manifest.json`` (format, schema revision, row counts,
creation time), the data, and ``attachments/``. The data is ``sellerdesk.db`` taken with
SQLite's online backup API (consistent while the app writes: it reads one snapshot), or, from
PostgreSQL, ``tables/NAME.jsonl`` read in one REPEATABLE READ transaction. Either restores
into either database. Restore and copy run in one transaction on the destination: they
succeed whole or change nothing.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import tarfile
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from sellerdesk.core.errors import Conflict, InvalidInput
from sellerdesk.storage import transfer
from sellerdesk.storage.engine import make_engine, normalise_url
from sellerdesk.storage.migrate import current_revision, ensure_current, head_revision
from sellerdesk.storage.transfer import tables

FORMAT = "sellerdesk-backup"
FORMAT_VERSION = 1
Progress = Callable[[int, int], None]


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


def _kept(file: Path) -> bool:
    """Not a half-written upload (``.incoming-*``) or other hidden file."""
    return not file.name.startswith(".")


def _atomic_target(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    return Path(tmp)


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
            with (folder / f"{table.name}.jsonl").open("w", encoding="utf-8") as out:
                counts[table.name] = transfer.dump_table(conn, table, out)
    return (str(revision) if revision else None), counts


def backup(
    engine: Engine,
    path: Path,
    *,
    attachments_dir: Path,
    now: datetime,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Write the whole store to ``path`` (``.tar.gz``), atomically; returns the manifest."""
    with tempfile.TemporaryDirectory(prefix="sellerdesk-backup-") as tmp_name:
        tmp = Path(tmp_name)
        if engine.dialect.name == "sqlite":
            data = "sqlite"
            revision, counts = _sqlite_snapshot(engine, tmp / "sellerdesk.db")
        else:
            data = "jsonl"
            revision, counts = _dump_jsonl(engine, tmp / "tables")
        files = (
            sorted(p for p in attachments_dir.rglob("*") if p.is_file() and _kept(p))
            if (attachments_dir.is_dir())
            else []
        )
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
        (tmp / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
        partial = _atomic_target(path)
        try:
            with tarfile.open(partial, "w:gz") as tar:
                tar.add(tmp / "manifest.json", arcname="manifest.json")
                if data == "sqlite":
                    tar.add(tmp / "sellerdesk.db", arcname="sellerdesk.db")
                else:
                    tar.add(tmp / "tables", arcname="tables")
                for i, file in enumerate(files):
                    tar.add(file, arcname=f"attachments/{file.relative_to(attachments_dir)}")
                    if progress:
                        progress(i + 1, len(files))
            os.replace(partial, path)
        finally:
            partial.unlink(missing_ok=True)
    return manifest


def _extract(path: Path, into: Path) -> dict[str, Any]:
    if not path.is_file():
        raise InvalidInput.of("backup.not_a_file", field="FILE", path=str(path))
    try:
        with tarfile.open(path, "r:*") as tar:
            tar.extractall(into, filter="data")  # refuses absolute paths, '..', links out
        manifest: dict[str, Any] = json.loads((into / "manifest.json").read_text("utf-8"))
    except (tarfile.TarError, OSError, ValueError, KeyError) as exc:
        raise InvalidInput.of(
            "backup.not_a_backup", field="FILE", path=str(path), reason=str(exc)
        ) from None
    if manifest.get("format") != FORMAT or manifest.get("format_version") != FORMAT_VERSION:
        raise InvalidInput.of("backup.other_format", field="FILE", path=str(path))
    return manifest


def _check_revision(manifest: dict[str, Any]) -> None:
    revision = manifest.get("schema_revision")
    exact = manifest.get("data") == "jsonl"
    if revision == head_revision() or (not exact and transfer.is_known_revision(revision)):
        return
    raise InvalidInput.of(
        "backup.other_revision", field="FILE", revision=revision, ours=head_revision()
    )


def _copy_attachments(source: Path, dest: Path) -> int:
    """Files the store lacks (they are content-addressed: a present name is the same bytes)."""
    added = 0
    if not source.is_dir():
        return added
    for file in sorted(p for p in source.rglob("*") if p.is_file() and _kept(p)):
        target = dest / file.relative_to(source)
        if target.exists():
            continue
        partial = _atomic_target(target)
        shutil.copyfile(file, partial)
        os.replace(partial, target)
        added += 1
    return added


def restore(
    engine: Engine,
    path: Path,
    *,
    attachments_dir: Path,
    force: bool = False,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Load a backup into ``engine``; a store with any rows is refused unless ``force``."""
    ensure_current(engine)
    with tempfile.TemporaryDirectory(prefix="sellerdesk-restore-") as tmp_name:
        tmp = Path(tmp_name)
        manifest = _extract(path, tmp)
        _check_revision(manifest)
        source: Engine | None = None
        if manifest.get("data") == "sqlite":
            source = make_engine(f"sqlite:///{tmp / 'sellerdesk.db'}")
        try:
            if source is not None:
                ensure_current(source)  # an older backup is upgraded before it is copied
            with engine.begin() as conn:
                existing = transfer.non_empty(conn)
                if existing and not force:
                    raise Conflict.of(
                        "backup.store_not_empty",
                        field="FILE",
                        rows=", ".join(f"{t} {n}" for t, n in existing.items()),
                    )
                transfer.clear_tables(conn)
                added = _copy_attachments(tmp / "attachments", attachments_dir)
                if source is not None:
                    with reading(source) as src:
                        copied = transfer.copy_tables(src, conn, progress=progress)
                else:
                    copied = _load_jsonl(conn, tmp / "tables", manifest, progress)
                transfer.reset_sequences(conn)
            transfer.settle(engine)
        finally:
            if source is not None:
                source.dispose()
    return {
        "restored": copied,
        "attachments_added": added,
        "replaced": bool(existing),
        "manifest": manifest,
    }


def _load_jsonl(
    conn: Connection, folder: Path, manifest: dict[str, Any], progress: Progress | None
) -> dict[str, int]:
    total = sum(int(n) for n in manifest.get("counts", {}).values())
    done = 0
    copied = {}
    for table in tables():
        copied[table.name] = 0
        file = folder / f"{table.name}.jsonl"
        if not file.exists():
            continue
        with file.open(encoding="utf-8") as lines:
            for n in transfer.load_rows(conn, table, transfer.decode_lines(table, lines)):
                copied[table.name] += n
                done += n
                if progress:
                    progress(done, total)
    return copied


def copy_db(
    src_engine: Engine, dst_url: str, *, progress: Progress | None = None
) -> dict[str, Any]:
    """Copy every row to an empty database at ``dst_url`` (migrated to head first)."""
    url = normalise_url(dst_url)
    if make_url(url) == src_engine.url:
        raise InvalidInput.of("copy.same_database", field="--to")
    dst = make_engine(url)
    shown = dst.url.render_as_string(hide_password=True)
    try:
        try:
            ensure_current(dst)
        except OperationalError as exc:
            raise InvalidInput.of(
                "copy.cannot_open", field="--to", url=shown, reason=str(exc.orig)
            ) from None
        with reading(src_engine) as src, dst.begin() as conn:
            existing = transfer.non_empty(conn)
            if existing:
                raise Conflict.of(
                    "copy.not_empty",
                    field="--to",
                    url=shown,
                    rows=", ".join(f"{t} {n}" for t, n in existing.items()),
                )
            copied = transfer.copy_tables(src, conn, progress=progress)
            transfer.reset_sequences(conn)
        transfer.settle(dst)
    finally:
        dst.dispose()
    return {"to": shown, "dialect": dst.dialect.name, "rows": copied}


def migrate(engine: Engine) -> dict[str, Any]:
    """Apply pending migrations; the revision before and after, and the head."""
    before = current_revision(engine)
    ensure_current(engine)
    return {"before": before, "current": current_revision(engine), "head": head_revision()}
