"""A damaged backup is refused whole (exit 2, the problem named), the store and its
attachments folder untouched, on SQLite and PostgreSQL; a good one still restores both ways."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine
from typer.testing import CliRunner

from sellerdesk.cli.main import build_app
from sellerdesk.services import backup as backup_service
from sellerdesk.storage.engine import make_engine
from tests.security.backup_archives import (
    blob_of,
    folder_state,
    pack,
    read_manifest,
    reseal,
    seed_target,
    snapshot,
    source_store,
    unpacked_jsonl,
    unpacked_sqlite,
    write_manifest,
)

Damage = Callable[[Path], None]


def _only_manifest(f: Path) -> None:
    (f / "sellerdesk.db").unlink()


def _empty_sqlite(f: Path) -> None:
    (f / "sellerdesk.db").write_bytes(b"")


def _foreign_sqlite(f: Path) -> None:
    (f / "sellerdesk.db").unlink()
    conn = sqlite3.connect(f / "sellerdesk.db")
    conn.execute("CREATE TABLE notes (x TEXT)")
    conn.execute("INSERT INTO notes VALUES ('not ours')")
    conn.commit()
    conn.close()


def _garbage_database(f: Path) -> None:
    (f / "sellerdesk.db").write_bytes(b"SQLite format 3\x00" + b"\xde\xad" * 4000)


def _a_snapshot_row_of_wrong_types(f: Path) -> None:
    conn = sqlite3.connect(f / "sellerdesk.db")
    conn.execute("UPDATE cases SET version = 'one' WHERE id = (SELECT MIN(id) FROM cases)")
    conn.commit()
    conn.close()


def _a_snapshot_date_that_is_no_date(f: Path) -> None:
    conn = sqlite3.connect(f / "sellerdesk.db")
    conn.execute("UPDATE events SET occurred_at = 'yesterday-ish'")
    conn.commit()
    conn.close()


def _no_events_jsonl(f: Path) -> None:
    (f / "tables" / "events.jsonl").unlink()


def _more_cases_than_held(f: Path) -> None:
    manifest = read_manifest(f)
    manifest["counts"]["cases"] += 1
    write_manifest(f, manifest)


def _a_count_left_out(f: Path) -> None:
    manifest = read_manifest(f)
    del manifest["counts"]["events"]
    write_manifest(f, manifest)


def _counts_of_the_wrong_type(f: Path) -> None:
    manifest = read_manifest(f)
    manifest["counts"] = "3 cases"
    write_manifest(f, manifest)


def _a_count_as_text(f: Path) -> None:
    manifest = read_manifest(f)
    manifest["counts"]["cases"] = "3"
    write_manifest(f, manifest)


def _a_flipped_byte(f: Path) -> None:
    blob = blob_of(f)
    data = bytearray(blob.read_bytes())
    data[0] ^= 0x01
    blob.write_bytes(bytes(data))


def _a_missing_blob(f: Path) -> None:
    blob_of(f).unlink()
    manifest = read_manifest(f)
    manifest["attachments"] = 0
    write_manifest(f, manifest)


def _a_row_of_wrong_types(f: Path) -> None:
    file = f / "tables" / "cases.jsonl"
    rows = [json.loads(line) for line in file.read_text("ascii").splitlines()]
    rows[0]["version"] = "one"
    file.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="ascii")


def _a_date_of_wrong_type(f: Path) -> None:
    file = f / "tables" / "events.jsonl"
    rows = [json.loads(line) for line in file.read_text("ascii").splitlines()]
    rows[0]["occurred_at"] = 12
    file.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="ascii")


def _an_invalid_utf8_line(f: Path) -> None:
    with (f / "tables" / "events.jsonl").open("ab") as out:
        out.write(b'{"id": 99, "body": "\xff\xfe"}\n')


def _not_json(f: Path) -> None:
    with (f / "tables" / "stores.jsonl").open("a", encoding="ascii") as out:
        out.write("{not json\n")


def _a_dangling_reference(f: Path) -> None:
    file = f / "tables" / "events.jsonl"
    rows = [json.loads(line) for line in file.read_text("ascii").splitlines()]
    rows[0]["case_id"] = 999
    file.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="ascii")


def _a_flipped_byte_in_the_database(f: Path) -> None:
    """A value changed in place ("HACKED!"): the database still opens and passes every check
    of its own; only the manifest's sha256 of sellerdesk.db can tell."""
    db = f / "sellerdesk.db"
    data = db.read_bytes()
    at = data.index(b"reply 1")  # an event's body in the source store
    db.write_bytes(data[:at] + b"HACKED!" + data[at + 7 :])


def _a_changed_jsonl_line_that_still_parses(f: Path) -> None:
    file = f / "tables" / "events.jsonl"
    file.write_text(file.read_text("ascii").replace("reply 1", "HACKED!", 1), "ascii")


def _a_hash_of_the_wrong_type(f: Path) -> None:
    manifest = read_manifest(f)
    manifest["data_files"]["sellerdesk.db"]["sha256"] = 12345
    write_manifest(f, manifest)


def _a_data_file_the_manifest_does_not_list(f: Path) -> None:
    (f / "tables" / "extra.jsonl").write_text("{}\n", encoding="ascii")


# damages whose manifest is left as the backup wrote it (the others are resealed: see reseal)
UNSEALED = {
    _a_flipped_byte_in_the_database,
    _a_changed_jsonl_line_that_still_parses,
    _a_hash_of_the_wrong_type,
    _a_data_file_the_manifest_does_not_list,
}

# (name, archive kind, damage, words the refusal must say)
DAMAGED: list[tuple[str, str, Damage, str]] = [
    ("only-a-manifest", "sqlite", _only_manifest, "has no sellerdesk.db"),
    ("empty-sqlite", "sqlite", _empty_sqlite, "is not a Seller Desk store"),
    ("foreign-sqlite", "sqlite", _foreign_sqlite, "is not a Seller Desk store"),
    ("garbage-database", "sqlite", _garbage_database, "cannot be read"),
    ("snapshot-row-of-wrong-types", "sqlite", _a_snapshot_row_of_wrong_types, "version is not int"),
    ("snapshot-bad-date", "sqlite", _a_snapshot_date_that_is_no_date, "table events: a row cannot"),
    ("jsonl-without-events", "jsonl", _no_events_jsonl, "has no tables/events.jsonl"),
    ("wrong-counts", "sqlite", _more_cases_than_held, "table cases: the manifest says 4"),
    ("wrong-counts-jsonl", "jsonl", _more_cases_than_held, "table cases: the manifest says 4"),
    ("a-count-missing", "jsonl", _a_count_left_out, "table events: the manifest gives no"),
    ("manifest-wrong-types", "sqlite", _counts_of_the_wrong_type, "no valid counts"),
    ("manifest-count-as-text", "jsonl", _a_count_as_text, "no valid counts.cases"),
    ("flipped-byte-in-attachment", "sqlite", _a_flipped_byte, "do not hash to its name"),
    ("missing-blob", "jsonl", _a_missing_blob, "neither in the backup nor in the store"),
    ("row-of-wrong-types", "jsonl", _a_row_of_wrong_types, "version is not int"),
    ("date-of-wrong-type", "jsonl", _a_date_of_wrong_type, "table events"),
    ("invalid-utf8-line", "jsonl", _an_invalid_utf8_line, "table events"),
    ("invalid-json-line", "jsonl", _not_json, "table stores"),
    ("dangling-reference", "jsonl", _a_dangling_reference, "table events"),
    (
        "flipped-bytes-in-sellerdesk-db",
        "sqlite",
        _a_flipped_byte_in_the_database,
        "sellerdesk.db does not match the sha256",
    ),
    (
        "jsonl-line-changed-but-parses",
        "jsonl",
        _a_changed_jsonl_line_that_still_parses,
        "tables/events.jsonl does not match the sha256",
    ),
    (
        "hash-field-of-the-wrong-type",
        "sqlite",
        _a_hash_of_the_wrong_type,
        "no valid data_files.sellerdesk.db.sha256",
    ),
    (
        "data-file-not-in-the-manifest",
        "jsonl",
        _a_data_file_the_manifest_does_not_list,
        "tables/extra.jsonl, which its manifest does not list",
    ),
]


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, database_url: str) -> Path:
    folder = tmp_path / "home"
    monkeypatch.setenv("SELLERDESK_HOME", str(folder))
    monkeypatch.setenv("SELLERDESK_DATABASE_URL", database_url)
    for name in ("SELLERDESK_DESKS", "SELLERDESK_TZ", "SELLERDESK_LANG", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    return folder


@pytest.fixture
def target(engine: Engine, home: Path) -> Iterator[Engine]:
    seed_target(engine, home / "attachments")
    yield engine


@pytest.fixture(scope="module")
def sources(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Path]]:
    tmp = tmp_path_factory.mktemp("sources")
    engine, files = source_store(tmp)
    yield {
        "sqlite": unpacked_sqlite(engine, files, tmp / "sqlite"),
        "jsonl": unpacked_jsonl(engine, files, tmp / "jsonl"),
        "files": files,
        "db": tmp / "source.db",
    }
    engine.dispose()


def run(*args: str) -> tuple[int, str]:
    out = CliRunner().invoke(build_app(), list(args))
    if out.exception and not isinstance(out.exception, SystemExit):
        raise out.exception
    return out.exit_code, out.stdout + out.stderr


def damaged(sources: dict[str, Path], kind: str, damage: Damage, tmp: Path) -> Path:
    import shutil

    folder = tmp / "damaged"
    shutil.copytree(sources[kind], folder)
    damage(folder)
    if damage not in UNSEALED:
        reseal(folder)
    return pack(folder, tmp / "damaged.tar.gz")


@pytest.mark.parametrize(
    ("kind", "damage", "words"), [d[1:] for d in DAMAGED], ids=[d[0] for d in DAMAGED]
)
def test_a_restore_of_a_damaged_archive_is_refused_and_leaves_the_store_untouched(
    target, home, sources, tmp_path, kind, damage, words
):
    archive = damaged(sources, kind, damage, tmp_path)
    rows, files = snapshot(target), folder_state(home / "attachments")
    code, said = run("restore", str(archive), "--force")
    assert code == 2, said
    assert words in said and "nothing was changed" in said
    assert "Traceback" not in said and "Aborted" not in said
    assert snapshot(target) == rows
    assert folder_state(home / "attachments") == files
    checked_code, report = run("verify", "--file", str(archive), "--json")
    assert checked_code == 1 and json.loads(report)["problems"]


def test_a_good_archive_restores_either_way_sqlite_to_the_store_and_back(
    target, home, sources, tmp_path
):
    source = make_engine(f"sqlite:///{sources['db']}")
    expected = snapshot(source)
    for kind in ("sqlite", "jsonl"):
        archive = pack(sources[kind], tmp_path / f"{kind}.tar.gz")
        code, said = run("restore", str(archive), "--force")
        assert code == 0, said
        assert snapshot(target) == expected
    assert folder_state(sources["files"]).items() <= folder_state(home / "attachments").items()
    # and back: the store's own backup (JSON lines from PostgreSQL) restores into SQLite
    made = tmp_path / "again.tar.gz"
    code, said = run("backup", str(made))
    assert code == 0 and "Read back and checked" in said, said
    fresh = make_engine(f"sqlite:///{tmp_path / 'fresh.db'}")
    backup_service.restore(fresh, made, attachments_dir=tmp_path / "fresh-files")
    assert snapshot(fresh) == expected
    fresh.dispose()
    source.dispose()
