"""A session that must change its password can do nothing else, on any route (issue 13,
item 5). The routes come from ``app.routes``, so a route added later is covered too."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient

from sellerdesk.services import users
from sellerdesk.web.guard import allowed
from tests.api import conftest as api_fixtures
from tests.api.conftest import Api
from tests.api.web_support import csrf_of

ONE_TIME = "generated once 123"
OWN = "my own passphrase 42"

# the app with stores, users and tokens of tests/api (fixtures by name)
api, settings, cheap_argon2 = api_fixtures.api, api_fixtures.settings, api_fixtures.cheap_argon2


def _signed_in_with_a_one_time_password(api: Api) -> TestClient:
    users.add(
        sessions=api.state.sessions,
        now=datetime.now(UTC),
        name="newbie",
        role="admin",
        password=ONE_TIME,
        must_change_password=True,
    )
    client = TestClient(api.app, base_url="http://testserver")
    token = csrf_of(client.get("/login").text)
    done = client.post(
        "/login",
        data={"name": "newbie", "password": ONE_TIME, "csrf_token": token},
        follow_redirects=False,
    )
    assert done.headers["location"] == "/password"
    return client


def _every_route(app: Any) -> Iterator[tuple[str, str]]:
    for route in iter_route_contexts(app.routes):  # included routers flattened
        path = re.sub(r"\{[^}]+\}", "1", route.path)
        for method in sorted(route.methods or ()):
            yield method, path


def test_the_route_table_is_not_empty_and_holds_api_pages_and_docs(api: Api) -> None:
    paths = {path for _, path in _every_route(api.app)}
    assert {"/api/v1/cases", "/", "/login", "/docs", "/openapi.json", "/password"} <= paths
    assert len(paths) > 30


def test_a_session_that_must_change_its_password_is_refused_on_every_other_route(
    api: Api,
) -> None:
    client = _signed_in_with_a_one_time_password(api)
    token = csrf_of(client.get("/password").text)
    checked = 0
    for method, path in _every_route(api.app):
        if allowed(path):
            continue
        answer = client.request(
            method,
            path,
            headers={"X-CSRF-Token": token, "Content-Type": "application/json"},
            content=b"{}" if method not in ("GET", "HEAD") else None,
            follow_redirects=False,
        )
        where = f"{method} {path}"
        if path.startswith("/api/") or path == "/openapi.json":
            assert answer.status_code == 403, where
            if method != "HEAD":
                assert answer.json()["error"]["key"] == "account.password_change_required", where
        else:
            assert answer.status_code == 303, where
            assert answer.headers["location"] == "/password", where
        checked += 1
    assert checked > 30


def test_the_change_form_sign_out_style_sheet_and_probe_still_answer(api: Api) -> None:
    client = _signed_in_with_a_one_time_password(api)
    assert client.get("/password").status_code == 200
    assert client.get("/static/app.css").status_code == 200
    assert client.get("/healthz").status_code == 200
    token = csrf_of(client.get("/password").text)
    out = client.post("/logout", data={"csrf_token": token}, follow_redirects=False)
    assert out.status_code == 303 and out.headers["location"] == "/login"


def test_after_the_change_the_same_session_reaches_the_api_and_the_pages(api: Api) -> None:
    client = _signed_in_with_a_one_time_password(api)
    token = csrf_of(client.get("/password").text)
    done = client.post(
        "/password",
        data={"current": ONE_TIME, "password": OWN, "repeat": OWN, "csrf_token": token},
        follow_redirects=False,
    )
    assert done.status_code == 303 and done.headers["location"] == "/"
    assert client.get("/api/v1/stores").status_code == 200
    assert client.get("/", follow_redirects=False).status_code == 200


def test_the_api_change_endpoint_is_open_to_the_gated_session_and_lifts_the_gate(
    api: Api,
) -> None:
    client = _signed_in_with_a_one_time_password(api)
    token = csrf_of(client.get("/password").text)
    assert client.get("/api/v1/cases").status_code == 403
    done = client.post(
        "/api/v1/me/password",
        json={"current_password": ONE_TIME, "new_password": OWN},
        headers={"X-CSRF-Token": token},
    )
    assert done.status_code == 204, done.text
    assert client.get("/api/v1/cases").status_code == 200


def test_a_bearer_token_of_the_same_user_is_the_token_not_the_session(api: Api) -> None:
    client = _signed_in_with_a_one_time_password(api)
    answer = client.get("/api/v1/stores", headers=api.as_("root"))
    assert answer.status_code == 200


@pytest.mark.parametrize("path", ["/", "/admin", "/cases", "/docs"])
def test_pages_send_the_gated_session_to_the_change_form(api: Api, path: str) -> None:
    client = _signed_in_with_a_one_time_password(api)
    answer = client.get(path, follow_redirects=False)
    assert (answer.status_code, answer.headers["location"]) == (303, "/password")
