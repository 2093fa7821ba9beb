"""A wrong password is not tried at every poll (a QQ/163 account can be locked for it): after
a refused login the worker's polls wait 5 minutes, then 10, … at most an hour; a person's own
poll or test tries at once; new credentials or a working login start over; the wait is said
with the refusal (issue 17, second new-user trial). A real Dovecot on loopback."""

from __future__ import annotations

from datetime import timedelta

from sellerdesk.services.mail import imap_poll, mailboxes
from sellerdesk.services.mail.imap_backoff import retry_after, with_backoff
from sellerdesk.services.mail.imap_poll import default_ingest, poll_all
from tests.mail_server import DovecotServer, sample_mail
from tests.services.case_fixtures import NOW

REFUSED = {"key": "mailbox.error.login_failed", "values": {"user": "amazon"}, "detail": ""}


def test_the_wait_doubles_from_five_minutes_to_at_most_an_hour_and_only_for_a_refused_login():
    error, waits = None, []
    for _ in range(7):
        error = with_backoff(dict(REFUSED), error, NOW)
        waits.append(error["wait_minutes"])

    assert waits == [5, 10, 20, 40, 60, 60, 60]
    assert retry_after(error) == NOW + timedelta(hours=1)
    other = {"key": "mailbox.error.refused", "values": {}, "detail": ""}
    assert with_backoff(other, error, NOW) == other
    assert with_backoff(dict(REFUSED), other, NOW)["auth_failures"] == 1


def _worker_poll(sessions, ctx, at):  # type: ignore[no-untyped-def]
    [result] = poll_all(
        sessions, ingest=default_ingest(ctx), clock=lambda: at, owner="w", timeout=30
    )
    return result


def test_a_refused_login_holds_the_workers_polls_back_until_the_credentials_change(
    sessions, ctx, dovecot: DovecotServer, folder, add_mailbox
):
    dovecot.deliver("amazon", [sample_mail(900)], folder)
    add_mailbox("qq", folder, secret="wrong password")

    first = _worker_poll(sessions, ctx, NOW)
    held = _worker_poll(sessions, ctx, NOW + timedelta(minutes=4))
    second = _worker_poll(sessions, ctx, NOW + timedelta(minutes=6))
    by_hand = poll_all(
        sessions,
        ingest=default_ingest(ctx),
        clock=lambda: NOW + timedelta(minutes=7),
        owner="p",
        only="qq",
        timeout=30,
    )[0]

    assert first.error.get("wait_minutes") == 5, first
    assert held.skipped == "backoff"
    assert (second.error.get("auth_failures"), second.error.get("wait_minutes")) == (2, 10), second
    assert by_hand.skipped is None and by_hand.error["auth_failures"] == 3  # tried at once
    [view] = mailboxes.listed(sessions)
    assert "20 分钟" in mailboxes.error_words(view.last_error, "zh")
    assert "20 minutes" in mailboxes.error_words(view.last_error, "en")

    mailboxes.change(
        sessions,
        "qq",
        mailboxes.MailboxInput(secret=dovecot.users["amazon"]),
        now=NOW + timedelta(minutes=8),
    )
    fixed = _worker_poll(sessions, ctx, NOW + timedelta(minutes=9))

    assert fixed.ok and fixed.read == 1
    assert mailboxes.listed(sessions)[0].last_error is None


def test_a_refused_connection_test_counts_toward_the_wait(
    sessions, ctx, dovecot: DovecotServer, folder, add_mailbox
):
    add_mailbox("probe", folder, secret="wrong password")

    imap_poll.check_connection(sessions, "probe", now=NOW, timeout=30)
    again = imap_poll.check_connection(
        sessions, "probe", now=NOW + timedelta(minutes=1), timeout=30
    )

    assert again.error["auth_failures"] == 2
    assert _worker_poll(sessions, ctx, NOW + timedelta(minutes=2)).skipped == "backoff"
