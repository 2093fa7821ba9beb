"""Nothing the app serves loads anything from outside the server (issue 15, item 9).

``/docs`` is Swagger UI from packaged files; every URL it references is this server's and
answers 200. Every page template and style sheet is read for URLs of other hosts: only a
plain link a person clicks (``<a href>``) may point elsewhere.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from importlib import resources
from urllib.parse import urlsplit

import pytest

from tests.api.conftest import Api

LOADING = {"src", "href", "action", "formaction", "poster", "data", "srcset", "data-openapi"}
EXTERNAL = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)


class Urls(HTMLParser):
    """(tag, attribute, value) of every attribute that names something to load or go to."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in LOADING and value is not None:
                self.found.append((tag, name, value))


def urls_of(html: str) -> list[tuple[str, str, str]]:
    parser = Urls()
    parser.feed(html)
    return parser.found


def test_docs_page_and_every_asset_it_references_come_from_this_server(api: Api) -> None:
    page = api.client.get("/docs")
    assert page.status_code == 200
    csp = page.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "script-src 'self'" in csp
    found = urls_of(page.text)
    assert {name for _, name, _ in found} >= {"src", "href", "data-openapi"}
    for tag, name, url in found:
        assert not EXTERNAL.match(url), (tag, name, url)
        assert url.startswith("/"), (tag, name, url)
        response = api.client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        assert response.content, url
    scripts = [url for tag, name, url in found if tag == "script"]
    assert len(scripts) == 2  # Swagger UI's bundle and the script that starts it
    start = api.client.get(scripts[-1]).text
    assert "validatorUrl: null" in start  # no badge fetched from validator.swagger.io
    assert re.search(r"https?://", start) is None


def test_docs_assets_are_only_the_files_the_page_needs(api: Api) -> None:
    assert (
        api.client.get("/docs/assets/swagger-ui.css").headers["content-type"].startswith("text/css")
    )
    for name in ("index.html", "..%2Fpyproject.toml", "swagger-ui-bundle.js.map", "LICENSE"):
        assert api.client.get(f"/docs/assets/{name}").status_code == 404, name
    assert "window.opener" in api.client.get("/docs/oauth2-redirect").text


TEMPLATES = resources.files("sellerdesk.web") / "templates"
STATIC = resources.files("sellerdesk.web") / "static"


def _template_names() -> list[str]:
    return sorted(ref.name for ref in TEMPLATES.iterdir() if ref.name.endswith(".html"))


@pytest.mark.parametrize("name", _template_names())
def test_no_template_loads_anything_from_another_host(name: str) -> None:
    source = (TEMPLATES / name).read_text(encoding="utf-8")
    for tag, attribute, url in urls_of(source):
        if tag == "a" and attribute == "href":
            if EXTERNAL.match(url):
                assert urlsplit(url).scheme == "https", (name, url)  # a link a person clicks
            continue
        assert not EXTERNAL.match(url), (name, tag, attribute, url)
    assert "@import" not in source and not re.search(r"url\(\s*['\"]?(?:https?:)?//", source)


def test_no_style_sheet_loads_anything_from_another_host() -> None:
    sheets = [ref for ref in STATIC.iterdir() if ref.name.endswith(".css")]
    assert sheets
    for ref in sheets:
        text = ref.read_text(encoding="utf-8")
        assert not re.search(r"url\(\s*['\"]?(?:[a-z]+:)?//", text, re.IGNORECASE), ref.name
        assert not re.search(r"@import\s+(?:url\()?\s*['\"]?(?:[a-z]+:)?//", text), ref.name
