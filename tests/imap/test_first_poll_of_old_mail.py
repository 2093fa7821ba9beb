"""The first poll of a mailbox holding years of mail (real dovecot, SQLite and PostgreSQL):
every old reply is filed on its case, none alerts, and the poll says how many alerts it left
out; a reply sent since still alerts (issue 17, new-user trial)."""

from __future__ import annotations

from datetime import datetime, timedelta
from email.utils import format_datetime

from sellerdesk.core.i18n import t
from sellerdesk.services import cases, stores
from sellerdesk.services.alerts import outbox_views, routes
from sellerdesk.services.mail.imap_poll import SKIPPED_COUNT, default_ingest, poll_mailbox
from tests.mail_server import DovecotServer
from tests.services.alert_fixtures import add_channel
from tests.services.case_fixtures import NOW, later

CASE_ID = "13579135791"


def reply(n: int, folder: str, sent: datetime) -> bytes:
    return (
        "From: Amazon Seller Support <support@sellercentral.amazon.com>\r\n"
        "To: cases@example.com\r\n"
        f"Subject: Re: Case ID {CASE_ID} listing suppressed #{n}\r\n"
        f"Message-ID: <old-{n}-{folder}@amazon.com>\r\n"
        f"Date: {format_datetime(sent)}\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n\r\n"
        f"Answer number {n}.\r\n"
    ).encode()


def test_a_first_poll_of_years_of_mail_files_it_all_and_alerts_only_the_fresh_reply(
    sessions, ctx, dovecot: DovecotServer, folder, add_mailbox
):
    stores.add(sessions=sessions, now=NOW, ctx=ctx, name="acme", region="na", marketplaces=["US"])
    case_id = cases.create(
        sessions=sessions, ctx=ctx, store="acme", subject="Listing suppressed", marketplace="US",
        now=NOW,
    )  # fmt: skip
    cases.move(
        sessions=sessions, now=later(0.5), ctx=ctx, case_id=case_id, status="submitted",
        amazon_case_id=CASE_ID,
    )  # fmt: skip
    add_channel(sessions, NOW, "ops")
    routes.add_route(
        sessions=sessions, now=NOW, actor="boss", channel="ops", lang="en",
        triggers=("amazon-reply", "needs-action", "mail-unfiled"),
    )  # fmt: skip
    polled_at = later(24 * 60)
    # a year of Amazon's answers (after the case was raised: only their age makes them old)
    old = [reply(i, folder, later(1 + i * 12)) for i in range(20)]
    fresh = reply(99, folder, polled_at - timedelta(hours=1))
    dovecot.deliver("amazon", [*old, fresh], folder)
    add_mailbox("years", folder)
    result = poll_mailbox(
        sessions, "years", ingest=default_ingest(ctx), clock=lambda: polled_at, owner="test"
    )
    assert result.ok and result.read == 21, result
    assert result.counts["filed"] == 21 and result.counts[SKIPPED_COUNT] == 20
    shown = outbox_views.outbox(sessions=sessions, limit=50).alerts
    assert [(a.trigger, a.case_id) for a in shown] == [("amazon-reply", case_id)]
    words = t("mailbox.poll.alerts_skipped", "zh", mailbox="years", skipped=20)
    assert words.startswith("years：20 封旧邮件未发提醒")
