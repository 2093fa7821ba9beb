"""ingest_raw files a reply carrying its case's Amazon Case ID and reports a second
reading as a duplicate."""

from __future__ import annotations

from sellerdesk.services import cases
from sellerdesk.services.mail.importing import ingest_one
from sellerdesk.services.mail.models import MailSource
from tests.services.case_fixtures import later

REPLY = b"""From: Amazon Seller Support <support@sellercentral.amazon.com>
To: team@example.cn
Subject: Re: Case ID 12345678901 listing suppressed
Date: Tue, 14 Apr 2026 18:00:00 +0000
Message-ID: <r1@amazon.com>
Content-Type: text/plain; charset=utf-8

Hello, we reinstated the listing.
"""


def test_a_reply_naming_the_case_id_is_filed_on_that_case_once(sessions, ctx, new_case):
    case_id = new_case()
    cases.move(
        status="submitted",
        sessions=sessions,
        now=later(0.5),
        ctx=ctx,
        case_id=case_id,
        amazon_case_id="12345678901",
    )
    first = ingest_one(sessions, raw=REPLY, source=MailSource("file"), now=later(2), ctx=ctx)
    assert (first.state, first.case_id, first.reason, first.duplicate) == (
        "filed",
        case_id,
        "case-id-subject",
        False,
    )
    shown = cases.show(sessions=sessions, now=later(2), ctx=ctx, case_id=case_id)
    assert shown.status == "needs-action"
    again = ingest_one(sessions, raw=REPLY, source=MailSource("file:x.eml"), now=later(3), ctx=ctx)
    assert again.duplicate and again.mail_id == first.mail_id
