"""E-mail alerts against a real aiosmtpd on loopback behind TLS with AUTH required: STARTTLS
and implicit TLS (SMTPS), a self-signed certificate made for the test. Certificates are
verified by default (the channel's CA file trusts a self-hosted server; turning it off is
explicit), and each mistake a person can make comes back as a code the catalogs word."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from sellerdesk.core.alerts.channel import ChannelSettings, SmtpSettings
from sellerdesk.core.alerts.delivery import ChannelKind, Outcome
from sellerdesk.core.i18n import t
from sellerdesk.services.alerts.channel_views import answer_words
from sellerdesk.services.alerts.senders import send
from tests.receivers.smtp_receiver import SmtpReceiver
from tests.receivers.smtp_tls_receiver import (
    PASSWORD,
    USER,
    Certificate,
    self_signed,
    tls_smtp_receiver,
)
from tests.receivers.support import EN, ZH, now

EMAIL = ChannelKind.EMAIL
# the SMTPS receiver lets AUTH through without STARTTLS: its every byte is TLS already
pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")


@pytest.fixture
def made(tmp_path: Path) -> Certificate:
    return self_signed(tmp_path / "tls")


@pytest.fixture
def starttls(made: Certificate) -> Iterator[SmtpReceiver]:
    with tls_smtp_receiver(made, implicit=False) as receiver:
        yield receiver


@pytest.fixture
def smtps(made: Certificate) -> Iterator[SmtpReceiver]:
    with tls_smtp_receiver(made, implicit=True) as receiver:
        yield receiver


def channel(receiver: SmtpReceiver, security: str, **kw) -> ChannelSettings:  # type: ignore[no-untyped-def]
    kw.setdefault("user", USER)
    kw.setdefault("password", PASSWORD)
    smtp = SmtpSettings(
        host=receiver.host,
        port=receiver.port,
        security=security,
        sender="desk@example.com",
        recipients=("li.na@example.com",),
        **kw,
    )
    return ChannelSettings(kind=EMAIL, name="mail", smtp=smtp, timeout_seconds=3)


def test_starttls_with_the_servers_ca_file_logs_in_and_delivers(starttls, made):
    result = send(channel(starttls, "starttls", ca_file=str(made.cert)), ZH, now=now())
    assert result.outcome is Outcome.DELIVERED, result.detail
    [got] = starttls.messages
    assert got.recipients == ["li.na@example.com"] and got.message["Subject"] == ZH.title


def test_implicit_tls_with_the_servers_ca_file_logs_in_and_delivers(smtps, made):
    result = send(channel(smtps, "tls", ca_file=str(made.cert)), EN, now=now())
    assert result.outcome is Outcome.DELIVERED, result.detail
    assert len(smtps.messages) == 1


@pytest.mark.parametrize("security", ["starttls", "tls"])
def test_a_self_signed_server_is_not_trusted_without_its_ca_file(security, made):
    with tls_smtp_receiver(made, implicit=security == "tls") as server:
        result = send(channel(server, security), EN, now=now())
        assert (result.outcome, result.vendor_code) == (Outcome.PERMANENT, "cert")
        assert server.messages == []


def test_verification_turned_off_explicitly_delivers_to_the_self_signed_server(smtps):
    result = send(channel(smtps, "tls", verify=False), EN, now=now())
    assert result.outcome is Outcome.DELIVERED, result.detail


@pytest.mark.parametrize("security", ["starttls", "tls"])
def test_a_wrong_password_is_refused_as_a_login_problem(security, made):
    with tls_smtp_receiver(made, implicit=security == "tls") as server:
        settings = channel(server, security, ca_file=str(made.cert), password="wrong")
        result = send(settings, EN, now=now())
        assert (result.outcome, result.vendor_code) == (Outcome.PERMANENT, "auth")
        assert server.messages == []


def test_a_server_wanting_starttls_while_the_channel_says_plain_is_named(starttls):
    result = send(channel(starttls, "none"), EN, now=now())
    assert (result.outcome, result.vendor_code) == (Outcome.PERMANENT, "starttls_needed")
    without_login = send(channel(starttls, "none", user=None, password=None), EN, now=now())
    assert without_login.vendor_code == "starttls_needed"


@pytest.mark.parametrize("security", ["none", "starttls"])
def test_plain_words_to_a_tls_port_are_named_as_such(security, smtps):
    result = send(channel(smtps, security), EN, now=now())
    assert (result.outcome, result.vendor_code) == (Outcome.PERMANENT, "tls_port")


def test_tls_to_a_starttls_port_is_named_as_such(starttls, made):
    result = send(channel(starttls, "tls", ca_file=str(made.cert)), EN, now=now())
    assert (result.outcome, result.vendor_code) == (Outcome.PERMANENT, "not_tls_port")


def test_the_send_test_answer_says_what_to_fix_in_chinese_and_english(starttls, made):
    bad = send(channel(starttls, "starttls", ca_file=str(made.cert), password="x"), EN, now=now())
    zh, en = answer_words(EMAIL, bad, "zh"), answer_words(EMAIL, bad, "en")
    assert t("alert_channels.code.email.auth", "zh") in zh and "授权码" in zh
    assert "refused the login" in en and "app password" in en
    untrusted = send(channel(starttls, "starttls"), EN, now=now())
    assert "CA 证书文件" in answer_words(EMAIL, untrusted, "zh")
    assert "not trusted" in answer_words(EMAIL, untrusted, "en")
