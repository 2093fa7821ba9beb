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
import tarfile
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path

from sellerdesk.core.jsonable import jsonable
from sellerdesk.services.backup.members import data_digests, file_digest
from sellerdesk.services.backup.problems import BackupFailed, Problem
from sellerdesk.services.backup.staging import BLOB_NAME, FORMAT, FORMAT_VERSION, check_archive
from sellerdesk.services.backup.temps import atomic_target, temp_folder
from sellerdesk.services.backup.views import BackupReport, Manifest
from sellerdesk.storage import snapshot
from sellerdesk.storage.session import Engine

Progress = Callable[[int, int], None]
FAILED_SUFFIX = ".failed.tar.gz"


def kept(file: Path) -> bool:
    """Not a half-written upload (``.incoming-*``) or other hidden file."""
    return not file.name.startswith(".")


def blob_files(attachments_dir: Path) -> list[Path]:
    """The attachment blobs: files laid out as ``ab/<sha256>`` (stray files left out)."""
    return [p for p in _files(attachments_dir) if _is_blob(p, attachments_dir)]


def stray_files(attachments_dir: Path) -> list[Path]:
    """Files in the attachments folder that are not blobs (not backed up; reported)."""
    return [p for p in _files(attachments_dir) if not _is_blob(p, attachments_dir)]


def _files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob("*") if p.is_file() and kept(p))


def _is_blob(file: Path, folder: Path) -> bool:
    rel = file.relative_to(folder).parts
    return bool(BLOB_NAME.fullmatch(file.name)) and rel == (file.name[:2], file.name)


def _add_blobs(
    tar: tarfile.TarFile, files: list[Path], folder: Path, progress: Progress | None
) -> list[Problem]:
    """Add each blob, checking its bytes against its name as they are read."""
    damaged = []
    for i, file in enumerate(files):
        if file_digest(file) != file.name:
            damaged.append(Problem("backup.store_blob_damaged", {"name": file.name}))
        else:
            tar.add(file, arcname=f"attachments/{file.relative_to(folder)}")
        if progress:
            progress(i + 1, len(files))
    return damaged


def _give_up(path: Path, partial: Path, problems: Sequence[Problem], *, keep: bool) -> BackupFailed:
    """The failed archive renamed to ``….failed.tar.gz`` (complete but not whole) or removed."""
    if keep:
        failed = path.with_name(path.name.removesuffix(".tar.gz") + FAILED_SUFFIX)
        os.replace(partial, failed)
        return BackupFailed(path, tuple(problems), failed)
    partial.unlink(missing_ok=True)
    return BackupFailed(path, tuple(problems), None)


def backup(
    engine: Engine,
    path: Path,
    *,
    attachments_dir: Path,
    now: datetime,
    progress: Progress | None = None,
) -> BackupReport:
    """Write the whole store to ``path`` (``.tar.gz``), atomically, read back and checked;
    returns its manifest and the stray files of the attachments folder it left out.

    Raises :class:`BackupFailed` when a blob in the store is damaged (nothing left under
    ``path``) or the read-back finds a problem (the archive renamed ``….failed.tar.gz``)."""
    work = temp_folder(path.parent, "work")
    partial = atomic_target(path)
    try:
        dialect = snapshot.dialect(engine)
        if dialect == "sqlite":
            data = "sqlite"
            revision, counts = snapshot.sqlite_snapshot(engine, work / "sellerdesk.db")
        else:
            data = "jsonl"
            revision, counts = snapshot.dump_jsonl(engine, work / "tables")
        files = blob_files(attachments_dir)
        manifest = Manifest(
            format=FORMAT,
            format_version=FORMAT_VERSION,
            data=data,
            dialect=dialect,
            schema_revision=revision,
            created_at=now,
            counts=counts,
            attachments=len(files),
            data_files=data_digests(work),
        )
        written = json.dumps(jsonable(manifest), indent=2)  # the time as isoformat writes it
        (work / "manifest.json").write_text(written, encoding="utf-8")
        with tarfile.open(partial, "w:gz") as tar:
            tar.add(work / "manifest.json", arcname="manifest.json")
            if data == "sqlite":
                tar.add(work / "sellerdesk.db", arcname="sellerdesk.db")
            else:
                tar.add(work / "tables", arcname="tables")
            damaged = _add_blobs(tar, files, attachments_dir, progress)
        if damaged:  # named before the archive is finished: no archive under the name
            raise _give_up(path, partial, damaged, keep=False)
        with partial.open("rb") as done:
            os.fsync(done.fileno())
        # read back before it takes its name: the same checks a restore makes
        checked = check_archive(partial, store_attachments=None, work_dir=path.parent)
        if not checked.ok:
            raise _give_up(path, partial, checked.problems, keep=True)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
        shutil.rmtree(work, ignore_errors=True)
    strays = tuple(str(p.relative_to(attachments_dir)) for p in stray_files(attachments_dir))
    return BackupReport(file=path, manifest=manifest, skipped=strays)
