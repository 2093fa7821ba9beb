"""The alert endpoints of the REST API (api/alert_*_api.py): channels (secrets write-only,
Send test against a loopback robot), routes, and the outbox with its filters, attempts and
"send again"; admins only, typed errors naming their field. SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from sellerdesk.api.alert_models import AlertState, MessageFormat, SmtpSecurity, Trigger
from sellerdesk.core.alerts.channel import FORMATS, SMTP_SECURITY
from sellerdesk.core.alerts.delivery import DeliveryResult, Outcome
from sellerdesk.services.alerts.outbox import deliver_due
from sellerdesk.services.alerts.triggers import TRIGGERS
from sellerdesk.storage.repositories import alert_outbox
from tests.api.conftest import Api
from tests.receivers.vendors import DingTalkReceiver, WeComReceiver
from tests.services.alert_fixtures import FakeSender, channel_of, hours_for, put

CHANNELS = "/api/v1/alerts/channels"
ROUTES = "/api/v1/alerts/routes"
OUTBOX = "/api/v1/alerts/outbox"
TUESDAY_10 = datetime(2026, 12, 8, 2, tzinfo=UTC)  # 10:00 in Beijing, a working hour


def _wecom(api: Api, url: str, name: str = "美国站群") -> dict[str, Any]:
    made = api.call("root", "POST", CHANNELS, json={"name": name, "kind": "wecom", "webhook": url})
    assert made.status_code == 201, made.text
    return dict(made.json())


def _route(api: Api, **fields: Any) -> Any:
    body = {"triggers": ["amazon-reply", "needs-action"], "channel": "美国站群", **fields}
    return api.call("root", "POST", ROUTES, json=body)


def _error(response: Any) -> dict[str, Any]:
    return dict(response.json()["error"])


# ---------------------------------------------------------------- channels


def test_a_created_channels_secrets_never_appear_in_any_response(api: Api) -> None:
    seen: list[str] = []
    with WeComReceiver().running() as robot, DingTalkReceiver().running() as ding:
        made = _wecom(api, robot.url)
        signed = api.call("root", "POST", CHANNELS, json={
            "name": "钉钉群", "kind": "dingtalk", "webhook": ding.url,
            "signing_secret": "SECverysecretvalue", "keyword": "Seller Desk",
        })  # fmt: skip
        seen += [str(made), signed.text]
        for method, path, body in (
            ("GET", CHANNELS, None),
            ("GET", f"{CHANNELS}/{made['id']}", None),
            ("PATCH", f"{CHANNELS}/{made['id']}", {"name": "美国站群 2"}),
            ("POST", f"{CHANNELS}/{made['id']}/test", None),
            ("POST", f"{CHANNELS}/{signed.json()['id']}/test", None),
            ("DELETE", f"{CHANNELS}/{signed.json()['id']}", None),
        ):
            answer = api.call("root", method, path, json=body)
            assert answer.status_code == 200, answer.text
            seen.append(answer.text)
    assert made["webhook_set"] is True and made["target"].endswith("key=••••1a2b")
    assert signed.json()["signing_secret_set"] is True
    for text in seen:
        assert robot.key not in text and "SECverysecretvalue" not in text
        assert ding.url not in text


def test_an_email_channel_says_its_password_is_set_and_never_shows_it(api: Api) -> None:
    body = {
        "name": "值班邮箱", "kind": "email", "smtp_host": "smtp.exmail.qq.com",
        "smtp_security": "tls", "smtp_user": "desk@example.com",
        "smtp_password": "pw-never-shown-zz", "smtp_from": "desk@example.com",
        "smtp_to": ["a@example.com", "b@example.com"],
    }  # fmt: skip
    made = api.call("root", "POST", CHANNELS, json=body)
    assert made.status_code == 201, made.text
    channel = made.json()
    assert channel["smtp_password_set"] is True and channel["webhook_set"] is False
    assert channel["smtp_port"] == 465 and channel["smtp_to"] == ["a@example.com", "b@example.com"]
    cleared = api.call("root", "PATCH", f"{CHANNELS}/{channel['id']}", json={"smtp_password": ""})
    assert cleared.json()["smtp_password_set"] is False
    listed = api.call("root", "GET", CHANNELS)
    for answer in (made, cleared, listed):
        assert "pw-never-shown-zz" not in answer.text


def test_the_apis_enums_are_the_services_closed_sets() -> None:
    assert [t.value for t in Trigger] == list(TRIGGERS)
    assert [s.value for s in AlertState] == list(alert_outbox.STATES)
    assert {f.value for f in MessageFormat} == {f for kind in FORMATS.values() for f in kind}
    assert [s.value for s in SmtpSecurity] == list(SMTP_SECURITY)


def test_send_test_against_a_loopback_wecom_robot_reports_that_it_was_delivered(
    api: Api,
) -> None:
    with WeComReceiver().running() as robot:
        made = _wecom(api, robot.url)
        tested = api.call("root", "POST", f"{CHANNELS}/{made['id']}/test?lang=zh")
        assert "Seller Desk 测试消息" in robot.accepted()[0].json["markdown"]["content"]
    assert tested.status_code == 200, tested.text
    result = tested.json()
    assert result["delivered"] is True and result["outcome"] == "delivered"
    assert "企业微信群机器人已收下消息" in result["words"]
    assert result["channel"]["last_test_outcome"] == "delivered"


def test_send_test_with_a_bad_key_reports_a_failure_in_words(api: Api) -> None:
    with WeComReceiver().running() as robot:
        made = _wecom(api, robot.url.replace(robot.key, "wrong-key-zz"))
        tested = api.call("root", "POST", f"{CHANNELS}/{made['id']}/test")
    assert tested.status_code == 200, tested.text
    result = tested.json()
    assert result["delivered"] is False and result["outcome"] == "permanent"
    assert result["vendor_code"] == "93000"
    assert "The robot's key in the webhook address is not valid" in result["words"]
    assert "wrong-key-zz" not in tested.text
    shown = api.call("root", "GET", f"{CHANNELS}/{made['id']}").json()
    assert shown["last_test_outcome"] == "permanent"


def test_a_second_channel_with_a_taken_name_is_a_conflict_when_added_or_renamed(
    api: Api,
) -> None:
    _wecom(api, "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=aaaa1111")
    other = _wecom(api, "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=bbbb2222", "二群")
    again = api.call("root", "POST", CHANNELS, json={
        "name": " 美国站群 ", "kind": "slack", "webhook": "https://hooks.slack.com/services/T/B/x",
    })  # fmt: skip
    renamed = api.call("root", "PATCH", f"{CHANNELS}/{other['id']}", json={"name": "美国站群"})
    for refused in (again, renamed):
        assert refused.status_code == 409, refused.text
        assert _error(refused)["field"] == "name"
        assert _error(refused)["key"] == "alert_channel.taken"


def test_a_bad_channel_is_refused_with_422_naming_the_field(api: Api) -> None:
    for body, field in (
        ({"name": "x", "kind": "wecom", "webhook": "ftp://hook-secret-zz"}, "webhook"),
        ({"name": "x", "kind": "fax", "webhook": "https://a.example/x"}, "kind"),
        ({"name": "x", "kind": "wecom"}, "webhook"),
        ({"name": "x", "kind": "wecom", "webhook": "https://a.example/x", "keyword": "k"},
         "keyword"),
        ({"name": "x", "kind": "email", "smtp_host": "smtp.example.com"}, "smtp_to"),
        ({"name": "x", "kind": "wecom", "webhook": "https://a.example/x", "signing_secret": "s"},
         "signing_secret"),
        ({"name": "x", "kind": "email", "smtp_host": "a b", "smtp_to": ["t@example.com"]},
         "smtp_host"),
    ):  # fmt: skip
        refused = api.call("root", "POST", CHANNELS, json=body)
        assert refused.status_code == 422, (body, refused.text)
        assert _error(refused)["field"] == field, refused.text
        assert "hook-secret-zz" not in refused.text


def test_a_channel_is_turned_off_by_a_patch_and_removed_by_a_delete(api: Api) -> None:
    made = _wecom(api, "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=aaaa1111")
    path = f"{CHANNELS}/{made['id']}"
    off = api.call("root", "PATCH", path, json={"enabled": False, "message_format": "text"})
    assert off.status_code == 200, off.text
    assert off.json()["enabled"] is False and off.json()["message_format"] == "text"
    assert off.json()["target"] == made["target"]  # the webhook left out is kept
    gone = api.call("root", "DELETE", path)
    assert gone.status_code == 200 and gone.json()["removed"]["name"] == "美国站群"
    assert api.call("root", "GET", path).status_code == 404
    assert api.call("root", "GET", CHANNELS).json() == []


def test_an_unknown_channel_id_is_not_found_naming_the_id(api: Api) -> None:
    for method in ("GET", "PATCH", "DELETE"):
        missing = api.call("root", method, f"{CHANNELS}/77", json={} if method == "PATCH" else None)
        assert missing.status_code == 404, missing.text
        assert _error(missing)["field"] == "id"
        assert _error(missing)["key"] == "alert_channel.no_id"
    assert api.call("root", "POST", f"{CHANNELS}/77/test").status_code == 404


def test_creating_a_channel_twice_with_one_idempotency_key_adds_it_once(api: Api) -> None:
    body = {"name": "一次", "kind": "slack", "webhook": "https://hooks.slack.com/services/T/B/k"}
    headers = {"Idempotency-Key": "alert-channel-once"}
    first = api.call("root", "POST", CHANNELS, json=body, headers=headers)
    second = api.call("root", "POST", CHANNELS, json=body, headers=headers)
    assert first.status_code == second.status_code == 201
    assert first.headers["location"] == f"{CHANNELS}/{first.json()['id']}"
    assert second.headers.get("idempotent-replayed") == "true"
    assert len(api.call("root", "GET", CHANNELS).json()) == 1


# ---------------------------------------------------------------- routes


def test_a_route_is_created_edited_listed_and_removed(api: Api) -> None:
    made_channel = _wecom(api, "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=aaaa1111")
    made = _route(api, store="north", assignee="@assignee")
    assert made.status_code == 201, made.text
    route = made.json()
    assert route["triggers"] == ["amazon-reply", "needs-action"]
    assert route["channel_id"] == made_channel["id"] and route["lang"] == "recipient"
    path = f"{ROUTES}/{route['id']}"
    edited = api.call(
        "root", "PATCH", path, json={"store": None, "lang": "zh", "triggers": ["breach-soon"]}
    )
    assert edited.status_code == 200, edited.text
    assert edited.json()["store"] is None and edited.json()["lang"] == "zh"
    assert edited.json()["triggers"] == ["breach-soon"]
    assert edited.json()["assignee"] == "@assignee"  # left out: kept
    assert [r["id"] for r in api.call("root", "GET", ROUTES).json()] == [route["id"]]
    gone = api.call("root", "DELETE", path)
    assert gone.status_code == 200 and gone.json() == {"removed": route["id"]}
    assert api.call("root", "DELETE", path).status_code == 404
    assert api.call("root", "GET", ROUTES).json() == []


def test_a_route_with_an_unknown_channel_is_422_naming_the_channel(api: Api) -> None:
    for channel in ("没有这个群", 4242, "4242"):
        refused = _route(api, channel=channel)
        assert refused.status_code == 422, refused.text
        assert _error(refused)["field"] == "channel"
        assert _error(refused)["key"] == "alerts.no_channel"


def test_a_route_with_an_unknown_trigger_store_user_or_language_is_422_naming_it(api: Api) -> None:
    _wecom(api, "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=aaaa1111")
    for fields, field in (
        ({"triggers": ["moon-landing"]}, "triggers.0"),
        ({"triggers": []}, "triggers"),
        ({"assignee": "nobody_here"}, "assignee"),
        ({"lang": "fr"}, "lang"),
        ({"store": "nowhere"}, "store"),
    ):
        refused = _route(api, **fields)
        assert refused.status_code == 422, refused.text
        assert _error(refused)["field"] == field
    made = _route(api).json()
    edit = api.call("root", "PATCH", f"{ROUTES}/{made['id']}", json={"channel": "没有这个群"})
    assert edit.status_code == 422 and _error(edit)["field"] == "channel"
    missing = api.call("root", "PATCH", f"{ROUTES}/999", json={"mention": False})
    assert missing.status_code == 404 and _error(missing)["field"] == "id"


# ---------------------------------------------------------------- the outbox


def _alert(api: Api, key: str, *, trigger: str, case_id: int | None, channel: int) -> int:
    with api.state.sessions.begin() as s:
        alert_id = alert_outbox.enqueue(s, {
            "trigger": trigger, "dedupe_key": key, "channel_id": channel, "case_id": case_id,
            "lang": "en", "title": f"alert {key}", "text": "text", "urgent": False,
            "state": "queued", "not_before": TUESDAY_10 + timedelta(days=30), "attempts": 0,
            "created_at": TUESDAY_10,
        })  # fmt: skip
    assert alert_id is not None
    return alert_id


def test_the_outbox_is_listed_with_filters_a_page_at_a_time(api: Api) -> None:
    case = api.new_case()
    a = _alert(api, "a", trigger="needs-action", case_id=case["id"], channel=1)
    b = _alert(api, "b", trigger="amazon-reply", case_id=case["id"], channel=2)
    c = _alert(api, "c", trigger="amazon-reply", case_id=None, channel=1)

    def ids(query: str) -> list[int]:
        page = api.call("root", "GET", f"{OUTBOX}?{query}")
        assert page.status_code == 200, page.text
        return [alert["id"] for alert in page.json()["alerts"]]

    assert ids("") == [c, b, a]
    assert ids("trigger=amazon-reply") == [c, b]
    assert ids("channel_id=1") == [c, a]
    assert ids(f"case_id={case['id']}") == [b, a]
    assert ids("status=queued&status=failed&channel_id=2") == [b]
    assert ids("status=delivered") == []
    page = api.call("root", "GET", f"{OUTBOX}?limit=2&offset=1").json()
    assert [x["id"] for x in page["alerts"]] == [b, a]
    assert page["total"] == 3 and page["offset"] == 1 and page["limit"] == 2
    assert page["counts"] == {"queued": 3}
    bad = api.call("root", "GET", f"{OUTBOX}?status=lost")
    assert bad.status_code == 422 and _error(bad)["field"] == "status.0"


def test_one_alert_shows_every_attempt_and_a_failed_one_is_sent_again_once(api: Api) -> None:
    sessions = api.state.sessions
    alert_id = put(sessions, TUESDAY_10, key="api", title="Case 7 needs action")
    refusal = DeliveryResult(Outcome.PERMANENT, "93000 invalid webhook url", "93000", None, 200)
    deliver_due(sessions, now=TUESDAY_10, worker_id="w1", send=FakeSender([refusal]),
                channels=channel_of(), hours_for=hours_for)  # fmt: skip
    shown = api.call("root", "GET", f"{OUTBOX}/{alert_id}")
    assert shown.status_code == 200, shown.text
    alert = shown.json()
    assert alert["state"] == "failed" and alert["attempts"] == 1 and alert["reason"]
    assert [(t["outcome"], t["vendor_code"], t["worker"]) for t in alert["tries"]] == [
        ("permanent", "93000", "w1")
    ]
    again = api.call("root", "POST", f"{OUTBOX}/{alert_id}/retry")
    assert again.status_code == 200 and again.json()["state"] == "queued"
    twice = api.call("root", "POST", f"{OUTBOX}/{alert_id}/retry")
    assert twice.status_code == 409 and _error(twice)["key"] == "alerts.not_retryable"
    assert api.call("root", "GET", f"{OUTBOX}/9999").status_code == 404
    assert api.call("root", "POST", f"{OUTBOX}/9999/retry").status_code == 404


# ---------------------------------------------------------------- who may


@pytest.mark.parametrize("user", ["agent_n", "viewer_n"])
def test_an_agent_or_a_viewer_gets_403_on_every_alert_endpoint(api: Api, user: str) -> None:
    made = _wecom(api, "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=aaaa1111")
    route = _route(api).json()
    alert_id = put(api.state.sessions, TUESDAY_10, key="who")
    body = {"name": "x", "kind": "slack", "webhook": "https://hooks.slack.com/services/T/B/k"}
    for method, path, json in (
        ("GET", CHANNELS, None),
        ("POST", CHANNELS, body),
        ("GET", f"{CHANNELS}/{made['id']}", None),
        ("PATCH", f"{CHANNELS}/{made['id']}", {"enabled": False}),
        ("DELETE", f"{CHANNELS}/{made['id']}", None),
        ("POST", f"{CHANNELS}/{made['id']}/test", None),
        ("GET", f"{CHANNELS}/999", None),
        ("GET", ROUTES, None),
        ("POST", ROUTES, {"triggers": ["needs-action"], "channel": made["id"]}),
        ("PATCH", f"{ROUTES}/{route['id']}", {"enabled": False}),
        ("DELETE", f"{ROUTES}/{route['id']}", None),
        ("GET", OUTBOX, None),
        ("GET", f"{OUTBOX}/{alert_id}", None),
        ("POST", f"{OUTBOX}/{alert_id}/retry", None),
    ):
        refused = api.call(user, method, path, json=json)
        assert refused.status_code == 403, (method, path, refused.text)
        assert _error(refused)["field"] == "role"
    assert len(api.call("root", "GET", CHANNELS).json()) == 1
    assert api.call("root", "GET", ROUTES).json()[0]["enabled"] is True


def test_without_credentials_every_alert_endpoint_asks_to_sign_in(api: Api) -> None:
    for path in (CHANNELS, ROUTES, OUTBOX):
        assert api.client.get(path).status_code == 401
