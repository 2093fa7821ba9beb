"""Errors are JSON with a fitting status (never 500 for bad input); Idempotency-Key; limits."""

from __future__ import annotations

import pytest

from tests.api.conftest import Api
from tests.file_samples import tiny_pdf

CASE = {"store": "north", "marketplace": "US", "subject": "Inventory stranded"}


def error_of(response) -> dict:  # type: ignore[no-untyped-def]
    body = response.json()
    assert set(body) == {"error"} and {"code", "message", "field"} <= set(body["error"])
    return dict(body["error"])


def test_malformed_json_is_400_and_a_wrong_field_is_422_naming_it(api: Api):
    bad = api.call(
        "root",
        "POST",
        "/api/v1/cases",
        content=b"{oops",
        headers={"content-type": "application/json"},
    )
    assert bad.status_code == 400 and error_of(bad)["code"] == "malformed"
    missing = api.call("root", "POST", "/api/v1/cases", json={"store": "north"})
    assert missing.status_code == 422 and error_of(missing)["field"] == "marketplace"
    extra = api.call("root", "POST", "/api/v1/cases", json={**CASE, "colour": "red"})
    assert extra.status_code == 422 and error_of(extra)["field"] == "colour"


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"marketplace": "XX"}, "marketplace"),
        ({"subject": "   "}, "subject"),
        ({"priority": "asap"}, "priority"),
        ({"order_ids": ["12-34"]}, "order_ids"),
        ({"asins": ["nope"]}, "asins"),
        ({"desk": "mars"}, "desk"),
        ({"force": True}, "reason"),
        ({"subject": "nul \x00 inside"}, None),
    ],
)
def test_invalid_case_fields_are_422_naming_the_field(api: Api, fields: dict, field: str | None):
    response = api.call("root", "POST", "/api/v1/cases", json={**CASE, **fields})
    assert response.status_code == 422, response.text
    if field is not None:
        assert error_of(response)["field"] == field


def test_unknown_ids_routes_and_methods_are_json_errors(api: Api):
    missing = error_of(api.call("root", "GET", "/api/v1/cases/999"))
    assert (missing["code"], missing["key"]) == ("not-found", "case.not_found")
    assert missing["message"] == "There is no case 999."  # programs get English
    assert api.call("root", "GET", "/api/v1/cases/0").status_code == 422
    assert api.call("root", "GET", "/api/v1/cases/99999999999").status_code == 422
    assert api.call("root", "GET", "/api/v1/nowhere").status_code == 404
    assert error_of(api.call("root", "DELETE", "/api/v1/cases"))["code"] == "method-not-allowed"


def test_an_unsupported_event_content_type_is_415(api: Api):
    case = api.new_case()
    response = api.call(
        "root",
        "POST",
        f"/api/v1/cases/{case['id']}/events",
        content=b"hi",
        headers={"content-type": "text/plain"},
    )
    assert response.status_code == 415 and error_of(response)["code"] == "unsupported-media-type"


def test_an_event_time_without_an_offset_or_in_the_future_is_422(api: Api):
    case = api.new_case()
    url = f"/api/v1/cases/{case['id']}/events"
    naive = api.call(
        "root",
        "POST",
        url,
        json={"direction": "in", "body": "x", "occurred_at": "2026-01-01 10:00"},
    )
    assert naive.status_code == 422 and error_of(naive)["field"] == "occurred_at"
    future = api.call(
        "root",
        "POST",
        url,
        json={"direction": "in", "body": "x", "occurred_at": "2999-01-01T00:00:00+00:00"},
    )
    assert future.status_code == 422


def test_the_same_idempotency_key_never_creates_twice(api: Api):
    headers = {"Idempotency-Key": "create-1"}
    first = api.call("root", "POST", "/api/v1/cases", json=CASE, headers=headers)
    again = api.call(
        "root", "POST", "/api/v1/cases", json=dict(reversed(CASE.items())), headers=headers
    )
    assert first.status_code == again.status_code == 201
    assert again.json()["id"] == first.json()["id"]
    assert again.headers["idempotent-replayed"] == "true"
    assert api.call("root", "GET", "/api/v1/cases").json()["count"] == 1


def test_an_idempotency_key_reused_for_another_request_is_refused(api: Api):
    headers = {"Idempotency-Key": "create-2"}
    api.call("root", "POST", "/api/v1/cases", json=CASE, headers=headers)
    other = api.call(
        "root", "POST", "/api/v1/cases", json={**CASE, "subject": "Other"}, headers=headers
    )
    assert other.status_code == 422 and error_of(other)["field"] == "Idempotency-Key"


def test_keys_belong_to_their_user_and_a_failed_request_frees_its_key(api: Api):
    headers = {"Idempotency-Key": "shared"}
    failed = api.call(
        "root", "POST", "/api/v1/cases", json={**CASE, "priority": "asap"}, headers=headers
    )
    assert failed.status_code == 422
    fixed = api.call(
        "root", "POST", "/api/v1/cases", json={**CASE, "priority": "high"}, headers=headers
    )
    assert fixed.status_code == 201
    other_user = api.call(
        "agent_n", "POST", "/api/v1/cases", json={**CASE, "subject": "Mine"}, headers=headers
    )
    assert other_user.status_code == 201 and other_user.json()["id"] != fixed.json()["id"]


def test_idempotent_event_uploads_replay_without_a_second_event(api: Api):
    case = api.new_case()
    url = f"/api/v1/cases/{case['id']}/events"
    for _ in range(2):
        response = api.call(
            "root",
            "POST",
            url,
            data={"direction": "note", "body": "invoice"},
            files=[("attachments", ("inv.pdf", tiny_pdf(), "application/pdf"))],
            headers={"Idempotency-Key": "upload-1"},
        )
        assert response.status_code == 201
    events = api.call("root", "GET", f"/api/v1/cases/{case['id']}").json()["events"]
    assert [e["body"] for e in events].count("invoice") == 1


def test_an_oversize_upload_is_413_by_length_and_by_stream(api: Api):
    case = api.new_case()
    url = f"/api/v1/cases/{case['id']}/events"
    api.state.ctx.max_attachment_bytes = 1000
    big = api.call(
        "root",
        "POST",
        url,
        data={"direction": "note"},
        files=[("attachments", ("big.bin", b"x" * 1_200_000, "application/octet-stream"))],
    )
    assert big.status_code == 413 and error_of(big)["code"] == "payload-too-large"

    def chunks():  # no Content-Length: the limit is enforced while reading
        yield b'{"direction": "note", "body": "'
        for _ in range(40):
            yield b"y" * 65536
        yield b'"}'

    streamed = api.call(
        "root", "POST", url, content=chunks(), headers={"content-type": "application/json"}
    )
    assert streamed.status_code == 413
    one_file_too_big = api.call(
        "root",
        "POST",
        url,
        data={"direction": "note"},
        files=[("attachments", ("mid.bin", b"z" * 5000, "application/octet-stream"))],
    )
    assert (
        one_file_too_big.status_code == 413 and error_of(one_file_too_big)["field"] == "attachments"
    )


def test_a_json_body_over_a_megabyte_is_413(api: Api):
    response = api.call(
        "root", "POST", "/api/v1/cases", json={**CASE, "description": "x" * 1_100_000}
    )
    assert response.status_code == 413


def test_blank_search_text_is_422_naming_the_query_parameter(api: Api):
    # the search service names the field "text"; the API names its own parameter
    blank = api.call("root", "GET", "/api/v1/search", params={"q": "   "})
    assert blank.status_code == 422 and error_of(blank)["field"] == "q"
