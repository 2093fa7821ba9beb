"""The Unfiled inbox's one-step actions, the limits (a 50 MB attachment), auto-replies that
leave no trace on a case, and mail that never overrides a person's newer status change;
on SQLite and PostgreSQL."""

from __future__ import annotations

import base64
from dataclasses import replace

import pytest
from sqlalchemy import func, select

from sellerdesk.core.errors import Conflict, InvalidInput, NotFound
from sellerdesk.services import cases
from sellerdesk.services.attachments import blob_path
from sellerdesk.services.mail import unfiled
from sellerdesk.services.mail.importing import ingest_one
from sellerdesk.services.mail.models import MailSource
from sellerdesk.storage.schema import audit_log, events, mail_attachments, mail_messages
from tests.services.case_fixtures import later

SOURCE = MailSource("upload", store_id=1)


def mail(
    subject: str,
    body: str = "Hello.",
    *,
    message_id: str | None = None,
    date: str = "Wed, 15 Apr 2026 09:00:00 +0000",
    extra: str = "",
) -> bytes:
    head = (
        "From: Amazon <seller-support@sellercentral.amazon.com>\r\nTo: ops@example.cn\r\n"
        f"Subject: {subject}\r\nDate: {date}\r\n"
    )
    if message_id:
        head += f"Message-ID: <{message_id}>\r\n"
    return (head + extra + "\r\n" + body + "\r\n").encode()


def submitted(sessions, ctx, new_case, number="12345678901"):  # type: ignore[no-untyped-def]
    case_id = new_case()
    cases.move(
        status="submitted",
        sessions=sessions,
        now=later(0.5),
        ctx=ctx,
        case_id=case_id,
        amazon_case_id=number,
    )
    return case_id


def test_an_unfiled_mail_is_filed_by_hand_once(sessions, ctx, new_case):  # type: ignore[no-untyped-def]
    case_id = submitted(sessions, ctx, new_case)
    got = ingest_one(sessions, raw=mail("Nothing named"), source=SOURCE, now=later(1), ctx=ctx)
    assert (got.state, got.reason) == ("unfiled", "none")
    page = unfiled.list_unfiled(sessions)
    assert [m.id for m in page.mails] == [got.mail_id] and page.total == 1
    view = unfiled.file_mail(sessions, mail_id=got.mail_id, case=case_id, now=later(2), ctx=ctx)
    assert (view.state, view.case_id, view.reason) == ("filed", case_id, "by-hand")
    assert unfiled.list_unfiled(sessions).total == 0
    with pytest.raises(Conflict):
        unfiled.dismiss_mail(sessions, mail_id=got.mail_id, now=later(3), ctx=ctx)
    with pytest.raises(NotFound):
        unfiled.dismiss_mail(sessions, mail_id=999, now=later(3), ctx=ctx)


def test_a_dismissed_mail_is_kept_and_audited(sessions, ctx, new_case):  # type: ignore[no-untyped-def]
    got = ingest_one(sessions, raw=mail("Spam"), source=SOURCE, now=later(1), ctx=ctx)
    view = unfiled.dismiss_mail(sessions, mail_id=got.mail_id, now=later(2), ctx=ctx)
    assert view.state == "dismissed"
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(mail_messages)) == 1
        actions = session.scalars(
            select(audit_log.c.action).where(audit_log.c.entity == "mail")
        ).all()
    assert actions == ["dismiss"]


def test_an_auto_reply_naming_a_case_is_recorded_as_ignored_and_touches_no_case(
    sessions, ctx, new_case
):  # type: ignore[no-untyped-def]
    case_id = submitted(sessions, ctx, new_case)
    with sessions() as session:
        before = session.scalar(select(func.count()).select_from(events))
    raw = mail("Automatic reply: Case 12345678901", extra="Auto-Submitted: auto-replied\r\n")
    got = ingest_one(sessions, raw=raw, source=SOURCE, now=later(1), ctx=ctx)
    assert (got.state, got.case_id, got.event_id) == ("ignored", None, None)
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(events)) == before
    assert (
        cases.show(sessions=sessions, now=later(2), ctx=ctx, case_id=case_id).status == "submitted"
    )


def test_a_mail_older_than_a_persons_status_change_leaves_the_status_alone(sessions, ctx, new_case):  # type: ignore[no-untyped-def]
    case_id = submitted(sessions, ctx, new_case)
    cases.move(status="waiting-amazon", sessions=sessions, now=later(5), ctx=ctx, case_id=case_id)
    old = mail("Case 12345678901 update", date="Tue, 14 Apr 2026 19:00:00 +0000")  # later(2)
    got = ingest_one(sessions, raw=old, source=SOURCE, now=later(6), ctx=ctx)
    assert got.state == "filed" and "older-than-human-change" in got.notes
    shown = cases.show(sessions=sessions, now=later(7), ctx=ctx, case_id=case_id)
    assert shown.status == "waiting-amazon" and shown.amazon_label is None
    new = mail(
        "Case 12345678901 new reply", date="Tue, 14 Apr 2026 23:30:00 +0000", message_id="n@x"
    )
    ingest_one(sessions, raw=new, source=SOURCE, now=later(8), ctx=ctx)
    shown = cases.show(sessions=sessions, now=later(9), ctx=ctx, case_id=case_id)
    assert shown.status == "needs-action"
    with sessions() as session:
        authors = session.scalars(
            select(events.c.author).where(
                events.c.case_id == case_id, events.c.direction == "status"
            )
        ).all()
    assert authors[-1] == "mail:upload"


def test_a_50_mb_attachment_over_the_limit_is_left_out_with_a_note_and_the_mail_filed(
    sessions, ctx, new_case
):  # type: ignore[no-untyped-def]
    case_id = submitted(sessions, ctx, new_case)
    big = base64.encodebytes(b"\0" * (50 * 1024 * 1024)).decode()
    small = base64.encodebytes(b"%PDF-1.4 small").decode()
    body = (
        "--b\r\nContent-Type: text/plain\r\n\r\nReport for case 12345678901.\r\n"
        "--b\r\nContent-Type: application/zip\r\n"
        "Content-Disposition: attachment; filename=big.zip\r\n"
        f"Content-Transfer-Encoding: base64\r\n\r\n{big}\r\n"
        "--b\r\nContent-Type: application/pdf\r\n"
        "Content-Disposition: attachment; filename=small.pdf\r\n"
        f"Content-Transfer-Encoding: base64\r\n\r\n{small}\r\n--b--\r\n"
    )
    raw = mail(
        "Report", body, extra='MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="b"\r\n'
    )
    got = ingest_one(sessions, raw=raw, source=SOURCE, now=later(1), ctx=ctx)
    assert (got.state, got.case_id) == ("filed", case_id)
    assert f"attachment-too-big:{50 * 1024 * 1024}:{ctx.max_attachment_bytes}:big.zip" in got.notes
    shown = cases.show(sessions=sessions, now=later(2), ctx=ctx, case_id=case_id)
    names = [a.name for e in shown.events for a in e.attachments]
    assert names == ["small.pdf"]
    # the event keeps the name and the sizes; the page words them in its reader's language
    mailed = next(e for e in shown.events if e.data.get("mail_id"))
    assert mailed.data["left_out"] == [
        {"name": "big.zip", "size": 50 * 1024 * 1024, "limit": ctx.max_attachment_bytes}
    ]
    assert "too big" not in mailed.body
    with sessions() as session:
        raw_sha = session.scalar(select(mail_messages.c.content_sha256))
    assert blob_path(ctx, raw_sha).stat().st_size == len(raw)  # the raw mail kept whole


def test_an_attachment_within_a_larger_limit_is_kept(sessions, ctx, new_case):  # type: ignore[no-untyped-def]
    submitted(sessions, ctx, new_case)
    roomy = replace(ctx, max_attachment_bytes=60 * 1024 * 1024)
    # starts as a JPEG does: the byte check (a note for a fake) has nothing to say of it
    data = base64.encodebytes(b"\xff\xd8\xff\xe0" + b"\1" * (30 * 1024 * 1024)).decode()
    body = (
        "--b\r\nContent-Type: text/plain\r\n\r\nCase 12345678901 photos.\r\n"
        "--b\r\nContent-Type: image/jpeg\r\n"
        "Content-Disposition: attachment; filename=photo.jpg\r\n"
        f"Content-Transfer-Encoding: base64\r\n\r\n{data}\r\n--b--\r\n"
    )
    raw = mail(
        "Photos", body, extra='MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="b"\r\n'
    )
    got = ingest_one(sessions, raw=raw, source=SOURCE, now=later(1), ctx=roomy)
    assert got.state == "filed" and got.notes == ()
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(mail_attachments)) == 1


def test_a_mail_of_a_store_not_granted_is_not_found(sessions, ctx, new_case):  # type: ignore[no-untyped-def]
    from sellerdesk.core.access import Principal

    got = ingest_one(sessions, raw=mail("Hidden"), source=SOURCE, now=later(1), ctx=ctx)
    stranger = Principal(name="bob", role="agent", store_ids=frozenset({99}))
    assert unfiled.list_unfiled(sessions, principal=stranger).total == 0
    with pytest.raises(NotFound):
        unfiled.dismiss_mail(
            sessions, mail_id=got.mail_id, now=later(2), ctx=ctx, principal=stranger
        )


def test_a_mail_carrying_nul_characters_is_stored_on_both_databases(sessions, ctx, new_case):  # type: ignore[no-untyped-def]
    case_id = submitted(sessions, ctx, new_case)
    raw = mail("Case 12345678901 \x00odd", "text with a NUL\x00 inside", message_id="nul@x")
    got = ingest_one(sessions, raw=raw, source=SOURCE, now=later(1), ctx=ctx)
    assert (got.state, got.case_id) == ("filed", case_id)
    assert "\x00" not in got.subject


@pytest.mark.parametrize("typed", ["18888888888", " 18888888888 ", "#{case}", "{case}"])
def test_an_unfiled_mail_is_filed_by_our_case_number_or_its_amazon_case_id(
    sessions, ctx, new_case, typed
):  # type: ignore[no-untyped-def]
    case_id = submitted(sessions, ctx, new_case, number="18888888888")
    got = ingest_one(sessions, raw=mail("Nothing named"), source=SOURCE, now=later(1), ctx=ctx)

    view = unfiled.file_mail(
        sessions, mail_id=got.mail_id, case=typed.format(case=case_id), now=later(2), ctx=ctx
    )

    assert (view.state, view.case_id) == ("filed", case_id)


def test_an_amazon_case_id_no_case_holds_is_not_found_and_words_are_refused(
    sessions, ctx, new_case
):  # type: ignore[no-untyped-def]
    submitted(sessions, ctx, new_case, number="18888888888")
    got = ingest_one(sessions, raw=mail("Nothing named"), source=SOURCE, now=later(1), ctx=ctx)

    with pytest.raises(NotFound) as missing:
        unfiled.file_mail(sessions, mail_id=got.mail_id, case="19999999999", now=later(2), ctx=ctx)
    with pytest.raises(InvalidInput) as bad:
        unfiled.file_mail(sessions, mail_id=got.mail_id, case="case 5", now=later(2), ctx=ctx)

    assert missing.value.key == "mail.case_not_found" and missing.value.field == "case"
    assert bad.value.key == "mail.case_typed_bad" and bad.value.field == "case"
    assert unfiled.list_unfiled(sessions).total == 1


def test_a_dismissed_mail_is_restored_to_unfiled_once_and_audited(sessions, ctx, new_case):  # type: ignore[no-untyped-def]
    got = ingest_one(sessions, raw=mail("Not spam after all"), source=SOURCE, now=later(1), ctx=ctx)
    unfiled.dismiss_mail(sessions, mail_id=got.mail_id, now=later(2), ctx=ctx)

    view = unfiled.restore_mail(sessions, mail_id=got.mail_id, now=later(3), ctx=ctx)

    assert view.state == "unfiled" and unfiled.list_unfiled(sessions).total == 1
    with pytest.raises(Conflict) as twice:
        unfiled.restore_mail(sessions, mail_id=got.mail_id, now=later(4), ctx=ctx)
    assert twice.value.key == "mail.not_dismissed"
    with sessions() as session:
        actions = session.scalars(
            select(audit_log.c.action).where(audit_log.c.entity == "mail").order_by(audit_log.c.id)
        ).all()
    assert actions == ["dismiss", "restore"]
