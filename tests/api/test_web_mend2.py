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


def _new_case_page(api: Api, user: str, lang: str, subject: str) -> str:
    client = browser(api, user, **{"Accept-Language": lang})
    form = {
        "csrf_token": csrf_of(client.get("/cases/new").text),
        "store": "north",
        "marketplace": "US",
        "subject": subject,
        "description": "The listing was removed on 2026-03-05 without a reason.",
        "priority": "normal",
        "action": "create",
    }
    sent = client.post("/cases/new", data=form, follow_redirects=False)
    assert sent.status_code == 422, sent.text
    return sent.text


def test_an_empty_subject_on_the_new_case_form_is_asked_for_at_the_field(api: Api) -> None:
    for lang, words in (("zh-CN", "请填写标题"), ("en", "Enter a subject")):
        for subject in ("", "   "):
            page = _new_case_page(api, "agent_n", lang, subject)
            at_field = re.search(
                r'id="subject"[^>]*aria-invalid="true"[^>]*>\s*<p class="error"[^>]*>([^<]*)</p>',
                page,
            )
            assert at_field and words in html.unescape(at_field.group(1)), (lang, subject)
            errors = " ".join(re.findall(r'<p class="error"[^>]*>([^<]*)</p>', page))
            assert "JSON" not in errors and "Subject:" not in errors and "#" not in errors


def test_the_draft_file_reader_keeps_its_words_about_the_file_syntax() -> None:
    from sellerdesk.core.errors import InvalidInput

    refused = InvalidInput.of("draft.no_subject", field="subject")
    assert "Subject:" in (refused.words("zh")[1] or "")
    assert refused.words("zh", page=True)[0] == "请填写标题。"


def test_a_viewer_is_told_why_instead_of_a_new_case_form_and_has_no_menu_link(
    api: Api,
) -> None:
    for lang, words in (("zh-CN", "查看者"), ("en", "viewer")):
        viewer = browser(api, "viewer_n", **{"Accept-Language": lang})
        page = viewer.get("/cases/new")
        assert page.status_code == 200
        assert 'action="/cases/new"' not in page.text and 'id="cannot-create"' in page.text
        assert words in page.text
        assert 'href="/cases/new"' not in viewer.get("/cases").text
    agent = browser(api, "agent_n")
    assert 'href="/cases/new"' in agent.get("/cases").text
    assert 'action="/cases/new"' in agent.get("/cases/new").text
    assert 'href="/cases/new"' in browser(api, "root").get("/").text


def _bulk_move(api: Api, lang: str) -> str:
    case = api.new_case("agent_n")
    client = browser(api, "agent_n", **{"Accept-Language": lang})
    data = {
        "csrf_token": csrf_of(client.get("/cases").text),
        "action": "status",
        "status_to": "waiting-amazon",
        "case": f"{case['id']}:{case['version']}",
    }
    return html.unescape(client.post("/cases/bulk", data=data).text)


def test_a_refused_status_move_names_the_statuses_in_words_in_bulk_on_the_page_and_api(
    api: Api,
) -> None:
    zh = _bulk_move(api, "zh-CN")
    assert "案例不能从“草稿”改为“等待亚马逊”" in zh and "已提交、已关闭、已合并" in zh
    assert "waiting-amazon" not in re.sub(r"<[^>]*>", "", zh.split("<main", 1)[-1])
    case = api.new_case("agent_n", store="north", subject="Another listing removed")
    client = browser(api, "agent_n", **{"Accept-Language": "zh-CN"})
    form = _details_form(client, case["id"])
    page = client.post(f"/cases/{case['id']}/status", data={**form, "status": "resolved"})
    assert page.status_code == 422 and "从“草稿”可以改为" in html.unescape(page.text)
    refused = api.call(
        "agent_n",
        "POST",
        f"/api/v1/cases/{case['id']}/status",
        json={"version": case["version"], "status": "waiting-amazon"},
    )
    error = refused.json()["error"]
    assert refused.status_code == 422 and error["key"] == "case.illegal_move"
    assert "Waiting for Amazon" in error["message"] and "waiting-amazon" not in error["message"]


def test_the_new_case_and_reply_forms_state_the_total_the_files_may_come_to(api: Api) -> None:
    case = api.new_case("agent_n")
    for lang, words in (("zh-CN", "合计不超过 25 MiB"), ("en", "together at most 25 MiB")):
        client = browser(api, "agent_n", **{"Accept-Language": lang})
        for url in ("/cases/new", f"/cases/{case['id']}"):
            page = html.unescape(client.get(url).text)
            assert words in page, (lang, url)
            zone = re.search(r'<div class="drop"[^>]*>', page)
            assert zone and f'data-total="{25 * 1024 * 1024}"' in zone.group(0)
            assert "{size}" in zone.group(0) and "{total}" in zone.group(0)  # drop.js fills them


def test_the_holiday_calendars_pages_name_the_country_and_the_library_in_words(api: Api) -> None:
    from sellerdesk.core.hours.calendars import use_saved_years
    from tests.api.test_admin_calendars import DECEMBER, _preview

    api.state.clock = lambda: DECEMBER
    try:
        for lang, country, library in (
            ("zh-CN", "中国 2027 年", "chinese-calendar（Python 库"),
            ("en", "China 2027", "the chinese-calendar library"),
        ):
            client = browser(api, "root", **{"Accept-Language": lang})
            listed = html.unescape(client.get("/admin/calendars").text)
            assert library in listed and '<td class="text">chinese-calendar <' not in listed
            shown = html.unescape(_preview(client).text)
            title = re.search(r"<h1>([^<]*)</h1>", shown)
            assert title and country in title.group(1) and "CN" not in title.group(1)
            page = html.unescape(client.get("/admin/calendars?saved=CN-2027").text)
            note = re.search(r'<p class="notice" role="status">([^<]*)</p>', page)
            assert note and note.group(1).startswith(country) and "CN-2027" not in note.group(1)
    finally:
        use_saved_years(None)


def test_the_desk_form_names_a_bad_cell_by_its_channel_label(api: Api) -> None:
    from tests.api.test_admin_desk_form import _form, _send

    client = browser(api, "root")
    data = _form(client)
    data["week.phone.mon"] = "abc"
    done = _send(client, data, action="review")
    assert done.status_code == 422 and "Phone · Monday:" in html.unescape(done.text)


def test_a_one_day_holiday_reads_1_day_not_1_days(api: Api) -> None:
    from sellerdesk.core.hours.calendars import use_saved_years
    from tests.api.test_admin_calendars import DECEMBER, _preview

    api.state.clock = lambda: DECEMBER
    try:
        client = browser(api, "root")
        shown = html.unescape(_preview(client, "一、元旦：1月1日（周五）放假，共1天。").text)
        assert shown.count("(1 day)") >= 1 and "1 days" not in shown
    finally:
        use_saved_years(None)
