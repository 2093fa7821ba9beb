"""CLI: sellerdesk verify (exit 0 whole, 1 with the problems listed), the backup's read-back
check, the backup.* config keys, and the worker writing the scheduled backup."""

from __future__ import annotations

import os
import time
from pathlib import Path

from sellerdesk.storage.engine import make_engine
from tests.storage.tracker_rows import fill


def seed(cli, home: Path) -> None:  # type: ignore[no-untyped-def]
    assert cli("migrate").exit_code == 0
    engine = make_engine(f"sqlite:///{home / 'sellerdesk.db'}")
    fill(engine, home / "attachments")
    engine.dispose()


def test_verify_passes_a_whole_store_and_lists_then_removes_an_orphan(cli, home):
    seed(cli, home)
    ok = cli("verify")
    assert ok.exit_code == 0 and "The store is whole" in ok.stdout
    orphan = home / "attachments" / "ab" / ("ab" * 32)
    orphan.parent.mkdir(parents=True, exist_ok=True)
    orphan.write_bytes(b"a refused upload")
    old = time.time() - 7200
    os.utime(orphan, (old, old))
    found = cli("verify", "--lang", "zh")
    assert found.exit_code == 1 and "没有任何记录引用" in found.stdout
    as_json = cli("verify", "--json").json()
    assert [p["key"] for p in as_json["problems"]] == ["verify.blob_orphan"]
    removed = cli("verify", "--remove-orphans")
    assert removed.exit_code == 0 and not orphan.exists()


def test_backup_says_it_read_its_archive_back_and_verify_file_agrees(cli, home, tmp_path):
    seed(cli, home)
    archive = tmp_path / "b.tar.gz"
    made = cli("backup", str(archive))
    assert made.exit_code == 0 and "Read back and checked" in made.stdout
    assert cli("backup", str(tmp_path / "c.tar.gz"), "--json").json()["verified"] is True
    checked = cli("verify", "--file", str(archive))
    assert checked.exit_code == 0 and "is a whole backup" in checked.stdout
    assert cli("verify", "--file", str(tmp_path / "none.tar.gz")).exit_code == 1


def test_the_backup_keys_are_checked_and_the_worker_writes_the_scheduled_backup(cli, home):
    seed(cli, home)
    bad = cli("config", "set", "backup.schedule", "nightly")
    assert bad.exit_code == 2 and "backup.schedule" in bad.stderr and "daily HH:MM" in bad.stderr
    assert cli("config", "set", "backup.keep", "0").exit_code == 2
    assert cli("config", "set", "backup.dir", "relative/path").exit_code == 2
    assert cli("config", "set", "backup.schedule", "daily 03:00").exit_code == 0
    assert cli("config", "set", "backup.keep", "3").exit_code == 0
    done = cli("worker", "--once", "--at", "2026-12-04T03:30", "--tz", "Asia/Shanghai")
    assert done.exit_code == 0 and "Scheduled backup written" in done.stdout, done.stdout
    written = list((home / "backups").glob("sellerdesk-*.tar.gz"))
    assert [p.name for p in written] == ["sellerdesk-20261203-193000.tar.gz"]
    again = cli("worker", "--once", "--at", "2026-12-04T04:30", "--tz", "Asia/Shanghai")
    assert again.exit_code == 0 and "Scheduled backup" not in again.stdout
