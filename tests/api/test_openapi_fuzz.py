"""Schemathesis over /openapi.json: generated requests (valid and invalid) never make a 500,
and answers match the schema. SQLite only, a bounded number of examples per operation."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis import checks

from tests.api.conftest import Api


@pytest.fixture
def database_url(sqlite_template: Path, tmp_path: Path) -> Iterator[str]:
    import shutil

    path = tmp_path / "fuzz.db"
    shutil.copy(sqlite_template, path)
    yield f"sqlite:///{path}"


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
@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_generated_requests_never_cause_a_server_error(case: Any, api: Api) -> None:
    case.headers = {**(case.headers or {}), **api.as_("root")}
    response = case.call_and_validate(checks=CHECKS)
    assert response.status_code < 500, (case.method, case.formatted_path, response.text[:500])
    kind = response.headers.get("content-type") or [""]
    if str(kind[0] if isinstance(kind, list) else kind).startswith("application/json"):
        body = response.json()
        if response.status_code >= 400:
            assert {"code", "message", "field"} <= set(body["error"]), body
