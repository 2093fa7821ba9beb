"""``mail import`` of what is not mail: a run that read nothing exits 2 naming each file and
why (zh and en); a run that read some mail and refused other files exits 0 and names the
refused ones; a mail already read by another door is counted "already read". SQLite and
PostgreSQL."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from sellerdesk.services.mail import importing
from sellerdesk.services.mail.models import MailSource

CORPUS = Path(__file__).resolve().parents[1] / "data" / "mail"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(40)


@pytest.fixture
def store_db(database_url: str, monkeypatch: pytest.MonkeyPatch, cli):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("SELLERDESK_DATABASE_URL", database_url)
    assert cli("store", "add", "acme", "--region", "na", "--marketplaces", "US").exit_code == 0
    return database_url


def test_a_png_given_as_mail_exits_2_naming_the_file_and_why(cli, store_db, tmp_path):  # type: ignore[no-untyped-def]
    picture = tmp_path / "screenshot.eml"
    picture.write_bytes(PNG)
    done = cli("mail", "import", str(picture), "--lang", "en")
    assert done.exit_code == 2, done.stdout + done.stderr
    assert "no mail could be read" in done.stderr
    assert "screenshot.eml (not an e-mail" in done.stderr
    assert "0 filed, 0 unfiled, 0 already read, 0 ignored, 1 refused" in done.stdout


def test_an_empty_file_exits_2_in_chinese_too(cli, store_db, tmp_path):  # type: ignore[no-untyped-def]
    empty = tmp_path / "empty.eml"
    empty.write_bytes(b"")
    done = cli("mail", "import", str(empty), "--lang", "zh")
    assert done.exit_code == 2
    assert "没有读到任何邮件" in done.stderr and "empty.eml（文件是空的）" in done.stderr


def test_a_run_that_refused_everything_exits_2_with_its_json_still_written(cli, store_db, tmp_path):  # type: ignore[no-untyped-def]
    (tmp_path / "a.eml").write_bytes(PNG)
    (tmp_path / "b.eml").write_bytes(b"")
    done = cli("mail", "import", str(tmp_path), "--json")
    assert done.exit_code == 2
    assert json.loads(done.stdout)["counts"]["refused"] == 2
    error = json.loads(done.stderr)["error"]
    assert error["key"] == "mail.nothing_read" and error["field"] == "path"


def test_a_folder_without_mail_exits_2_naming_it(cli, store_db, tmp_path):  # type: ignore[no-untyped-def]
    (tmp_path / "notes.txt").write_text("not mail")
    done = cli("mail", "import", str(tmp_path), "--lang", "en")
    assert done.exit_code == 2
    assert f"{tmp_path} holds no e-mail" in done.stderr


def test_some_read_and_some_refused_exits_0_naming_the_refused(cli, store_db, tmp_path):  # type: ignore[no-untyped-def]
    shutil.copy(CORPUS / "12_no_match.eml", tmp_path / "12_no_match.eml")
    (tmp_path / "photo.eml").write_bytes(PNG)
    done = cli("mail", "import", str(tmp_path), "--store", "acme", "--lang", "en")
    assert done.exit_code == 0, done.stderr
    assert "refused" in done.stderr and "photo.eml" in done.stderr
    assert "0 filed, 1 unfiled, 0 already read, 0 ignored, 1 refused" in done.stdout


def test_a_mail_uploaded_first_is_already_read_when_imported(cli, store_db, tmp_path):  # type: ignore[no-untyped-def]
    from sellerdesk.storage.engine import make_engine, make_session_factory
    from tests.services.case_fixtures import NOW, make_context

    engine = make_engine(store_db)
    try:
        sessions = make_session_factory(engine)
        raw = (CORPUS / "12_no_match.eml").read_bytes()
        importing.import_upload(
            sessions,
            data=raw,
            file_name="12.eml",
            source=MailSource("upload"),
            now=lambda: NOW,
            ctx=make_context(tmp_path),
        )
    finally:
        engine.dispose()
    done = cli("mail", "import", str(CORPUS / "12_no_match.eml"), "--store", "acme", "--lang", "zh")
    assert done.exit_code == 0, done.stderr
    assert "已归档 0，未归档 0，已读过 1，已忽略 0，已拒收 0" in done.stdout
    listed = cli("mail", "unfiled", "list", "--json")
    assert listed.exit_code == 0 and json.loads(listed.stdout)["total"] == 1
