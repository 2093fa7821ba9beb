"""Changing one's password over the API and the pages, disabled users' tokens, and the
change form's long passwords (issue 13, item 6)."""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi.testclient import TestClient

from sellerdesk.services import accounts
from sellerdesk.services.tokens import PrincipalCache
from tests.api.conftest import PASSWORD, Api
from tests.api.web_support import browser, csrf_of

NEW = "a brand new passphrase"


def test_the_api_changes_ones_password_only_with_the_current_one(api: Api) -> None:
    wrong = api.call(
        "agent_n",
        "POST",
        "/api/v1/me/password",
        json={"current_password": "not my password", "new_password": NEW},
    )
    assert wrong.status_code == 422
    assert wrong.json()["error"]["key"] == "account.wrong_current_password"
    assert wrong.json()["error"]["field"] == "current_password"
    done = api.call(
        "agent_n",
        "POST",
        "/api/v1/me/password",
        json={"current_password": PASSWORD, "new_password": NEW},
    )
    assert done.status_code == 204


def test_a_common_password_is_refused_by_the_api_with_its_key(api: Api) -> None:
    answer = api.call(
        "agent_n",
        "POST",
        "/api/v1/me/password",
        json={"current_password": PASSWORD, "new_password": "qwertyuiop"},
    )
    assert answer.status_code == 422
    assert answer.json()["error"]["key"] == "account.common_password"


def test_a_change_through_the_api_by_token_ends_the_users_browser_sessions(api: Api) -> None:
    page = browser(api, "agent_n")
    assert page.get("/cases", follow_redirects=False).status_code == 200
    api.call(
        "agent_n",
        "POST",
        "/api/v1/me/password",
        json={"current_password": PASSWORD, "new_password": NEW},
    )
    assert page.get("/cases", follow_redirects=False).headers["location"] == "/login"


def test_a_change_in_the_browser_keeps_that_browser_and_signs_out_the_others(api: Api) -> None:
    here, there = browser(api, "agent_n"), browser(api, "agent_n")
    token = csrf_of(here.get("/password").text)
    done = here.post(
        "/password",
        data={"current": PASSWORD, "password": NEW, "repeat": NEW, "csrf_token": token},
        follow_redirects=False,
    )
    assert done.status_code == 303
    assert here.get("/cases", follow_redirects=False).status_code == 200
    assert there.get("/cases", follow_redirects=False).headers["location"] == "/login"


def test_the_change_form_says_why_a_password_is_refused_in_the_pages_language(api: Api) -> None:
    page = browser(api, "agent_n", **{"Accept-Language": "zh-CN"})
    token = csrf_of(page.get("/password").text)
    refused = page.post(
        "/password",
        data={"current": "wrong one", "password": NEW, "repeat": NEW, "csrf_token": token},
    )
    assert refused.status_code == 422 and "当前密码不正确" in refused.text


def test_a_disabled_users_token_is_refused_at_once_though_the_api_caches_tokens(api: Api) -> None:
    api.state.token_cache = PrincipalCache(3600.0)  # far longer than the default bound
    assert api.call("agent_n", "GET", "/api/v1/stores").status_code == 200
    accounts.set_active(
        sessions=api.state.sessions, now=datetime.now(UTC), name="agent_n", active=False
    )
    assert api.call("agent_n", "GET", "/api/v1/stores").status_code == 401


def test_the_change_form_keeps_a_long_password_whole_and_refuses_one_past_the_bound(
    api: Api,
) -> None:
    """(The Admin page's add-user form with a chosen password is gone: the People page adds
    a person with a one-time password; one's own password is chosen on the change form.)"""
    page = browser(api, "agent_n")
    long = "a sentence that goes on " * 40  # 960 characters: past the old 200-character cut
    token = csrf_of(page.get("/password").text)
    form = {"current": PASSWORD, "csrf_token": token}
    too_long = "x" + "yz" * 512
    refused = page.post("/password", data={**form, "password": too_long, "repeat": too_long})
    assert refused.status_code == 422 and "1024" in refused.text
    done = page.post(
        "/password", data={**form, "password": long, "repeat": long}, follow_redirects=False
    )
    assert done.status_code == 303, done.text
    fresh = TestClient(api.app, base_url="http://testserver")
    login_token = csrf_of(fresh.get("/login").text)
    signed = fresh.post(
        "/login",
        data={"name": "agent_n", "password": long, "csrf_token": login_token},
        follow_redirects=False,
    )
    assert signed.status_code == 303
