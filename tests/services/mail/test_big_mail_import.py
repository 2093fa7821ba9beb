"""A big mail read from a file (issue 17's 40 MB .eml): filed with its attachment kept
within the limit, or left out with its exact size over it, and never written."""

from __future__ import annotations

import hashlib
import os
from dataclasses import replace
from email.message import EmailMessage
from pathlib import Path

from sellerdesk.services.attachments import blob_path
from sellerdesk.services.mail.importing import import_paths
from sellerdesk.services.mail.models import MailSource
from tests.services.case_fixtures import later

SIZE = 3_000_001


def _big_eml(folder: Path, data: bytes) -> Path:
    msg = EmailMessage()
    msg["From"] = "Amazon <seller-support@sellercentral.amazon.com>"
    msg["To"] = "ops@example.cn"
    msg["Subject"] = "Your report"
    msg["Message-ID"] = "<big-report@example.com>"
    msg["Date"] = "Wed, 15 Apr 2026 09:00:00 +0000"
    msg.set_content("The report is attached.\n")
    msg.add_attachment(data, maintype="application", subtype="zip", filename="report.zip")
    path = folder / "big.eml"
    path.write_bytes(msg.as_bytes())
    return path


def _import(sessions, ctx, path):  # type: ignore[no-untyped-def]
    summary = import_paths(
        sessions, paths=[path], source=MailSource("file"), now=lambda: later(1), ctx=ctx
    )
    (one,) = summary.mails
    return one.outcome


def test_a_big_mail_within_the_limit_keeps_its_attachment_byte_for_byte(sessions, ctx, tmp_path):  # type: ignore[no-untyped-def]
    data = os.urandom(SIZE)
    roomy = replace(ctx, max_attachment_bytes=SIZE)
    got = _import(sessions, roomy, _big_eml(tmp_path, data))
    assert got.state == "unfiled" and not any(n.startswith("attachment-too-big") for n in got.notes)
    assert blob_path(roomy, hashlib.sha256(data).hexdigest()).read_bytes() == data


def test_a_big_mail_over_the_limit_is_filed_without_its_attachment_and_names_its_size(
    sessions, ctx, tmp_path
):  # type: ignore[no-untyped-def]
    data = os.urandom(SIZE)
    tight = replace(ctx, max_attachment_bytes=SIZE - 1)
    got = _import(sessions, tight, _big_eml(tmp_path, data))
    assert got.state == "unfiled"
    assert f"attachment-too-big:{SIZE}:{SIZE - 1}:report.zip" in got.notes
    assert not blob_path(tight, hashlib.sha256(data).hexdigest()).exists()
