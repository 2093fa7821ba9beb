"""Alert channels: configured by admins, secrets never shown back, Send test in words."""

from __future__ import annotations

import pytest

from sellerdesk.core.access import Principal
from sellerdesk.core.alerts.delivery import ChannelKind, DeliveryResult, Outcome
from sellerdesk.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from sellerdesk.services.alerts import channels
from sellerdesk.services.alerts.channel_input import ChannelInput
from tests.services.case_fixtures import NOW

WECOM_URL = (
    "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx-4bc4-97a0-0ec2sifa1a2b"
)
DING_URL = "https://oapi.dingtalk.com/robot/send?access_token=9f1e0a7bd3c24ed1b4c0a1b2"
ADMIN = Principal(name="li", role="admin")
AGENT = Principal(name="wang", role="agent")


def add(sessions, ctx, **fields):  # type: ignore[no-untyped-def]
    return channels.add(sessions=sessions, now=NOW, ctx=ctx, data=ChannelInput(**fields))


def test_a_wecom_channel_is_listed_with_its_webhook_masked(sessions, ctx):
    view = add(sessions, ctx, name="US team", kind="wecom", webhook=WECOM_URL)
    assert view.target == "https://qyapi.weixin.qq.com/…key=••••1a2b"
    [listed] = channels.list_channels(sessions=sessions)
    assert listed == view and listed.kind is ChannelKind.WECOM and listed.enabled
    assert "693a91f6" not in repr(listed)


def test_the_sender_gets_the_secrets_the_page_never_sees(sessions, ctx):
    view = add(
        sessions,
        ctx,
        name="钉钉群",
        kind="dingtalk",
        webhook=DING_URL,
        signing_secret="SECabc123",
        keyword="提醒",
    )
    assert view.signed and view.keyword == "提醒" and "SECabc123" not in repr(view)
    with sessions() as session:
        settings = channels.sender_settings(session, view.id)
    assert settings is not None
    assert (settings.webhook, settings.signing_secret) == (DING_URL, "SECabc123")


def test_an_edit_keeps_unnamed_secrets_and_clears_one_given_empty(sessions, ctx):
    view = add(sessions, ctx, name="d", kind="dingtalk", webhook=DING_URL, signing_secret="SECx")
    edited = channels.edit(
        sessions=sessions, now=NOW, ctx=ctx, name="d", changes=ChannelInput(keyword="卖家")
    )
    assert edited.signed and edited.keyword == "卖家"
    cleared = channels.edit(
        sessions=sessions, now=NOW, ctx=ctx, name="d", changes=ChannelInput(signing_secret="")
    )
    assert not cleared.signed and cleared.id == view.id


def test_a_disabled_channel_gives_the_outbox_nothing(sessions, ctx):
    view = add(sessions, ctx, name="w", kind="wecom", webhook=WECOM_URL)
    channels.edit(
        sessions=sessions, now=NOW, ctx=ctx, name="w", changes=ChannelInput(enabled=False)
    )
    with sessions() as session:
        assert channels.sender_settings(session, view.id) is None


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"kind": "telegram", "webhook": WECOM_URL}, "kind"),
        ({"kind": "wecom", "webhook": "http://qyapi.weixin.qq.com/x?key=1"}, "webhook"),
        ({"kind": "wecom", "webhook": WECOM_URL, "keyword": "kw"}, "keyword"),
        (
            {
                "kind": "slack",
                "webhook": "https://hooks.slack.com/services/T/B/X",
                "signing_secret": "s",
            },
            "secret",
        ),
        ({"kind": "wecom", "webhook": WECOM_URL, "message_format": "post"}, "format"),
        (
            {"kind": "email", "smtp_host": "smtp.example.com", "smtp_from": "a@example.com"},
            "smtp-to",
        ),
        (
            {
                "kind": "email",
                "smtp_host": "smtp.example.com",
                "smtp_security": "none",
                "smtp_from": "a@example.com",
                "smtp_to": "b@example.com",
            },
            "smtp-security",
        ),
        (
            {
                "kind": "email",
                "smtp_host": "smtp.example.com",
                "smtp_from": "nobody",
                "smtp_to": "b@example.com",
            },
            "smtp-from",
        ),
    ],
)
def test_bad_input_names_its_field_and_writes_nothing(sessions, ctx, fields, field):
    with pytest.raises(InvalidInput) as caught:
        add(sessions, ctx, name="x", **fields)
    assert caught.value.field == field and caught.value.fix
    assert channels.list_channels(sessions=sessions) == []


def test_a_second_channel_of_the_same_name_is_a_conflict(sessions, ctx):
    add(sessions, ctx, name="ops", kind="wecom", webhook=WECOM_URL)
    with pytest.raises(Conflict):
        add(sessions, ctx, name="ops", kind="wecom", webhook=WECOM_URL)


def test_only_an_admin_configures_channels(sessions, ctx):
    with pytest.raises(Forbidden):
        channels.add(
            sessions=sessions,
            now=NOW,
            ctx=ctx,
            principal=AGENT,
            data=ChannelInput(name="x", kind="wecom", webhook=WECOM_URL),
        )
    with pytest.raises(Forbidden):
        channels.list_channels(sessions=sessions, principal=AGENT)
    assert channels.list_channels(sessions=sessions, principal=ADMIN) == []


def test_an_email_channel_defaults_to_starttls_on_587(sessions, ctx):
    view = add(
        sessions,
        ctx,
        name="mail",
        kind="email",
        smtp_host="smtp.exmail.qq.com",
        smtp_user="desk@example.com",
        smtp_password="pw",
        smtp_from="desk@example.com",
        smtp_to="a@example.com, b@example.com",
    )
    assert (view.smtp_security, view.smtp_port, view.has_password) == ("starttls", 587, True)
    assert view.smtp_to == ("a@example.com", "b@example.com")


def test_removing_a_channel_and_removing_one_that_is_not_there(sessions, ctx):
    add(sessions, ctx, name="w", kind="wecom", webhook=WECOM_URL)
    channels.remove(sessions=sessions, now=NOW, ctx=ctx, name="w")
    with pytest.raises(NotFound):
        channels.remove(sessions=sessions, now=NOW, ctx=ctx, name="w")


def test_send_test_records_the_answer_and_says_it_in_the_pages_language(sessions, ctx):
    add(sessions, ctx, name="w", kind="wecom", webhook=WECOM_URL)
    sent = []

    def refusing(settings, message, *, now):  # type: ignore[no-untyped-def]
        sent.append((settings, message))
        return DeliveryResult(
            Outcome.PERMANENT, "HTTP 200, code 93000: invalid webhook url", "93000", None, 200
        )

    answer = channels.send_test(sessions=sessions, now=NOW, name="w", lang="zh", sender=refusing)
    assert sent[0][0].webhook == WECOM_URL and sent[0][1].lang == "zh"
    assert answer.result.outcome is Outcome.PERMANENT
    assert "企业微信群机器人拒收了消息" in answer.words and "key 无效" in answer.words
    assert (answer.channel.last_test_outcome, answer.channel.last_test_at) == ("permanent", NOW)
    english = channels.send_test(sessions=sessions, now=NOW, name="w", lang="en", sender=refusing)
    assert "robot's key in the webhook address is not valid" in english.words


def test_send_test_reaches_a_real_webhook_on_loopback(sessions, ctx):
    from tests.receivers.vendors import WeComReceiver

    with WeComReceiver().running() as robot:
        add(sessions, ctx, name="loop", kind="wecom", webhook=robot.url)
        answer = channels.send_test(sessions=sessions, now=NOW, name="loop", lang="en")
    assert answer.result.outcome is Outcome.DELIVERED
    assert answer.words.startswith("WeCom group robot took the message")
    assert "Seller Desk test message" in robot.accepted()[0].json["markdown"]["content"]


def test_the_data_folder_can_lower_a_vendors_rate_limit(tmp_path):
    assert channels.vendor_limits(None)[ChannelKind.WECOM].per_minute == 20
    own = tmp_path / "alert_channels.toml"
    own.write_text("[rule.wecom]\nper_minute = 12\n", encoding="utf-8")
    assert channels.vendor_limits(tmp_path)[ChannelKind.WECOM].per_minute == 12
    assert channels.vendor_limits(tmp_path / "none")[ChannelKind.FEISHU].per_second == 5


def test_an_email_channels_send_test_speaks_of_the_inbox_not_a_group(sessions, ctx):
    add(
        sessions, ctx, name="mail", kind="email", smtp_host="127.0.0.1", smtp_port=2525,
        smtp_security="none", smtp_from="desk@example.cn", smtp_to="ops@example.cn, li@example.cn",
    )  # fmt: skip
    sent = []

    def taking(settings, message, *, now):  # type: ignore[no-untyped-def]
        sent.append(message)
        return DeliveryResult(Outcome.DELIVERED, "250 OK", None, None, None)

    english = channels.send_test(sessions=sessions, now=NOW, name="mail", lang="en", sender=taking)
    chinese = channels.send_test(sessions=sessions, now=NOW, name="mail", lang="zh", sender=taking)

    assert "in the inbox of ops@example.cn, li@example.cn" in english.words
    assert "ops@example.cn、li@example.cn 的收件箱" in chinese.words
    assert "group" not in english.words and "群" not in chinese.words
    assert sent[0].text.startswith("This inbox will receive") and "本群" not in sent[1].text
