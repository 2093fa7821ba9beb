"""The worker reads backup.schedule afresh each round (a running worker picks up `config set`
at its next round) and `worker --once` exits 1 when the scheduled backup failed, saying so.
SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sellerdesk.services.runtime import build_runtime
from sellerdesk.worker.backups import backup_job
from tests.security import test_restore_damaged_archives as damaged_archives

home = damaged_archives.home  # the fixture: a data folder on SQLite or PostgreSQL
run = damaged_archives.run

AFTER_SLOT = datetime(2026, 12, 3, 19, 30, tzinfo=UTC)  # 03:30 in Asia/Shanghai


def test_a_running_worker_picks_up_a_schedule_set_after_it_started(home: Path) -> None:
    assert run("migrate")[0] == 0
    assert run("config", "set", "team.timezone", "Asia/Shanghai")[0] == 0
    runtime = build_runtime()
    said: list[str] = []
    job = backup_job(
        runtime.engine,
        runtime.sessions,
        runtime.settings,
        runtime.ctx,
        worker_id="w",
        say=said.append,
    )
    job(AFTER_SLOT)
    assert said == [] and not (home / "backups").exists()
    assert run("config", "set", "backup.schedule", "daily 03:00")[0] == 0
    job(AFTER_SLOT)
    assert said and "Scheduled backup written" in said[0] and not job.failed
    assert len(list((home / "backups").glob("sellerdesk-*.tar.gz"))) == 1
    runtime.engine.dispose()


def test_worker_once_exits_1_when_the_scheduled_backup_fails(home: Path, tmp_path: Path) -> None:
    assert run("migrate")[0] == 0
    blocked = tmp_path / "a-file"
    blocked.write_text("a file where the backup folder should be")
    for key, value in (
        ("backup.schedule", "daily 03:00"),
        ("backup.dir", str(blocked)),
        ("team.timezone", "Asia/Shanghai"),
    ):
        assert run("config", "set", key, value)[0] == 0
    code, said = run("worker", "--once", "--at", "2026-12-04T03:30", "--tz", "Asia/Shanghai")
    assert code == 1, said
    assert "is not a folder" in said and "exit code 1" in said and "Errno" not in said
    code, said = run(
        "worker", "--once", "--at", "2026-12-05T03:30", "--tz", "Asia/Shanghai", "--lang", "zh"
    )
    assert code == 1 and "不是文件夹" in said and "退出码为 1" in said, said
