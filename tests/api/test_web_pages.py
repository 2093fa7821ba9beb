"""The sign-in page: CSRF, HttpOnly SameSite session cookie, rate limit, server-side sign-out,
the one-time password change, escaping, and zh/en by Accept-Language."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient

from sellerdesk.services import users
from tests.api.conftest import PASSWORD, Api


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]*)"', html)
    assert found, html
    return found.group(1)


def fresh(api: Api) -> TestClient:
    return TestClient(api.app, base_url="http://testserver")


def sign_in(client: TestClient, name: str, password: str = PASSWORD, **headers: str):  # type: ignore[no-untyped-def]
    token = csrf_of(client.get("/login").text)
    return client.post(
        "/login",
        data={"name": name, "password": password, "csrf_token": token},
        headers=headers,
        follow_redirects=False,
    )


def test_the_sign_in_page_has_a_csrf_token_and_strict_headers(api: Api):
    page = fresh(api).get("/login")
    assert page.status_code == 200 and csrf_of(page.text)
    assert "default-src 'none'" in page.headers["content-security-policy"]
    assert page.headers["x-frame-options"] == "DENY"


def test_signing_in_sets_an_httponly_samesite_cookie_and_opens_the_home_page(api: Api):
    client = fresh(api)
    response = sign_in(client, "agent_n")
    assert response.status_code == 303 and response.headers["location"] == "/"
    cookie = next(
        v
        for k, v in response.headers.multi_items()
        if k == "set-cookie" and "sellerdesk_session=" in v
    )
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie
    home = client.get("/")
    assert home.status_code == 200 and "agent_n" in home.text


def test_a_sign_in_without_the_csrf_token_is_refused(api: Api):
    client = fresh(api)
    client.get("/login")
    response = client.post(
        "/login", data={"name": "root", "password": PASSWORD}, follow_redirects=False
    )
    assert response.status_code == 403 and "sellerdesk_session" not in response.headers.get(
        "set-cookie", ""
    )
    forged = client.post(
        "/login",
        data={"name": "root", "password": PASSWORD, "csrf_token": "guess"},
        follow_redirects=False,
    )
    assert forged.status_code == 403


def test_a_wrong_password_is_401_and_repeated_failures_are_rate_limited(api: Api):
    client = fresh(api)
    for _ in range(5):
        assert sign_in(client, "viewer_n", "wrong password!").status_code == 401
    limited = sign_in(client, "viewer_n")  # even the right password waits now
    assert limited.status_code == 429 and int(limited.headers["retry-after"]) > 0
    assert sign_in(client, "agent_n").status_code == 303  # another user is not affected


def test_the_rate_limit_is_shared_by_every_app_on_the_same_database(api: Api, settings):
    from sellerdesk.api.app import create_app

    other = TestClient(create_app(settings, run_worker=False))
    for _ in range(5):
        assert sign_in(fresh(api), "viewer_n", "wrong password!").status_code == 401
    assert sign_in(other, "viewer_n").status_code == 429


def test_signing_out_ends_the_session_on_the_server(api: Api):
    client = fresh(api)
    sign_in(client, "agent_n")
    stolen = client.cookies.get("sellerdesk_session")
    token = csrf_of(client.get("/").text)
    out = client.post("/logout", data={"csrf_token": token}, follow_redirects=False)
    assert out.status_code == 303 and out.headers["location"] == "/login"
    replay = fresh(api)
    replay.cookies.set("sellerdesk_session", stolen)
    assert replay.get("/", follow_redirects=False).status_code == 303
    assert replay.get("/api/v1/cases").status_code == 401


def test_sign_out_without_the_csrf_token_keeps_the_session(api: Api):
    client = fresh(api)
    sign_in(client, "agent_n")
    refused = client.post("/logout", data={"csrf_token": "nope"}, follow_redirects=False)
    assert refused.status_code == 403
    assert client.get("/").status_code == 200


def test_the_api_accepts_the_session_cookie_but_writes_need_the_csrf_header(api: Api):
    client = fresh(api)
    sign_in(client, "agent_n")
    token = csrf_of(client.get("/").text)
    assert client.get("/api/v1/cases").status_code == 200
    body = {"store": "north", "marketplace": "US", "subject": "From the browser"}
    assert client.post("/api/v1/cases", json=body).status_code == 403
    made = client.post("/api/v1/cases", json=body, headers={"X-CSRF-Token": token})
    assert made.status_code == 201


def test_case_subjects_are_escaped_on_the_cases_list(api: Api):
    api.new_case(subject='<script>alert("x")</script><img src=x onerror=alert(1)>')
    client = fresh(api)
    sign_in(client, "root")
    page = client.get("/cases").text
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page


def test_the_cases_list_shows_only_the_granted_stores_cases(api: Api):
    api.new_case(store="south", subject="Southern secret")
    api.new_case(store="north", subject="Northern news")
    client = fresh(api)
    sign_in(client, "agent_n")
    listed = client.get("/cases").text
    assert "Southern secret" not in listed and "Northern news" in listed


def test_the_pages_speak_chinese_when_the_browser_prefers_it(api: Api):
    client = fresh(api)
    zh = client.get("/login", headers={"Accept-Language": "zh-CN,zh;q=0.9,en;q=0.8"})
    assert "登录" in zh.text and 'lang="zh-CN"' in zh.text
    en = client.get("/login", headers={"Accept-Language": "en-US,en;q=0.9,zh;q=0.5"})
    assert "Sign in" in en.text
    wrong = sign_in(client, "root", "not the password", **{"Accept-Language": "zh"})
    assert "用户名或密码错误" in wrong.text


def test_a_one_time_password_must_be_changed_at_first_sign_in(api: Api):
    state = api.state
    password = users.ensure_first_admin(sessions=state.sessions, now=datetime.now(UTC))
    assert password is None  # users exist: no admin is made
    users.add(
        sessions=state.sessions,
        now=datetime.now(UTC),
        name="newbie",
        role="viewer",
        password="generated once 123",
        must_change_password=True,
    )
    client = fresh(api)
    assert sign_in(client, "newbie", "generated once 123").headers["location"] == "/password"
    assert client.get("/", follow_redirects=False).headers["location"] == "/password"
    token = csrf_of(client.get("/password").text)
    weak = client.post(
        "/password", data={"password": "short", "repeat": "short", "csrf_token": token}
    )
    assert weak.status_code == 422
    done = client.post(
        "/password",
        data={
            "current": "generated once 123",
            "password": "my own passphrase",
            "repeat": "my own passphrase",
            "csrf_token": token,
        },
        follow_redirects=False,
    )
    assert done.status_code == 303 and client.get("/").status_code == 200
    assert sign_in(fresh(api), "newbie", "my own passphrase").headers["location"] == "/"


# (a NUL in the name is refused as text before any lookup: tests/security/test_bad_input.py)
@pytest.mark.parametrize("name", ["", "ghost", "a" * 200])
def test_unknown_or_odd_names_fail_like_a_wrong_password(api: Api, name: str):
    assert sign_in(fresh(api), name).status_code == 401
