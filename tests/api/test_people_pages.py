"""The admin's People pages and My account (issue 15, point 2): every action, its CSRF check,
404 for anyone but an admin, and a disabled or removed user's browser and token stopped at
once."""

from __future__ import annotations

import re
from datetime import timedelta

import httpx
import pytest
from fastapi.testclient import TestClient

from sellerdesk.services import accounts, cases, users
from tests.api.conftest import PASSWORD, Api
from tests.api.web_support import browser, csrf_of

NEW = "a brand new passphrase"


def one_time_password(html: str) -> str:
    found = re.search(r'<pre class="copy">([^<]+)</pre>', html)
    assert found, html
    return found.group(1)


def sign_in(api: Api, name: str, password: str) -> tuple[TestClient, int, str]:
    client = TestClient(api.app, base_url="http://testserver")
    client.headers["Accept-Language"] = "en"
    token = csrf_of(client.get("/login").text)
    done = client.post(
        "/login",
        data={"name": name, "password": password, "csrf_token": token},
        follow_redirects=False,
    )
    return client, done.status_code, done.headers.get("location", done.text)


@pytest.fixture
def admin(api: Api) -> TestClient:
    return browser(api, "root")


def post(client: TestClient, url: str, **data: str) -> httpx.Response:
    token = csrf_of(client.get("/admin/users").text)
    return client.post(url, data={"csrf_token": token, **data}, follow_redirects=False)


def test_adding_a_person_shows_a_one_time_password_once(api: Api, admin: TestClient) -> None:
    page = post(admin, "/admin/users", name="wang", role="agent")
    assert page.status_code == 200 and "One-time password for wang" in page.text
    password = one_time_password(page.text)
    assert "<pre" not in admin.get("/admin/users").text  # shown once: not on the list again
    _, status, where = sign_in(api, "wang", password)
    assert (status, where) == (303, "/password")  # must choose their own first
    taken = post(admin, "/admin/users", name="wang", role="agent")
    assert taken.status_code == 409


def test_the_people_pages_speak_chinese_without_codes(api: Api) -> None:
    zh = browser(api, "root", **{"Accept-Language": "zh-CN"})
    text = zh.get("/admin/users").text
    assert "人员" in text and "客服" in text and "只读成员" in text
    person = zh.get("/admin/users/agent_n").text
    assert "重置密码" in person and "sellerdesk" not in person and "--" not in person


def test_role_access_disable_enable_and_reset_from_the_person_page(
    api: Api, admin: TestClient
) -> None:
    url = "/admin/users/agent_n"
    changed = post(admin, url, action="role", role="viewer")
    assert changed.headers["location"] == f"{url}?done=role"
    assert users.person(sessions=api.state.sessions, name="agent_n").user.role == "viewer"
    post(admin, url, action="role", role="agent")
    given = admin.post(
        url,
        data={
            "csrf_token": csrf_of(admin.get(url).text),
            "action": "access",
            "store": ["north", "south"],
        },
        follow_redirects=False,
    )
    assert given.status_code == 303
    assert users.person(sessions=api.state.sessions, name="agent_n").user.stores == (
        "north",
        "south",
    )
    assert api.call("agent_n", "GET", "/api/v1/stores").status_code == 200
    post(admin, url, action="disable")
    assert "Disabled" in admin.get(url).text
    post(admin, url, action="enable")
    reset = post(admin, url, action="reset")
    assert reset.status_code == 200 and "works until" in reset.text
    _, status, where = sign_in(api, "agent_n", one_time_password(reset.text))
    assert (status, where) == (303, "/password")


def test_a_refused_change_says_why_on_the_page(api: Api, admin: TestClient) -> None:
    last = post(admin, "/admin/users/root", action="role", role="agent")
    assert last.status_code == 409 and "last active admin" in last.text
    assert "sellerdesk user" not in last.text
    own = post(admin, "/admin/users/root", action="disable")
    assert own.status_code == 409
    assert post(admin, "/admin/users/ghost", action="reset").status_code == 404


def test_removal_asks_first_and_hands_the_open_cases_over(api: Api, admin: TestClient) -> None:
    state = api.state
    made = api.new_case(store="north")
    cases.assign(
        sessions=state.sessions,
        now=state.clock(),
        ctx=state.ctx,
        case_id=made["id"],
        user="agent_n",
    )
    url = "/admin/users/agent_n/remove"
    ask = admin.get(url)
    assert ask.status_code == 200 and "1 open case(s)" in ask.text
    unconfirmed = post(admin, url, reassign_to="root")
    assert unconfirmed.headers["location"] == url
    refused = post(admin, url, confirm="yes", reassign_to="agent_s")  # no access to north
    assert refused.status_code == 422 and "north" in refused.text
    done = post(admin, url, confirm="yes", reassign_to="root")
    assert done.headers["location"] == "/admin/users?done=removed&name=agent_n"
    assert api.call("root", "GET", f"/api/v1/cases/{made['id']}").json()["assignee"] == "root"
    assert admin.get("/admin/users/agent_n").status_code == 404
    assert post(admin, "/admin/users/root/remove", confirm="yes").status_code == 409


@pytest.mark.parametrize(
    ("url", "data"),
    [
        ("/admin/users", {"name": "wang", "role": "agent"}),
        ("/admin/users/agent_n", {"action": "reset"}),
        ("/admin/users/agent_n", {"action": "disable"}),
        ("/admin/users/agent_n", {"action": "role", "role": "admin"}),
        ("/admin/users/agent_n", {"action": "access", "store": "south"}),
        ("/admin/users/agent_n/remove", {"confirm": "yes"}),
    ],
)
def test_every_admin_action_needs_the_csrf_token(
    api: Api, admin: TestClient, url: str, data: dict[str, str]
) -> None:
    refused = admin.post(url, data={**data, "csrf_token": "forged"}, follow_redirects=False)
    assert refused.status_code == 403
    assert users.person(sessions=api.state.sessions, name="agent_n").user.active


@pytest.mark.parametrize("who", ["agent_n", "viewer_n"])
def test_anyone_but_an_admin_gets_not_found(api: Api, who: str) -> None:
    client = browser(api, who)
    token = csrf_of(client.get("/account").text)
    for url in ("/admin/users", "/admin/users/root", "/admin/users/root/remove"):
        assert client.get(url).status_code == 404
    for url, data in (
        ("/admin/users", {"name": "x1", "role": "admin"}),
        ("/admin/users/root", {"action": "reset"}),
        ("/admin/users/root/remove", {"confirm": "yes"}),
    ):
        assert client.post(url, data={**data, "csrf_token": token}).status_code == 404
    assert 'href="/admin/users"' not in client.get("/account").text


@pytest.mark.parametrize("how", ["disable", "remove"])
def test_a_disabled_or_removed_users_browser_and_token_stop_at_once(
    api: Api, admin: TestClient, how: str
) -> None:
    page = browser(api, "agent_n")
    assert page.get("/cases", follow_redirects=False).status_code == 200
    assert api.call("agent_n", "GET", "/api/v1/stores").status_code == 200
    if how == "disable":
        post(admin, "/admin/users/agent_n", action="disable")
    else:
        post(admin, "/admin/users/agent_n/remove", confirm="yes")
    told = "/login?ended=disabled" if how == "disable" else "/login"  # the page says why
    assert page.get("/cases", follow_redirects=False).headers["location"] == told
    assert api.call("agent_n", "GET", "/api/v1/stores").status_code == 401


def test_an_expired_one_time_password_is_refused_with_its_reason(
    api: Api, admin: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    reset = post(admin, "/admin/users/agent_n", action="reset")
    password = one_time_password(reset.text)
    later = api.state.clock() + timedelta(hours=25)
    monkeypatch.setattr(api.state, "clock", lambda: later)
    client, status, _ = sign_in(api, "agent_n", password)
    assert status == 401
    page = client.post(
        "/login",
        data={
            "name": "agent_n",
            "password": password,
            "csrf_token": csrf_of(client.get("/login").text),
        },
    )
    assert "expired" in page.text


def test_my_account_keeps_language_and_zone_and_changes_the_password(api: Api) -> None:
    me = browser(api, "agent_n")
    page = me.get("/account")
    assert page.status_code == 200 and 'list="zones"' in page.text
    token = csrf_of(page.text)
    saved = me.post(
        "/account",
        data={"csrf_token": token, "language": "zh", "time_zone": "上海"},
        follow_redirects=False,
    )
    assert saved.headers["location"] == "/account?done=settings"
    assert saved.cookies.get("lang") == "zh"
    shown = users.person(sessions=api.state.sessions, name="agent_n").user
    assert (shown.language, shown.time_zone) == ("zh", "Asia/Shanghai")
    bad = me.post("/account", data={"csrf_token": token, "language": "", "time_zone": "火星"})
    assert bad.status_code == 422 and "北京" in bad.text
    forged = me.post("/account", data={"csrf_token": "x", "language": "en", "time_zone": ""})
    assert forged.status_code == 403
    changed = me.post(
        "/password",
        data={"csrf_token": token, "current": PASSWORD, "password": NEW, "repeat": NEW},
        follow_redirects=False,
    )
    assert changed.headers["location"] == "/account?done=password"
    wrong = me.post(
        "/password",
        data={"csrf_token": token, "current": "not it", "password": NEW + "!", "repeat": NEW + "!"},
    )
    assert wrong.status_code == 422 and "当前密码不正确" in wrong.text  # the page is in Chinese now
    assert "sellerdesk user" not in wrong.text


def test_signing_in_uses_the_users_own_language(api: Api) -> None:
    accounts.set_own_settings(
        sessions=api.state.sessions,
        now=api.state.clock(),
        name="viewer_n",
        language="zh",
        time_zone="",
    )
    client = TestClient(api.app, base_url="http://testserver")
    token = csrf_of(client.get("/login").text)
    done = client.post(
        "/login",
        data={"name": "viewer_n", "password": PASSWORD, "csrf_token": token},
        follow_redirects=False,
    )
    assert done.cookies.get("lang") == "zh"
