"""Case tags through the service's filter (API and cases page) and editing them on the
case page (CSRF, version, roles, escaping) and with PATCH."""

from __future__ import annotations

from tests.api.conftest import Api
from tests.api.web_support import browser, csrf_of


def test_patched_tags_are_normalised_and_the_api_filters_by_them(api: Api):
    tagged = api.new_case(subject="Listing B08N5WRWNW removed")
    api.new_case(subject="Inventory stranded")
    done = api.call(
        "root", "PATCH", f"/api/v1/cases/{tagged['id']}", json={"version": 1, "tags": ["FBA", "Q4"]}
    )
    assert done.status_code == 200, done.text
    found = api.call("agent_n", "GET", "/api/v1/cases?tag=fba").json()
    assert [c["id"] for c in found["cases"]] == [tagged["id"]]
    assert found["cases"][0]["tags"] == ["fba", "q4"]
    assert api.call("agent_n", "GET", "/api/v1/cases?tag=FBA").json()["count"] == 1
    assert api.call("agent_s", "GET", "/api/v1/cases?tag=fba").json()["count"] == 0


def test_a_tag_with_a_comma_is_refused_by_patch_and_by_the_filter(api: Api):
    case = api.new_case()
    bad = api.call(
        "root", "PATCH", f"/api/v1/cases/{case['id']}", json={"version": 1, "tags": ["a,b"]}
    )
    assert bad.status_code == 422 and bad.json()["error"]["field"] == "tags"
    assert api.call("root", "GET", "/api/v1/cases?tag=a,b").status_code == 422


def test_the_cases_page_filters_by_tag_through_the_service(api: Api):
    tagged = api.new_case(subject="Refund dispute")
    other = api.new_case(subject="Stranded inventory")
    api.call(
        "root", "PATCH", f"/api/v1/cases/{tagged['id']}", json={"version": 1, "tags": ["退款"]}
    )
    client = browser(api, "viewer_n")
    page = client.get("/cases", params={"tag": "退款"}).text
    assert f'href="/cases/{tagged["id"]}"' in page and f'href="/cases/{other["id"]}"' not in page
    refused = client.get("/cases", params={"tag": "a,b"})
    assert refused.status_code == 200 and f'href="/cases/{tagged["id"]}"' not in refused.text


def test_an_agent_adds_and_removes_tags_on_the_case_page(api: Api):
    case = api.new_case()
    client = browser(api, "agent_n")
    path = f"/cases/{case['id']}"
    token = csrf_of(client.get(path).text)
    data = {"csrf_token": token, "version": "1", "add": "FBA, <i>x</i>", "remove": ""}
    done = client.post(f"{path}/tags", data=data, follow_redirects=False)
    assert done.status_code == 303, done.text
    page = client.get(path).text
    assert '<span class="tag">fba</span>' in page and "&lt;i&gt;x&lt;/i&gt;" in page
    assert "<i>x</i>" not in page
    stale = client.post(f"{path}/tags", data=data | {"add": "more"}, follow_redirects=False)
    assert stale.status_code == 409
    data = {"csrf_token": token, "version": "2", "add": "", "remove": "fba"}
    assert client.post(f"{path}/tags", data=data, follow_redirects=False).status_code == 303
    assert '<span class="tag">fba</span>' not in client.get(path).text


def test_tag_changes_need_the_csrf_token_and_a_writer(api: Api):
    case = api.new_case()
    path = f"/cases/{case['id']}"
    agent = browser(api, "agent_n")
    assert agent.post(f"{path}/tags", data={"add": "x"}).status_code == 403
    viewer = browser(api, "viewer_n")
    page = viewer.get(path).text
    assert f'action="{path}/tags"' not in page
    done = viewer.post(f"{path}/tags", data={"csrf_token": csrf_of(page), "add": "x"})
    assert done.status_code == 403
    other = browser(api, "agent_s")
    token = csrf_of(other.get("/cases").text)
    assert other.post(f"{path}/tags", data={"csrf_token": token, "add": "x"}).status_code == 404


def test_the_tag_form_speaks_chinese(api: Api):
    case = api.new_case()
    client = browser(api, "agent_n", **{"Accept-Language": "zh-CN"})
    assert "保存标签" in client.get(f"/cases/{case['id']}").text
