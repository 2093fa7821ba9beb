"""An e-mail channel's trust: a CA file checked when it is set (it exists, it is a PEM
certificate), verification off only when said so, and a Send test against a real STARTTLS
server that records what went wrong so the channel's status says it in zh and en; on SQLite
and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest

from sellerdesk.core.errors import InvalidInput
from sellerdesk.core.i18n import t
from sellerdesk.services.alerts import channels
from sellerdesk.services.alerts.channel_input import ChannelInput
from tests.receivers.smtp_tls_receiver import PASSWORD, USER, self_signed, tls_smtp_receiver
from tests.services.case_fixtures import NOW


def add(sessions, ctx, **fields):  # type: ignore[no-untyped-def]
    base = {
        "name": "mail",
        "kind": "email",
        "smtp_host": "127.0.0.1",
        "smtp_from": "desk@example.com",
        "smtp_to": "ops@example.com",
    }
    return channels.add(
        sessions=sessions, now=NOW, ctx=ctx, data=ChannelInput(**{**base, **fields})
    )


def test_a_ca_file_that_is_not_there_or_not_a_pem_certificate_is_refused_naming_the_field(
    sessions, ctx, tmp_path: Path
):
    words = tmp_path / "ca.pem"
    words.write_text("not a certificate", encoding="utf-8")
    for path, key in ((tmp_path / "missing.pem", "ca_missing"), (words, "ca_not_pem")):
        with pytest.raises(InvalidInput) as caught:
            add(sessions, ctx, smtp_ca_file=str(path))
        assert caught.value.field == "smtp-ca-file" and caught.value.fix
        assert caught.value.key == f"alert_channel.{key}"
    assert channels.list_channels(sessions=sessions) == []


def test_the_sender_verifies_by_default_and_uses_the_channels_ca_file(
    sessions, ctx, tmp_path: Path
):
    made = self_signed(tmp_path / "tls")
    view = add(sessions, ctx, smtp_ca_file=str(made.cert))
    assert view.smtp_ca_file == str(made.cert.resolve()) and not view.smtp_skip_verify
    with sessions() as session:
        settings = channels.sender_settings(session, view.id)
    assert settings is not None and settings.smtp is not None
    assert (settings.smtp.ca_file, settings.smtp.verify) == (str(made.cert.resolve()), True)


def test_verification_is_off_only_when_a_person_turns_it_off(sessions, ctx):
    view = add(sessions, ctx)
    assert not view.smtp_skip_verify
    off = channels.edit(
        sessions=sessions, now=NOW, ctx=ctx, name="mail",
        changes=ChannelInput(smtp_skip_verify=True),
    )  # fmt: skip
    with sessions() as session:
        settings = channels.sender_settings(session, off.id)
    assert off.smtp_skip_verify and settings is not None and settings.smtp is not None
    assert settings.smtp.verify is False


def test_a_send_test_with_a_wrong_password_leaves_the_status_saying_so(
    sessions, ctx, tmp_path: Path
):
    made = self_signed(tmp_path / "tls")
    with tls_smtp_receiver(made, implicit=False) as server:
        add(
            sessions, ctx, smtp_port=server.port, smtp_ca_file=str(made.cert),
            smtp_user=USER, smtp_password=PASSWORD + "x",
        )  # fmt: skip
        answer = channels.send_test(sessions=sessions, now=NOW, name="mail", lang="zh")
        assert "SMTP 服务器拒绝登录" in answer.words
        assert answer.channel.last_test_key == "alert_channels.code.email.auth"
        [listed] = channels.list_channels(sessions=sessions)
        assert t(listed.last_test_key, "en").startswith("The SMTP server refused the login")
        channels.edit(
            sessions=sessions, now=NOW, ctx=ctx, name="mail",
            changes=ChannelInput(smtp_password=PASSWORD),
        )  # fmt: skip
        fixed = channels.send_test(sessions=sessions, now=NOW, name="mail", lang="en")
        assert fixed.result.outcome.value == "delivered" and fixed.channel.last_test_key == ""
        assert len(server.messages) == 1
