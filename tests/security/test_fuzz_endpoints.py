"""Hypothesis over every JSON and form endpoint, enumerated from the app itself (issue 13,
items 1 and 12): deep nesting, lone surrogates, NUL and bytes that are not UTF-8, in any field,
as JSON, URL-encoded and multipart bodies and in query strings. Every answer is a 4xx, never a
5xx, and nothing is stored. A route added later is fuzzed without editing this file.
"""
# ruff: noqa: F811  (the fixtures imported from tests/api/conftest.py are test parameters)

from __future__ import annotations

import json
import re
from typing import Any

from fastapi.routing import iter_route_contexts
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from sellerdesk.storage.tables import Base
from tests.api.conftest import Api, api, cheap_argon2, settings  # noqa: F401 (fixtures)
from tests.api.web_support import browser, csrf_of

FILL = {"case_id": "1", "name": "north", "desk": "na", "secret": "x", "sha256": "0" * 64}
BAD_CHARS = ["\ud800", "\udfff", "\udc80", "\x00"]
REFUSED = {400, 404, 405, 413, 415, 422}


def _fill(path: str) -> str:
    return re.sub(r"\{(\w+)(:\w+)?\}", lambda m: FILL.get(m.group(1), "1"), path)


def json_endpoints(api: Api) -> list[tuple[str, str, list[str]]]:
    """(method, path, the body's field names) of every operation taking a JSON body."""
    schema = api.app.openapi()
    components = schema["components"]["schemas"]
    out = []
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            content = operation.get("requestBody", {}).get("content", {})
            if "application/json" not in content:
                continue
            ref = content["application/json"]["schema"].get("$ref", "")
            fields = list(components.get(ref.rsplit("/", 1)[-1], {}).get("properties", {}))
            out.append((method.upper(), _fill(path), fields or ["body"]))
    return out


def form_endpoints(api: Api) -> list[str]:
    """Every page that takes a form post (the routes outside the API taking POST)."""
    paths = []
    for route in iter_route_contexts(api.app.routes):
        path = route.path or ""
        if "POST" in (route.methods or ()) and not path.startswith("/api/"):
            paths.append(_fill(path))
    return sorted(set(paths))


def _fingerprint(api: Api) -> dict[str, int]:
    with api.state.sessions() as session:
        return {
            table.name: session.scalar(select(func.count()).select_from(table)) or 0
            for table in Base.metadata.sorted_tables
            if table.name not in ("sessions", "login_attempts", "sign_in_counters")
        }


bad_text = st.builds(
    lambda head, bad, tail: head + bad + tail,
    st.text(max_size=20),
    st.sampled_from(BAD_CHARS),
    st.text(max_size=20),
)
deep_value = st.integers(min_value=65, max_value=20_000).map(lambda d: "[" * d + "]" * d)


def _json_bytes(fields: list[str], field: str, value: Any) -> bytes:
    """A JSON object with ``value`` in ``field`` (``value`` a str, or raw JSON text)."""
    others = {f: "x" for f in fields if f != field}
    body = json.dumps(others)[:-1] + (", " if others else "")
    # a str escaped the way a JSON client would (\ud800, \u0000); bytes are raw JSON text
    encoded = json.dumps(value, ensure_ascii=True) if isinstance(value, str) else value.decode()
    return (body + json.dumps(field) + ": " + encoded + "}").encode()


@hypothesis_settings(
    max_examples=120,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
@given(data=st.data())
def _fuzz_json(api: Api, endpoints: list[tuple[str, str, list[str]]], data: Any) -> None:
    method, path, fields = data.draw(st.sampled_from(endpoints), label="endpoint")
    field = data.draw(st.sampled_from(fields), label="field")
    kind = data.draw(st.sampled_from(["text", "deep", "bytes", "query"]), label="kind")
    headers = {**api.as_("root"), "content-type": "application/json"}
    url = path
    if kind == "text":
        body = _json_bytes(fields, field, data.draw(bad_text, label="text"))
    elif kind == "deep":
        body = _json_bytes(fields, field, data.draw(deep_value, label="deep").encode())
    elif kind == "bytes":
        body = _json_bytes(fields, field, "x").replace(b'"x"}', b'"\xff\xc3("}')
    else:
        body = _json_bytes(fields, field, "x")
        url = f"{path}?{field}=%00%ED%A0%80"
    response = api.client.request(method, url, content=body, headers=headers)
    assert response.status_code in REFUSED, (method, url, body[:200], response.text[:300])
    assert response.json()["error"]["code"] in ("invalid-input", "malformed", "not-found"), (
        response.text[:300]
    )


def test_every_json_endpoint_refuses_bad_text_and_deep_nesting_without_storing(api: Api) -> None:
    endpoints = json_endpoints(api)
    paths = {path for _, path, _ in endpoints}
    assert {"/api/v1/cases", "/api/v1/cases/1/events", "/api/v1/stores", "/api/v1/lint"} <= paths
    api.new_case()
    before = _fingerprint(api)
    _fuzz_json(api, endpoints)
    assert _fingerprint(api) == before


@hypothesis_settings(
    max_examples=120,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
@given(data=st.data())
def _fuzz_forms(client: Any, token: str, paths: list[str], data: Any) -> None:
    path = data.draw(st.sampled_from(paths), label="path")
    field = data.draw(
        st.sampled_from(["subject", "body", "name", "action", "marketplaces", "toml", "q"]),
        label="field",
    )
    kind = data.draw(st.sampled_from(["text", "bytes", "multipart", "query"]), label="kind")
    value = data.draw(bad_text, label="text")
    fields = {"csrf_token": token, "action": "save", field: value}
    if kind == "text":  # what a browser sends: UTF-8, percent-encoded (a surrogate as its bytes)
        raw = "&".join(f"{k}={_percent(v)}" for k, v in fields.items()).encode()
        response = client.post(
            path, content=raw, headers={"content-type": "application/x-www-form-urlencoded"}
        )
    elif kind == "bytes":
        raw = f"csrf_token={token}&{field}=%FF%FE".encode()
        response = client.post(
            path, content=raw, headers={"content-type": "application/x-www-form-urlencoded"}
        )
    elif kind == "multipart":
        response = client.post(
            path,
            data={k: v.encode("utf-8", "surrogatepass") for k, v in fields.items()},
            files={"unused": ("a.txt", b"x", "text/plain")},
        )
    else:
        response = client.post(f"{path}?{field}={_percent(value)}", data={"csrf_token": token})
    assert response.status_code in REFUSED, (path, kind, field, ascii(value), response.text[-500:])


def _percent(value: str) -> str:
    from urllib.parse import quote_from_bytes

    return quote_from_bytes(value.encode("utf-8", "surrogatepass"), safe="")


def test_every_form_endpoint_refuses_bad_text_without_storing(api: Api) -> None:
    paths = form_endpoints(api)
    assert {
        "/cases/new",
        "/cases/1/events",
        "/stores/north",
        "/admin/desks/advanced",
        "/login",
    } <= set(paths)
    api.new_case()
    client = browser(api, "root")
    token = csrf_of(client.get("/cases/new").text)
    before = _fingerprint(api)
    _fuzz_forms(client, token, paths)
    assert _fingerprint(api) == before
