"""Big attachments read without needless copies (issue 17): the same bytes as the stdlib's
reading, and a part over the size limit counted, not decoded."""

from __future__ import annotations

import email
import os
from email import policy
from email.message import EmailMessage

from sellerdesk.core.mail.parse import parse_mail


def _mail_with(data: bytes) -> bytes:
    msg = EmailMessage()
    msg["From"] = "seller-support@sellercentral.amazon.com"
    msg["Subject"] = "Report"
    msg.set_content("See the file.\n")
    msg.add_attachment(data, maintype="application", subtype="zip", filename="report.zip")
    return msg.as_bytes()


def test_an_attachment_reads_as_the_stdlib_reads_it() -> None:
    data = os.urandom(300_001)
    raw = _mail_with(data)
    got = parse_mail(raw)
    assert [(p.file_name, p.data, p.size) for p in got.attachments] == [
        ("report.zip", data, len(data))
    ]
    stdlib = email.message_from_bytes(raw, policy=policy.default)
    assert got.text == str(next(stdlib.iter_parts()).get_content())


def test_an_attachment_over_the_limit_is_counted_to_the_byte_and_not_decoded() -> None:
    for size in (299_999, 300_000, 300_001):
        got = parse_mail(_mail_with(os.urandom(size)), max_file_bytes=1000)
        (part,) = got.attachments
        assert (part.file_name, part.data, part.size) == ("report.zip", b"", size)


def test_an_attachment_within_the_limit_is_decoded() -> None:
    data = os.urandom(999)
    (part,) = parse_mail(_mail_with(data), max_file_bytes=1000).attachments
    assert (part.data, part.size) == (data, 999)


def test_base64_missing_its_padding_reads_as_the_stdlib_reads_it() -> None:
    raw = (
        b"From: a@example.com\r\nSubject: x\r\nMIME-Version: 1.0\r\n"
        b'Content-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\n'
        b"Content-Type: application/zip\r\nContent-Disposition: attachment; filename=a.zip\r\n"
        b"Content-Transfer-Encoding: base64\r\n\r\nYWJjZA\r\n--b--\r\n"
    )
    (part,) = parse_mail(raw).attachments
    assert part.data == b"abcd"
