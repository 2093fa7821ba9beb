"""One mail is read once whatever door it comes through (a file, the upload, a mailbox), on
SQLite and PostgreSQL: keyed by its Message-ID (brackets and the domain's case aside), or by
its bytes without one; two readers at once file it once."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from sqlalchemy import func, select

from sellerdesk.services.mail import importing
from sellerdesk.services.mail.importing import ingest_one
from sellerdesk.services.mail.ingest import ingest_raw
from sellerdesk.services.mail.models import MailSource
from sellerdesk.services.tracker import transaction
from sellerdesk.storage.schema import events, mail_messages
from tests.services.case_fixtures import later
from tests.services.test_cases_lifecycle import submitted as submit_case

CORPUS = Path(__file__).resolve().parents[2] / "data" / "mail"


def reply(message_id: str | None, *, text: str = "Hello, we reinstated the listing.") -> bytes:
    head = f"Message-ID: {message_id}\n" if message_id is not None else ""
    return (
        "From: Amazon Seller Support <support@sellercentral.amazon.com>\n"
        "To: team@example.cn\n"
        "Subject: Re: Case ID 12345678901 listing suppressed\n"
        "Date: Tue, 14 Apr 2026 18:00:00 +0000\n"
        f"{head}"
        "Content-Type: text/plain; charset=utf-8\n\n"
        f"{text}\n"
    ).encode()


def submitted_case(sessions, ctx, new_case) -> int:  # type: ignore[no-untyped-def]
    return int(submit_case(sessions, ctx, new_case))


def mail_rows(sessions) -> int:  # type: ignore[no-untyped-def]
    with sessions() as session:
        return int(session.scalar(select(func.count()).select_from(mail_messages)) or 0)


def replies_on(sessions, case_id: int) -> int:  # type: ignore[no-untyped-def]
    with sessions() as session:
        query = select(func.count()).where(events.c.case_id == case_id, events.c.direction == "in")
        return int(session.scalar(query) or 0)


def test_a_reply_read_from_a_file_then_a_mailbox_is_one_event(sessions, ctx, new_case):
    case_id = submitted_case(sessions, ctx, new_case)
    raw = reply("<r1@amazon.com>")
    first = ingest_one(sessions, raw=raw, source=MailSource("file"), now=later(2), ctx=ctx)
    # the mailbox's copy: the server added a header, the Message-ID is the same mail's
    polled = b"Return-Path: <support@sellercentral.amazon.com>\n" + raw
    again = ingest_one(sessions, raw=polled, source=MailSource("us-inbox"), now=later(3), ctx=ctx)
    assert first.state == "filed" and not first.duplicate
    assert again.duplicate and again.mail_id == first.mail_id and again.state == "filed"
    assert (mail_rows(sessions), replies_on(sessions, case_id)) == (1, 1)


def test_a_message_id_is_the_same_mail_whatever_its_brackets_or_domain_case(
    sessions, ctx, new_case
):
    submitted_case(sessions, ctx, new_case)
    doors = [
        ("file", "<Abc.1@Amazon.COM>"),
        ("upload", "Abc.1@amazon.com"),
        ("box", " <Abc.1@amazon.com> "),
    ]
    outcomes = [
        ingest_one(sessions, raw=reply(mid), source=MailSource(door), now=later(2 + n), ctx=ctx)
        for n, (door, mid) in enumerate(doors)
    ]
    assert [o.duplicate for o in outcomes] == [False, True, True]
    # the left part is the sender's own and compared as sent: another mail
    other = ingest_one(
        sessions, raw=reply("<abc.1@amazon.com>"), source=MailSource("box"), now=later(6), ctx=ctx
    )
    assert not other.duplicate and mail_rows(sessions) == 2


def test_a_mail_without_message_id_imported_then_uploaded_is_read_once(sessions, ctx, acme):
    raw = (CORPUS / "27_missing_message_id.eml").read_bytes()
    assert b"message-id" not in raw.lower()
    file_source = importing.source_for(sessions, key="file", store=acme)
    first = importing.import_paths(
        sessions,
        paths=[CORPUS / "27_missing_message_id.eml"],
        source=file_source,
        now=lambda: later(2),
        ctx=ctx,
    )
    upload_source = importing.source_for(sessions, key="upload", store=acme)
    again = importing.import_upload(
        sessions,
        data=raw,
        file_name="27.eml",
        source=upload_source,
        now=lambda: later(3),
        ctx=ctx,
    )
    assert first.count("duplicate") == 0 and again.count("duplicate") == 1
    assert mail_rows(sessions) == 1
    # other bytes without a Message-ID are another mail (nothing else tells them apart)
    changed = raw + b"\r\nP.S. one more line.\r\n"
    third = ingest_one(sessions, raw=changed, source=MailSource("upload"), now=later(4), ctx=ctx)
    assert not third.duplicate and mail_rows(sessions) == 2


def test_an_unfiled_mail_arriving_by_a_second_door_adds_no_unfiled_row(sessions, ctx, acme):
    raw = (CORPUS / "12_no_match.eml").read_bytes()
    first = ingest_one(sessions, raw=raw, source=MailSource("upload"), now=later(2), ctx=ctx)
    again = ingest_one(sessions, raw=raw, source=MailSource("us-inbox"), now=later(3), ctx=ctx)
    assert first.state == "unfiled" and again.duplicate and again.state == "unfiled"
    with sessions() as session:
        unfiled = select(func.count()).where(mail_messages.c.state == "unfiled")
        assert session.scalar(unfiled) == 1


def test_two_readers_at_once_file_the_mail_once(sessions, ctx, new_case):
    """The second reader looks before the first commits (finds nothing), then writes: the
    database's key makes its write an "already read", not an error and not a second event."""
    case_id = submitted_case(sessions, ctx, new_case)
    raw = reply("<race@amazon.com>")
    ready, seen = threading.Event(), {}

    def second_reader() -> None:
        ready.wait(10)
        seen["outcome"] = ingest_one(
            sessions, raw=raw, source=MailSource("eu-inbox"), now=later(2), ctx=ctx
        )

    reader = threading.Thread(target=second_reader)
    reader.start()
    with transaction(sessions) as session:
        first = ingest_raw(session, raw=raw, source=MailSource("us-inbox"), now=later(2), ctx=ctx)
        ready.set()
        time.sleep(0.5)  # the second reader is now waiting on this transaction's key
    reader.join(30)
    assert first.state == "filed" and not first.duplicate
    second = seen["outcome"]
    assert second.duplicate and second.mail_id == first.mail_id
    assert (mail_rows(sessions), replies_on(sessions, case_id)) == (1, 1)
