"""The ``--json`` of backup, verify, restore, copy-db and migrate: the keys in their order and
the values' types, as printed before the backup services returned views instead of dicts."""

from __future__ import annotations

import json
import tarfile
from datetime import datetime
from pathlib import Path

from sellerdesk.storage.engine import make_engine
from tests.storage.tracker_rows import fill

MANIFEST_KEYS = [
    "format",
    "format_version",
    "data",
    "dialect",
    "schema_revision",
    "created_at",
    "counts",
    "attachments",
    "data_files",
]


def seed(cli, home: Path) -> None:  # type: ignore[no-untyped-def]
    assert cli("migrate").exit_code == 0
    engine = make_engine(f"sqlite:///{home / 'sellerdesk.db'}")
    fill(engine, home / "attachments")
    engine.dispose()


def the_blob(home: Path) -> Path:
    return next(p for p in (home / "attachments").rglob("*") if p.is_file())


def test_backup_json_prints_the_manifest_it_wrote_and_the_skipped_strays(cli, home, tmp_path):
    seed(cli, home)
    (home / "attachments" / "stray.txt").write_text("not a blob")
    archive = tmp_path / "b.tar.gz"
    made = cli("backup", str(archive), "--json")
    assert made.exit_code == 0
    out = made.json()
    assert list(out) == ["file", "manifest", "verified", "problems"]
    assert out["file"] == str(archive) and out["verified"] is True and out["problems"] == []
    manifest = out["manifest"]
    assert list(manifest) == [*MANIFEST_KEYS, "skipped"]
    assert manifest["skipped"] == ["stray.txt"]
    assert datetime.fromisoformat(manifest["created_at"]).utcoffset() is not None
    assert "+00:00" in manifest["created_at"]  # as isoformat writes it
    assert manifest["counts"]["cases"] == 3 and manifest["attachments"] == 1
    assert list(manifest["data_files"]["sellerdesk.db"]) == ["sha256", "size"]
    with tarfile.open(archive) as tar:  # the archive's own manifest.json: the same, in order
        member = tar.extractfile("manifest.json")
        assert member is not None
        written = json.loads(member.read())
    assert written == {k: v for k, v in manifest.items() if k != "skipped"}
    assert list(written) == MANIFEST_KEYS


def test_a_failed_backup_json_names_its_problems_and_that_nothing_was_kept(cli, home, tmp_path):
    seed(cli, home)
    the_blob(home).write_bytes(b"damaged")
    failed = cli("backup", str(tmp_path / "b.tar.gz"), "--json")
    assert failed.exit_code == 1
    out = failed.json()
    assert list(out) == ["file", "kept_as", "problems", "verified"]
    assert out["kept_as"] is None and out["verified"] is False
    [problem] = out["problems"]
    assert list(problem) == ["key", "message", "name"]
    assert problem["key"] == "backup.store_blob_damaged" and problem["name"] in problem["message"]


def test_verify_json_keys_whole_and_with_a_problem(cli, home):
    seed(cli, home)
    whole = cli("verify", "--json")
    assert whole.exit_code == 0
    assert whole.json() == {
        "ok": True,
        "problems": [],
        "removed": [],
        "checked": {"rows": whole.json()["checked"]["rows"], "cases": 3, "files": 1},
    }
    assert list(whole.json()["checked"]) == ["rows", "cases", "files"]
    (home / "attachments" / "stray.txt").write_text("not a blob")
    found = cli("verify", "--json")
    assert found.exit_code == 1
    out = found.json()
    assert list(out) == ["ok", "problems", "removed", "checked"] and out["ok"] is False
    assert out["problems"] == [
        {
            "key": "verify.stray_file",
            "message": "stray.txt in the attachments folder is not a blob named by its sha256.",
            "name": "stray.txt",
        }
    ]


def test_verify_file_json_keys_of_a_whole_archive_and_of_an_unreadable_one(cli, home, tmp_path):
    seed(cli, home)
    archive = tmp_path / "b.tar.gz"
    assert cli("backup", str(archive)).exit_code == 0
    whole = cli("verify", "--file", str(archive), "--json")
    assert whole.exit_code == 0
    out = whole.json()
    assert list(out) == ["file", "ok", "problems", "manifest", "counts", "data_checked"]
    assert out["file"] == str(archive) and out["ok"] is True and out["data_checked"] is True
    assert list(out["manifest"]) == MANIFEST_KEYS and out["counts"]["cases"] == 3
    missing = cli("verify", "--file", str(tmp_path / "none.tar.gz"), "--json")
    assert missing.exit_code == 1
    out = missing.json()
    assert list(out) == ["file", "ok", "problems", "manifest", "counts", "data_checked"]
    assert out["manifest"] == {} and out["counts"] == {} and out["ok"] is False
    assert [list(p) for p in out["problems"]] == [["key", "message", "path"]]


def test_an_archive_whose_creation_time_is_no_time_is_refused_by_name(cli, home, tmp_path):
    seed(cli, home)
    good = tmp_path / "b.tar.gz"
    assert cli("backup", str(good)).exit_code == 0
    folder = tmp_path / "unpacked"
    with tarfile.open(good) as tar:
        tar.extractall(folder, filter="data")
    manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
    manifest["created_at"] = "last Tuesday"
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    bad = tmp_path / "bad.tar.gz"
    with tarfile.open(bad, "w:gz") as tar:
        for item in sorted(folder.iterdir()):
            tar.add(item, arcname=item.name)
    out = cli("verify", "--file", str(bad), "--json").json()
    assert [(p["key"], p["name"]) for p in out["problems"]] == [
        ("backup.damaged.manifest_field", "created_at")
    ]


def test_restore_copy_db_and_migrate_json_keys(cli, home, tmp_path):
    fresh = cli("migrate", "--json").json()
    assert list(fresh) == ["before", "current", "head"]
    assert fresh["before"] is None and fresh["current"] == fresh["head"]
    seed(cli, home)
    again = cli("migrate", "--json").json()
    assert again["before"] == again["current"] == again["head"]
    archive = tmp_path / "b.tar.gz"
    assert cli("backup", str(archive)).exit_code == 0
    restored = cli("restore", str(archive), "--force", "--json").json()
    assert list(restored) == [
        "restored",
        "attachments_added",
        "replaced",
        "manifest",
        "data_checked",
    ]
    assert restored["restored"]["cases"] == 3 and restored["replaced"] is True
    assert list(restored["manifest"]) == MANIFEST_KEYS
    copied = cli("copy-db", "--to", f"sqlite:///{tmp_path / 'copy.db'}", "--json").json()
    assert list(copied) == ["to", "dialect", "rows"]
    assert copied["dialect"] == "sqlite" and copied["rows"]["cases"] == 3
