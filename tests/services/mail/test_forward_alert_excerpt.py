"""The alert for Amazon's reply forwarded by a teammate (QQ Mail, plain text, GBK) quotes
Amazon's words, not the forward's header lines (issue 17, new-user trial). On SQLite and
PostgreSQL."""

from __future__ import annotations

from sellerdesk.services import cases
from sellerdesk.services.alerts import outbox_views, routes
from sellerdesk.services.mail.importing import ingest_one
from sellerdesk.services.mail.models import MailSource
from tests.services.alert_fixtures import add_channel
from tests.services.case_fixtures import NOW, later

QQ_FORWARD = """From: =?gbk?b?1MvTqg==?= <ops@example-seller.cn>
To: team@example-seller.cn
Subject: =?gbk?b?16q3oqO6?=Your case 19999999999
Date: Sat, 05 Dec 2026 23:30:00 +0800
Message-ID: <qq-forward-1@qq.com>
Content-Type: text/plain; charset="gbk"
Content-Transfer-Encoding: 8bit

转发的邮件
------------------ 原始邮件 ------------------
发件人: "Amazon Selling Partner Support" <seller-support@sellercentral.amazon.com>;
发送时间: 2026年12月5日(星期六) 晚上11:00
收件人: "运营"<ops@example-seller.cn>;
主题: Your case 19999999999

We need more information: please provide an invoice.
"""


def test_the_alert_for_a_forwarded_amazon_reply_quotes_amazons_words(sessions, ctx, new_case):  # type: ignore[no-untyped-def]
    add_channel(sessions, NOW, "ops")
    routes.add_route(
        sessions=sessions, now=NOW, actor="boss", triggers=("amazon-reply",), channel="ops",
        lang="en",
    )  # fmt: skip
    case_id = new_case()
    cases.move(
        sessions=sessions, now=NOW, ctx=ctx, case_id=case_id, status="submitted",
        amazon_case_id="19999999999",
    )  # fmt: skip

    done = ingest_one(
        sessions, raw=QQ_FORWARD.encode("gbk"), source=MailSource("file"), now=later(2), ctx=ctx
    )

    assert (done.state, done.case_id) == ("filed", case_id)
    [alert] = [
        a for a in outbox_views.outbox(sessions=sessions, limit=50).alerts
        if a.trigger == "amazon-reply"
    ]  # fmt: skip
    assert "“We need more information: please provide an invoice.”" in alert.text
    assert "发件人" not in alert.text and "原始邮件" not in alert.text
