"""The admin's Alert channels page (web/admin_alerts.py): add a channel, see it masked,
Send test shows the vendor's answer in the page's language, edit keeps unshown secrets,
remove asks first; refusals name the field; admins only; CSRF checked."""

from __future__ import annotations

from tests.api.conftest import Api
from tests.api.web_support import browser, csrf_of
from tests.receivers.vendors import DingTalkReceiver, WeComReceiver


def _post(client, form: dict[str, str], page: str = "/admin/alerts"):  # type: ignore[no-untyped-def]
    token = csrf_of(client.get(page).text)
    return client.post("/admin/alerts", data={"csrf_token": token, **form}, follow_redirects=False)


def test_an_admin_adds_a_wecom_channel_sees_it_masked_and_sends_a_test(api: Api) -> None:
    client = browser(api, "root", **{"Accept-Language": "zh-CN"})
    with WeComReceiver().running() as robot:
        done = _post(
            client, {"action": "add", "name": "美国站群", "kind": "wecom", "webhook": robot.url}
        )
        assert done.status_code == 303
        page = client.get("/admin/alerts")
        assert "美国站群" in page.text and "key=••••1a2b" in page.text
        assert robot.key not in page.text
        tested = _post(client, {"action": "test", "original": "美国站群"})
    assert tested.status_code == 200
    assert "企业微信群机器人已收下消息" in tested.text
    assert "Seller Desk 测试消息" in robot.accepted()[0].json["markdown"]["content"]


def test_a_refused_test_is_explained_in_english_on_an_english_page(api: Api) -> None:
    client = browser(api, "root", **{"Accept-Language": "en"})
    with DingTalkReceiver().running() as robot:
        _post(client, {"action": "add", "name": "ding", "kind": "dingtalk", "webhook": robot.url,
                       "signing_secret": "SECwrong"})  # fmt: skip
        tested = _post(client, {"action": "test", "original": "ding"})
    assert "DingTalk custom robot refused the message" in tested.text
    assert "signing secret (SEC…)" in tested.text
    assert "SECwrong" not in client.get("/admin/alerts/ding").text


def test_edit_keeps_the_webhook_left_empty_and_remove_asks_first(api: Api) -> None:
    client = browser(api, "root", **{"Accept-Language": "zh-CN"})
    with WeComReceiver().running() as robot:
        _post(client, {"action": "add", "name": "w", "kind": "wecom", "webhook": robot.url})
        edit_page = client.get("/admin/alerts/w")
        assert robot.key not in edit_page.text
        form = {"action": "edit", "original": "w", "name": "w2", "webhook": "", "enabled": "yes"}
        saved = _post(client, form, page="/admin/alerts/w")
        assert saved.status_code == 303
        tested = _post(client, {"action": "test", "original": "w2"})
        assert "已收下消息" in tested.text  # the stored webhook was kept
    ask = _post(client, {"action": "remove", "original": "w2"})
    assert ask.status_code == 200 and 'name="confirm" value="yes"' in ask.text
    gone = _post(client, {"action": "remove", "original": "w2", "confirm": "yes"})
    assert gone.status_code == 303
    assert "w2" not in client.get("/admin/alerts").text


def test_a_bad_webhook_is_refused_at_its_field_and_secrets_are_not_echoed(api: Api) -> None:
    client = browser(api, "root")
    refused = _post(
        client, {"action": "add", "name": "x", "kind": "wecom", "webhook": "ftp://hook-secret-zz"}
    )
    assert refused.status_code == 422
    assert 'href="#webhook"' in refused.text and "https://" in refused.text
    assert "hook-secret-zz" not in refused.text


def test_only_admins_see_the_page_and_a_missing_csrf_token_is_refused(api: Api) -> None:
    assert browser(api, "agent_n").get("/admin/alerts").status_code == 404
    client = browser(api, "root")
    forged = client.post("/admin/alerts", data={"action": "add", "name": "x", "kind": "wecom"})
    assert forged.status_code == 403
