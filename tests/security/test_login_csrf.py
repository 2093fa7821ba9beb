"""The sign-in form's CSRF token is bound to this server (issue 13, item 8): a cookie and a
"matching" token made up by someone else — what a plain double-submit accepts — are refused;
the real form works as a plain HTML form post (no JavaScript)."""

from __future__ import annotations

import hashlib
import hmac
from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient

from sellerdesk.services import login_csrf
from sellerdesk.web.session import LOGIN_CSRF_COOKIE
from tests.api import conftest as api_fixtures
from tests.api.conftest import PASSWORD, Api
from tests.api.web_support import csrf_of

# the app with stores, users and tokens of tests/api (fixtures by name)
api, settings, cheap_argon2 = api_fixtures.api, api_fixtures.settings, api_fixtures.cheap_argon2


def _client(api: Api) -> TestClient:
    return TestClient(api.app, base_url="http://testserver")


def _post(client: TestClient, token: str, **cookies: str):  # type: ignore[no-untyped-def]
    for name, value in cookies.items():
        client.cookies.set(name, value, path="/login")
    return client.post(
        "/login",
        data={"name": "root", "password": PASSWORD, "csrf_token": token},
        follow_redirects=False,
    )


def test_the_real_form_signs_in_with_a_plain_post_and_no_script(api: Api) -> None:
    client = _client(api)
    page = client.get("/login")
    assert "<script" not in page.text and 'method="post"' in page.text
    done = _post(client, csrf_of(page.text))
    assert done.status_code == 303 and done.headers["location"] == "/"
    assert client.get("/", follow_redirects=False).status_code == 200


def test_a_planted_cookie_with_a_matching_token_is_refused(api: Api) -> None:
    planted = "attacker-chosen-value-1234567890"
    answer = _post(_client(api), planted, **{LOGIN_CSRF_COOKIE: planted})
    assert answer.status_code == 403
    assert "sellerdesk_session" not in answer.cookies


def test_a_well_formed_cookie_signed_with_another_key_is_refused(api: Api) -> None:
    now = int(datetime.now(UTC).timestamp())
    cookie = f"{'n' * 24}.{now}"
    forged = hmac.new(
        b"not the server's key", f"login-csrf|{cookie}|testclient".encode(), hashlib.sha256
    ).hexdigest()
    assert _post(_client(api), forged, **{LOGIN_CSRF_COOKIE: cookie}).status_code == 403


def test_a_real_pair_taken_to_another_address_is_refused(api: Api) -> None:
    client = _client(api)
    token = csrf_of(client.get("/login").text)
    cookie = client.cookies.get(LOGIN_CSRF_COOKIE)
    assert cookie
    key = api.app.state.login_csrf_key
    now = datetime.now(UTC)
    assert login_csrf.verify(key, cookie=cookie, token=token, client="testclient", now=now)
    assert not login_csrf.verify(key, cookie=cookie, token=token, client="10.0.0.9", now=now)


def test_a_pair_older_than_its_lifetime_is_refused(api: Api) -> None:
    client = _client(api)
    token = csrf_of(client.get("/login").text)
    cookie = client.cookies.get(LOGIN_CSRF_COOKIE)
    key = api.app.state.login_csrf_key
    late = datetime.now(UTC) + login_csrf.LIFETIME + timedelta(minutes=1)
    assert not login_csrf.verify(key, cookie=cookie, token=token, client="testclient", now=late)


def test_a_missing_token_or_cookie_is_refused_and_the_form_comes_back_ready(api: Api) -> None:
    client = _client(api)
    token = csrf_of(client.get("/login").text)
    client.cookies.clear()
    refused = _post(client, token)
    assert refused.status_code == 403
    again = _post(client, csrf_of(refused.text))  # the refusal page carries a fresh pair
    assert again.status_code == 303


def test_two_tabs_share_one_pair(api: Api) -> None:
    client = _client(api)
    first = csrf_of(client.get("/login").text)
    second = csrf_of(client.get("/login").text)
    assert first == second
    assert _post(client, first).status_code == 303


def test_every_process_of_one_store_agrees_on_the_key(api: Api) -> None:
    state = api.state
    one = login_csrf.server_key(sessions=state.sessions, now=datetime.now(UTC))
    two = login_csrf.server_key(sessions=state.sessions, now=datetime.now(UTC))
    assert one == two and len(one) == 64
