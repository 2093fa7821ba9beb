"""Amazon's reply read in moves its case as the docs say (issue 17, second new-user trial):
a reply on a resolved case reopens it to needs-action, Amazon's label becomes "Answered",
and only a person's newer status move or logged reply — not an owner or a tag set after the
mail — makes the mail "already seen". On SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from sellerdesk.core.alerts.freshness import SKIPPED_OLD
from sellerdesk.core.mail.senders import load_mail_rules
from sellerdesk.services import cases
from sellerdesk.services.mail.importing import ImportedMail, ImportSummary, ingest_one
from sellerdesk.services.mail.models import IngestOutcome, MailSource
from sellerdesk.storage.repositories import audit as audit_rows
from sellerdesk.storage.tables import EventRow
from tests.services.case_fixtures import later
from tests.services.test_cases_lifecycle import submitted as submit_case

CASE_ID = "12345678901"


def reply(sent_hours: float, mid: str, sender: str = "seller-support@amazon.com") -> bytes:
    sent = later(sent_hours).strftime("%a, %d %b %Y %H:%M:%S +0000")
    return (
        f"From: Amazon <{sender}>\nTo: ops@example.cn\n"
        f"Subject: Your case {CASE_ID} has been updated\nDate: {sent}\n"
        f"Message-ID: <{mid}@amazon.com>\nContent-Type: text/plain; charset=utf-8\n\n"
        "We have reinstated your listing.\n"
    ).encode()


@pytest.fixture
def submitted(sessions, ctx, new_case):  # type: ignore[no-untyped-def]
    return submit_case(sessions, ctx, new_case, number=CASE_ID)


@pytest.fixture
def resolved(sessions, ctx, submitted):  # type: ignore[no-untyped-def]
    cases.move(status="resolved", sessions=sessions, now=later(1), ctx=ctx, case_id=submitted)
    return submitted


@pytest.fixture
def closed(sessions, ctx, resolved):  # type: ignore[no-untyped-def]
    cases.move(status="closed", sessions=sessions, now=later(1.5), ctx=ctx, case_id=resolved)
    return resolved


def status_moves_and_audits(sessions, case_id: int):  # type: ignore[no-untyped-def]
    """The case's status moves as (from, to, by), oldest first, and its audit rows."""
    with sessions() as session:
        moves = [
            (e.data["from"], e.data["to"], e.author)
            for e in session.query(EventRow).filter_by(case_id=case_id, direction="status")
        ]
        return moves, audit_rows.list_for(session, "case", case_id)


def read(sessions, ctx, raw: bytes, hours: float):  # type: ignore[no-untyped-def]
    return ingest_one(sessions, raw=raw, source=MailSource("file"), now=later(hours), ctx=ctx)


def test_an_amazon_reply_newer_than_the_resolve_reopens_the_case_to_needs_action(
    sessions, ctx, resolved
):
    done = read(sessions, ctx, reply(2, "r1"), 2.1)

    shown = cases.show(sessions=sessions, now=later(3), ctx=ctx, case_id=resolved)
    assert (done.state, done.case_id) == ("filed", resolved)
    assert shown.status == "needs-action"
    assert "reopened-by-reply" in done.notes
    moves, audits = status_moves_and_audits(sessions, resolved)
    assert moves[-2:] == [
        ("resolved", "reopened", "mail:file"),
        ("reopened", "needs-action", "mail:file"),
    ]
    assert any(
        a.actor == "mail:file" and a.detail.get("to") == "reopened" and a.detail.get("mail_id")
        for a in audits
    )


def test_a_reply_sent_before_the_resolve_leaves_the_resolved_case_as_it_is(sessions, ctx, resolved):
    done = read(sessions, ctx, reply(0.8, "r2"), 1.5)

    shown = cases.show(sessions=sessions, now=later(3), ctx=ctx, case_id=resolved)
    assert shown.status == "resolved"
    assert "older-than-human-change" in done.notes
    assert "reopened-by-reply" not in done.notes
    assert shown.amazon_label != "Answered"


def test_an_amazon_reply_sets_the_answered_label(sessions, ctx, submitted):
    read(sessions, ctx, reply(2, "r3"), 2.1)

    shown = cases.show(sessions=sessions, now=later(3), ctx=ctx, case_id=submitted)
    assert (shown.status, shown.amazon_label) == ("needs-action", "Answered")


def test_a_label_a_person_set_after_the_mail_was_sent_stays(sessions, ctx, submitted):
    cases.move(status="waiting-amazon", sessions=sessions, now=later(1), ctx=ctx, case_id=submitted)
    cases.move(
        status="waiting-amazon",
        sessions=sessions,
        now=later(2.05),
        ctx=ctx,
        case_id=submitted,
        amazon_label="Work in progress",
    )

    read(sessions, ctx, reply(2, "r4"), 2.1)

    shown = cases.show(sessions=sessions, now=later(3), ctx=ctx, case_id=submitted)
    assert (shown.status, shown.amazon_label) == ("needs-action", "Work in progress")


def test_a_reply_sent_minutes_before_the_case_was_tagged_still_alerts_and_moves_it(
    sessions, ctx, submitted
):
    cases.tag(sessions=sessions, now=later(2.05), ctx=ctx, case_id=submitted, add=["fba"])

    done = read(sessions, ctx, reply(2, "r5"), 2.1)

    shown = cases.show(sessions=sessions, now=later(3), ctx=ctx, case_id=submitted)
    assert shown.status == "needs-action"
    assert SKIPPED_OLD not in done.notes


def test_a_reply_sent_before_a_person_logged_our_answer_is_already_seen(sessions, ctx, submitted):
    cases.log_event(
        sessions=sessions,
        now=later(2.05),
        ctx=ctx,
        case_id=submitted,
        direction="out",
        body="We sent the invoice.",
    )

    done = read(sessions, ctx, reply(2, "r6"), 2.1)

    shown = cases.show(sessions=sessions, now=later(3), ctx=ctx, case_id=submitted)
    assert shown.status == "submitted"  # not moved on to needs-action by the older reply
    assert SKIPPED_OLD in done.notes and "older-than-human-change" in done.notes


def _mail(state: str, notes: tuple[str, ...]) -> ImportedMail:
    return ImportedMail("a.mbox#1", IngestOutcome(1, state, None, None, notes=notes))


def test_the_summary_says_filed_as_usual_only_of_old_mail_that_was_filed():
    summary = ImportSummary(
        mails=[_mail("unfiled", ("none", SKIPPED_OLD)), _mail("unfiled", ("none", SKIPPED_OLD))],
        alert_age_hours=72,
    )

    en = summary.notes_words("en")
    zh = summary.notes_words("zh")

    assert en == [
        "No alert for 2 old mail(s) that could not be filed (sent more than 72 hours ago): "
        "they wait in Unfiled mail."
    ]
    assert "照常归档" not in zh[0] and "未归档邮件" in zh[0]


def test_the_summary_counts_the_cases_a_reply_reopened():
    summary = ImportSummary(mails=[_mail("filed", ("reopened-by-reply",))])

    assert summary.notes_words("en") == [
        "1 resolved or closed case(s) reopened and need action: "
        "Amazon replied after the resolve or close."
    ]


def test_an_amazon_reply_reopens_a_closed_case_and_says_so_in_the_audit(sessions, ctx, closed):
    done = read(sessions, ctx, reply(2, "c1"), 2.1)

    shown = cases.show(sessions=sessions, now=later(3), ctx=ctx, case_id=closed)
    assert (shown.status, shown.amazon_label) == ("needs-action", "Answered")
    assert "reopened-by-reply" in done.notes
    moves, audits = status_moves_and_audits(sessions, closed)
    assert moves[-2:] == [
        ("closed", "reopened", "mail:file"),
        ("reopened", "needs-action", "mail:file"),
    ]
    assert any(
        a.actor == "mail:file"
        and (a.detail.get("from"), a.detail.get("to")) == ("closed", "reopened")
        and a.detail.get("reason") == "reopened-by-reply"
        for a in audits
    )


def test_an_amazon_reply_sent_before_the_close_leaves_the_closed_case_closed(sessions, ctx, closed):
    done = read(sessions, ctx, reply(1.2, "c2"), 2.1)

    shown = cases.show(sessions=sessions, now=later(3), ctx=ctx, case_id=closed)
    assert shown.status == "closed"
    assert "reopened-by-reply" not in done.notes


def test_the_teams_own_mail_on_a_closed_case_leaves_it_closed(sessions, ctx, closed, tmp_path):
    (tmp_path / "mail_senders.toml").write_text(
        '[team]\naddresses = []\ndomains = ["example-seller.cn"]\n', encoding="utf-8"
    )
    sent = later(2).strftime("%a, %d %b %Y %H:%M:%S +0000")
    own = (
        "From: Ops <ops@example-seller.cn>\nTo: seller-support@sellercentral.amazon.com\n"
        f"Subject: RE: Case {CASE_ID}\nDate: {sent}\nMessage-ID: <o1@example-seller.cn>\n"
        "Content-Type: text/plain; charset=utf-8\n\nThanks, all sorted on our side.\n"
    ).encode()

    done = ingest_one(
        sessions, raw=own, source=MailSource("file"), now=later(2.1), ctx=ctx,
        rules=load_mail_rules(tmp_path),
    )  # fmt: skip

    shown = cases.show(sessions=sessions, now=later(3), ctx=ctx, case_id=closed)
    assert (done.state, done.case_id) == ("filed", closed)
    assert shown.status == "closed"
    assert "reopened-by-reply" not in done.notes
    with sessions() as session:
        [event] = session.query(EventRow).filter_by(case_id=closed, channel="e-mail")
    assert event.direction == "out"
