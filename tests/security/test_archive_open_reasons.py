"""An archive that cannot be opened says why in the catalog's words (zh and en): empty, not
an archive, cut short, damaged compression, no manifest, an unreadable manifest; never
Python's own English text. A backup written before data hashes restores with a note; a
restore stages beside the data folder and a killed one's leftovers go at the next restore."""

from __future__ import annotations

import io
import json
import os
import tarfile
import time
from pathlib import Path

import pytest

from tests.security import test_restore_damaged_archives as damaged_archives
from tests.security.backup_archives import pack, read_manifest, snapshot, write_manifest

home, target, sources = damaged_archives.home, damaged_archives.target, damaged_archives.sources
run = damaged_archives.run  # the fixtures above: a target store on SQLite or PostgreSQL

PYTHON_TEXT = ("Errno", "Compressed file", "could not be opened", "codec", "end-of-stream")


def _truncated(good: Path, dest: Path) -> None:
    data = good.read_bytes()
    dest.write_bytes(data[: len(data) // 2])


def _gzip_garbage(_good: Path, dest: Path) -> None:
    dest.write_bytes(b"\x1f\x8b\x08 this is no backup at all " * 50)


def _random_bytes(_good: Path, dest: Path) -> None:
    dest.write_bytes(os.urandom(4096).replace(b"\x1f\x8b", b"xx"))


def _empty(_good: Path, dest: Path) -> None:
    dest.write_bytes(b"")


def _no_manifest(_good: Path, dest: Path) -> None:
    with tarfile.open(dest, "w:gz") as tar:
        info = tarfile.TarInfo("notes.txt")
        info.size = 5
        tar.addfile(info, io.BytesIO(b"hello"))


def _manifest_not_json(_good: Path, dest: Path) -> None:
    with tarfile.open(dest, "w:gz") as tar:
        info = tarfile.TarInfo("manifest.json")
        info.size = 9
        tar.addfile(info, io.BytesIO(b"{not json"))


# (name, spoil, English words, Chinese words)
UNOPENABLE = [
    ("truncated-gzip", _truncated, "cut short (truncated)", "压缩包不完整（被截断）"),
    ("gzip-garbage", _gzip_garbage, "compressed data is damaged", "压缩数据已损坏"),
    ("random-bytes", _random_bytes, "not a gzip or tar archive", "不是 gzip 或 tar 压缩包"),
    ("empty-file", _empty, "the file is empty (0 bytes)", "文件是空的（0 字节）"),
    ("no-manifest", _no_manifest, "has no manifest.json", "没有 manifest.json"),
    ("manifest-not-json", _manifest_not_json, "cannot be read as JSON", "无法按 JSON 读取"),
]


@pytest.mark.parametrize(
    ("spoil", "en", "zh"), [u[1:] for u in UNOPENABLE], ids=[u[0] for u in UNOPENABLE]
)
def test_an_archive_that_cannot_be_opened_says_why_in_either_language(
    target, home, sources, tmp_path, spoil, en, zh
):
    good = pack(sources["sqlite"], tmp_path / "good.tar.gz")
    archive = tmp_path / "bad.tar.gz"
    spoil(good, archive)
    rows = snapshot(target)
    for lang, words in (("en", en), ("zh", zh)):
        code, said = run("restore", str(archive), "--force", "--lang", lang)
        assert code == 2 and words in said, said
        assert not any(text in said for text in PYTHON_TEXT), said
        assert "Traceback" not in said and "：）" not in said and ":)" not in said
    assert snapshot(target) == rows
    code, out = run("verify", "--file", str(archive), "--json")
    assert code == 1 and json.loads(out)["problems"][0]["key"].startswith("backup.archive.")


def test_a_backup_written_before_data_hashes_restores_with_a_note(target, home, sources, tmp_path):
    import shutil

    folder = tmp_path / "old"
    shutil.copytree(sources["sqlite"], folder)
    manifest = read_manifest(folder)
    del manifest["data_files"]
    write_manifest(folder, manifest)
    archive = pack(folder, tmp_path / "old.tar.gz")
    code, said = run("restore", str(archive), "--force")
    assert code == 0, said
    assert "could not be checked byte for byte" in said
    code, said = run("restore", str(archive), "--force", "--lang", "zh")
    assert code == 0 and "无法逐字节核对" in said


def test_a_restore_stages_beside_the_data_folder_and_removes_a_killed_ones_leftovers(
    target, home, sources, tmp_path
):
    stale = home / ".sellerdesk-stage-killed.tmp"
    (stale / "archive").mkdir(parents=True)
    (stale / "archive" / "sellerdesk.db").write_bytes(b"left by a SIGKILL")
    old = time.time() - 2 * 3600
    os.utime(stale, (old, old))
    before = {p.name for p in Path("/tmp").glob(".sellerdesk-stage-*")}
    code, said = run("restore", str(pack(sources["sqlite"], tmp_path / "g.tar.gz")), "--force")
    assert code == 0, said
    assert not stale.exists()
    assert list(home.glob(".sellerdesk-*")) == []  # its own staging removed too
    assert {p.name for p in Path("/tmp").glob(".sellerdesk-stage-*")} <= before
