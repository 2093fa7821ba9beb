"""Uploads are authorized before their body is read, and an upload that is refused — for
access, for its size (declared or chunked), for a missing file name or because the client
went away — leaves the attachments folder exactly as it was (no blob, no ``.incoming-*``)."""

# ruff: noqa: F811  (the fixtures imported from tests/api/conftest.py are test parameters)
from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sellerdesk.core.sizes import human_size
from tests.api.conftest import Api, api, cheap_argon2, settings  # noqa: F401  (fixtures)
from tests.api.web_support import browser, token_of

BOUNDARY = "sellerdesk-test-boundary"
SMALL_LIMIT = 2000  # bytes per attachment in these tests


def _events(api: Api, case_id: int) -> list[str]:
    return [e["body"] for e in api.call("root", "GET", f"/api/v1/cases/{case_id}").json()["events"]]


def _folder(api: Api) -> list[str]:
    root: Path = api.state.ctx.attachments_dir
    return sorted(str(p.relative_to(root)) for p in root.rglob("*")) if root.exists() else []


def _multipart(fields: dict[str, str], files: list[tuple[str, str | None, bytes]]) -> bytes:
    """A multipart body; a file given a None name is sent without ``filename=``."""
    out = []
    for name, value in fields.items():
        out.append(
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
        )
    parts = [s.encode() for s in out]
    for name, file_name, data in files:
        named = "" if file_name is None else f'; filename="{file_name}"'
        head = f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"{named}\r\n'
        parts.append(head.encode() + b"Content-Type: application/octet-stream\r\n\r\n")
        parts.append(data + b"\r\n")
    parts.append(f"--{BOUNDARY}--\r\n".encode())
    return b"".join(parts)


def _chunked(body: bytes) -> Iterator[bytes]:
    """A generator body: httpx sends it with Transfer-Encoding: chunked, no Content-Length."""
    for i in range(0, len(body), 1000):
        yield body[i : i + 1000]


MULTIPART = {"Content-Type": f"multipart/form-data; boundary={BOUNDARY}"}


def _post_file(api: Api, user: str, case_id: int) -> Any:
    return api.call(
        user,
        "POST",
        f"/api/v1/cases/{case_id}/events",
        data={"direction": "note", "body": "evidence"},
        files=[("attachments", ("proof.txt", b"refused bytes " * 50, "text/plain"))],
    )


def test_an_upload_to_a_case_the_user_may_not_see_or_write_is_refused_before_any_byte_is_stored(
    api: Api,
) -> None:
    case = api.new_case(store="north")
    before = _folder(api)
    assert _post_file(api, "agent_s", case["id"]).status_code == 404  # store not granted
    assert _post_file(api, "viewer_n", case["id"]).status_code == 403  # read-only
    assert _post_file(api, "agent_n", 999_999).status_code == 404  # no such case
    assert _folder(api) == before
    assert _post_file(api, "agent_n", case["id"]).status_code == 201
    assert len(_folder(api)) > len(before)


def test_a_stale_version_refuses_the_upload_before_its_blob_is_written(api: Api) -> None:
    case = api.new_case(store="north")
    before = _folder(api)
    response = api.call(
        "agent_n",
        "POST",
        f"/api/v1/cases/{case['id']}/events",
        data={"direction": "note", "body": "x", "version": "99"},
        files=[("attachments", ("proof.txt", b"stale bytes", "text/plain"))],
    )
    assert response.status_code == 409
    assert _folder(api) == before


def test_the_reply_form_refuses_a_user_without_access_before_storing_the_file(api: Api) -> None:
    case = api.new_case(store="north")
    before = _folder(api)
    for user, status in (("agent_s", 404), ("viewer_n", 403)):
        client = browser(api, user)
        token = token_of(client)
        response = client.post(
            f"/cases/{case['id']}/events",
            data={"csrf_token": token, "direction": "note", "body": "hello"},
            files=[("attachments", ("proof.txt", b"refused bytes", "text/plain"))],
        )
        assert response.status_code == status, response.text
    assert _folder(api) == before


def test_a_chunked_upload_over_the_limit_is_a_413_stating_the_limit_and_writes_nothing(
    api: Api,
) -> None:
    api.state.ctx.max_attachment_bytes = SMALL_LIMIT
    limit = api.state.upload_limit
    case = api.new_case(store="north")
    before = _folder(api)
    body = _multipart({"direction": "note"}, [("attachments", "big.bin", b"x" * (limit + 10))])
    response = api.call(
        "agent_n",
        "POST",
        f"/api/v1/cases/{case['id']}/events",
        content=_chunked(body),
        headers=MULTIPART,
    )
    assert response.status_code == 413, response.text
    error = response.json()["error"]
    assert error["key"] == "upload.too_large" and human_size(limit) in error["message"]
    assert error["field"] == "attachments"
    assert _folder(api) == before


def test_a_file_over_the_attachment_limit_inside_the_body_limit_is_a_413_too(api: Api) -> None:
    api.state.ctx.max_attachment_bytes = SMALL_LIMIT
    case = api.new_case(store="north")
    before = _folder(api)
    body = _multipart({"direction": "note"}, [("attachments", "big.bin", b"x" * 5000)])
    response = api.call(
        "agent_n", "POST", f"/api/v1/cases/{case['id']}/events", content=body, headers=MULTIPART
    )
    assert response.status_code == 413
    assert _folder(api) == before


def test_the_reply_form_answers_an_oversize_chunked_upload_with_its_page_keeping_the_note(
    api: Api,
) -> None:
    api.state.ctx.max_attachment_bytes = SMALL_LIMIT
    limit = api.state.upload_limit
    case = api.new_case(store="north")
    before = _folder(api)
    client = browser(api, "agent_n", **{"Accept-Language": "zh-CN"})
    token = token_of(client)
    fields = {"csrf_token": token, "direction": "note", "body": "发票已附上 invoice attached"}
    body = _multipart(fields, [("attachments", "big.bin", b"x" * (limit + 10))])
    for content in (_chunked(body), body):  # chunked, and with a declared Content-Length
        response = client.post(f"/cases/{case['id']}/events", content=content, headers=MULTIPART)
        assert response.status_code == 413, response.text
        assert "text/html" in response.headers["content-type"]
        # human sizes, words for a person at the form, a way back that does not post again
        assert human_size(limit) in response.text and "字节" not in response.text
        assert "此接口" not in response.text and "提高上限" not in response.text
        assert "一次回复可携带" in response.text
        assert f'<a href="/cases/{case["id"]}">' in response.text
        assert response.headers["cache-control"] == "no-store"
        assert "发票已附上 invoice attached</textarea>" in response.text
    assert _folder(api) == before
    assert _events(api, case["id"]) == [""]


def test_an_attachment_part_without_a_file_name_is_refused_naming_the_field(api: Api) -> None:
    case = api.new_case(store="north")
    before = _folder(api)
    for name in (None, ""):  # no filename= at all, or an empty one with bytes in it
        body = _multipart({"direction": "note", "body": "x"}, [("attachments", name, b"data")])
        response = api.call(
            "agent_n",
            "POST",
            f"/api/v1/cases/{case['id']}/events",
            content=body,
            headers=MULTIPART,
        )
        assert response.status_code == 422, response.text
        error = response.json()["error"]
        assert error["field"] == "attachments" and error["key"] == "upload.no_file_name"
    assert _folder(api) == before
    assert _events(api, case["id"]) == [""]  # the creation only


def test_the_reply_form_ignores_an_unused_file_input_but_refuses_a_nameless_file(
    api: Api,
) -> None:
    case = api.new_case(store="north")
    client = browser(api, "agent_n")
    token = token_of(client)
    fields = {"csrf_token": token, "direction": "note", "body": "just a note"}
    unused = _multipart(fields, [("attachments", "", b"")])  # what a browser sends
    response = client.post(
        f"/cases/{case['id']}/events", content=unused, headers=MULTIPART, follow_redirects=False
    )
    assert response.status_code == 303, response.text
    token = token_of(client)
    fields = {"csrf_token": token, "direction": "note", "body": "keep me"}
    nameless = _multipart(fields, [("attachments", None, b"bytes")])
    response = client.post(f"/cases/{case['id']}/events", content=nameless, headers=MULTIPART)
    assert response.status_code == 422
    assert "attachments" in response.text and "keep me</textarea>" in response.text
    assert _events(api, case["id"]) == ["", "just a note"]


def test_an_upload_cut_off_by_the_client_leaves_no_temp_file(api: Api, tmp_path: Path) -> None:
    import tempfile

    case = api.new_case(store="north")
    before = _folder(api)
    spool_dir = tmp_path / "spool"
    spool_dir.mkdir()
    body = _multipart({"direction": "note"}, [("attachments", "cut.bin", b"y" * 3_000_000)])
    half = body[: len(body) // 2]
    sent: list[dict[str, Any]] = []

    async def run() -> None:
        messages = [
            {"type": "http.request", "body": half[i : i + 65536], "more_body": True}
            for i in range(0, len(half), 65536)
        ]
        messages.append({"type": "http.disconnect"})

        async def receive() -> dict[str, Any]:
            return messages.pop(0) if messages else {"type": "http.disconnect"}

        async def send(message: dict[str, Any]) -> None:
            sent.append(message)

        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": "POST",
            "scheme": "http",
            "path": f"/api/v1/cases/{case['id']}/events",
            "raw_path": f"/api/v1/cases/{case['id']}/events".encode(),
            "query_string": b"",
            "root_path": "",
            "headers": [
                (b"host", b"testserver"),
                (b"authorization", f"Bearer {api.tokens['agent_n']}".encode()),
                (b"content-type", MULTIPART["Content-Type"].encode()),
            ],
            "client": ("127.0.0.1", 5000),
            "server": ("testserver", 80),
        }
        # a disconnect may surface as an error; what matters is the disk
        with contextlib.suppress(Exception):
            await api.app(scope, receive, send)

    saved = tempfile.tempdir
    tempfile.tempdir = str(spool_dir)  # where Starlette spools upload parts
    try:
        asyncio.run(run())
    finally:
        tempfile.tempdir = saved
    assert list(spool_dir.iterdir()) == []
    assert _folder(api) == before
    assert _events(api, case["id"]) == [""]  # the creation only
