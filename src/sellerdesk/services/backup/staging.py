"""An archive, checked whole before anything is restored from it.

The archive is extracted to a temporary folder and its data loaded into a *staging* SQLite
database there (a SQLite snapshot is upgraded in place; JSON lines go into a freshly migrated
file). Then every check runs on the staging copy: the manifest's fields and types, the schema
revision, every expected table, ``PRAGMA integrity_check`` and ``foreign_key_check``, each
table's row count against the manifest's, the type of every value of every row, and every
attachment: each archived blob must hash to its name, each ``attachments`` row's blob must be
in the archive (or already in the store). A restore copies from the staging database only
when no problem was found; ``sellerdesk verify --file`` reports the same problems.
"""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sellerdesk.core.errors import InvalidInput
from sellerdesk.services.backup import members
from sellerdesk.services.backup.members import file_digest
from sellerdesk.services.backup.problems import Problem, from_error
from sellerdesk.services.backup.temps import temp_folder
from sellerdesk.services.backup.views import ArchiveCheck, DataFile, Manifest
from sellerdesk.storage import staging_db, transfer
from sellerdesk.storage.migrate import head_revision
from sellerdesk.storage.session import Engine
from sellerdesk.storage.staging_db import DATA_ERRORS

FORMAT = "sellerdesk-backup"
FORMAT_VERSION = 1
BLOB_NAME = re.compile(r"[0-9a-f]{64}")
MANIFEST_TYPES: dict[str, type] = {
    "format": str,
    "format_version": int,
    "data": str,
    "schema_revision": str,
    "created_at": str,
    "counts": dict,
    "attachments": int,
}


@dataclass
class Staging:
    """What an extracted archive holds, and every problem found in it."""

    path: Path
    folder: Path
    manifest: Manifest | None = None  # set once the manifest is read and sound
    engine: Engine | None = None
    problems: list[Problem] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    blobs: list[Path] = field(default_factory=list)
    data_checked: bool = True  # False: a manifest without data_files (an older backup)

    def add(self, key: str, **params: Any) -> None:
        self.problems.append(Problem(f"backup.damaged.{key}", params))

    @property
    def checked_manifest(self) -> Manifest:
        """The manifest, once :func:`_extract` has read it (every later step runs after)."""
        assert self.manifest is not None
        return self.manifest

    @property
    def blobs_dir(self) -> Path:
        return self.folder / "attachments"


def _short(exc: BaseException) -> str:
    return (str(exc).splitlines() or [type(exc).__name__])[0][:200] or type(exc).__name__


def _bad_field(name: str, expected: str) -> InvalidInput:
    return InvalidInput.of(
        "backup.damaged.manifest_field", field="FILE", name=name, expected=expected
    )


def _created_at(value: str) -> datetime:
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        raise _bad_field("created_at", "str (ISO 8601 time)") from None


def _manifest_of(raw: dict[str, Any]) -> Manifest:
    """The checked manifest, typed (its fields and types were checked by :func:`_extract`)."""
    data_files = raw.get("data_files")
    dialect = raw.get("dialect")
    return Manifest(
        format=raw["format"],
        format_version=raw["format_version"],
        data=raw["data"],
        dialect=dialect if isinstance(dialect, str) else None,
        schema_revision=raw["schema_revision"],
        created_at=_created_at(raw["created_at"]),
        counts=dict(raw["counts"]),
        attachments=raw["attachments"],
        data_files=None
        if data_files is None
        else {name: DataFile(e["sha256"], e["size"]) for name, e in data_files.items()},
    )


def _extract(stage: Staging) -> None:
    path = stage.path
    if not path.is_file():
        raise InvalidInput.of("backup.not_a_file", field="FILE", path=str(path))
    members.extract(path, stage.folder)
    try:
        raw = json.loads((stage.folder / "manifest.json").read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise InvalidInput.of(
            "backup.archive.bad_manifest", field="FILE", path=str(path), detail=_short(exc)
        ) from None
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise InvalidInput.of("backup.other_format", field="FILE", path=str(path))
    for name, kind in MANIFEST_TYPES.items():
        value = raw.get(name)
        if not isinstance(value, kind) or isinstance(value, bool):
            raise _bad_field(name, kind.__name__)
    if raw["format_version"] != FORMAT_VERSION or raw["data"] not in ("sqlite", "jsonl"):
        raise InvalidInput.of("backup.other_format", field="FILE", path=str(path))
    for table, n in raw["counts"].items():
        if not isinstance(n, int) or isinstance(n, bool) or n < 0:
            raise _bad_field(f"counts.{table}", "int")
    if "data_files" in raw:
        fault = members.manifest_fault(raw["data_files"])
        if fault:
            raise _bad_field(*fault)
    revision = raw["schema_revision"]
    exact = raw["data"] == "jsonl"
    if revision != head_revision() and (exact or not transfer.is_known_revision(revision)):
        raise InvalidInput.of(
            "backup.other_revision", field="FILE", revision=revision, ours=head_revision()
        )
    stage.manifest = _manifest_of(raw)


def _stage_sqlite(stage: Staging) -> None:
    db = stage.folder / "sellerdesk.db"
    if not db.is_file():
        stage.add("missing_part", name="sellerdesk.db")
        return
    try:
        found = staging_db.sqlite_revision(db)
    except sqlite3.Error as exc:
        stage.add("bad_database", reason=_short(exc))
        return
    if found != stage.checked_manifest.schema_revision:
        stage.add(
            "foreign_database", found=str(found), expected=stage.checked_manifest.schema_revision
        )
        return
    try:
        stage.engine = staging_db.open_snapshot(db)  # an older backup is upgraded first
    except DATA_ERRORS as exc:
        stage.add("bad_database", reason=_short(exc))


def _stage_jsonl(stage: Staging, folder: Path) -> None:
    loaded = staging_db.load_jsonl(
        folder / "staging.db", stage.folder / "tables", stage.checked_manifest.counts
    )
    stage.engine = loaded.engine
    for name in loaded.missing_files:
        stage.add("missing_part", name=name)
    if loaded.fault is not None:  # the staging transaction is spoilt: nothing further to check
        fault = loaded.fault
        stage.add("table_data", table=fault.table, line=fault.line, reason=_short(fault.error))


def _check_database(stage: Staging) -> None:
    assert stage.engine is not None
    found = staging_db.examine(stage.engine)
    for name in found.missing_tables:
        stage.add("missing_table", table=name)
    if found.missing_tables:
        return
    if found.integrity is not None:
        stage.add("integrity", reason=found.integrity[:200])
    for table, n in found.dangling:
        stage.add("foreign_keys", table=table, rows=n)
    stage.counts = found.counts
    wanted = stage.checked_manifest.counts
    exact = stage.checked_manifest.schema_revision == head_revision()
    for name, rows in stage.counts.items():
        if name not in wanted and (exact or rows):
            stage.add("count_missing", table=name)
        elif name in wanted and wanted[name] != rows:
            stage.add("count_mismatch", table=name, expected=wanted[name], found=rows)


def _check_rows(stage: Staging) -> set[str]:
    """Every value of every row has its column's type; the blobs the rows name."""
    assert stage.engine is not None
    faults, named = staging_db.check_rows(stage.engine)
    for fault in faults:
        if fault.error is not None:
            stage.add("row_unreadable", table=fault.table, reason=_short(fault.error))
        else:
            stage.add("row_type", table=fault.table, reason=fault.fault)
    return named


def _check_blobs(stage: Staging, named: set[str], store_dir: Path | None) -> None:
    folder = stage.blobs_dir
    archived: set[str] = set()
    damaged: set[str] = set()
    files = sorted(p for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else []
    for file in files:
        rel = file.relative_to(folder)
        if not BLOB_NAME.fullmatch(file.name) or rel.parts != (file.name[:2], file.name):
            stage.add("blob_name", name=str(rel))
        elif file_digest(file) != file.name:
            stage.add("blob_corrupt", name=file.name)
            damaged.add(file.name)
        else:
            archived.add(file.name)
            stage.blobs.append(file)
    if len(files) != stage.checked_manifest.attachments:
        stage.add("blob_count", expected=stage.checked_manifest.attachments, found=len(files))
    for sha in sorted(named - archived - damaged):
        held = store_dir / sha[:2] / sha if store_dir else None
        if held is None or not held.is_file() or file_digest(held) != sha:
            stage.add("blob_missing", name=sha)


@contextmanager
def staged(
    path: Path, *, store_attachments: Path | None, work_dir: Path | None = None
) -> Iterator[Staging]:
    """Extract and check the archive at ``path``; the staging copy lives while inside.

    It is made in ``work_dir`` (the data folder for a restore: ``.sellerdesk-stage-…tmp``,
    removed after, or by the next run when killed), else in the system's temporary folder."""
    tmp = temp_folder(work_dir, "stage") if work_dir else Path(tempfile.mkdtemp(prefix=".sd-"))
    try:
        stage = Staging(path=path, folder=tmp / "archive")
        stage.folder.mkdir()
        try:
            _extract(stage)
            if stage.checked_manifest.data_files is not None:
                stage.problems += members.check_data_files(
                    stage.folder, stage.checked_manifest.data_files
                )
            else:
                stage.data_checked = False
            if not stage.problems and stage.checked_manifest.data == "sqlite":
                _stage_sqlite(stage)
            elif not stage.problems:
                _stage_jsonl(stage, tmp)
            if stage.engine is not None and not stage.problems:
                _check_database(stage)
                named = _check_rows(stage) if not stage.problems else set()
                _check_blobs(stage, named, store_attachments)
            yield stage
        finally:
            if stage.engine is not None:
                staging_db.close(stage.engine)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def check_archive(
    path: Path, *, store_attachments: Path | None, work_dir: Path | None = None
) -> ArchiveCheck:
    """Every problem of the archive at ``path``, without restoring it."""
    try:
        with staged(path, store_attachments=store_attachments, work_dir=work_dir) as stage:
            return ArchiveCheck(
                file=path,
                problems=tuple(stage.problems),
                manifest=stage.manifest,
                counts=stage.counts,
                data_checked=stage.data_checked,
            )
    except InvalidInput as exc:  # the archive or its manifest cannot be read
        return ArchiveCheck(
            file=path, problems=(from_error(exc),), manifest=None, counts={}, data_checked=True
        )
