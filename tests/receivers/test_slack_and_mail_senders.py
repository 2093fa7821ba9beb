"""Slack's incoming webhook and e-mail over SMTP, against loopback receivers."""

from __future__ import annotations

from dataclasses import replace

from sellerdesk.core.alerts.channel import ChannelSettings, SmtpSettings
from sellerdesk.core.alerts.delivery import ChannelKind, Outcome
from sellerdesk.services.alerts.senders import send
from tests.receivers.smtp_receiver import SmtpReceiver, free_port
from tests.receivers.support import EN, LINK, ZH, channel, long_zh, now

SLACK = ChannelKind.SLACK


def test_a_slack_alert_uses_blocks_and_mentions_members(slack):
    result = send(channel(SLACK, slack.url), EN, now=now())
    assert result.outcome is Outcome.DELIVERED, result.detail
    body = slack.accepted()[0].json
    section = body["blocks"][1]["text"]["text"]
    assert body["blocks"][0]["text"]["text"] == EN.title
    assert "<@zhangwei>" in section and f"<{LINK}|Open the case>" in section
    assert body["text"]  # the notification's fallback line


def test_a_slack_text_alert_escapes_its_control_characters(slack):
    message = EN.__class__(title="A < B & C", text="x > y", link=LINK, lang="en")
    send(channel(SLACK, slack.url, message_format="text"), message, now=now())
    text = slack.accepted()[0].json["text"]
    assert "A &lt; B &amp; C" in text and "x &gt; y" in text


def test_a_long_slack_section_stays_under_3000_characters(slack):
    assert send(channel(SLACK, slack.url), long_zh(5000), now=now()).outcome is Outcome.DELIVERED


def test_slack_refusals_are_permanent_and_429_waits_as_told(slack):
    slack.plan("bad_key", "rate_limit", "server_error")
    bad = send(channel(SLACK, slack.url), EN, now=now())
    limited = send(channel(SLACK, slack.url), EN, now=now())
    fault = send(channel(SLACK, slack.url), EN, now=now())
    gone = send(channel(SLACK, slack.url + "x"), EN, now=now())
    assert (bad.outcome, bad.vendor_code, bad.http_status) == (
        Outcome.PERMANENT,
        "invalid_token",
        403,
    )
    assert (limited.outcome, limited.retry_after_seconds) == (Outcome.RATE_LIMITED, 7)
    assert fault.outcome is Outcome.TRANSIENT
    assert (gone.outcome, gone.vendor_code, gone.http_status) == (
        Outcome.PERMANENT,
        "no_service",
        404,
    )


def mail_channel(receiver: SmtpReceiver, **kw) -> ChannelSettings:  # type: ignore[no-untyped-def]
    smtp = SmtpSettings(
        host=receiver.host,
        port=receiver.port,
        security="none",
        sender="desk@example.com",
        recipients=("li.na@example.com", "ops@example.com"),
        **kw,
    )
    return ChannelSettings(kind=ChannelKind.EMAIL, name="mail", smtp=smtp, timeout_seconds=3)


def test_an_alert_mail_reaches_every_recipient_with_the_case_link(smtp):
    result = send(mail_channel(smtp), ZH, now=now())
    assert result.outcome is Outcome.DELIVERED, result.detail
    [got] = smtp.messages
    assert got.recipients == ["li.na@example.com", "ops@example.com"]
    mail = got.message
    assert mail["Subject"] == ZH.title
    assert mail["Auto-Submitted"] == "auto-generated"
    body = mail.get_content()
    assert ZH.text in body and f"打开案例: {LINK}" in body


def test_a_long_alert_mail_is_kept_whole_up_to_its_limit(smtp):
    send(mail_channel(smtp), long_zh(3000), now=now())
    assert long_zh(3000).text in smtp.messages[0].message.get_content()


def test_a_refused_recipient_is_permanent_and_a_busy_mailbox_is_transient(smtp):
    smtp.refuse_rcpt = "550 5.1.1 no such user"
    refused = send(mail_channel(smtp), EN, now=now())
    smtp.refuse_rcpt = "450 4.2.1 mailbox busy"
    busy = send(mail_channel(smtp), EN, now=now())
    assert (refused.outcome, refused.vendor_code) == (Outcome.PERMANENT, "550")
    assert (busy.outcome, busy.vendor_code) == (Outcome.TRANSIENT, "450")
    assert smtp.messages == []


def test_no_smtp_server_listening_is_transient():
    receiver = SmtpReceiver(port=free_port())
    assert send(mail_channel(receiver), EN, now=now()).outcome is Outcome.TRANSIENT


def test_starttls_to_a_server_without_it_is_permanent(smtp):
    settings = mail_channel(smtp)
    assert settings.smtp is not None
    starttls = ChannelSettings(
        kind=ChannelKind.EMAIL,
        smtp=replace(settings.smtp, security="starttls"),
        timeout_seconds=3,
    )
    result = send(starttls, EN, now=now())
    assert result.outcome is Outcome.PERMANENT
