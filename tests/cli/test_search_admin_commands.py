"""CLI: search, reindex, dossier, backup/restore and migrate on the default SQLite store."""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy.orm import Session

from sellerdesk.storage.engine import make_engine
from sellerdesk.storage.migrate import head_revision
from tests.storage.tracker_rows import fill


def seed(cli, home: Path) -> dict[str, int]:  # type: ignore[no-untyped-def]
    assert cli("migrate", "--json").json()["current"] == head_revision()
    engine = make_engine(f"sqlite:///{home / 'sellerdesk.db'}")
    ids = fill(engine, home / "attachments")
    engine.dispose()
    return ids


def test_search_reindex_and_dossier(cli, home, tmp_path):
    ids = seed(cli, home)
    out = cli("search", "退款", "--json")
    assert out.exit_code == 0 and [c["id"] for c in out.json()["cases"]] == [ids["first"]]
    assert cli("search", "B08N5WRWNW", "--store", "nope").exit_code == 2
    assert "Refund missing" in cli("search", "refund").stdout
    assert cli("reindex", "--json").json()["reindexed"] is True
    target = tmp_path / "d.html"
    written = cli("dossier", str(ids["later"]), "--format", "html", "-o", str(target), "--json")
    assert written.exit_code == 0 and "reply 2" in target.read_text(encoding="utf-8")
    assert cli("dossier", "999").exit_code == 2
    assert "# " in cli("dossier", str(ids["first"]), "--lang", "zh").stdout


def test_backup_and_restore_from_the_command_line(cli, home, tmp_path):
    seed(cli, home)
    archive = tmp_path / "b.tar.gz"
    made = cli("backup", str(archive), "--json")
    assert made.exit_code == 0 and made.json()["manifest"]["counts"]["cases"] == 3
    refused = cli("restore", str(archive))
    assert refused.exit_code == 3 and "--force" in refused.stderr
    assert cli("restore", str(archive), "--force", "--json").json()["restored"]["cases"] == 3
    assert cli("restore", str(tmp_path / "missing.tar.gz")).exit_code == 2
    os.remove(home / "sellerdesk.db")
    assert cli("restore", str(archive)).exit_code == 0
    engine = make_engine(f"sqlite:///{home / 'sellerdesk.db'}")
    with Session(engine) as session:
        from sellerdesk.storage.tables import CaseRow

        assert session.query(CaseRow).count() == 3
    engine.dispose()


def test_copy_db_refuses_a_bad_url(cli, home):
    seed(cli, home)
    assert cli("copy-db", "--to", "mysql://x/y").exit_code == 2
