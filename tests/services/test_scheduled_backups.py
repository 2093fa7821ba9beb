"""The worker's scheduled backups: due once per slot, claimed by one worker of several,
read back, recorded (success and failure), pruned to backup.keep; a killed one leaves no file."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sellerdesk.core.backup_schedule import parse_schedule
from sellerdesk.core.errors import InvalidInput
from sellerdesk.services.backup import scheduled
from sellerdesk.services.backup.views import ScheduledBackup, ScheduledFailure
from sellerdesk.storage import backup_runs
from sellerdesk.storage.backup_runs import BackupRunRow
from sellerdesk.storage.engine import make_session_factory
from tests.storage.tracker_rows import fill

ZONE = "Asia/Shanghai"
# 03:05 in Shanghai on 4 Dec 2026
AFTER_SLOT = datetime(2026, 12, 3, 19, 5, tzinfo=UTC)


def plan(folder: Path, keep: int = 7, at: str = "daily 03:00") -> scheduled.Plan:
    return scheduled.Plan(parse_schedule(at), keep, folder, ZONE)


def run(  # type: ignore[no-untyped-def]
    engine, folder: Path, now: datetime, files: Path, worker: str = "w1", keep: int = 7
):
    return scheduled.run_due(
        engine,
        make_session_factory(engine),
        plan(folder, keep),
        attachments_dir=files,
        now=now,
        worker_id=worker,
    )


def runs(engine) -> list[BackupRunRow]:  # type: ignore[no-untyped-def]
    with Session(engine) as session:
        return list(session.scalars(select(BackupRunRow).order_by(BackupRunRow.id)))


def test_the_schedule_is_checked_with_the_key_and_the_fix_named():
    assert parse_schedule("off") is None
    assert str(parse_schedule("Daily  3:30")) == "daily 03:30"
    with pytest.raises(InvalidInput) as caught:
        parse_schedule("every night")
    assert caught.value.field == "backup.schedule" and "daily HH:MM" in (caught.value.fix or "")


def test_a_backup_runs_once_per_slot_and_is_recorded(engine, tmp_path):
    files, folder = tmp_path / "files", tmp_path / "backups"
    fill(engine, files)
    done = run(engine, folder, AFTER_SLOT, files)
    assert isinstance(done, ScheduledBackup)
    written = done.file
    assert written.name == "sellerdesk-20261203-190500.tar.gz" and written.is_file()
    assert run(engine, folder, AFTER_SLOT + timedelta(hours=6), files) is None  # not due
    assert run(engine, folder, AFTER_SLOT + timedelta(hours=23, minutes=50), files) is None
    nxt = run(engine, folder, AFTER_SLOT + timedelta(hours=24), files)  # next day 03:05
    assert isinstance(nxt, ScheduledBackup)
    first, second = runs(engine)
    assert second.status == "ok" and second.path == str(nxt.file)
    assert first.status == "ok" and first.size == written.stat().st_size
    assert first.counts is not None and first.counts["cases"] == 3
    shown = scheduled.status(make_session_factory(engine))
    assert shown.last_ok is not None and shown.last_ok.file == nxt.file
    assert shown.last_ok.at is not None and shown.last_ok.counts == {**first.counts}
    assert shown.last_failed is None


def test_two_workers_at_the_same_moment_write_one_backup(engine, tmp_path):
    files, folder = tmp_path / "files", tmp_path / "backups"
    fill(engine, files)
    start = threading.Barrier(2)
    results: list[object] = []

    def worker(name: str) -> None:
        start.wait()
        results.append(run(engine, folder, AFTER_SLOT, files, worker=name))

    threads = [threading.Thread(target=worker, args=(n,)) for n in ("w1", "w2")]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert sorted(r is None for r in results) == [False, True]
    assert len(runs(engine)) == 1 and len(list(folder.glob("sellerdesk-*.tar.gz"))) == 1


def test_a_claim_left_by_a_killed_worker_is_taken_over_after_the_lease(engine, tmp_path):
    files, folder = tmp_path / "files", tmp_path / "backups"
    fill(engine, files)
    schedule = parse_schedule("daily 03:00")
    assert schedule is not None
    slot = schedule.latest_slot(AFTER_SLOT, ZoneInfo(ZONE))
    with Session(engine) as session, session.begin():
        session.add(
            BackupRunRow(
                slot=slot,
                claimed_by="dead",
                started_at=AFTER_SLOT - timedelta(minutes=2),
                status=backup_runs.RUNNING,
            )
        )
    assert run(engine, folder, AFTER_SLOT, files) is None  # still within the lease
    later = AFTER_SLOT + timedelta(hours=1)
    done = run(engine, folder, later, files)
    assert isinstance(done, ScheduledBackup)
    assert [r.claimed_by for r in runs(engine)] == ["w1"]


def test_only_the_newest_backups_are_kept_and_other_files_never_touched(engine, tmp_path):
    files, folder = tmp_path / "files", tmp_path / "backups"
    fill(engine, files)
    folder.mkdir()
    (folder / "notes.tar.gz").write_text("mine")
    for day in range(3):
        assert run(engine, folder, AFTER_SLOT + timedelta(days=day), files, keep=2) is not None
    names = sorted(p.name for p in folder.iterdir())
    assert names == [
        "notes.tar.gz",
        "sellerdesk-20261204-190500.tar.gz",
        "sellerdesk-20261205-190500.tar.gz",
    ]


def test_a_failed_backup_is_recorded_and_shown_when_newer_than_the_last_success(engine, tmp_path):
    files, folder = tmp_path / "files", tmp_path / "backups"
    fill(engine, files)
    assert run(engine, folder, AFTER_SLOT, files) is not None
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the folder should be")
    failed = run(engine, blocked, AFTER_SLOT + timedelta(days=1), files)
    assert isinstance(failed, ScheduledFailure)
    said = failed.reason.text("en")
    shown = scheduled.status(make_session_factory(engine))
    assert shown.last_ok is not None and shown.last_failed is not None
    assert shown.last_failed.error == failed.record and shown.last_failed.file == failed.file
    assert shown.last_failed.reason == failed.reason
    assert "is not a folder (a file is in its place)" in said
    assert "不是文件夹" in shown.last_failed.reason.text("zh") and "Errno" not in said
    with Session(engine) as session:
        assert session.scalar(select(func.count()).select_from(BackupRunRow)) == 2


KILLED = """
import sys
from datetime import UTC, datetime
from pathlib import Path
from sellerdesk.services.backup import backup
from sellerdesk.storage.engine import make_engine
engine = make_engine(sys.argv[1])
backup(engine, Path(sys.argv[2]), attachments_dir=Path(sys.argv[3]), now=datetime.now(UTC))
"""


def test_a_backup_killed_midway_leaves_no_partial_file_and_the_next_run_cleans_up(tmp_path):
    from sellerdesk.storage.engine import make_engine
    from sellerdesk.storage.migrate import upgrade

    url = f"sqlite:///{tmp_path / 'store.db'}"
    engine = make_engine(url)
    upgrade(engine)
    files, folder = tmp_path / "files", tmp_path / "backups"
    fill(engine, files)
    big = files / "ff" / ("f" * 64)  # an unreferenced big blob: slow to compress
    big.parent.mkdir(parents=True)
    big.write_bytes(os.urandom(48 * 1024 * 1024))
    target = folder / "sellerdesk-20261204-030000.tar.gz"
    proc = subprocess.Popen([sys.executable, "-c", KILLED, url, str(target), str(files)])
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:  # until the partial archive is being written
        partial = [p for p in folder.glob(".sellerdesk-*.tmp") if p.is_file()]
        if partial and partial[0].stat().st_size > 1024 * 1024:
            break
        time.sleep(0.02)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert not target.exists()
    assert all(p.name.startswith(".sellerdesk-") for p in folder.iterdir())
    old = time.time() - 7200
    for leftover in folder.iterdir():
        os.utime(leftover, (old, old))
    big.unlink()
    done = run(engine, folder, AFTER_SLOT, files)
    assert isinstance(done, ScheduledBackup)
    assert [p.name for p in folder.iterdir()] == [done.file.name]
    engine.dispose()
