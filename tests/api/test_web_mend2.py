"""The second round of the web app's first-day trial (issue 15): a case's subject, priority,
category and marketplace edited on the case page after creation (versioned, audited, checked
as at creation, refused on the same page in the page's language); the web form's own words
for an empty subject; status refusals in words; the attachment total stated; long store
names wrap; a viewer is told, not given a form they cannot send."""

from __future__ import annotations

import html
import re
from typing import Any

from fastapi.testclient import TestClient

from sellerdesk.storage.repositories import audit
from sellerdesk.storage.session import read_transaction
from tests.api.conftest import Api
from tests.api.web_support import browser, csrf_of


def _details_form(client: TestClient, case_id: int) -> dict[str, str]:
    page = client.get(f"/cases/{case_id}")
    assert page.status_code == 200, page.text
    form = re.search(
        r'<form method="post" action="/cases/\d+/details">(.*?)</form>', page.text, re.S
    )
    assert form, "the case page has an edit-details form"
    version = re.search(r'name="version" value="(\d+)"', form.group(1))
    assert version
    return {"csrf_token": csrf_of(page.text), "version": version.group(1)}


def _edits(api: Api, case_id: int) -> list[Any]:
    with read_transaction(api.state.sessions) as session:
        return [r for r in audit.list_for(session, "case", case_id) if r.action == "edit"]


def test_an_agent_edits_subject_priority_category_and_marketplace_on_the_case_page(
    api: Api,
) -> None:
    case = api.new_case("agent_n", subject="Listing removed")
    client = browser(api, "agent_n")
    form = _details_form(client, case["id"])
    done = client.post(
        f"/cases/{case['id']}/details",
        data={
            **form,
            "subject": "Listing B08N5WRWNW removed",
            "priority": "urgent",
            "category": "listing",
            "marketplace": "CA",
        },
        follow_redirects=False,
    )
    assert done.status_code == 303 and done.headers["location"].endswith("#details")
    page = client.get(done.headers["location"]).text
    assert "Details saved." in page and "Listing B08N5WRWNW removed" in page
    shown = api.call("agent_n", "GET", f"/api/v1/cases/{case['id']}").json()
    assert (shown["subject"], shown["priority"], shown["category"], shown["marketplace"]) == (
        "Listing B08N5WRWNW removed",
        "urgent",
        "listing",
        "CA",
    )
    (row,) = _edits(api, case["id"])
    assert row.detail["from"]["marketplace"] == "US" and row.detail["to"]["marketplace"] == "CA"
    assert row.detail["to"]["priority"] == "urgent" and row.actor == "agent_n"


def test_a_stale_version_is_refused_on_the_page_with_the_reason(api: Api) -> None:
    case = api.new_case("agent_n")
    client = browser(api, "agent_n", **{"Accept-Language": "zh-CN"})
    form = _details_form(client, case["id"])
    api.call(
        "agent_n", "PATCH", f"/api/v1/cases/{case['id']}", json={"version": 1, "priority": "high"}
    )
    page = client.post(f"/cases/{case['id']}/details", data={**form, "priority": "urgent"})
    assert page.status_code == 409
    error = re.search(r'<p class="error" role="alert">(.*?)</p>', page.text, re.S)
    assert error and "版本" in html.unescape(error.group(1))
    assert api.call("agent_n", "GET", f"/api/v1/cases/{case['id']}").json()["priority"] == "high"


def test_a_marketplace_the_store_does_not_sell_on_and_an_empty_subject_are_refused(
    api: Api,
) -> None:
    case = api.new_case("agent_n")
    client = browser(api, "agent_n")
    form = _details_form(client, case["id"])
    page = client.post(f"/cases/{case['id']}/details", data={**form, "marketplace": "DE"})
    assert page.status_code == 422 and "DE" in page.text and "US, CA" in page.text
    page = client.post(f"/cases/{case['id']}/details", data={**form, "subject": "  "})
    assert page.status_code == 422 and "is empty" in page.text
    shown = api.call("agent_n", "GET", f"/api/v1/cases/{case['id']}").json()
    assert shown["marketplace"] == "US" and shown["version"] == case["version"]
    assert _edits(api, case["id"]) == []


def test_a_viewer_gets_no_details_form_and_a_403_if_they_post_anyway(api: Api) -> None:
    case = api.new_case("agent_n")
    viewer = browser(api, "viewer_n")
    page = viewer.get(f"/cases/{case['id']}").text
    assert f'action="/cases/{case["id"]}/details"' not in page
    sent = viewer.post(
        f"/cases/{case['id']}/details",
        data={"csrf_token": csrf_of(page), "version": "1", "priority": "urgent"},
    )
    assert sent.status_code == 403


def test_the_api_patch_changes_the_marketplace_with_the_same_rule(api: Api) -> None:
    case = api.new_case("agent_n")
    url = f"/api/v1/cases/{case['id']}"
    refused = api.call("agent_n", "PATCH", url, json={"version": 1, "marketplace": "JP"})
    assert refused.status_code == 422 and refused.json()["error"]["field"] == "marketplace"
    done = api.call("agent_n", "PATCH", url, json={"version": 1, "marketplace": "ca"})
    assert done.status_code == 200 and api.call("agent_n", "GET", url).json()["marketplace"] == "CA"
