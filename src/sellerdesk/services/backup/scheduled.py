"""Scheduled backups, made by the worker (``backup.schedule``, ``backup.keep``, ``backup.dir``).

Each round the worker asks :func:`run_due`: when the latest scheduled moment (slot) has no
run yet, the worker claims it (``storage/backup_runs.py``: one row per slot, so of several
workers on one database exactly one writes it; a claim left ``running`` by a killed worker is
taken over after :data:`LEASE`), writes ``sellerdesk-YYYYMMDD-HHMMSS.tar.gz`` (UTC) into the
folder, reads it back with the restore's checks, records the result (success or failure,
time, file, size, row counts) and keeps the newest ``backup.keep`` of its own files, removing
older ones (other files in the folder are never touched).
"""

from __future__ import annotations

import errno
import json
import re
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sellerdesk.core.backup_schedule import (
    DEFAULT_KEEP,
    BackupSchedule,
    parse_dir,
    parse_keep,
    parse_schedule,
)
from sellerdesk.core.errors import SellerDeskError
from sellerdesk.services.backup.archive import backup
from sellerdesk.services.backup.problems import BackupFailed
from sellerdesk.services.backup.temps import remove_stale_temps
from sellerdesk.services.backup.views import (
    FailureReason,
    LastBackup,
    LastFailure,
    ScheduledBackup,
    ScheduledFailure,
    ScheduleStatus,
)
from sellerdesk.services.tracker import read_transaction, transaction
from sellerdesk.settings import read_config
from sellerdesk.storage import backup_runs
from sellerdesk.storage.session import Engine, Session, sessionmaker

LEASE = timedelta(hours=1)
OWN_NAME = re.compile(r"sellerdesk-\d{8}-\d{6}\.tar\.gz")


@dataclass(frozen=True)
class Plan:
    schedule: BackupSchedule | None
    keep: int
    folder: Path
    zone: str


def plan_of(config: Mapping[str, Any], *, home: Path, zone: str) -> Plan:
    """The plan the config file asks for (checked again: the file may have been hand-edited)."""
    schedule = parse_schedule(str(config.get("backup.schedule", "off")))
    keep = parse_keep(config.get("backup.keep", DEFAULT_KEEP))
    raw = config.get("backup.dir")
    folder = parse_dir(raw) if raw else home / "backups"
    return Plan(schedule, keep, folder, zone)


class PlanSource:
    """The plan as the config file says *now*: read again when the file's mtime changes, so
    ``sellerdesk config set backup.schedule …`` reaches a running server's page and worker
    (at its next round) without a restart. Until the file changes, the settings' own config
    (as loaded at start) is used. A bad value raises InvalidInput each time it is asked."""

    def __init__(self, config: Mapping[str, Any], *, config_path: Path, home: Path, zone: str):
        self._path, self._home, self._zone = config_path, home, zone
        self.initial = config  # the settings' own, as loaded at start
        self._config: Mapping[str, Any] = config
        self._stamp = self._mtime()
        self._lock = threading.Lock()

    def _mtime(self) -> int | None:
        try:
            return self._path.stat().st_mtime_ns
        except OSError:
            return None

    def plan(self) -> Plan:
        with self._lock:
            stamp = self._mtime()
            if stamp != self._stamp:
                self._config = read_config(self._path) if stamp is not None else {}
                self._stamp = stamp
            config = self._config
        return plan_of(config, home=self._home, zone=self._zone)


def prune(folder: Path, keep: int) -> list[Path]:
    """Remove this feature's own backups beyond the newest ``keep`` (names sort by time)."""
    own = sorted((p for p in folder.iterdir() if OWN_NAME.fullmatch(p.name)), reverse=True)
    removed = []
    for old in own[keep:]:
        old.unlink(missing_ok=True)
        removed.append(old)
    return removed


def _why(exc: BaseException) -> tuple[str, dict[str, Any], str]:
    """A catalog reason (key, values) for a failed backup, and the raw text for the log."""
    raw = f"{type(exc).__name__}: {exc}"[:500]
    if isinstance(exc, BackupFailed):
        first = exc.problems[0]
        return first.key, {**first.params, "more": len(exc.problems) - 1}, raw
    if isinstance(exc, SellerDeskError) and exc.key:
        return exc.key, dict(exc.params), raw
    if isinstance(exc, OSError):
        key = {
            errno.ENOENT: "folder_missing",
            errno.ENOTDIR: "not_a_folder",
            errno.EEXIST: "not_a_folder",  # mkdir where a file is
            errno.EACCES: "not_writable",
            errno.EPERM: "not_writable",
            errno.EROFS: "not_writable",
            errno.ENOSPC: "disk_full",
            errno.EDQUOT: "disk_full",
        }.get(exc.errno or 0, "os_error")
        return f"backup_failed.{key}", {"path": str(exc.filename or "")}, raw
    return "backup_failed.other", {}, raw


def reason_record(exc: BaseException) -> str:
    """What ``backup_runs.error`` keeps: JSON of the reason's key and values, and the detail."""
    key, params, raw = _why(exc)
    return json.dumps({"key": key, "params": params, "detail": raw}, default=str)


def reason_of(error: str | None) -> FailureReason:
    """A recorded failure as a catalog key (``error.….message``), its values and how many
    more problems there were; an older free-text record as ``backup_admin.reason_raw``."""
    try:
        data = json.loads(error or "")
        key, params = f"error.{data['key']}.message", dict(data["params"])
    except (ValueError, KeyError, TypeError):
        return FailureReason("backup_admin.reason_raw", {"detail": error or ""}, 0)
    return FailureReason(key, params, int(params.get("more") or 0))


def run_due(
    engine: Engine,
    sessions: sessionmaker[Session],
    plan: Plan,
    *,
    attachments_dir: Path,
    now: datetime,
    worker_id: str,
) -> ScheduledBackup | ScheduledFailure | None:
    """Write the scheduled backup when it is due and this worker claims it; None otherwise."""
    if plan.schedule is None:
        return None
    slot = plan.schedule.latest_slot(now, ZoneInfo(plan.zone))
    with transaction(sessions) as session:
        run_id = backup_runs.claim(
            session, slot=slot, worker_id=worker_id, now=now, stale_before=now - LEASE
        )
    if run_id is None:
        return None
    path = plan.folder / f"sellerdesk-{now.astimezone(UTC):%Y%m%d-%H%M%S}.tar.gz"
    try:
        plan.folder.mkdir(parents=True, exist_ok=True)
        remove_stale_temps(plan.folder)
        written = backup(engine, path, attachments_dir=attachments_dir, now=now)  # read back
        size = path.stat().st_size
    except Exception as exc:  # recorded for the admins; the worker goes on
        record = reason_record(exc)
        with transaction(sessions) as session:
            backup_runs.finish(
                session,
                run_id,
                now=now,
                status=backup_runs.FAILED,
                path=str(path),
                error=record,
            )
        return ScheduledFailure(file=path, reason=reason_of(record), record=record)
    counts = dict(written.manifest.counts)
    with transaction(sessions) as session:
        backup_runs.finish(
            session,
            run_id,
            now=now,
            status=backup_runs.OK,
            path=str(path),
            size=size,
            counts=counts,
        )
    pruned = prune(plan.folder, plan.keep)
    return ScheduledBackup(file=path, size=size, counts=counts, pruned=tuple(pruned))


def _path(recorded: str | None) -> Path | None:
    return Path(recorded) if recorded else None


def status(sessions: sessionmaker[Session]) -> ScheduleStatus:
    """The last successful scheduled backup, and the last failure when it is newer."""
    with read_transaction(sessions) as session:
        ok = backup_runs.last(session, backup_runs.OK)
        failed = backup_runs.last(session, backup_runs.FAILED)
        shown_ok = (
            LastBackup(at=ok.finished_at, file=_path(ok.path), size=ok.size, counts=ok.counts)
            if ok
            else None
        )
        ok_at = ok.finished_at if ok else None
        newer = bool(
            failed and failed.finished_at and (ok_at is None or failed.finished_at > ok_at)
        )
        shown_failed = (
            LastFailure(
                at=failed.finished_at,
                file=_path(failed.path),
                error=failed.error,
                reason=reason_of(failed.error),
            )
            if failed and newer
            else None
        )
    return ScheduleStatus(last_ok=shown_ok, last_failed=shown_failed)
