"""The Plan of Action over HTTP and on its pages (issue 16, point 4): drafted from a case's
facts and saved as versions, read, edited with a stale version refused, linted without
storing; CSRF, a viewer refused, another store's case "not found". SQLite and PostgreSQL."""

from __future__ import annotations

import html
from typing import Any

from sellerdesk.storage.repositories import audit
from sellerdesk.storage.session import read_transaction
from tests.api.conftest import Api
from tests.api.web_support import browser, csrf_of

FIX = "Removed the claim from all five bullet points of ASIN B08N5WRWNW"
CHECK = "Every new or edited listing is checked against the restricted claims list"
FILLED: dict[str, Any] = {
    "kind": "listing-removal",
    "lang": "en",
    "notice": "Listing B08N5WRWNW removed for a prohibited health claim",
    "root_causes": [
        "Our bullet points for ASIN B08N5WRWNW said the product cures insomnia, a medical "
        "claim the policy forbids; no one checked claims before publishing."
    ],
    "corrective_actions": [
        {
            "what": "Removed the claim from all five bullet points of ASIN B08N5WRWNW",
            "date": "2026-11-29",
            "owner": "Li Wei, listing manager",
        }
    ],
    "preventive_measures": [
        {
            "what": "Every new or edited listing is checked against the restricted claims list",
            "date": "from 2026-12-01",
            "owner": "Zhang Min, compliance",
        }
    ],
    "evidence": ["detail-page-after-fix.png"],
    "asins": ["B08N5WRWNW"],
}


def _case(api: Api, store: str = "north") -> int:
    made = api.new_case(
        store=store,
        category="listing",
        subject="Listing B08N5WRWNW removed: health claim",
        error_codes=["5665"],
        asins=["B08N5WRWNW"],
    )
    return int(made["id"])


def test_drafted_from_the_case_saved_read_edited_and_linted(api: Api) -> None:
    case_id = _case(api)
    made = api.call(
        "agent_n", "POST", f"/api/v1/cases/{case_id}/poa", json={"kind": "listing-removal"}
    )
    assert made.status_code == 201, made.text
    body = made.json()
    assert body["version"] == 1 and body["saved_by"] == "agent_n"
    assert body["poa"]["asins"] == ["B08N5WRWNW"] and "5665" in body["poa"]["notice"]
    assert body["poa"]["root_causes"][0].startswith("<<FILL: ")
    assert not body["check"]["ready"]
    assert "poa-placeholder" in {f["code"] for f in body["check"]["findings"]}
    read = api.call("viewer_n", "GET", f"/api/v1/cases/{case_id}/poa?lang=zh")
    assert read.status_code == 200 and read.json()["version"] == 1
    assert "占位符" in read.json()["check"]["findings"][0]["message"]
    saved = api.call(
        "agent_n", "PUT", f"/api/v1/cases/{case_id}/poa", json={"version": 1, "poa": FILLED}
    )
    assert saved.status_code == 200, saved.text
    out = saved.json()
    assert out["version"] == 2 and out["check"]["ready"]
    # the screenshot the plan names is not attached to the case: a warning, not an error
    assert [f["code"] for f in out["check"]["findings"]] == ["poa-evidence-not-attached"]
    assert [v["version"] for v in out["history"]] == [1, 2]
    assert "1.1 Our bullet points" in out["check"]["text"]
    stale = api.call(
        "agent_n", "PUT", f"/api/v1/cases/{case_id}/poa", json={"version": 1, "poa": FILLED}
    )
    assert stale.status_code == 409 and stale.json()["error"]["field"] == "version"
    with read_transaction(api.state.sessions) as session:
        actions = [r.action for r in audit.list_for(session, "case", case_id)]
    assert actions.count("save_poa") == 2
    blamed = {**FILLED, "root_causes": ["Amazon made a mistake, the claim was fine and fair."]}
    linted = api.call("viewer_n", "POST", "/api/v1/poa/lint", json={"poa": blamed})
    assert linted.status_code == 200
    codes = {f["code"] for f in linted.json()["findings"]}
    assert "poa-blame" in codes and not linted.json()["ready"]
    finding = next(f for f in linted.json()["findings"] if f["code"] == "poa-blame")
    assert finding["basis"] == "Amazon's public guidance (as recalled)" and finding["source"]


def test_access_and_bad_input(api: Api) -> None:
    case_id = _case(api)
    url = f"/api/v1/cases/{case_id}/poa"
    assert api.call("viewer_n", "POST", url, json={"kind": "ip-complaint"}).status_code == 403
    assert api.call("agent_s", "POST", url, json={"kind": "ip-complaint"}).status_code == 404
    assert api.call("agent_s", "GET", url).status_code == 404
    missing = api.call("agent_n", "GET", url)
    assert missing.status_code == 404 and missing.json()["error"]["key"] == "poa.not_found"
    bad = api.call("agent_n", "POST", url, json={"kind": "nope"})
    assert bad.status_code == 422 and bad.json()["error"]["field"] == "kind"
    assert (
        api.call("agent_n", "PUT", url, json={"version": 0, "poa": {**FILLED, "x": 1}}).status_code
        == 422
    )
    assert api.call("viewer_n", "PUT", url, json={"version": 0, "poa": FILLED}).status_code == 403
    assert api.client.post("/api/v1/poa/lint", json={"poa": FILLED}).status_code == 401


def test_the_pages_draft_show_and_save_with_csrf_and_roles(api: Api) -> None:
    case_id = _case(api)
    agent = browser(api, "agent_n")
    page = agent.get(f"/cases/{case_id}")
    assert f'href="/cases/{case_id}/poa"' in page.text
    empty = agent.get(f"/cases/{case_id}/poa")
    assert empty.status_code == 200 and "No plan of action saved yet" in empty.text
    token = csrf_of(empty.text)
    refused = agent.post(
        f"/cases/{case_id}/poa/draft",
        data={"kind": "listing-removal", "lang": "en"},
        follow_redirects=False,
    )
    assert refused.status_code == 403
    drafted = agent.post(
        f"/cases/{case_id}/poa/draft",
        data={"kind": "listing-removal", "lang": "en", "csrf_token": token},
        follow_redirects=False,
    )
    assert drafted.status_code == 303, drafted.text
    shown = agent.get(f"/cases/{case_id}/poa")
    assert "&lt;&lt;FILL:" in shown.text and 'id="poa-text"' in shown.text
    form = {
        "csrf_token": csrf_of(shown.text),
        "version": "1",
        "kind": "listing-removal",
        "lang": "en",
        "notice": FILLED["notice"],
        "root_causes": FILLED["root_causes"][0],
        "corrective_actions": f"{FIX} | 2026-11-29 | Li Wei",
        "preventive_measures": f"{CHECK} | from 2026-12-01 | Zhang Min",
        "evidence": "detail-page-after-fix.png",
        "order_ids": "",
        "asins": "B08N5WRWNW",
        "case_ids": "",
    }
    saved = agent.post(f"/cases/{case_id}/poa", data=form, follow_redirects=False)
    assert saved.status_code == 303, saved.text
    after = agent.get(saved.headers["location"])
    assert "Saved as version 2." in after.text and "Ready to paste" in after.text
    text = html.unescape(after.text)
    assert f"2.1 {FIX} (done 2026-11-29; owner: Li Wei)" in text
    stale = agent.post(f"/cases/{case_id}/poa", data=form, follow_redirects=False)
    assert stale.status_code == 409
    viewer = browser(api, "viewer_n")
    read = viewer.get(f"/cases/{case_id}/poa")
    assert read.status_code == 200 and "readonly" in read.text
    denied = viewer.post(
        f"/cases/{case_id}/poa",
        data={**form, "csrf_token": csrf_of(read.text), "version": "2"},
        follow_redirects=False,
    )
    assert denied.status_code == 403
    other = browser(api, "agent_s")
    assert other.get(f"/cases/{case_id}/poa").status_code == 404
    zh = browser(api, "agent_n", **{"Accept-Language": "zh-CN"}).get(f"/cases/{case_id}/poa")
    assert "行动计划" in zh.text and "可以粘贴" in zh.text


def test_the_new_case_page_offers_a_poa_for_appeal_categories(api: Api) -> None:
    agent = browser(api, "agent_n")
    form = {"csrf_token": csrf_of(agent.get("/cases/new").text), "action": "check"}
    form |= {"store": "north", "marketplace": "US", "priority": "normal"}
    appeal = {**form, "subject": "Account deactivated: plan of action needed for suspension"}
    checked = agent.post("/cases/new", data=appeal)
    assert checked.status_code == 200 and 'href="/poa?category=account-health"' in checked.text
    other = {**form, "subject": "Reimbursement for lost inventory in the warehouse"}
    assert 'id="poa-offer"' not in agent.post("/cases/new", data=other).text
    guide = agent.get("/poa?category=account-health")
    assert guide.status_code == 200 and "Account deactivation" in guide.text
    assert "as recalled" in guide.text and "our assumption" in guide.text
