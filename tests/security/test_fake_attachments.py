"""An attachment whose bytes are not what its name says (a text file named evidence.pdf,
a program renamed .png, a PDF cut short) is refused at upload on every path in — the API,
the case page's reply form, the new-case form, the service the CLI calls — naming the file
and what it looks like, with nothing written: no blob, no event, no case.
SQLite and PostgreSQL (the ``api`` fixture is parametrised)."""

# ruff: noqa: F811  (the fixtures imported from tests/api/conftest.py are test parameters)
from __future__ import annotations

import html
import re
from pathlib import Path

from tests.api.conftest import Api, api, cheap_argon2, settings  # noqa: F401  (fixtures)
from tests.api.test_case_draft_page import DRAFT, MULTIPART, _multipart
from tests.api.web_support import browser, token_of
from tests.file_samples import tiny_pdf, tiny_png

PROGRAM = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64


def _folder(api: Api) -> list[str]:
    root: Path = api.state.ctx.attachments_dir
    return sorted(str(p.relative_to(root)) for p in root.rglob("*")) if root.exists() else []


def _events(api: Api, case_id: int) -> list[str]:
    return [e["body"] for e in api.call("root", "GET", f"/api/v1/cases/{case_id}").json()["events"]]


def test_the_api_refuses_a_fake_pdf_with_a_422_naming_attachments_and_stores_nothing(
    api: Api,
) -> None:
    case = api.new_case(store="north")
    before = _folder(api)
    for name, content, says in (
        ("evidence.pdf", b"this is not a pdf at all", "is plain text"),
        ("evidence.pdf", tiny_pdf()[:200], "is a PDF cut short"),
        ("screenshot.png", PROGRAM, "is a program"),
    ):
        refused = api.call(
            "agent_n",
            "POST",
            f"/api/v1/cases/{case['id']}/events",
            data={"direction": "note", "body": "evidence"},
            # a real file first: it is not stored either, the request is refused whole
            files=[
                ("attachments", ("invoice.pdf", tiny_pdf(), "application/pdf")),
                ("attachments", (name, content, "application/octet-stream")),
            ],
        )
        assert refused.status_code == 422, refused.text
        error = refused.json()["error"]
        assert error["field"] == "attachments" and error["key"].startswith("attach.fake.")
        assert name in error["message"] and says in error["message"]
    assert _folder(api) == before
    assert _events(api, case["id"]) == [""]
    ok = api.call(
        "agent_n",
        "POST",
        f"/api/v1/cases/{case['id']}/events",
        data={"direction": "note", "body": "evidence"},
        files=[("attachments", ("shot.png", tiny_png(), "image/png"))],
    )
    assert ok.status_code == 201, ok.text


def test_the_reply_form_refuses_a_fake_on_the_same_page_in_its_language_keeping_the_note(
    api: Api,
) -> None:
    case = api.new_case(store="north")
    before = _folder(api)
    client = browser(api, "agent_n", **{"Accept-Language": "zh-CN"})
    token = token_of(client, f"/cases/{case['id']}")
    page = client.post(
        f"/cases/{case['id']}/events",
        data={"csrf_token": token, "direction": "note", "body": "发票已附上 invoice attached"},
        files=[
            ("attachments", ("发票.pdf", b"<html><body>login</body></html>", "application/pdf"))
        ],
    )
    assert page.status_code == 422 and "text/html" in page.headers["content-type"]
    assert "发票.pdf 实际是用这个名字保存的网页" in html.unescape(page.text)
    assert "发票已附上 invoice attached</textarea>" in page.text
    assert _folder(api) == before
    assert _events(api, case["id"]) == [""]


def test_the_new_case_form_refuses_a_fake_before_the_case_exists_keeping_the_text(
    api: Api,
) -> None:
    client = browser(api, "agent_n", **{"Accept-Language": "en"})
    token = token_of(client, "/cases/new")
    body = _multipart(
        {"csrf_token": token, **DRAFT, "action": "create"},
        [("invoice.txt", b"invoice 42"), ("screenshot.png", PROGRAM)],
    )
    page = client.post("/cases/new", content=body, headers=MULTIPART)
    assert page.status_code == 422 and "text/html" in page.headers["content-type"]
    text = html.unescape(re.sub(r"<[^>]+>", " ", page.text))
    assert "screenshot.png is a program" in text
    assert "Listing B08N5WRWNW suppressed after an attribute edit" in page.text
    assert api.call("root", "GET", "/api/v1/cases").json()["count"] == 0
    assert _folder(api) == []
