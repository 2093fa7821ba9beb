"""Mailboxes as configuration (services/mail/mailboxes.py) and the worker's poll job
(worker/mail_poll.py), on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest

from sellerdesk.core.errors import Conflict, InvalidInput, NotFound
from sellerdesk.services.mail import mailboxes
from sellerdesk.services.mail.mailboxes import MailboxInput
from sellerdesk.settings import Settings
from sellerdesk.worker.mail_poll import mail_poll_job, poll_interval
from tests.mail_server import DovecotServer, sample_mail
from tests.services.case_fixtures import NOW


def _given(**kw):  # type: ignore[no-untyped-def]
    kw.setdefault("host", "imap.example.com")
    kw.setdefault("username", "team@example.com")
    kw.setdefault("credential", "env:SD_NONE")
    return MailboxInput(**kw)


def test_a_mailbox_gets_the_port_of_its_security_and_is_never_changed_on_the_server_by_default(
    sessions,
):
    tls = mailboxes.add(sessions, "a", _given(), now=NOW)
    starttls = mailboxes.add(sessions, "b", _given(security="starttls"), now=NOW)
    assert (tls.port, starttls.port, tls.folder) == (993, 143, "INBOX")
    assert not tls.mark_seen and tls.move_to is None and tls.enabled
    assert tls.secret.state == "missing" and tls.secret.problem == "mailbox.secret.env_missing"


@pytest.mark.parametrize(
    ("given", "field"),
    [
        ({"security": "none"}, "security"),
        ({"security": "ssl"}, "security"),
        ({"port": 70000}, "port"),
        ({"security": "starttls", "port": 993}, "port"),
        ({"credential": "hunter2"}, "credential"),
        ({"host": "  "}, "host"),
        ({"folder": "a\nb"}, "folder"),
        ({"ca_file": "/nonexistent/ca.pem"}, "ca_file"),
    ],
)
def test_bad_settings_are_refused_naming_the_field(sessions, given, field):
    with pytest.raises(InvalidInput) as refused:
        mailboxes.add(sessions, "bad", _given(**given), now=NOW)
    assert refused.value.field == field
    assert mailboxes.listed(sessions) == []


def test_unencrypted_is_allowed_on_loopback_only_with_a_warning(sessions):
    view = mailboxes.add(sessions, "local", _given(host="127.0.0.1", security="none"), now=NOW)
    assert view.port == 143 and "mailbox.warn.unencrypted" in view.warnings


def test_keys_are_unique_readable_and_not_mail_cores_own_sources(sessions):
    mailboxes.add(sessions, "amazon-us", _given(), now=NOW)
    with pytest.raises(Conflict):
        mailboxes.add(sessions, "Amazon-US", _given(), now=NOW)
    for key in ("file", "upload", "has space", "a:b", ""):
        with pytest.raises(InvalidInput):
            mailboxes.add(sessions, key, _given(), now=NOW)
    with pytest.raises(NotFound):
        mailboxes.change(sessions, "nobody", _given(), now=NOW)


def test_a_pasted_secret_replaces_a_reference_and_a_reference_replaces_it(sessions):
    mailboxes.add(sessions, "m", _given(secret="pasted"), now=NOW)
    assert mailboxes.one(sessions, "m").credential == "stored"
    assert mailboxes.one(sessions, "m").secret.state == "set"
    mailboxes.change(sessions, "m", MailboxInput(folder="Amazon"), now=NOW)  # secret kept
    assert mailboxes.one(sessions, "m").secret.state == "set"
    mailboxes.change(sessions, "m", MailboxInput(credential="env:SD_NONE"), now=NOW)
    view = mailboxes.one(sessions, "m")
    assert view.credential == "env:SD_NONE" and view.secret.state == "missing"


def test_the_store_is_named_and_an_unknown_one_refused(sessions, ctx):
    from sellerdesk.services import stores

    stores.add(sessions=sessions, now=NOW, ctx=ctx, name="acme", region="na", marketplaces=["US"])
    assert mailboxes.add(sessions, "s", _given(store="acme"), now=NOW).store_name == "acme"
    with pytest.raises(NotFound) as refused:
        mailboxes.add(sessions, "t", _given(store="nope"), now=NOW)
    assert refused.value.field == "store"


def test_the_worker_polls_each_mailbox_once_per_interval(
    sessions, ctx, dovecot: DovecotServer, folder, add_mailbox, tmp_path
):
    dovecot.deliver("amazon", [sample_mail(8100)], folder)
    add_mailbox("w", folder)
    settings = Settings(home=tmp_path / "home", database_url="sqlite://")
    (tmp_path / "home").mkdir()
    settings.config_path.write_text('"mail.poll_interval" = 300\n')
    assert poll_interval(settings) == 300
    said: list[str] = []
    job = mail_poll_job(sessions, settings, ctx, worker_id="w1", say=said.append)
    job(NOW)
    assert said and "w: 1 new" in said[0]
    dovecot.deliver("amazon", [sample_mail(8101)], folder)
    job(NOW + timedelta(seconds=60))  # not due yet
    assert mailboxes.one(sessions, "w").last_uid == 1
    job(NOW + timedelta(seconds=301))
    assert mailboxes.one(sessions, "w").last_uid == 2


def test_a_failing_mailbox_is_said_once_until_it_changes(
    sessions, ctx, dovecot: DovecotServer, folder, add_mailbox, tmp_path
):
    add_mailbox("f", folder, secret="wrong")
    said: list[str] = []
    settings = Settings(home=tmp_path, database_url="sqlite://")
    job = mail_poll_job(sessions, settings, ctx, worker_id="w1", say=said.append)
    for minutes in (0, 5, 10):
        job(NOW + timedelta(minutes=minutes))
    assert len(said) == 1 and "refused the login" in said[0]
    assert job.failing == {"f"} and job.failed is False
