"""Polling real IMAP mailboxes (dovecot on loopback), on SQLite and PostgreSQL."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from sellerdesk.services.mail import imap_poll
from sellerdesk.services.mail.imap_poll import default_ingest, poll_all, poll_mailbox
from sellerdesk.services.tracker import TrackerContext
from sellerdesk.storage.schema import mail_messages
from tests.mail_server import DovecotServer, sample_mail
from tests.services.case_fixtures import NOW


def clock_at(moment: Any = NOW) -> Callable[[], Any]:
    return lambda: moment


def mail_rows(sessions: sessionmaker[Session], key: str) -> list[str]:
    with sessions() as session:
        return list(
            session.scalars(
                select(mail_messages.c.message_id).where(mail_messages.c.source_key == key)
            )
        )


def count_rows(sessions: sessionmaker[Session]) -> int:
    with sessions() as session:
        return int(session.scalar(select(func.count()).select_from(mail_messages)) or 0)


def poll(sessions: sessionmaker[Session], ctx: TrackerContext, key: str, **kw: Any) -> Any:
    kw.setdefault("clock", clock_at())
    kw.setdefault("owner", "test")
    return poll_mailbox(sessions, key, ingest=default_ingest(ctx), **kw)


def test_a_poll_over_imaps_files_every_new_message_once_and_leaves_them_unread(
    sessions, ctx, dovecot: DovecotServer, folder, add_mailbox
):
    dovecot.deliver("amazon", [sample_mail(i, subject=f"Hello {folder}") for i in range(5)], folder)
    add_mailbox("us", folder)
    result = poll(sessions, ctx, "us")
    assert result.ok and result.read == 5 and result.last_uid == 5, result
    assert len(mail_rows(sessions, "us")) == 5
    again = poll(sessions, ctx, "us")
    assert again.ok and again.read == 0
    assert len(mail_rows(sessions, "us")) == 5
    with dovecot.mailbox("amazon") as box:
        box.folder.set(folder)
        assert all("\\Seen" not in m.flags for m in box.fetch(mark_seen=False, headers_only=True))


def test_a_poll_over_starttls_reads_the_mail_too(
    sessions, ctx, dovecot: DovecotServer, folder, add_mailbox
):
    dovecot.deliver("amazon", [sample_mail(i + 100) for i in range(2)], folder)
    add_mailbox("plain", folder, security="starttls")
    result = poll(sessions, ctx, "plain")
    assert result.ok and result.read == 2, result


def test_a_checkpoint_carries_across_polls_nothing_read_twice_or_skipped(
    sessions, ctx, dovecot: DovecotServer, folder, add_mailbox
):
    add_mailbox("ck", folder)
    dovecot.deliver("amazon", [sample_mail(i + 200) for i in range(3)], folder)
    first = poll(sessions, ctx, "ck")
    dovecot.deliver("amazon", [sample_mail(i + 300) for i in range(4)], folder)
    second = poll(sessions, ctx, "ck", batch=2)
    assert (first.read, second.read, second.last_uid) == (3, 4, 7)
    assert second.counts["duplicate"] == 0
    assert len(set(mail_rows(sessions, "ck"))) == 7


def test_a_new_uidvalidity_reads_the_folder_again_without_filing_anything_twice(
    sessions, ctx, dovecot: DovecotServer, folder, add_mailbox
):
    add_mailbox("uv", folder)
    mails = [sample_mail(i + 400) for i in range(3)]
    dovecot.deliver("amazon", mails, folder)
    first = poll(sessions, ctx, "uv")
    dovecot.recreate_folder("amazon", folder)
    dovecot.deliver("amazon", [*mails, sample_mail(499)], folder)
    second = poll(sessions, ctx, "uv")
    assert second.ok and second.rescanned and second.uidvalidity != first.uidvalidity
    assert second.counts["duplicate"] == 3 and second.read == 4
    assert len(mail_rows(sessions, "uv")) == 4


def test_a_wrong_password_is_recorded_in_words_and_the_other_mailboxes_still_poll(
    sessions, ctx, dovecot: DovecotServer, folder, add_mailbox
):
    dovecot.deliver("amazon", [sample_mail(i + 500) for i in range(2)], folder)
    add_mailbox("bad", folder, secret="wrong password")
    add_mailbox("down", folder, port=1)  # nothing listens there
    add_mailbox("good", folder)
    results = {
        r.key: r
        for r in poll_all(
            sessions, ingest=default_ingest(ctx), clock=clock_at(), owner="t", timeout=5
        )
    }
    assert results["bad"].error["key"] == "mailbox.error.login_failed"
    assert results["down"].error["key"] == "mailbox.error.refused"
    assert results["good"].ok and results["good"].read == 2
    from sellerdesk.services.mail import mailboxes

    status = {v.key: v for v in mailboxes.listed(sessions)}
    assert status["bad"].last_error["key"] == "mailbox.error.login_failed"
    assert status["bad"].last_success_at is None and status["bad"].last_poll_at is not None
    assert status["good"].last_error is None and status["good"].counts["read"] == 2


def test_a_server_certificate_not_signed_by_a_trusted_ca_is_a_tls_failure(
    sessions, ctx, dovecot: DovecotServer, folder, add_mailbox
):
    add_mailbox("untrusted", folder, ca_file="")
    result = poll(sessions, ctx, "untrusted")
    assert result.error["key"] == "mailbox.error.tls_untrusted"


def test_a_secret_from_the_environment_or_a_secrets_file_logs_in(
    sessions, ctx, dovecot: DovecotServer, folder, add_mailbox, tmp_path, monkeypatch
):
    dovecot.deliver("amazon", [sample_mail(600)], folder)
    monkeypatch.setenv("SD_TEST_IMAP", dovecot.users["amazon"])
    secrets = tmp_path / "secrets.toml"
    secrets.write_text(f'[mailboxes]\nfromfile = "{dovecot.users["amazon"]}"\n')
    os.chmod(secrets, 0o600)
    add_mailbox("fromenv", folder, secret=None, credential="env:SD_TEST_IMAP")
    add_mailbox("fromfile", folder, secret=None, credential=f"file:{secrets}")
    assert poll(sessions, ctx, "fromenv").read == 1
    assert poll(sessions, ctx, "fromfile").read == 1
    monkeypatch.delenv("SD_TEST_IMAP")
    missing = poll(sessions, ctx, "fromenv")
    assert missing.error["key"] == "mailbox.secret.env_missing"


def test_a_mailbox_another_worker_is_polling_is_skipped(
    sessions, ctx, dovecot: DovecotServer, folder, add_mailbox
):
    dovecot.deliver("amazon", [], folder)
    add_mailbox("leased", folder)
    from sellerdesk.storage.repositories import mailboxes as repo

    with sessions.begin() as session:
        assert repo.claim(
            session, "leased", owner="other", now=NOW, until=NOW + timedelta(minutes=5)
        )
    assert poll(sessions, ctx, "leased").skipped == "busy"
    later = poll(sessions, ctx, "leased", clock=clock_at(NOW + timedelta(minutes=6)))
    assert later.ok and later.skipped is None


def test_mark_seen_and_move_after_filing_happen_only_when_configured(
    sessions, ctx, dovecot: DovecotServer, folder, add_mailbox
):
    dovecot.deliver("amazon", [sample_mail(700), sample_mail(701)], folder)
    dovecot.deliver("amazon", [], f"{folder}-done")
    add_mailbox("tidy", folder, mark_seen=True, move_to=f"{folder}-done")
    assert poll(sessions, ctx, "tidy").read == 2
    with dovecot.mailbox("amazon") as box:
        box.folder.set(folder)
        assert list(box.fetch(mark_seen=False)) == []
        box.folder.set(f"{folder}-done")
        moved = list(box.fetch(mark_seen=False, headers_only=True))
        assert len(moved) == 2 and all("\\Seen" in m.flags for m in moved)


def test_check_connection_says_how_many_messages_and_never_reads_them(
    sessions, ctx, dovecot: DovecotServer, folder, add_mailbox
):
    dovecot.deliver("amazon", [sample_mail(800)], folder)
    add_mailbox("probe", folder)
    result = imap_poll.check_connection(sessions, "probe", now=NOW)
    assert result.ok and result.messages == 1
    assert count_rows(sessions) == 0


def test_a_connection_test_records_its_outcome_and_time_as_the_mailbox_status(
    sessions, ctx, dovecot: DovecotServer, folder, add_mailbox
):
    from sellerdesk.services.mail import mailboxes

    dovecot.deliver("amazon", [sample_mail(820)], folder)
    add_mailbox("probe", folder, secret="wrong password")
    failed = imap_poll.check_connection(sessions, "probe", now=NOW, timeout=5)
    [view] = mailboxes.listed(sessions)
    assert not failed.ok and view.last_error == failed.error
    assert view.last_error["key"] == "mailbox.error.login_failed"
    assert (view.last_test_at, view.tested_last) == (NOW, True)
    assert view.last_poll_at is None  # a test is not a poll: the poll's schedule stays

    mailboxes.change(
        sessions, "probe", mailboxes.MailboxInput(secret=dovecot.users["amazon"]), now=NOW
    )
    fixed = imap_poll.check_connection(sessions, "probe", now=NOW + timedelta(minutes=5))
    [view] = mailboxes.listed(sessions)
    assert fixed.ok and view.last_error is None
    assert view.last_test_at == NOW + timedelta(minutes=5)

    later = clock_at(NOW + timedelta(minutes=10))
    poll_all(sessions, ingest=default_ingest(ctx), clock=later, owner="t", timeout=5)
    [view] = mailboxes.listed(sessions)
    assert view.last_poll_at is not None and not view.tested_last


def test_batches_hold_a_few_messages_or_one_big_one():
    sizes = {1: 10, 2: 10, 3: 100, 4: 10, 5: 10}
    imap_poll.BATCH_BYTES, saved = 50, imap_poll.BATCH_BYTES
    try:
        assert list(imap_poll._batches([1, 2, 3, 4, 5], sizes, 25)) == [[1, 2], [3], [4, 5]]
        assert list(imap_poll._batches([1, 2, 3, 4, 5], sizes, 1)) == [[1], [2], [3], [4], [5]]
    finally:
        imap_poll.BATCH_BYTES = saved


def test_a_poll_with_byte_limited_batches_still_reads_every_message_once(
    sessions, ctx, dovecot: DovecotServer, folder, add_mailbox, monkeypatch
):
    big = sample_mail(900).replace(b"Message number", b"x" * 5000 + b"\r\nMessage number")
    dovecot.deliver("amazon", [big, *(sample_mail(901 + i) for i in range(4))], folder)
    add_mailbox("sized", folder)
    monkeypatch.setattr(imap_poll, "BATCH_BYTES", 1500)
    result = poll(sessions, ctx, "sized")
    assert result.ok and result.read == 5 and result.counts["duplicate"] == 0


def test_a_server_that_never_answers_is_a_timeout_in_words(sessions, ctx, folder, add_mailbox):
    import socket

    with socket.socket() as silent:  # accepts the connection, never says a word
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)
        add_mailbox("silent", folder, port=silent.getsockname()[1])
        result = poll(sessions, ctx, "silent", timeout=1)
    assert result.error["key"] == "mailbox.error.timeout"


def test_a_message_the_tracker_cannot_take_stops_the_poll_there_without_losing_it(
    sessions, ctx, dovecot: DovecotServer, folder, add_mailbox
):
    dovecot.deliver("amazon", [sample_mail(950 + i) for i in range(3)], folder)
    add_mailbox("poison", folder)
    real = default_ingest(ctx)

    def fails_on_second(session, raw, source, now):  # type: ignore[no-untyped-def]
        if b"#951\r\n" in raw:
            raise RuntimeError("boom")
        return real(session, raw, source, now)

    broken = poll_mailbox(
        sessions, "poison", ingest=fails_on_second, clock=clock_at(), owner="test"
    )
    assert broken.error["key"] == "mailbox.error.message_failed" and broken.read == 1
    assert broken.error["values"]["uid"] == "2"
    fixed = poll(sessions, ctx, "poison")
    assert fixed.ok and fixed.read == 2 and len(mail_rows(sessions, "poison")) == 3


def test_pointing_a_mailbox_at_another_folder_reads_that_folder_from_its_start(
    sessions, ctx, dovecot: DovecotServer, folder, add_mailbox
):
    from sellerdesk.services.mail import mailboxes

    dovecot.deliver("amazon", [sample_mail(960 + i) for i in range(3)], folder)
    dovecot.deliver("amazon", [sample_mail(970 + i) for i in range(2)], f"{folder}-b")
    add_mailbox("moved", folder)
    assert poll(sessions, ctx, "moved").last_uid == 3
    mailboxes.change(sessions, "moved", mailboxes.MailboxInput(folder=f"{folder}-b"), now=NOW)
    assert mailboxes.one(sessions, "moved").last_uid == 0
    again = poll(sessions, ctx, "moved")
    assert again.read == 2 and len(mail_rows(sessions, "moved")) == 5


def test_unencrypted_imap_to_a_server_on_this_machine_reads_the_mail_too(
    sessions, ctx, dovecot: DovecotServer, folder, add_mailbox
):
    dovecot.deliver("amazon", [sample_mail(980)], folder)
    view = add_mailbox("local", folder, security="none", ca_file="")
    assert "mailbox.warn.unencrypted" in view.warnings
    assert poll(sessions, ctx, "local").read == 1
