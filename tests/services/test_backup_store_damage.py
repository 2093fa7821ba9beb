"""`backup` on a store with a damaged attachment or a stray file: only real blobs are counted,
a damaged blob is named truly as the archive is written (nothing left under the name), a
read-back failure leaves the archive as ….failed.tar.gz, and success is said only after the
read-back. SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from sellerdesk.services import backup as backup_service
from sellerdesk.services.backup import archive
from sellerdesk.services.backup.problems import Problem
from sellerdesk.services.backup.views import ArchiveCheck
from tests.security import test_restore_damaged_archives as damaged_archives
from tests.storage.tracker_rows import fill

home = damaged_archives.home  # the fixture: a data folder on SQLite or PostgreSQL
run = damaged_archives.run

NOW = datetime(2026, 12, 4, 3, 0, tzinfo=UTC)


def _blob(files: Path) -> Path:
    return next(p for p in files.rglob("*") if p.is_file() and len(p.name) == 64)


def _damage(blob: Path) -> None:
    data = bytearray(blob.read_bytes())
    data[0] ^= 0x01
    blob.write_bytes(bytes(data))


def test_a_damaged_blob_is_named_as_damaged_and_no_archive_takes_the_name(engine, tmp_path):
    files = tmp_path / "files"
    fill(engine, files)
    blob = _blob(files)
    _damage(blob)
    target = tmp_path / "out" / "b.tar.gz"
    with pytest.raises(backup_service.BackupFailed) as caught:
        backup_service.backup(engine, target, attachments_dir=files, now=NOW)
    failed = caught.value
    assert [p.key for p in failed.problems] == ["backup.store_blob_damaged"]
    text = failed.problems[0].text("en")
    assert blob.name in text and "damaged in the store" in text and "neither" not in text
    assert "在数据存储中已损坏" in failed.problems[0].text("zh")
    assert failed.kept is None and not target.exists()
    assert list((tmp_path / "out").iterdir()) == []  # no partial file, no work folder


def test_stray_files_are_neither_counted_nor_archived_but_reported(engine, tmp_path):
    files = tmp_path / "files"
    fill(engine, files)
    (files / "notes.txt").write_text("not an attachment")
    (files / "ab").mkdir(exist_ok=True)
    (files / "ab" / "short-name").write_bytes(b"nor this")
    target = tmp_path / "b.tar.gz"
    written = backup_service.backup(engine, target, attachments_dir=files, now=NOW)
    assert written.manifest.attachments == 1
    assert sorted(written.skipped) == ["ab/short-name", "notes.txt"]
    checked = backup_service.check_archive(target, store_attachments=None)
    assert checked.ok and checked.manifest is not None and checked.manifest.data_files


def test_an_archive_that_fails_its_read_back_is_kept_as_failed_not_under_its_name(
    engine, tmp_path, monkeypatch
):
    files = tmp_path / "files"
    fill(engine, files)
    bad = Problem("backup.damaged.count_mismatch", {"table": "cases", "expected": 3, "found": 2})
    target = tmp_path / "b.tar.gz"
    refused = ArchiveCheck(target, (bad,), manifest=None, counts={}, data_checked=True)
    monkeypatch.setattr(archive, "check_archive", lambda *a, **k: refused)
    with pytest.raises(backup_service.BackupFailed) as caught:
        backup_service.backup(engine, target, attachments_dir=files, now=NOW)
    assert not target.exists()
    assert caught.value.kept == tmp_path / "b.failed.tar.gz"
    assert (tmp_path / "b.failed.tar.gz").is_file()


def test_the_backup_command_says_nothing_was_written_before_any_success_line(home, tmp_path):
    assert run("migrate")[0] == 0
    from sellerdesk.services.runtime import build_runtime

    runtime = build_runtime()
    files = runtime.ctx.attachments_dir
    fill(runtime.engine, files)
    runtime.engine.dispose()
    (files / "stray.txt").write_text("x")
    code, said = run("backup", str(tmp_path / "ok.tar.gz"))
    assert code == 0 and "1 attachment files" in said and "stray.txt" in said, said
    _damage(_blob(files))
    for lang, words, success in (
        ("en", "damaged in the store", "Backup written"),
        ("zh", "在数据存储中已损坏", "备份已写入"),
    ):
        code, said = run("backup", str(tmp_path / "b.tar.gz"), "--lang", lang)
        assert code == 1 and words in said and success not in said, said
        assert "neither" not in said and "既不在" not in said
    assert "was not written" in run("backup", str(tmp_path / "b.tar.gz"))[1]
    assert not (tmp_path / "b.tar.gz").exists()
