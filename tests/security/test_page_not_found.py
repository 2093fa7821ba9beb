"""A page's bad path parameter (``/cases/-1``, ``/cases/abc``, ``/cases/1e3``) answers the
HTML not-found page in the page's language, never the API's JSON (issue 13 follow-ups,
item 3). Every page route with a path parameter is taken from the app itself."""

# ruff: noqa: F811  (the fixtures imported from tests/api/conftest.py are test parameters)
from __future__ import annotations

import re

import pytest
from fastapi.routing import iter_route_contexts

from tests.api.conftest import Api, api, cheap_argon2, settings  # noqa: F401  (fixtures)
from tests.api.web_support import browser

BAD_VALUES = ["-1", "abc", "1e3", "99999999", "%E2%80%AE", "1.5"]
# /ical/<secret>.ics answers calendar apps (plain text, no page); /static and the API docs'
# /docs/assets serve files
NOT_PAGES = ("/api/", "/ical/", "/static", "/docs/assets")


def _page_routes(api: Api) -> list[tuple[str, str]]:
    found = []
    for route in iter_route_contexts(api.app.routes):
        if "{" not in (route.path or ""):
            continue
        if route.path.startswith(NOT_PAGES):
            continue
        for method in sorted(route.methods or ()):
            if method != "HEAD":
                found.append((method, route.path))
    return found


def _fill(path: str, value: str) -> str:
    return re.sub(r"\{[^}]+\}", value, path)


def test_every_page_route_with_a_path_parameter_answers_an_html_not_found_page(api: Api) -> None:
    routes = _page_routes(api)
    assert ("GET", "/cases/{case_id:int}") in routes and ("GET", "/stores/{name:path}") in routes
    for lang, words in (("zh", 'lang="zh-CN"'), ("en", 'lang="en"')):
        client = browser(api, "root", **{"Accept-Language": lang})
        for method, path in routes:
            for value in BAD_VALUES:
                url = _fill(path, value)
                answer = client.request(method, url, follow_redirects=False)
                if method == "POST" and answer.status_code == 403:
                    continue  # a form post without its CSRF token: refused before the path
                where = f"{method} {url} ({lang})"
                assert answer.status_code == 404, where
                assert answer.headers["content-type"].startswith("text/html"), where
                assert words in answer.text and '{"error"' not in answer.text, where


@pytest.mark.parametrize("url", ["/cases/-1", "/cases/abc", "/cases/1e3", "/no-such-page"])
def test_a_bad_case_address_shows_the_not_found_page_in_chinese(api: Api, url: str) -> None:
    client = browser(api, "root", **{"Accept-Language": "zh-CN,zh;q=0.9"})
    answer = client.get(url)
    assert answer.status_code == 404 and "没有这个页面" in answer.text
    assert 'href="/cases"' in answer.text  # the signed-in navigation is there


def test_the_api_keeps_answering_json_for_a_bad_path(api: Api) -> None:
    answer = api.call("root", "GET", "/api/v1/cases/abc")
    assert answer.status_code in (404, 422) and answer.json()["error"]["code"]
    assert api.client.get("/api/v1/no-such").json()["error"]["code"] == "not-found"
