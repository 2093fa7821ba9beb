"""The web app's pages: who sees what, CSRF on every form, escaping, zh/en."""

from __future__ import annotations

import pytest

from tests.api.conftest import Api
from tests.api.web_support import browser, token_of

PAGES = ["/", "/cases", "/cases/new", "/hours", "/ask?q=change+main+image"]
NASTY = '<script>alert("x")</script>'


@pytest.mark.parametrize("user", ["root", "agent_n", "viewer_n"])
def test_every_page_renders_for_every_role(api: Api, user: str):
    client = browser(api, user)
    for path in PAGES:
        page = client.get(path)
        assert page.status_code == 200, (path, page.text[:500])
        assert "default-src 'none'" in page.headers["content-security-policy"]
        assert 'name="csrf_token"' in page.text  # the sign-out form at least


def test_the_admin_page_is_for_admins_only(api: Api):
    assert browser(api, "root").get("/admin").status_code == 200
    for user in ("agent_n", "viewer_n"):
        client = browser(api, user)
        assert client.get("/admin").status_code == 404
        assert 'href="/admin"' not in client.get("/").text
        refused = client.post(
            "/admin",
            data={
                "action": "grant",
                "name": user,
                "store": "south",
                "csrf_token": token_of(client),
            },
        )
        assert refused.status_code == 404


def test_a_case_of_a_store_not_granted_does_not_exist(api: Api):
    case = api.new_case(store="south", subject="Southern secret")
    client = browser(api, "agent_n")
    assert client.get(f"/cases/{case['id']}").status_code == 404
    assert "Southern secret" not in client.get("/cases?q=Southern").text
    assert "south" not in client.get("/cases/new").text.split("<main>")[1]


def test_a_viewer_sees_no_write_forms_and_cannot_post(api: Api):
    case = api.new_case(subject="Listing removed")
    client = browser(api, "viewer_n")
    page = client.get(f"/cases/{case['id']}").text
    assert f'action="/cases/{case["id"]}/events"' not in page
    assert f'action="/cases/{case["id"]}/status"' not in page
    token = token_of(client)
    posted = client.post(
        f"/cases/{case['id']}/events", data={"direction": "note", "body": "hi", "csrf_token": token}
    )
    assert posted.status_code == 403
    moved = client.post(
        f"/cases/{case['id']}/status", data={"status": "closed", "csrf_token": token}
    )
    assert moved.status_code == 403
    new_case = client.get("/cases/new").text  # a short explanation, no form to send
    assert "your role is viewer" in new_case and 'action="/cases/new"' not in new_case


def test_every_form_refuses_a_missing_or_wrong_csrf_token(api: Api):
    case = api.new_case(subject="Listing removed")
    agent, admin = browser(api, "agent_n"), browser(api, "root")
    forms = [
        (
            agent,
            "/cases/new",
            {"action": "create", "store": "north", "marketplace": "US", "subject": "Forged"},
        ),
        (agent, f"/cases/{case['id']}/events", {"direction": "note", "body": "forged"}),
        (agent, f"/cases/{case['id']}/status", {"status": "closed"}),
        (
            admin,
            "/admin",
            {
                "action": "add-user",
                "name": "mallory",
                "role": "admin",
                "password": "a long enough passphrase",
            },
        ),
        (agent, "/logout", {}),
    ]
    for client, path, data in forms:
        for token in (None, "forged"):
            sent = data if token is None else {**data, "csrf_token": token}
            assert client.post(path, data=sent).status_code == 403, path
    shown = api.call("root", "GET", f"/api/v1/cases/{case['id']}").json()
    assert shown["status"] == "draft" and not any("forged" in e["body"] for e in shown["events"])
    assert "mallory" not in admin.get("/admin").text


def test_user_text_is_inert_on_the_case_page_and_the_list(api: Api):
    case = api.new_case(subject=NASTY)
    client = browser(api, "agent_n")
    client.post(
        f"/cases/{case['id']}/events",
        data={"direction": "in", "body": NASTY, "csrf_token": token_of(client)},
    )
    for path in (f"/cases/{case['id']}", "/cases"):
        html = client.get(path).text
        assert "<script>" not in html and "&lt;script&gt;" in html, path


def test_the_language_follows_the_browser_and_the_switch_remembers_a_choice(api: Api):
    client = browser(api, "agent_n", **{"Accept-Language": "zh-CN,zh;q=0.9"})
    assert "看板" in client.get("/").text and 'lang="zh-CN"' in client.get("/cases").text
    switched = client.get("/lang?to=en&next=/cases%3Fstatus%3Ddraft", follow_redirects=False)
    assert switched.headers["location"] == "/cases?status=draft"
    assert "Dashboard" in client.get("/").text
    assert "看板" in client.get("/?lang=zh").text
    assert (
        client.get("/lang?to=zh&next=//evil.example", follow_redirects=False).headers["location"]
        == "/"
    )


def test_the_cases_list_filters_by_store_status_tag_and_search(api: Api):
    api.new_case(subject="Refund missing for order", order_ids=["114-1234567-1234567"])
    other = api.new_case(subject="Listing suppressed")
    api.call("root", "PATCH", f"/api/v1/cases/{other['id']}", json={"version": 1, "tags": ["vip"]})
    client = browser(api, "root")
    assert "Listing suppressed" in client.get("/cases?tag=vip").text
    assert "Refund missing" not in client.get("/cases?tag=vip").text
    found = client.get("/cases?q=114-1234567-1234567").text
    assert "Refund missing" in found and "Listing suppressed" not in found
    assert "Listing suppressed" not in client.get("/cases?store=south").text
    assert "Listing suppressed" not in client.get("/cases?status=closed").text
