"""Each role against each store: admin everything; agent writes, viewer reads the stores
granted; a store not granted does not exist for the user (404, never listed or found)."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest

from tests.api.conftest import Api

STORES = ("north", "south")
READS = {"root": STORES, "agent_n": ("north",), "viewer_n": ("north",), "agent_s": ("south",)}
WRITES = {"root": STORES, "agent_n": ("north",), "viewer_n": (), "agent_s": ("south",)}
MATRIX = [(user, store) for user in READS for store in STORES]
FILE = b"evidence"


@pytest.fixture
def cases(api: Api) -> dict[str, dict[str, Any]]:
    """One submitted case with an attachment and a reminder in each store, made by the admin."""
    made = {}
    for store in STORES:
        case = api.new_case(store=store, asins=["B08N5WRWNW"], subject=f"Secret {store} matter")
        url = f"/api/v1/cases/{case['id']}"
        number = "12345678901" if store == "north" else "12345678902"
        api.call("root", "POST", f"{url}/status", json={"status": "submitted", "case_id": number})
        api.call(
            "root",
            "POST",
            f"{url}/events",
            data={"direction": "note"},
            files=[("attachments", (f"{store}.txt", FILE + store.encode(), "text/plain"))],
        )
        made[store] = api.call("root", "GET", url).json()
    return made


def expected_read(user: str, store: str) -> int:
    return 200 if store in READS[user] else 404


def expected_write(user: str, store: str, ok: int) -> int:
    if store in WRITES[user]:
        return ok
    return 403 if store in READS[user] else 404


@pytest.mark.parametrize(("user", "store"), MATRIX)
def test_reading_a_case_needs_its_store_granted(api: Api, cases: Any, user: str, store: str):
    case_id = cases[store]["id"]
    sha = hashlib.sha256(FILE + store.encode()).hexdigest()
    for url in (
        f"/api/v1/cases/{case_id}",
        f"/api/v1/cases/{case_id}/dossier?format=html",
        f"/api/v1/cases/{case_id}/dossier?format=md",
        f"/api/v1/cases/{case_id}/attachments/{sha}",
    ):
        response = api.call(user, "GET", url)
        assert response.status_code == expected_read(user, store), (url, response.text)
        if response.status_code == 404:
            assert f"Secret {store}" not in response.text


@pytest.mark.parametrize(("user", "store"), MATRIX)
def test_changing_a_case_needs_the_agent_role_on_its_store(
    api: Api, cases: Any, user: str, store: str
):
    case = cases[store]
    url = f"/api/v1/cases/{case['id']}"
    patch = api.call(user, "PATCH", url, json={"version": case["version"], "priority": "high"})
    assert patch.status_code == expected_write(user, store, 200), patch.text
    event = api.call(user, "POST", f"{url}/events", json={"direction": "note", "body": "hi"})
    assert event.status_code == expected_write(user, store, 201), event.text
    status = api.call(user, "POST", f"{url}/status", json={"status": "closed"})
    assert status.status_code == expected_write(user, store, 200), status.text


@pytest.mark.parametrize(("user", "store"), MATRIX)
def test_creating_a_case_needs_the_agent_role_on_the_store(api: Api, user: str, store: str):
    body = {"store": store, "marketplace": "US", "subject": f"New matter by {user}"}
    response = api.call(user, "POST", "/api/v1/cases", json=body)
    assert response.status_code == expected_write(user, store, 201), response.text
    if response.status_code == 404:  # the fix lists only the stores the user may read
        assert all(s not in response.json()["error"]["fix"] for s in STORES if s not in READS[user])


@pytest.mark.parametrize("user", list(READS))
def test_lists_search_and_reminders_show_only_the_granted_stores(api: Api, cases: Any, user: str):
    allowed = set(READS[user])
    listed = api.call(user, "GET", "/api/v1/cases").json()["cases"]
    assert {c["store"] for c in listed} == allowed
    for query in ("B08N5WRWNW", "Secret", "12345678902", "12345678901"):
        hits = api.call(user, "GET", "/api/v1/search", params={"q": query}).json()["cases"]
        assert {h["store"] for h in hits} <= allowed, query
    found = api.call(user, "GET", "/api/v1/search", params={"q": "Secret"}).json()["cases"]
    assert {h["store"] for h in found} == allowed
    due = api.call(user, "GET", "/api/v1/reminders").json()["reminders"]
    assert {r["case_id"] for r in due} == {cases[s]["id"] for s in allowed}
    stores = api.call(user, "GET", "/api/v1/stores").json()
    assert {s["name"] for s in stores} == allowed


@pytest.mark.parametrize("user", ["agent_n", "viewer_n"])
def test_a_store_not_granted_cannot_be_named_in_a_filter(api: Api, cases: Any, user: str):
    listed = api.call(user, "GET", "/api/v1/cases", params={"store": "south"})
    assert listed.status_code == 404 and "south" not in listed.json()["error"]["fix"]
    found = api.call(user, "GET", "/api/v1/search", params={"q": "Secret", "store": "south"})
    assert found.status_code == 404


@pytest.mark.parametrize("user", ["agent_n", "viewer_n", "agent_s"])
def test_only_an_admin_adds_stores(api: Api, user: str):
    body = {"name": f"{user} shop", "region": "na", "marketplaces": ["US"]}
    assert api.call(user, "POST", "/api/v1/stores", json=body).status_code == 403


def test_a_merge_into_a_case_of_a_store_not_granted_is_not_found(api: Api, cases: Any):
    mine = api.new_case("agent_n", store="north", subject="Another north matter")
    response = api.call(
        "agent_n",
        "POST",
        f"/api/v1/cases/{mine['id']}/status",
        json={"status": "merged", "into": cases["south"]["id"]},
    )
    assert response.status_code == 404


def test_a_revoked_token_and_a_missing_one_are_401(api: Api):
    from datetime import UTC, datetime

    from sellerdesk.services import tokens

    listed = tokens.list_tokens(sessions=api.state.sessions, user="agent_n")
    tokens.revoke(sessions=api.state.sessions, now=datetime.now(UTC), token_id=listed[0].id)
    assert api.call("agent_n", "GET", "/api/v1/cases").status_code == 401
    bare = api.client.get("/api/v1/cases")
    assert bare.status_code == 401 and bare.headers["www-authenticate"] == "Bearer"
    wrong = api.client.get("/api/v1/cases", headers={"Authorization": "Basic abc"})
    assert wrong.status_code == 401


def test_events_and_audit_name_the_user_who_acted(api: Api):
    case = api.new_case("agent_n", store="north")
    api.call(
        "agent_n",
        "POST",
        f"/api/v1/cases/{case['id']}/events",
        json={"direction": "note", "body": "x"},
    )
    events = api.call("root", "GET", f"/api/v1/cases/{case['id']}").json()["events"]
    assert {e["author"] for e in events} == {"agent_n"}
