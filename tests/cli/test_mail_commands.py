"""``mail import`` and ``mail unfiled list|file|new|dismiss`` on SQLite and PostgreSQL: the
corpus reads with its counts, a malformed mail is reported and skipped, an unreadable path
exits 2, an action on mail no longer unfiled exits 3."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parents[1] / "data" / "mail"


@pytest.fixture
def store_db(database_url: str, monkeypatch: pytest.MonkeyPatch, cli):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("SELLERDESK_DATABASE_URL", database_url)
    cli("store", "add", "acme", "--region", "na", "--marketplaces", "US")
    made = cli(
        "case",
        "new",
        "--store",
        "acme",
        "--marketplace",
        "US",
        "--subject",
        "Listing suppressed without a reason",
        "--json",
    )
    assert made.exit_code == 0, made.stderr
    case_id = made.json()["id"]
    moved = cli("case", "submit", str(case_id), "--case-id", "19999999999")
    assert moved.exit_code == 0, moved.stderr
    return case_id


def test_importing_the_corpus_counts_each_outcome_and_reports_the_malformed_mail(
    cli, store_db, tmp_path
):  # type: ignore[no-untyped-def]
    folder = tmp_path / "mail"
    shutil.copytree(CORPUS, folder)
    done = cli("mail", "import", str(folder), "--store", "acme", "--json")
    assert done.exit_code == 0, done.stderr
    counts = done.json()["counts"]
    assert counts["refused"] == 1 and counts["ignored"] == 3
    assert counts["filed"] >= 9 and sum(counts.values()) == 38
    # 22's "PDF" has no end (cut), 37's is a program, 38's a picture: kept, counted
    assert done.json()["attachments"] == {"doubted": 3, "too_big": 0}
    refused = [m for m in done.json()["mails"] if m["state"] == "refused"]
    assert refused[0]["where"].endswith("26_malformed.eml")
    again = cli("mail", "import", str(folder), "--store", "acme")
    assert again.exit_code == 0
    assert "0 filed, 0 unfiled, 37 already read, 0 ignored, 1 refused" in again.stdout
    assert "attachments:" not in again.stdout  # nothing new read
    assert "26_malformed.eml" in again.stderr


def test_an_unreadable_path_exits_2_naming_it(cli, store_db, tmp_path):  # type: ignore[no-untyped-def]
    done = cli("mail", "import", str(tmp_path / "missing.mbox"))
    assert done.exit_code == 2
    assert "missing.mbox" in done.stderr


def test_unfiled_mail_is_listed_filed_and_then_refused_a_second_time(cli, store_db, tmp_path):  # type: ignore[no-untyped-def]
    cli("mail", "import", str(CORPUS / "12_no_match.eml"), "--store", "acme")
    listed = cli("mail", "unfiled", "list", "--json")
    assert listed.exit_code == 0
    mails = listed.json()["mails"]
    assert [m["subject"] for m in mails] == ["Sold, ship now: Wireless earbuds"]
    mail_id = str(mails[0]["id"])
    filed = cli("mail", "unfiled", "file", mail_id, "--case", str(store_db))
    assert filed.exit_code == 0, filed.stderr
    shown = cli("case", "show", str(store_db), "--json")
    assert any("Wireless earbuds" in (e.get("body") or "") for e in shown.json()["events"])
    again = cli("mail", "unfiled", "dismiss", mail_id)
    assert again.exit_code == 3
    assert cli("mail", "unfiled", "list").stdout.strip() in (
        "No unfiled mail.",
        "没有未归档的邮件。",
    )


def test_a_new_case_is_made_from_an_unfiled_mail(cli, store_db):  # type: ignore[no-untyped-def]
    cli("mail", "import", str(CORPUS / "13_unknown_case_id.eml"), "--store", "acme")
    mail_id = str(cli("mail", "unfiled", "list", "--json").json()["mails"][0]["id"])
    made = cli("mail", "unfiled", "new", mail_id, "--json")  # the store its import named
    assert made.exit_code == 0, made.stderr
    case_id = made.json()["case_id"]
    assert cli("case", "show", str(case_id), "--json").json()["subject"] == (
        "Your case 10000000001 has been resolved"
    )
    assert json.loads(cli("mail", "unfiled", "list", "--json").stdout)["total"] == 0


def test_unfiled_mail_is_filed_by_the_amazon_case_id_given_as_case(cli, store_db):  # type: ignore[no-untyped-def]
    cli("mail", "import", str(CORPUS / "12_no_match.eml"), "--store", "acme")
    mail_id = str(cli("mail", "unfiled", "list", "--json").json()["mails"][0]["id"])

    words = cli("mail", "unfiled", "file", mail_id, "--case", "case five")
    filed = cli("mail", "unfiled", "file", mail_id, "--case", "19999999999", "--json")

    assert words.exit_code == 2 and "Amazon Case ID" in words.stderr
    assert filed.exit_code == 0, filed.stderr
    assert filed.json()["case_id"] == store_db


def test_unfiled_list_shows_dates_in_the_teams_zone_and_names_it(cli, store_db, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("SELLERDESK_TZ", "Asia/Shanghai")
    cli("mail", "import", str(CORPUS / "12_no_match.eml"), "--store", "acme")

    listed = cli("mail", "unfiled", "list", "--lang", "en")

    assert listed.exit_code == 0, listed.stderr
    assert "Asia/Shanghai" in listed.stdout
    assert "22:00" in listed.stdout and "14:00" not in listed.stdout


def test_a_dismissed_mail_is_restored_from_the_cli_and_a_second_restore_exits_3(cli, store_db):  # type: ignore[no-untyped-def]
    cli("mail", "import", str(CORPUS / "12_no_match.eml"), "--store", "acme")
    mail_id = str(cli("mail", "unfiled", "list", "--json").json()["mails"][0]["id"])
    cli("mail", "unfiled", "dismiss", mail_id)

    restored = cli("mail", "unfiled", "restore", mail_id, "--json")
    again = cli("mail", "unfiled", "restore", mail_id)

    assert restored.exit_code == 0 and restored.json()["state"] == "unfiled"
    assert again.exit_code == 3
