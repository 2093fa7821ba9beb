"""A teammate forwarding Amazon's reply to the team's mailbox passes on Amazon's words: the
mail is Amazon's reply (``in``, the case moves to needs-action, Amazon's label set) even
when the team lists its own domain under ``[team]``; only the team's own words to Amazon
are ``out`` (issue 17, new-user trial). On SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from sellerdesk.core.mail.senders import load_mail_rules
from sellerdesk.core.mail.text import forwarded_sender
from sellerdesk.services import cases
from sellerdesk.services.mail.importing import ingest_one
from sellerdesk.services.mail.models import MailSource
from sellerdesk.storage.tables import EventRow
from tests.services.case_fixtures import later
from tests.services.test_cases_lifecycle import submitted as submit_case

HEAD = """From: {sender}
To: {to}
Subject: {subject}
Date: Mon, 20 Apr 2026 09:00:00 +0800
Message-ID: <{mid}@example-seller.cn>
Content-Type: text/plain; charset=utf-8

"""
OUTLOOK = """请看下面亚马逊的回复。

-----Original Message-----
From: Amazon Seller Support <seller-support@sellercentral.amazon.com>
Sent: Sunday, April 19, 2026 11:00 PM
Subject: Amazon update

Regarding your case (Case ID 12345678901): the inventory has been reconciled.
"""
FOXMAIL = """麻烦跟进一下。

------------------ 原始邮件 ------------------
发件人: "Amazon"<seller-support@sellercentral.amazon.com>;
主题: Amazon update

您的案例编号：12345678901 已更新。
"""
GMAIL = """FYI

---------- Forwarded message ---------
From: Amazon <seller-support@sellercentral.amazon.com>
Subject: Amazon update

Case ID 12345678901: we reinstated the listing.
"""
OWN_REPLY = """附上发票，请查收。

-----Original Message-----
From: Amazon Seller Support <seller-support@sellercentral.amazon.com>
Subject: Case 12345678901

We need an invoice.
"""


def mail(sender: str, to: str, subject: str, body: str, mid: str) -> bytes:
    head = HEAD.format(sender=sender, to=to, subject=subject, mid=mid)
    return (head + body).encode("utf-8")


@pytest.fixture
def submitted(sessions, ctx, new_case, tmp_path):  # type: ignore[no-untyped-def]
    (tmp_path / "mail_senders.toml").write_text(
        '[team]\naddresses = []\ndomains = ["example-seller.cn"]\n', encoding="utf-8"
    )
    return submit_case(sessions, ctx, new_case)


@pytest.fixture
def rules(tmp_path, submitted):  # type: ignore[no-untyped-def]
    """The shipped rules with the team's own domain under [team], as integrations.md says."""
    return load_mail_rules(tmp_path)


def directions(sessions, case_id: int) -> list[str]:  # type: ignore[no-untyped-def]
    with sessions() as session:
        query = select(EventRow).where(EventRow.case_id == case_id).order_by(EventRow.id)
        return [e.direction for e in session.scalars(query) if e.channel == "e-mail"]


@pytest.mark.parametrize(
    ("subject", "body"),
    [("FW: Amazon update", OUTLOOK), ("转发：Amazon update", FOXMAIL), ("Amazon update", GMAIL)],
    ids=["outlook", "foxmail", "gmail-marker-only"],
)
def test_a_teammates_forward_of_amazons_reply_is_filed_as_amazons_reply(
    sessions, ctx, submitted, rules, subject, body
):
    raw = mail(
        "Zhang San <zhangsan@example-seller.cn>", "ops@example-seller.cn", subject, body, "f1"
    )

    done = ingest_one(
        sessions, raw=raw, source=MailSource("file"), now=later(2), ctx=ctx, rules=rules
    )

    assert (done.state, done.case_id) == ("filed", submitted)
    assert directions(sessions, submitted) == ["in"]
    shown = cases.show(sessions=sessions, now=later(2), ctx=ctx, case_id=submitted)
    assert shown.status == "needs-action"
    assert shown.amazon_label == "Answered"


def test_the_teams_own_reply_quoting_amazon_is_the_teams_words(sessions, ctx, submitted, rules):
    to_amazon = mail(
        "Ops <ops@example-seller.cn>", "seller-support@sellercentral.amazon.com",
        "RE: Case 12345678901", OWN_REPLY, "o1",
    )  # fmt: skip
    forward_to_amazon = mail(
        "Ops <ops@example-seller.cn>", "seller-support@sellercentral.amazon.com",
        "FW: Case 12345678901", OWN_REPLY, "o2",
    )  # fmt: skip

    for n, raw in enumerate((to_amazon, forward_to_amazon)):
        ingest_one(
            sessions, raw=raw, source=MailSource("file"), now=later(2 + n), ctx=ctx, rules=rules
        )

    assert directions(sessions, submitted) == ["out", "out"]


def test_a_forward_names_its_forwarded_sender_and_a_reply_names_none():
    rules = load_mail_rules(None)
    assert (
        forwarded_sender("FYI\nFrom: Li <li@partner.cn>\nhi", subject="Fwd: x") == "li@partner.cn"
    )
    assert rules.sender_kind("li@partner.cn") is None
    assert (
        forwarded_sender("Thanks\nFrom: Amazon <a@sellercentral.amazon.com>", subject="Re: x")
        is None
    )
