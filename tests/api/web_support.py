"""Signing in a browser-like TestClient and reading a page's CSRF token."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from tests.api.conftest import PASSWORD, Api


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]*)"', html)
    assert found, html
    return found.group(1)


def browser(api: Api, user: str, **headers: str) -> TestClient:
    """A client signed in as ``user`` (its session cookie kept), English unless told."""
    client = TestClient(api.app, base_url="http://testserver")
    client.headers.update({"Accept-Language": "en", **headers})
    token = csrf_of(client.get("/login").text)
    done = client.post(
        "/login",
        data={"name": user, "password": PASSWORD, "csrf_token": token},
        follow_redirects=False,
    )
    assert done.status_code == 303, done.text
    return client


def token_of(client: TestClient, path: str = "/cases") -> str:
    return csrf_of(client.get(path).text)
