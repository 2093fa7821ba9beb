"""The admin's Alert routes and Alert outbox pages (web/admin_alert_outbox.py): a route added
from the form is listed in words; a refusal marks its field; the public address is set there;
the outbox shows each alert's state, reason and tries in words and sends a failed one again;
admins only; CSRF checked."""

from __future__ import annotations

from datetime import UTC, datetime

from sellerdesk.core.alerts.delivery import DeliveryResult, Outcome
from sellerdesk.services.alerts.outbox import deliver_due
from tests.api.conftest import Api
from tests.api.web_support import browser, csrf_of
from tests.services.alert_fixtures import FakeSender, channel_of, hours_for, put

TUESDAY_10 = datetime(2026, 12, 8, 2, tzinfo=UTC)  # 10:00 in Beijing, a working hour


def _post(client, path: str, form: dict[str, str]):  # type: ignore[no-untyped-def]
    token = csrf_of(client.get(path).text)
    return client.post(path, data={"csrf_token": token, **form}, follow_redirects=False)


def _channel(client) -> None:  # type: ignore[no-untyped-def]
    done = _post(client, "/admin/alerts", {
        "action": "add", "name": "运营群", "kind": "slack",
        "webhook": "https://hooks.slack.com/services/T0/B0/secretpart",
    })  # fmt: skip
    assert done.status_code == 303


def test_an_admin_adds_a_route_from_the_form_and_sees_it_in_words(api: Api) -> None:
    client = browser(api, "root", **{"Accept-Language": "zh-CN"})
    _channel(client)
    page = client.get("/admin/alert-routes")
    assert "未设置本服务器的公开地址" in page.text and "运营群" in page.text
    token = csrf_of(page.text)
    added = client.post(
        "/admin/alert-routes",
        data={
            "csrf_token": token, "action": "add", "trigger": ["amazon-reply", "needs-action"],
            "channel": "1", "store": "north", "assignee": "@assignee", "lang": "recipient",
            "mention": "yes",
        },
        follow_redirects=False,
    )  # fmt: skip
    assert added.status_code == 303
    listed = client.get("/admin/alert-routes").text
    for words in ("亚马逊回复", "案例需要处理", "north", "案例负责人", "收件人的语言", "@负责人"):
        assert words in listed
    assert "amazon-reply" not in listed.split('name="trigger"')[0]  # codes are words
    removed = _post(client, "/admin/alert-routes", {"action": "remove", "route_id": "1"})
    assert removed.status_code == 303
    assert "还没有路由" in client.get("/admin/alert-routes").text


def test_a_route_without_a_trigger_is_refused_at_its_field(api: Api) -> None:
    client = browser(api, "root")
    _channel(client)
    refused = _post(client, "/admin/alert-routes", {"action": "add", "channel": "1"})
    assert refused.status_code == 422
    assert "A route needs at least one event" in refused.text
    assert 'href="#trigger-0"' in refused.text


def test_the_public_address_is_set_on_the_page_and_checked(api: Api) -> None:
    client = browser(api, "root")
    bad = _post(client, "/admin/alert-routes", {"action": "base_url", "base_url": "desk.local"})
    assert bad.status_code == 422 and "is not an http(s) address" in bad.text
    good = _post(
        client,
        "/admin/alert-routes",
        {"action": "base_url", "base_url": "https://desk.example.com/"},
    )
    assert good.status_code == 303
    page = client.get("/admin/alert-routes").text
    assert 'value="https://desk.example.com"' in page and 'id="no-base-url"' not in page


def test_the_outbox_shows_a_refused_alert_in_words_and_sends_it_again(api: Api) -> None:
    sessions = api.state.sessions
    alert_id = put(sessions, TUESDAY_10, key="page", title="Case 7 needs action")
    refusal = DeliveryResult(Outcome.PERMANENT, "93000 invalid webhook url", "93000", None, 200)
    deliver_due(sessions, now=TUESDAY_10, worker_id="w", send=FakeSender([refusal]),
                channels=channel_of(), hours_for=hours_for)  # fmt: skip
    client = browser(api, "root", **{"Accept-Language": "zh-CN"})
    page = client.get("/admin/alert-outbox?state=failed")
    assert page.status_code == 200
    for words in ("发送失败", "案例需要处理", "Case 7 needs action", "被拒绝（不再重试）", "93000"):
        assert words in page.text
    again = _post(client, "/admin/alert-outbox", {"alert_id": str(alert_id)})
    assert again.status_code == 303
    assert "等待发送" in client.get("/admin/alert-outbox").text
    twice = _post(client, "/admin/alert-outbox", {"alert_id": str(alert_id)})
    assert twice.status_code == 409


def test_an_admin_sends_a_held_alert_now_from_the_outbox_page(api: Api) -> None:
    sessions = api.state.sessions
    night = datetime(2026, 12, 8, 15, tzinfo=UTC)  # 23:00 in Beijing
    alert_id = put(sessions, night, key="night", title="Case 8 replied")
    deliver_due(sessions, now=night, worker_id="w", send=FakeSender(),
                channels=channel_of(), hours_for=hours_for)  # fmt: skip
    client = browser(api, "root", **{"Accept-Language": "zh-CN"})
    page = client.get("/admin/alert-outbox?state=held").text
    assert "留到工作时间再发" in page and "立即发送" in page
    sent = _post(client, "/admin/alert-outbox", {"alert_id": str(alert_id)})
    assert sent.status_code == 303
    send = FakeSender()
    deliver_due(sessions, now=night, worker_id="w", send=send,
                channels=channel_of(), hours_for=hours_for)  # fmt: skip
    assert [sent[1].alert_ids for sent in send.sent] == [(alert_id,)]


def test_the_pages_are_hidden_from_everyone_but_admins_and_check_csrf(api: Api) -> None:
    agent = browser(api, "agent_n")
    for path in ("/admin/alert-routes", "/admin/alert-outbox"):
        assert agent.get(path).status_code == 404
    client = browser(api, "root")
    forged = client.post(
        "/admin/alert-outbox", data={"csrf_token": "x", "alert_id": "1"}, follow_redirects=False
    )
    assert forged.status_code == 403


def test_each_person_sets_their_own_chat_handles_on_my_account(api: Api) -> None:
    client = browser(api, "viewer_n", **{"Accept-Language": "zh-CN"})
    assert "/account/alert-handles" in client.get("/account").text
    saved = _post(
        client, "/account/alert-handles", {"handle_wecom": " zhangwei ", "handle_slack": ""}
    )
    assert saved.status_code == 303
    page = client.get("/account/alert-handles?done=1").text
    assert 'value="zhangwei"' in page and "已保存你的群聊账号" in page
    bad = _post(client, "/account/alert-handles", {"handle_dingtalk": "x" * 201})
    assert bad.status_code == 422 and 'href="#handle_dingtalk"' in bad.text
