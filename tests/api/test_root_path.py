"""The app behind a reverse proxy under a path prefix (``sellerdesk serve --root-path /desk``).

The TestClient plays uvicorn with ``--root-path /desk``: it asks for ``/desk/...`` with
``root_path="/desk"`` in the scope. Every link, form, style sheet, redirect and cookie the
app writes must stay under ``/desk``, and the pages, the API and the docs must work there.
"""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from sellerdesk.api.root_path import html_links, inner_path
from tests.api.conftest import PASSWORD, Api
from tests.api.test_offline_pages import urls_of
from tests.api.web_support import csrf_of

ROOT = "/desk"


def _client(api: Api) -> TestClient:
    client = TestClient(api.app, base_url="http://testserver", root_path=ROOT)
    client.headers.update({"Accept-Language": "en"})
    return client


def _same_site(html: str) -> list[str]:
    return [url for _, _, url in urls_of(html) if url.startswith("/") and "//" not in url[:2]]


def _signed_in(api: Api) -> TestClient:
    client = _client(api)
    first = client.get(f"{ROOT}/", follow_redirects=False)
    assert first.headers["location"] == f"{ROOT}/login"
    login = client.get(f"{ROOT}/login")
    assert login.status_code == 200
    assert f"Path={ROOT}/login" in login.headers["set-cookie"]
    done = client.post(
        f"{ROOT}/login",
        data={"name": "root", "password": PASSWORD, "csrf_token": csrf_of(login.text)},
        follow_redirects=False,
    )
    assert done.status_code == 303 and done.headers["location"] == f"{ROOT}/", done.text
    assert f"Path={ROOT};" in done.headers["set-cookie"]
    return client


def test_every_page_link_form_and_style_sheet_stays_under_the_root_path(api: Api) -> None:
    client = _signed_in(api)
    home = client.get(f"{ROOT}/")
    assert home.status_code == 200
    seen: set[str] = set()
    pages = [home.text]
    for path in ("/cases", "/cases/new", "/stores", "/hours", "/ask", "/admin", "/password"):
        page = client.get(ROOT + path)
        assert page.status_code == 200, (path, page.status_code)
        pages.append(page.text)
    for html in pages:
        links = _same_site(html)
        assert links
        for url in links:
            assert url.startswith(f"{ROOT}/"), url
            seen.add(url)
    assert f"{ROOT}/static/app.css" in seen
    for url in sorted(seen):
        if "/lang?" in url or url.endswith(("/logout", "/calendar")) or "/events" in url:
            continue  # forms to post, or the switch tried below
        answer = client.get(url, follow_redirects=False)
        assert answer.status_code in (200, 303), (url, answer.status_code)


def test_redirects_the_language_switch_and_the_calendar_link_keep_the_prefix(api: Api) -> None:
    client = _signed_in(api)
    switched = client.get(f"{ROOT}/lang?to=zh&next=/cases", follow_redirects=False)
    assert switched.headers["location"] == f"{ROOT}/cases"
    assert "路" not in switched.text  # a redirect, no page
    hours = client.get(f"{ROOT}/hours")
    made = client.post(f"{ROOT}/hours/calendar", data={"csrf_token": csrf_of(hours.text)})
    found = re.search(r"http://testserver/desk/ical/[\w-]+\.ics", made.text)
    assert found, made.text
    feed = client.get(found.group(0).removeprefix("http://testserver"))
    assert feed.status_code == 200 and feed.text.startswith("BEGIN:VCALENDAR")


def test_the_api_and_its_docs_answer_under_the_root_path(api: Api) -> None:
    client = _client(api)
    listed = client.get(f"{ROOT}/api/v1/cases", headers=api.as_("root"))
    assert listed.status_code == 200
    missing = client.get(f"{ROOT}/api/v1/nowhere", headers=api.as_("root"))
    assert missing.status_code == 404 and "error" in missing.json()  # JSON: still an API path
    assert client.get(f"{ROOT}/openapi.json").json()["servers"] == [{"url": ROOT}]
    docs = client.get(f"{ROOT}/docs")
    for url in _same_site(docs.text):
        assert url.startswith(f"{ROOT}/"), url
        assert client.get(url).status_code == 200, url
    assert f'data-openapi="{ROOT}/openapi.json"' in docs.text


def test_without_a_root_path_nothing_is_rewritten(api: Api) -> None:
    page = api.client.get("/login")
    assert 'href="/static/app.css"' in page.text
    assert "Path=/login" in page.headers["set-cookie"]


def test_the_rewriting_rules() -> None:
    assert inner_path("/desk", ROOT) == "/"
    assert inner_path("/desk/cases", ROOT) == "/cases"
    assert inner_path("/desktop", ROOT) == "/desktop"  # another path that only starts alike
    html = b'<a href="/cases"><a href="//cdn.example/x"><a href="https://e.org/"><img src="/i">'
    assert html_links(html, b"/desk") == (
        b'<a href="/desk/cases"><a href="//cdn.example/x"><a href="https://e.org/">'
        b'<img src="/desk/i">'
    )
