"""The alert pages' refusals speak to a person (issue 17, new-user trial): a channel's name
or webhook over its limit is refused with the limit said, never cut short; a webhook is
shown as its host and last four characters; an @mention handle is checked for the form its
chat app can mention; no codes or commands in the words."""

from __future__ import annotations

import re

import pytest

from sellerdesk.core.alerts.channel import mask_webhook
from sellerdesk.core.alerts.delivery import ChannelKind, DeliveryResult, Outcome
from sellerdesk.services.alerts.channel_views import answer_words
from sellerdesk.services.alerts.routes_handles import HANDLE_FORMS
from tests.api.conftest import Api
from tests.api.web_support import browser, csrf_of
from tests.receivers.vendors import WeComReceiver


def _post(client, path: str, form: dict[str, str]):  # type: ignore[no-untyped-def]
    token = csrf_of(client.get(path).text)
    return client.post(path, data={"csrf_token": token, **form}, follow_redirects=False)


def _words(html: str) -> str:
    found = re.search(r'<p class="error" role="alert">(.*?)</p>', html, re.S)
    assert found, html[:2000]
    return re.sub(r"<[^>]+>", "", found.group(1))


@pytest.mark.parametrize(
    ("lang", "said"),
    [("zh", "渠道名称有 81 个字符，最多只能有 80 个"), ("en", "81 characters long")],
)
def test_a_channel_name_over_the_limit_is_refused_with_the_limit(
    api: Api, lang: str, said: str
) -> None:
    client = browser(api, "root", **{"Accept-Language": lang})
    page = client.get("/admin/alerts").text
    assert 'id="name" name="name" maxlength' not in page  # the browser never cuts it
    with WeComReceiver().running() as robot:
        refused = _post(
            client, "/admin/alerts",
            {"action": "add", "name": "n" * 81, "kind": "wecom", "webhook": robot.url},
        )  # fmt: skip
    assert refused.status_code == 422
    assert said in _words(refused.text) and 'href="#name"' in refused.text
    assert "n" * 81 not in client.get("/admin/alerts").text.split("add-channel")[0]


def test_a_webhook_over_2048_characters_is_refused_and_none_is_stored(api: Api) -> None:
    client = browser(api, "root", **{"Accept-Language": "en"})
    long_url = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=" + "a" * 6000
    form = {"action": "add", "name": "big", "kind": "wecom", "webhook": long_url}
    refused = _post(client, "/admin/alerts", form)
    assert refused.status_code == 422
    words = _words(refused.text)
    assert "6053 characters long" in words and "at most 2048" in words
    assert "a" * 100 not in refused.text
    assert "/admin/alerts/big" not in client.get("/admin/alerts").text


def test_a_webhook_is_shown_as_its_host_and_last_four_characters() -> None:
    hook = "https://open.feishu.cn/open-apis/bot/v2/hook/2a8f5c1e-9b7d-4e0f-a6c3-d1b2e3f4ef12"
    assert mask_webhook(hook) == "https://open.feishu.cn/…/••••ef12"
    odd = mask_webhook("https://" + "h" * 300 + ".example.com/x?" + "q" * 5000 + "wxyz")
    assert odd.endswith("••••wxyz") and len(odd) < 120


@pytest.mark.parametrize(
    ("kind", "good"),
    [
        ("wecom", "ZhangWei"), ("wecom", "13800138000"),
        ("dingtalk", "13800138000"), ("dingtalk", "manager4521"),
        ("feishu", "ou_84aad35d084aa403a838cf73ee18467"), ("feishu", "zhang.wei@example.com"),
        ("slack", "U024BE7LH"), ("slack", "W012A3CDE"), ("email", "a@example.com"),
    ],
)  # fmt: skip
def test_each_chat_apps_own_handle_forms_are_accepted(kind: str, good: str) -> None:
    assert HANDLE_FORMS[kind].fullmatch(good)


@pytest.mark.parametrize(
    ("kind", "bad", "zh", "en"),
    [
        ("wecom", "张 伟", "企业微信", "WeCom user ID"),
        ("dingtalk", "@zhang wei", "钉钉", "DingTalk user ID"),
        ("feishu", "zhangwei", "ou_", "open_id"),
        ("slack", "@zhangwei", "Slack 成员 ID", "member ID"),
        ("email", "zhang.wei", "邮箱地址", "e-mail address"),
    ],
)
def test_a_handle_not_in_its_apps_form_is_refused_naming_it_and_the_form(
    api: Api, kind: str, bad: str, zh: str, en: str
) -> None:
    for lang, form_words in (("zh-CN", zh), ("en", en)):
        client = browser(api, "viewer_n", **{"Accept-Language": lang})
        refused = _post(client, "/account/alert-handles", {f"handle_{kind}": bad})
        assert refused.status_code == 422
        words = _words(refused.text)
        assert f"“{bad}”" in words and form_words in words
        assert f'href="#handle_{kind}"' in refused.text


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_a_route_without_a_trigger_is_refused_in_words_without_codes(api: Api, lang: str) -> None:
    client = browser(api, "root", **{"Accept-Language": lang})
    with WeComReceiver().running() as robot:
        channel = {"action": "add", "name": "w", "kind": "wecom", "webhook": robot.url}
        _post(client, "/admin/alerts", channel)
    refused = _post(client, "/admin/alert-routes", {"action": "add", "channel": "w"})
    assert refused.status_code == 422
    words = _words(refused.text)
    assert "amazon-reply" not in words and "use one or more" not in words
    assert words[0].isupper() or not words[0].isascii()
    assert ("勾选" in words) if lang == "zh-CN" else ("Tick one or more events" in words)


def test_a_vendor_ending_in_a_latin_word_is_spaced_from_the_chinese_after_it() -> None:
    delivered = DeliveryResult(Outcome.DELIVERED)
    assert answer_words(ChannelKind.SLACK, delivered, "zh").startswith("Slack 传入 Webhook 已收下")
    assert answer_words(ChannelKind.WECOM, delivered, "zh").startswith("企业微信群机器人已收下")


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_the_admin_pages_say_how_in_words_not_file_paths_or_commands(
    api: Api, lang: str, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    client = browser(api, "root", **{"Accept-Language": lang})
    channels_page = client.get("/admin/alerts").text
    assert "docs/integrations.md" not in channels_page
    assert (
        ("群设置" in channels_page) if lang == "zh-CN" else ("Incoming Webhooks" in channels_page)
    )
    secrets = tmp_path / "secrets.toml"
    secrets.write_text('[mailboxes]\namazon-us = "pw"\n', encoding="utf-8")
    secrets.chmod(0o644)
    form = {
        "action": "add", "key": "amazon-us", "host": "imap.example.com", "security": "tls",
        "port": "993", "username": "amazon", "folder": "INBOX", "secret": "",
        "credential": f"file:{secrets}", "store": "north", "enabled": "yes",
    }  # fmt: skip
    _post(client, "/admin/mailboxes", form)
    page = client.get("/admin/mailboxes").text
    assert "chmod" not in page and "FILE" not in page
    said = "文件权限 600" if lang == "zh-CN" else "file permissions 600"
    assert said in page  # the permissions, said in words
