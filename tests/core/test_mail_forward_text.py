"""A forwarded mail's shown text starts with the forwarded words, not the forward's banner
and header block, and an encoded From header is read decoded (issue 17, new-user trial)."""

from __future__ import annotations

from email.mime.text import MIMEText

import pytest

from sellerdesk.core.mail.parse import parse_mail
from sellerdesk.core.mail.text import forwarded_sender, trim_quoted

AMAZON = "We need more information: please provide an invoice."
QQ = f"""转发的邮件
------------------ 原始邮件 ------------------
发件人: "Amazon Selling Partner Support" <seller-support@sellercentral.amazon.com>;
发送时间: 2026年12月5日(星期六) 晚上11:00
收件人: "运营"<ops@example-seller.cn>;
主题: Your case 19999999999

{AMAZON}

Thank you."""
OUTLOOK = f"""
-----Original Message-----
From: Amazon Seller Support <seller-support@sellercentral.amazon.com>
Sent: Saturday, December 5, 2026 11:00 PM
To: ops@example-seller.cn
Subject: Your case 19999999999

{AMAZON}
"""
GMAIL = f"""---------- Forwarded message ---------
From: Amazon <seller-support@sellercentral.amazon.com>
Date: Sat, Dec 5, 2026 at 11:00 PM
Subject: Your case 19999999999
To: <ops@example-seller.cn>

{AMAZON}
"""


@pytest.mark.parametrize(
    ("subject", "body"),
    [
        ("转发：Your case 19999999999", QQ),
        ("Your case 19999999999", QQ),
        ("FW: Your case 19999999999", OUTLOOK),
        ("Fwd: Your case 19999999999", GMAIL),
        ("Your case 19999999999", GMAIL),
    ],
    ids=["qq", "qq-marker-only", "outlook", "gmail", "gmail-marker-only"],
)
def test_a_forwards_shown_text_starts_with_the_forwarded_words(subject, body):  # type: ignore[no-untyped-def]
    shown = trim_quoted(body, subject=subject)
    assert shown.startswith(AMAZON)
    assert "发件人" not in shown and "From:" not in shown and "原始邮件" not in shown
    assert forwarded_sender(body, subject=subject) == "seller-support@sellercentral.amazon.com"


def test_the_forwarders_own_note_stays_before_the_forwarded_words():
    shown = trim_quoted("请跟进。\n" + OUTLOOK, subject="FW: Your case")
    assert shown == f"请跟进。\n\n{AMAZON}"


def test_a_reply_quoting_an_old_forward_is_trimmed_as_a_reply():
    reply = "Thanks, done.\n\nOn Sat, 5 Dec 2026, Ops <ops@example-seller.cn> wrote:\n" + GMAIL
    assert trim_quoted(reply, subject="Re: Your case") == "Thanks, done."
    assert forwarded_sender(reply, subject="Your case") is None


def test_a_from_header_encoded_whole_is_read_decoded_with_only_the_address_lower_cased():
    mail = MIMEText("hi", "plain", "utf-8")
    mail["From"] = "运营, 小王 <Ops12345678@QQ.com>"
    mail["To"] = "团队 <Team@Example-Seller.cn>"
    mail["Subject"] = "x"
    raw = mail.as_bytes()
    assert b"From: =?utf-8?b?" in raw  # the whole header, address and all, encoded

    parsed = parse_mail(raw)

    assert (parsed.from_name, parsed.from_addr) == ("运营, 小王", "ops12345678@qq.com")
    assert parsed.to_addrs == ("team@example-seller.cn",)
