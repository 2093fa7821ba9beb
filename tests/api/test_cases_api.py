"""Every case endpoint, as an admin: list, create, show, edit, events, status, dossier, files."""

from __future__ import annotations

import hashlib

from tests.api.conftest import Api
from tests.file_samples import tiny_pdf


def test_a_case_created_through_the_api_comes_back_with_the_draft_fields(api: Api):
    created = api.new_case(
        description="Removed without notice",
        timeline=[{"at": "2026-03-05", "what": "listing removed"}],
        error_codes=["5665"],
        order_ids=["114-1234567-1234567"],
        asins=["B08N5WRWNW"],
        priority="high",
    )
    assert created["store"] == "north" and created["status"] == "draft"
    assert created["priority"] == "high" and created["version"] == 1
    assert created["body"]["description"] == "Removed without notice"
    assert created["identifiers"] == {"asin": ["B08N5WRWNW"], "order": ["114-1234567-1234567"]}
    shown = api.call("root", "GET", f"/api/v1/cases/{created['id']}")
    assert shown.status_code == 200 and shown.json()["subject"] == created["subject"]


def test_the_case_list_is_filtered_by_store_and_status(api: Api):
    api.new_case(store="north")
    api.new_case(store="south")
    everything = api.call("root", "GET", "/api/v1/cases").json()
    assert everything["count"] == 2
    north = api.call("root", "GET", "/api/v1/cases", params={"store": "north"}).json()
    assert [c["store"] for c in north["cases"]] == ["north"]
    drafts = api.call("root", "GET", "/api/v1/cases", params={"status": "resolved"}).json()
    assert drafts["count"] == 0


def test_a_duplicate_case_is_a_conflict_naming_the_open_case(api: Api):
    first = api.new_case(asins=["B08N5WRWNW"])
    again = api.call(
        "root",
        "POST",
        "/api/v1/cases",
        json={"store": "north", "marketplace": "US", "subject": "Another", "asins": ["B08N5WRWNW"]},
    )
    assert again.status_code == 409
    assert f"case {first['id']}" in again.json()["error"]["message"]


def test_patch_with_the_current_version_edits_and_a_stale_version_is_409(api: Api):
    case = api.new_case()
    url = f"/api/v1/cases/{case['id']}"
    edited = api.call(
        "root", "PATCH", url, json={"version": 1, "priority": "urgent", "tags": ["fba"]}
    )
    assert edited.status_code == 200 and edited.json()["version"] == 2
    stale = api.call("root", "PATCH", url, json={"version": 1, "assignee": "li"})
    assert stale.status_code == 409
    assert stale.json()["error"]["field"] == "version"
    shown = api.call("root", "GET", url).json()
    assert shown["priority"] == "urgent" and shown["tags"] == ["fba"] and shown["assignee"] is None


def test_patch_with_nothing_to_change_is_refused(api: Api):
    case = api.new_case()
    response = api.call("root", "PATCH", f"/api/v1/cases/{case['id']}", json={"version": 1})
    assert response.status_code == 422


def test_an_event_is_logged_as_json_and_moves_the_case(api: Api):
    case = api.new_case()
    url = f"/api/v1/cases/{case['id']}"
    submitted = api.call(
        "root", "POST", f"{url}/status", json={"status": "submitted", "case_id": "12345678901"}
    )
    assert submitted.status_code == 200 and submitted.json()["status"] == "submitted"
    logged = api.call(
        "root", "POST", f"{url}/events", json={"direction": "in", "body": "Send invoices"}
    )
    assert logged.status_code == 201
    assert logged.json()["status"] == "needs-action"
    events = api.call("root", "GET", url).json()["events"]
    assert events[-2]["body"] == "Send invoices" and events[-2]["author"] == "root"


def test_an_event_with_attachments_is_multipart_and_the_file_downloads_safely(api: Api):
    case = api.new_case()
    payload = b"<html><script>alert(1)</script></html>"
    response = api.call(
        "root",
        "POST",
        f"/api/v1/cases/{case['id']}/events",
        data={"direction": "note", "body": "the page they sent"},
        files=[("attachments", ("../../evil.html", payload, "text/html"))],
    )
    assert response.status_code == 201, response.text
    sha = hashlib.sha256(payload).hexdigest()
    shown = api.call("root", "GET", f"/api/v1/cases/{case['id']}").json()
    assert shown["events"][-1]["attachments"][0]["name"] == "evil.html"
    download = api.call("root", "GET", f"/api/v1/cases/{case['id']}/attachments/{sha}")
    assert download.status_code == 200 and download.content == payload
    assert download.headers["content-type"] == "application/octet-stream"
    assert download.headers["content-disposition"].startswith("attachment;")
    assert download.headers["x-content-type-options"] == "nosniff"


def test_a_pdf_attachment_keeps_its_type_but_is_still_a_download(api: Api):
    case = api.new_case()
    response = api.call(
        "root",
        "POST",
        f"/api/v1/cases/{case['id']}/events",
        data={"direction": "in"},
        files=[("attachments", ("invoice.pdf", tiny_pdf(), "application/pdf"))],
    )
    assert response.status_code == 201
    sha = hashlib.sha256(tiny_pdf()).hexdigest()
    download = api.call("root", "GET", f"/api/v1/cases/{case['id']}/attachments/{sha}")
    assert download.headers["content-type"] == "application/pdf"
    assert download.headers["content-disposition"].startswith("attachment;")


def test_an_attachment_of_another_case_is_not_found_through_this_case(api: Api):
    first, second = api.new_case(), api.new_case(subject="Payment held for review")
    api.call(
        "root",
        "POST",
        f"/api/v1/cases/{first['id']}/events",
        data={"direction": "note"},
        files=[("attachments", ("a.txt", b"secret", "text/plain"))],
    )
    sha = hashlib.sha256(b"secret").hexdigest()
    response = api.call("root", "GET", f"/api/v1/cases/{second['id']}/attachments/{sha}")
    assert response.status_code == 404


def test_status_moves_follow_the_lifecycle_and_merge_needs_a_target(api: Api):
    case = api.new_case()
    url = f"/api/v1/cases/{case['id']}/status"
    illegal = api.call("root", "POST", url, json={"status": "waiting-amazon"})
    assert illegal.status_code == 422
    no_id = api.call("root", "POST", url, json={"status": "submitted"})
    assert no_id.status_code == 422 and no_id.json()["error"]["field"] == "case_id"
    no_target = api.call("root", "POST", url, json={"status": "merged"})
    assert no_target.json()["error"]["field"] == "into"
    other = api.new_case(subject="Inbound shipment stuck at receiving")
    merged = api.call("root", "POST", url, json={"status": "merged", "into": other["id"]})
    assert merged.status_code == 200 and merged.json()["into"] == other["id"]


def test_the_dossier_comes_as_html_or_markdown_with_a_safe_policy(api: Api):
    case = api.new_case(subject="<script>alert('x')</script> listing")
    html = api.call("root", "GET", f"/api/v1/cases/{case['id']}/dossier", params={"format": "html"})
    assert html.status_code == 200 and html.headers["content-type"].startswith("text/html")
    assert "<script>alert" not in html.text and "&lt;script&gt;" in html.text
    assert "default-src 'none'" in html.headers["content-security-policy"]
    md = api.call(
        "root",
        "GET",
        f"/api/v1/cases/{case['id']}/dossier",
        params={"format": "md", "download": "true", "lang": "zh"},
    )
    assert md.headers["content-type"].startswith("text/markdown")
    assert md.headers["content-disposition"] == (
        f'attachment; filename="case-{case["id"]}-dossier-zh.md"'
    )


def test_search_finds_a_case_by_asin_and_by_words(api: Api):
    case = api.new_case(asins=["B08N5WRWNW"], subject="商品被删除 listing removed")
    by_asin = api.call("root", "GET", "/api/v1/search", params={"q": "B08N5WRWNW"}).json()
    assert [(h["id"], h["matched"]) for h in by_asin["cases"]] == [(case["id"], "asin")]
    by_words = api.call("root", "GET", "/api/v1/search", params={"q": "商品被删除"}).json()
    assert [h["id"] for h in by_words["cases"]] == [case["id"]]


def test_reminders_list_the_pending_follow_ups_of_a_submitted_case(api: Api):
    case = api.new_case()
    api.call(
        "root",
        "POST",
        f"/api/v1/cases/{case['id']}/status",
        json={"status": "submitted", "case_id": "12345678901"},
    )
    listed = api.call("root", "GET", "/api/v1/reminders").json()
    assert [r["case_id"] for r in listed["reminders"]] == [case["id"]]
    assert listed["reminders"][0]["kind"] == "amazon-reply-overdue"
