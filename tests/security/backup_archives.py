"""Helpers for the restore and backup tests: a filled source store, its archives (a SQLite
snapshot and JSON lines, whatever the database), unpacked, damaged and packed again."""

from __future__ import annotations

import hashlib
import json
import shutil
import tarfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from sellerdesk.core.jsonable import jsonable
from sellerdesk.services import backup as backup_service
from sellerdesk.services.backup import archive, members
from sellerdesk.storage import snapshot as store_snapshot
from sellerdesk.storage.engine import make_engine
from sellerdesk.storage.tables import Base
from tests.storage.tracker_rows import add_store, fill

NOW = datetime(2026, 12, 4, 3, 0, tzinfo=UTC)


def snapshot(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    with engine.connect() as conn:
        return {
            t.name: [tuple(r) for r in conn.execute(select(t).order_by(*t.primary_key.columns))]
            for t in Base.metadata.sorted_tables
        }


def folder_state(folder: Path) -> dict[str, str]:
    if not folder.exists():
        return {}
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def seed_target(engine: Engine, attachments: Path) -> None:
    """A store unlike the archives' (another store, another blob), to see it untouched."""
    with Session(engine) as session, session.begin():
        add_store(session, "target-only")
    content = b"the target's own evidence"
    sha = hashlib.sha256(content).hexdigest()
    (attachments / sha[:2]).mkdir(parents=True, exist_ok=True)
    (attachments / sha[:2] / sha).write_bytes(content)


def source_store(tmp: Path) -> tuple[Engine, Path]:
    engine = make_engine(f"sqlite:///{tmp / 'source.db'}")
    from sellerdesk.storage.migrate import upgrade

    upgrade(engine)
    files = tmp / "source-attachments"
    fill(engine, files)
    return engine, files


def unpacked_sqlite(engine: Engine, files: Path, into: Path) -> Path:
    good = into.with_suffix(".tar.gz")
    backup_service.backup(engine, good, attachments_dir=files, now=NOW)
    into.mkdir()
    with tarfile.open(good) as tar:
        tar.extractall(into, filter="data")
    return into


def unpacked_jsonl(engine: Engine, files: Path, into: Path) -> Path:
    """What a PostgreSQL backup holds, made from any store (JSON lines of every table)."""
    into.mkdir()
    revision, counts = store_snapshot.dump_jsonl(engine, into / "tables")
    blobs = archive.blob_files(files)
    for file in blobs:
        target = into / "attachments" / file.relative_to(files)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(file, target)
    manifest = {
        "format": "sellerdesk-backup",
        "format_version": 1,
        "data": "jsonl",
        "dialect": "postgresql",
        "schema_revision": revision,
        "created_at": NOW.isoformat(),
        "counts": counts,
        "attachments": len(blobs),
        "data_files": jsonable(members.data_digests(into)),
    }
    write_manifest(into, manifest)
    return into


def reseal(folder: Path) -> None:
    """Record the (damaged) data's own sha256 in the manifest, as a crafted archive would, so
    the deeper checks (schema, types, links) are what must catch the damage."""
    manifest = read_manifest(folder)
    if isinstance(manifest.get("data_files"), dict):
        manifest["data_files"] = jsonable(members.data_digests(folder))
        write_manifest(folder, manifest)


def read_manifest(folder: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((folder / "manifest.json").read_text("utf-8"))
    return data


def write_manifest(folder: Path, manifest: dict[str, Any]) -> None:
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")


def pack(folder: Path, dest: Path) -> Path:
    with tarfile.open(dest, "w:gz") as tar:
        for item in sorted(folder.iterdir()):
            tar.add(item, arcname=item.name)
    return dest


def blob_of(folder: Path) -> Path:
    return next(p for p in (folder / "attachments").rglob("*") if p.is_file())
