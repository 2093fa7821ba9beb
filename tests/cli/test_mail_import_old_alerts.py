"""``mail import`` of last year's mail (SQLite and PostgreSQL): every mail is filed, none
alerts, and the summary says so in the reader's language (issue 17, new-user trial)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import pytest


def old_reply(number: int) -> bytes:
    return (
        "From: Amazon Seller Support <support@sellercentral.amazon.com>\n"
        "To: team@example.cn\n"
        f"Subject: Re: Case ID 19999999999 listing suppressed ({number})\n"
        f"Date: Tue, 14 Jan 2025 09:{number:02d}:00 +0000\n"
        f"Message-ID: <old-{number}@amazon.com>\n\n"
        "We reinstated the listing.\n"
    ).encode()


@pytest.fixture
def old_mbox(database_url: str, monkeypatch: pytest.MonkeyPatch, cli, tmp_path) -> Path:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("SELLERDESK_DATABASE_URL", database_url)
    cli("store", "add", "acme", "--region", "na", "--marketplaces", "US")
    made = cli(
        "case", "new", "--store", "acme", "--marketplace", "US",
        "--subject", "Listing suppressed without a reason", "--json",
    )  # fmt: skip
    assert made.exit_code == 0, made.stderr
    cli("case", "submit", str(made.json()["id"]), "--case-id", "19999999999")
    monkeypatch.setenv("SD_TEST_HOOK", "http://127.0.0.1:9/hook?key=x")
    for args in (
        ("alerts", "channel", "add", "ops", "--kind", "wecom", "--webhook-env", "SD_TEST_HOOK"),
        ("alerts", "route", "add", "--trigger", "amazon-reply,needs-action", "--channel", "ops"),
    ):
        ran = cli(*args)
        assert ran.exit_code == 0, ran.stdout + ran.stderr
    path = tmp_path / "last-year.mbox"
    path.write_bytes(
        b"".join(b"From x Thu Jan  1 00:00:00 2025\n" + old_reply(i) for i in range(3))
    )
    return path


def test_last_years_mail_is_filed_without_alerts_and_the_summary_says_so(cli, old_mbox):  # type: ignore[no-untyped-def]
    done = cli("mail", "import", str(old_mbox), "--store", "acme", "--lang", "en")
    assert done.exit_code == 0, done.stderr
    assert "3 filed" in done.stdout
    assert "No alert for 3 old mail(s)" in done.stdout and "72 hours" in done.stdout
    listed = cli("alerts", "outbox", "list", "--json")
    assert listed.exit_code == 0 and listed.json()["alerts"] == []
    # the same route hears of a reply sent just now
    # (a second ahead: a Date header has whole seconds, the case's last change has more)
    now = format_datetime(datetime.now(UTC) + timedelta(seconds=1))
    fresh = old_mbox.with_name("fresh.eml")
    fresh.write_bytes(old_reply(9).replace(b"Tue, 14 Jan 2025 09:09:00 +0000", now.encode()))
    done = cli("mail", "import", str(fresh), "--store", "acme", "--lang", "en")
    assert "1 filed" in done.stdout and "No alert" not in done.stdout
    [alert] = cli("alerts", "outbox", "list", "--json").json()["alerts"]
    assert alert["trigger"] == "amazon-reply"


def test_the_summary_says_it_in_chinese_and_in_json(cli, old_mbox):  # type: ignore[no-untyped-def]
    done = cli("mail", "import", str(old_mbox), "--store", "acme", "--lang", "zh")
    assert "3 封旧邮件未发提醒" in done.stdout and "72 小时" in done.stdout
    again = cli("mail", "import", str(old_mbox), "--store", "acme", "--json")
    assert again.json()["alerts_skipped_old"] == 0  # already read: nothing new to alert
