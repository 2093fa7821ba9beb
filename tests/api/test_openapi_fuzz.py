"""Schemathesis over /openapi.json: generated requests (valid and invalid) never make a 500,
and answers match the schema; then the same requests made hostile (a lone surrogate or NUL in
a field, nesting past the limit, bad text in the query string), which must be refused with an
error the document lists. SQLite and PostgreSQL, a bounded number of examples per operation
(about 20 s a database)."""

from __future__ import annotations

import json
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis import checks

from tests.api.conftest import Api


@pytest.fixture
def fuzz_schema(api: Api) -> Any:
    api.new_case(asins=["B08N5WRWNW"])  # something for ids 1 and searches to find
    return schemathesis.openapi.from_asgi("/openapi.json", api.app)


schema = schemathesis.pytest.from_fixture("fuzz_schema")
# the status codes, content types and bodies answered are the ones the schema documents
CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
]


@schema.parametrize()
@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_generated_requests_never_cause_a_server_error(case: Any, api: Api) -> None:
    case.headers = {**(case.headers or {}), **api.as_("root")}
    response = case.call_and_validate(checks=CHECKS)
    assert response.status_code < 500, (case.method, case.formatted_path, response.text[:500])
    kind = response.headers.get("content-type") or [""]
    if str(kind[0] if isinstance(kind, list) else kind).startswith("application/json"):
        body = response.json()
        if response.status_code >= 400:
            assert {"code", "message", "field"} <= set(body["error"]), body


DEPTH = 100  # past the limit of 64 levels (docs/api.md), shallow enough for json.dumps
HOSTILE = ("\ud800", "a\x00b", "deep", "wrapped")


def _hostile(body: Any, variant: str) -> Any:
    """``body`` with one field made hostile: bad text, a deep list, or the whole body nested."""
    deep: Any = "x"
    for _ in range(DEPTH):
        deep = [deep]
    if variant == "wrapped" or not isinstance(body, dict):
        return [body] if variant != "wrapped" else _wrap(body)
    key = sorted(body)[0] if body else "subject"
    return {**body, key: deep if variant == "deep" else variant}


def _wrap(body: Any) -> Any:
    for _ in range(DEPTH):
        body = [body]
    return body


@schema.include(method=["GET", "POST", "PATCH"]).parametrize()
@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_hostile_bodies_and_queries_are_refused_with_a_documented_error(
    case: Any, api: Api
) -> None:
    variant = HOSTILE[len(case.formatted_path + repr(case.body)) % len(HOSTILE)]
    if case.method.upper() != case.operation.method.upper():
        return  # schemathesis also tries methods a route lacks: not this test's subject
    if case.media_type == "application/json" and not isinstance(case.body, bytes | type(None)):
        # sent as the bytes a JSON client would send: "\ud800" and "\u0000" as escapes
        case.body = json.dumps(_hostile(case.body, variant)).encode()
        case.headers = {**(case.headers or {}), "Content-Type": "application/json"}
    elif case.query:
        case.query = {**case.query, sorted(case.query)[0]: "a\x00b"}
    else:
        return  # nothing of this request carries text to make hostile
    case.headers = {**(case.headers or {}), **api.as_("root")}
    response = case.call_and_validate(checks=CHECKS)
    assert response.status_code in (400, 404, 413, 422), (
        case.method,
        case.formatted_path,
        response.text[:500],
    )
    assert {"code", "message", "field", "key"} <= set(response.json()["error"])


def test_every_reference_in_the_document_is_defined_and_every_error_is_documented(
    api: Api,
) -> None:
    document = api.client.get("/openapi.json").json()
    schemas = document["components"]["schemas"]
    stack: list[Any] = [document]
    refs: set[str] = set()
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if isinstance(item.get("$ref"), str):
                refs.add(item["$ref"])
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    assert "#/components/schemas/EventCreate" in refs
    missing = {r for r in refs if r.rsplit("/", 1)[-1] not in schemas}
    assert missing == set()
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if path.startswith("/api/"):
                assert {"400", "404", "413", "422"} <= set(operation["responses"]), (method, path)
    direction = schemas["EventCreate"]["properties"]["direction"]
    assert direction["enum"] == ["in", "out", "note"]
