"""What the backup services hand back: frozen read models with real types.

A backup's :class:`Manifest` (as written into the archive, or as read back from one), the
reports of ``backup``, ``restore``, ``copy-db``, ``migrate``, ``verify`` and ``verify --file``,
and the scheduled backups' runs and status. Times are ``datetime``, files ``Path``, sequences
tuples, row counts mappings of table name to rows in the order the tables were read.

The adapters render them: the CLI's ``--json`` through ``core/jsonable`` (a problem as its key,
English words and values: ``cli/backup_json.py``), the Admin page and the worker from the
attributes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sellerdesk.core.i18n import t
from sellerdesk.services.backup.problems import Problem

RowCounts = Mapping[str, int]


@dataclass(frozen=True, slots=True)
class DataFile:
    """A data member of an archive (``sellerdesk.db``, ``tables/NAME.jsonl``), as recorded."""

    sha256: str
    size: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Manifest:
    """An archive's ``manifest.json``; its fields in the order a backup writes them."""

    format: str
    format_version: int
    data: str  # "sqlite" (one snapshot) or "jsonl" (a table per file)
    dialect: str | None = None  # the store it was taken from; a hand-made manifest may lack it
    schema_revision: str | None  # None only from a store never migrated: the read-back refuses
    created_at: datetime
    counts: RowCounts
    attachments: int
    data_files: Mapping[str, DataFile] | None = None  # None: an older backup, not byte-checked


@dataclass(frozen=True, slots=True)
class BackupReport:
    """A backup written, read back and checked (``backup`` raises ``BackupFailed`` else)."""

    file: Path
    manifest: Manifest
    skipped: tuple[str, ...]  # files of the attachments folder that are not blobs: left out


@dataclass(frozen=True, slots=True)
class RestoreReport:
    restored: RowCounts  # rows copied, by table
    attachments_added: int  # blobs the store's folder lacked
    replaced: bool  # the store held rows before (``--force``)
    manifest: Manifest
    data_checked: bool  # False: an older backup without data_files


@dataclass(frozen=True, slots=True)
class CopyReport:
    to: str  # the target's URL, password hidden
    dialect: str
    rows: RowCounts


@dataclass(frozen=True, slots=True)
class MigrateReport:
    before: str | None  # None: an empty database
    current: str | None
    head: str | None


@dataclass(frozen=True, slots=True)
class StoreChecked:
    """What ``verify`` looked at."""

    rows: int
    cases: int
    files: int  # files in the attachments folder


@dataclass(frozen=True, slots=True)
class VerifyReport:
    """``sellerdesk verify``: every problem of the store; the orphans removed when asked."""

    problems: tuple[Problem, ...]
    removed: tuple[str, ...]  # relative to the attachments folder
    checked: StoreChecked

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass(frozen=True, slots=True)
class ArchiveCheck:
    """``sellerdesk verify --file``: every problem of an archive, nothing restored."""

    file: Path
    problems: tuple[Problem, ...]
    manifest: Manifest | None  # None: the archive or its manifest could not be read
    counts: RowCounts  # the rows staged, by table; empty when it was not staged
    data_checked: bool  # False: an older backup without data_files

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass(frozen=True, slots=True)
class FailureReason:
    """A recorded failure as catalog words: ``key`` (``error.….message``, or
    ``backup_admin.reason_raw`` for an older free-text record), its values, how many more."""

    key: str
    params: Mapping[str, Any]
    more: int

    def text(self, lang: str) -> str:
        words = t(self.key, lang, **self.params)
        return words + (t("backup_admin.more_problems", lang, count=self.more) if self.more else "")


@dataclass(frozen=True, slots=True)
class ScheduledBackup:
    """A scheduled backup written, checked and recorded; older own backups pruned."""

    file: Path
    size: int
    counts: RowCounts
    pruned: tuple[Path, ...]


@dataclass(frozen=True, slots=True)
class ScheduledFailure:
    """A scheduled backup that failed, as recorded for the admins."""

    file: Path
    reason: FailureReason
    record: str  # what ``backup_runs.error`` keeps (JSON of the reason and the raw detail)


@dataclass(frozen=True, slots=True)
class LastBackup:
    at: datetime | None
    file: Path | None
    size: int | None
    counts: RowCounts | None


@dataclass(frozen=True, slots=True)
class LastFailure:
    at: datetime | None
    file: Path | None
    error: str | None  # the record as kept
    reason: FailureReason


@dataclass(frozen=True, slots=True)
class ScheduleStatus:
    """The last successful scheduled backup, and the last failure when it is newer."""

    last_ok: LastBackup | None
    last_failed: LastFailure | None
