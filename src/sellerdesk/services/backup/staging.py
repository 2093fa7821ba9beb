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
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Boolean, Connection, Engine, Integer, String, Table, Text, inspect, select
from sqlalchemy.exc import SQLAlchemyError

from sellerdesk.core.errors import InvalidInput
from sellerdesk.services.backup import members
from sellerdesk.services.backup.members import file_digest
from sellerdesk.services.backup.problems import Problem, from_error
from sellerdesk.services.backup.temps import temp_folder
from sellerdesk.storage import transfer
from sellerdesk.storage.engine import make_engine
from sellerdesk.storage.migrate import ensure_current, head_revision, upgrade
from sellerdesk.storage.records import AttachmentRow
from sellerdesk.storage.types import SearchTokens, UTCDateTime

FORMAT = "sellerdesk-backup"
FORMAT_VERSION = 1
BLOB_NAME = re.compile(r"[0-9a-f]{64}")
DATA_ERRORS = (SQLAlchemyError, sqlite3.Error, ValueError, TypeError, KeyError, AttributeError)
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
    manifest: dict[str, Any] = field(default_factory=dict)
    engine: Engine | None = None
    problems: list[Problem] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    blobs: list[Path] = field(default_factory=list)
    data_checked: bool = True  # False: a manifest without data_files (an older backup)

    def add(self, key: str, **params: Any) -> None:
        self.problems.append(Problem(f"backup.damaged.{key}", params))

    @property
    def blobs_dir(self) -> Path:
        return self.folder / "attachments"


def _short(exc: BaseException) -> str:
    return (str(exc).splitlines() or [type(exc).__name__])[0][:200] or type(exc).__name__


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
            raise InvalidInput.of(
                "backup.damaged.manifest_field", field="FILE", name=name, expected=kind.__name__
            )
    if raw["format_version"] != FORMAT_VERSION or raw["data"] not in ("sqlite", "jsonl"):
        raise InvalidInput.of("backup.other_format", field="FILE", path=str(path))
    for table, n in raw["counts"].items():
        if not isinstance(n, int) or isinstance(n, bool) or n < 0:
            raise InvalidInput.of(
                "backup.damaged.manifest_field",
                field="FILE",
                name=f"counts.{table}",
                expected="int",
            )
    if "data_files" in raw:
        fault = members.manifest_fault(raw["data_files"])
        if fault:
            raise InvalidInput.of(
                "backup.damaged.manifest_field", field="FILE", name=fault[0], expected=fault[1]
            )
    revision = raw["schema_revision"]
    exact = raw["data"] == "jsonl"
    if revision != head_revision() and (exact or not transfer.is_known_revision(revision)):
        raise InvalidInput.of(
            "backup.other_revision", field="FILE", revision=revision, ours=head_revision()
        )
    stage.manifest = raw


def _sqlite_revision(db: Path) -> str | None:
    """The snapshot's own revision; raises sqlite3.DatabaseError for a file that is no database."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        conn.execute("PRAGMA schema_version").fetchone()  # "file is not a database"
        has = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'"
        ).fetchone()
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone() if has else None
    finally:
        conn.close()
    return str(row[0]) if row else None


def _stage_sqlite(stage: Staging) -> None:
    db = stage.folder / "sellerdesk.db"
    if not db.is_file():
        stage.add("missing_part", name="sellerdesk.db")
        return
    try:
        found = _sqlite_revision(db)
    except sqlite3.Error as exc:
        stage.add("bad_database", reason=_short(exc))
        return
    if found != stage.manifest["schema_revision"]:
        stage.add("foreign_database", found=str(found), expected=stage.manifest["schema_revision"])
        return
    stage.engine = make_engine(f"sqlite:///{db}")
    try:
        ensure_current(stage.engine)  # an older backup is upgraded before it is checked
    except DATA_ERRORS as exc:
        stage.add("bad_database", reason=_short(exc))
        stage.engine.dispose()
        stage.engine = None


def _python_types(table: Table) -> dict[str, tuple[type, ...] | None]:
    """The Python type each column's values must have (None: any JSON value)."""
    out: dict[str, tuple[type, ...] | None] = {}
    for col in table.columns:
        kind = col.type
        if isinstance(kind, UTCDateTime):
            out[col.name] = (datetime,)
        elif isinstance(kind, (SearchTokens, String, Text)):
            out[col.name] = (str,)
        elif isinstance(kind, Boolean):
            out[col.name] = (bool,)
        elif isinstance(kind, Integer):
            out[col.name] = (int,)
        else:
            out[col.name] = None
    return out


def row_fault(table: Table, row: Any, types: dict[str, tuple[type, ...] | None]) -> str | None:
    """Why ``row`` cannot be a row of ``table`` (None when it can)."""
    if not isinstance(row, dict):
        return "not a JSON object"
    for name in row:
        if name not in types:
            return f"unknown column {name!r}"
    for name, kinds in types.items():
        value = row.get(name)
        if value is None:
            if not table.c[name].nullable and not table.c[name].primary_key:
                return f"{name} is missing"
            continue
        if kinds is None:
            continue
        if isinstance(value, bool) and bool not in kinds:
            return f"{name} is not {kinds[0].__name__}"
        if not isinstance(value, kinds):
            return f"{name} is not {kinds[0].__name__}"
        if isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                return f"{name} is not valid Unicode text"
    return None


def _decoded(table: Table, file: Path, where: list[int]) -> Iterator[dict[str, Any]]:
    types = _python_types(table)
    stamps = [n for n, k in types.items() if k == (datetime,)]
    with file.open(encoding="utf-8", errors="strict") as lines:
        for number, line in enumerate(lines, 1):
            where[0] = number
            if not line.strip():
                continue
            row = json.loads(line)
            if isinstance(row, dict):
                for name in stamps:
                    if isinstance(row.get(name), str):
                        row[name] = datetime.fromisoformat(row[name])
            fault = row_fault(table, row, types)
            if fault:
                raise ValueError(fault)
            yield row


def _stage_jsonl(stage: Staging, folder: Path) -> None:
    db = folder / "staging.db"
    stage.engine = make_engine(f"sqlite:///{db}")
    upgrade(stage.engine)
    counts = stage.manifest["counts"]
    with stage.engine.begin() as conn:
        for table in transfer.tables():
            file = stage.folder / "tables" / f"{table.name}.jsonl"
            if not file.is_file():
                if counts.get(table.name, 0):
                    stage.add("missing_part", name=f"tables/{table.name}.jsonl")
                continue
            where = [0]
            try:
                for _ in transfer.load_rows(conn, table, _decoded(table, file, where)):
                    pass
            except DATA_ERRORS as exc:
                stage.add("table_data", table=table.name, line=where[0], reason=_short(exc))
                return  # the staging transaction is spoilt: nothing further to check


def _check_database(stage: Staging) -> None:
    engine = stage.engine
    assert engine is not None
    expected = {t.name for t in transfer.tables()}
    with engine.connect() as conn:
        present = set(inspect(conn).get_table_names())
        for name in sorted(expected - present):
            stage.add("missing_table", table=name)
        if expected - present:
            return
        verdict = conn.exec_driver_sql("PRAGMA integrity_check").scalar()
        if verdict != "ok":
            stage.add("integrity", reason=str(verdict)[:200])
        for table, n in _orphan_counts(conn.exec_driver_sql("PRAGMA foreign_key_check").all()):
            stage.add("foreign_keys", table=table, rows=n)
        stage.counts = transfer.counts(conn)
    wanted = stage.manifest["counts"]
    exact = stage.manifest["schema_revision"] == head_revision()
    for name, found in stage.counts.items():
        if name not in wanted and (exact or found):
            stage.add("count_missing", table=name)
        elif name in wanted and wanted[name] != found:
            stage.add("count_mismatch", table=name, expected=wanted[name], found=found)


def _orphan_counts(rows: Sequence[Any]) -> list[tuple[str, int]]:
    tally: dict[str, int] = {}
    for row in rows:
        tally[str(row[0])] = tally.get(str(row[0]), 0) + 1
    return sorted(tally.items())


def _first_fault(conn: Connection, table: Table) -> str | None:
    types = _python_types(table)
    for rows in transfer.iter_batches(conn, table):
        for row in rows:
            fault = row_fault(table, row, types)
            if fault:
                return fault
    return None


def _check_rows(stage: Staging) -> set[str]:
    """Every value of every row has its column's type; the blobs the rows name."""
    assert stage.engine is not None
    with stage.engine.connect() as conn:
        for table in transfer.tables():
            try:
                fault = _first_fault(conn, table)
            except DATA_ERRORS as exc:
                stage.add("row_unreadable", table=table.name, reason=_short(exc))
                continue
            if fault:
                stage.add("row_type", table=table.name, reason=fault)
        sha = AttachmentRow.__table__.c.sha256
        return {str(s) for s in conn.execute(select(sha)).scalars()}


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
    if len(files) != stage.manifest["attachments"]:
        stage.add("blob_count", expected=stage.manifest["attachments"], found=len(files))
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
            if "data_files" in stage.manifest:
                stage.problems += members.check_data_files(
                    stage.folder, stage.manifest["data_files"]
                )
            else:
                stage.data_checked = False
            if not stage.problems and stage.manifest["data"] == "sqlite":
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
                stage.engine.dispose()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def check_archive(
    path: Path, *, store_attachments: Path | None, work_dir: Path | None = None
) -> dict[str, Any]:
    """Every problem of the archive at ``path``, without restoring it."""
    checked = True
    try:
        with staged(path, store_attachments=store_attachments, work_dir=work_dir) as stage:
            problems, manifest, counts = stage.problems, stage.manifest, stage.counts
            checked = stage.data_checked
    except InvalidInput as exc:
        problems, manifest, counts = [from_error(exc)], {}, {}
    return {
        "file": str(path),
        "ok": not problems,
        "problems": problems,
        "manifest": manifest,
        "counts": counts,
        "data_checked": checked,
    }
