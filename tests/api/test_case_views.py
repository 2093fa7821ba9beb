"""Ownership and views (issue 15, point 4): the assignee rule through the API and the web,
the case list's views with their counts, sorts, filters and bulk actions (SQLite and PG).

Users (tests/api/conftest.py): ``root`` admin, ``agent_n`` agent on north, ``viewer_n``
viewer on north, ``agent_s`` agent on south.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

from sellerdesk.services import cases, users
from tests.api.conftest import PASSWORD, Api
from tests.api.web_support import browser, csrf_of


def patch(api: Api, case: dict[str, Any], **fields: Any) -> Any:
    return api.call("root", "PATCH", f"/api/v1/cases/{case['id']}", json=fields)


def ids(api: Api, user: str = "root", **params: Any) -> list[int]:
    got = api.call(user, "GET", "/api/v1/cases", params=params)
    assert got.status_code == 200, got.text
    return [c["id"] for c in got.json()["cases"]]


def counts_of(html: str) -> dict[str, int]:
    link = r'href="/cases\?view=([a-z-]+)[^"]*"[^>]*><span>[^<]*</span> '
    found = re.findall(link + r'<span class="count">(\d+)</span>', html)
    return {view: int(n) for view, n in found}


def test_the_api_assigns_only_users_who_may_work_on_the_store(api: Api):
    case = api.new_case(store="north")
    for name, why in (
        ("nobody_here", "case_views.assignee_unknown"),
        ("viewer_n", "case_views.assignee_viewer"),
        ("agent_s", "case_views.assignee_no_store"),
    ):
        refused = patch(api, case, version=1, assignee=name)
        assert refused.status_code == 422, refused.text
        assert refused.json()["error"]["field"] == "assignee", name
        assert name in refused.json()["error"]["message"], why
    assert patch(api, case, version=1, assignee="agent_n").status_code == 200
    assert patch(api, case, version=2, assignee="root").status_code == 200
    assert patch(api, case, version=3, assignee=None).status_code == 200
    shown = api.call("root", "GET", f"/api/v1/cases/{case['id']}").json()
    assert shown["assignee"] is None and shown["version"] == 4


def test_a_disabled_user_cannot_be_assigned(api: Api):
    state = api.state
    users.add(
        sessions=state.sessions, now=datetime.now(UTC), name="gone", role="admin", password=PASSWORD
    )
    with state.sessions() as session, session.begin():
        row = users.user_named(session, "gone")
        row.active = False
    case = api.new_case()
    refused = patch(api, case, version=1, assignee="gone")
    assert refused.status_code == 422 and refused.json()["error"]["field"] == "assignee"
    assert "disabled" in refused.json()["error"]["message"]


def _setup(api: Api) -> dict[str, dict[str, Any]]:
    """Five cases: two of agent_n's (one needs action), one nobody's, one resolved, one of
    south's waiting on Amazon."""
    made = {
        "mine": api.new_case(subject="Refund missing", priority="high"),
        "mine_na": api.new_case(subject="Listing suppressed", priority="urgent"),
        "nobody": api.new_case(subject="Fee charged twice"),
        "done": api.new_case(subject="Image rejected", marketplace="CA"),
        "south": api.new_case(store="south", subject="Stranded inventory"),
    }
    for key in ("mine", "mine_na"):
        assert patch(api, made[key], version=1, assignee="agent_n").status_code == 200
    for key, moves in (
        ("mine_na", [("submitted", "11111111111"), ("needs-action", None)]),
        ("done", [("submitted", "22222222222"), ("resolved", None)]),
        ("south", [("submitted", "33333333333"), ("waiting-amazon", None)]),
    ):
        for status, amazon in moves:
            body = {"status": status} | ({"case_id": amazon} if amazon else {})
            got = api.call("root", "POST", f"/api/v1/cases/{made[key]['id']}/status", json=body)
            assert got.status_code == 200, got.text
    return made


def test_each_view_lists_its_cases_through_the_api(api: Api):
    made = _setup(api)
    n = {k: v["id"] for k, v in made.items()}
    assert sorted(ids(api, "agent_n", view="mine")) == sorted([n["mine"], n["mine_na"]])
    assert ids(api, "root", view="mine") == []
    assert n["nobody"] in ids(api, view="unassigned")
    assert n["done"] not in ids(api, view="unassigned")  # resolved: not an open case
    assert ids(api, view="needs-action") == [n["mine_na"]]
    assert ids(api, view="waiting-amazon") == [n["south"]]
    assert ids(api, "agent_n", view="waiting-amazon") == []  # south is not agent_n's
    assert ids(api, view="resolved-week") == [n["done"]]
    rows = api.call("root", "GET", "/api/v1/cases").json()["cases"]
    bound = datetime.now(UTC) + timedelta(hours=24)
    due = {
        c["id"]
        for c in rows
        if c["next_breach_at"] and datetime.fromisoformat(c["next_breach_at"]) <= bound
    }
    assert set(ids(api, view="breaching-soon")) == due
    real = api.state.clock
    api.state.clock = lambda: real() + timedelta(days=40)  # every running clock has run out
    try:
        soon = ids(api, view="breaching-soon")
    finally:
        api.state.clock = real
    assert set(soon) == {n["mine_na"], n["south"]}  # drafts and resolved cases have no clock
    assert ids(api, assignee="-", marketplace="ca") == [n["done"]]  # nobody owns it
    assert ids(api, marketplace="CA") == [n["done"]]
    assert ids(api, priority="urgent") == [n["mine_na"]]
    assert sorted(ids(api, assignee="agent_n")) == sorted([n["mine"], n["mine_na"]])
    bad = api.call("root", "GET", "/api/v1/cases", params={"view": "later"})
    assert bad.status_code == 422


def test_every_sort_orders_the_list_both_ways(api: Api):
    made = _setup(api)
    n = {k: v["id"] for k, v in made.items()}
    by_priority = ids(api, sort="priority")
    assert by_priority[:2] == [n["mine_na"], n["mine"]]  # urgent, high, then normal
    assert ids(api, sort="priority", order="desc")[-2:] == [n["mine"], n["mine_na"]]
    assert ids(api, sort="updated", order="desc")[0] == n["south"]  # moved last
    by_owner = ids(api, sort="assignee")
    assert set(by_owner[:2]) == {n["mine"], n["mine_na"]}  # nobody's last
    by_status = [
        c["status"] for c in api.call("root", "GET", "/api/v1/cases?sort=status").json()["cases"]
    ]
    assert by_status == ["draft", "draft", "waiting-amazon", "needs-action", "resolved"]
    markets = [
        c["marketplace"]
        for c in api.call("root", "GET", "/api/v1/cases?sort=marketplace&order=desc").json()[
            "cases"
        ]
    ]
    assert markets == sorted(markets, reverse=True)
    for sort in ("next_breach", "updated", "assignee", "priority", "status", "marketplace"):
        forward = ids(api, sort=sort)
        assert sorted(forward) == sorted(n.values()), sort


def test_the_cases_page_shows_the_views_with_their_counts_and_the_new_columns(api: Api):
    made = _setup(api)
    client = browser(api, "agent_n")
    page = client.get("/cases")
    assert page.status_code == 200
    counts = counts_of(page.text)
    assert counts == {
        "mine": 2,
        "unassigned": 1,  # north's draft; south's is not agent_n's
        "breaching-soon": len(ids(api, "agent_n", view="breaching-soon")),  # by the clock
        "needs-action": 1,
        "waiting-amazon": 0,
        "resolved-week": 1,
    }
    mine = client.get("/cases", params={"view": "mine"}).text
    assert f'href="/cases/{made["nobody"]["id"]}"' not in mine
    assert f'href="/cases/{made["mine_na"]["id"]}"' in mine
    assert 'class="st st-needs-action"' in mine and "Needs action" in mine
    assert "Urgent" in mine and "agent_n" in mine
    zh = browser(api, "agent_n", **{"Accept-Language": "zh-CN"}).get("/cases").text
    assert "我的案例" in zh and "即将超时" in zh and "本周已解决" in zh
    sorted_page = client.get("/cases", params={"sort": "priority", "view": "mine"}).text
    assert sorted_page.index(f"#{made['mine_na']['id']}<") < sorted_page.index(
        f"#{made['mine']['id']}<"
    )
    filtered = client.get("/cases", params={"assignee": "-"}).text
    assert f'href="/cases/{made["nobody"]["id"]}"' in filtered
    assert f'href="/cases/{made["mine"]["id"]}"' not in filtered


def test_bulk_actions_change_each_case_and_say_which_failed_and_why(api: Api):
    made = _setup(api)
    client = browser(api, "agent_n")
    token = csrf_of(client.get("/cases").text)
    mine, nobody, south = made["mine"], made["nobody"], made["south"]
    nobody_v = api.call("root", "GET", f"/api/v1/cases/{nobody['id']}").json()["version"]
    mine_v = api.call("root", "GET", f"/api/v1/cases/{mine['id']}").json()["version"]
    picked = [f"{nobody['id']}:{nobody_v}", f"{mine['id']}:{mine_v - 1}", f"{south['id']}:3"]
    data = {"csrf_token": token, "action": "assign", "assignee": "agent_n", "case": picked}
    done = client.post("/cases/bulk", data=data)
    assert done.status_code == 200, done.text
    assert "1 case(s) assigned to agent_n" in done.text
    assert "2 case(s) not changed" in done.text
    assert f"#{mine['id']}</a>: Case {mine['id']} changed since you read it" in done.text
    assert f"#{south['id']}</a>:" in done.text  # south's case is not agent_n's: not found
    shown = api.call("root", "GET", f"/api/v1/cases/{nobody['id']}").json()
    assert shown["assignee"] == "agent_n" and shown["version"] == nobody_v + 1
    tagged = client.post(
        "/cases/bulk",
        data={
            "csrf_token": token,
            "action": "tag",
            "tag_add": "Q4",
            "case": [f"{nobody['id']}:{nobody_v + 1}"],
        },
    )
    assert "Tag “Q4” added to 1 case(s)" in tagged.text
    moved = client.post(
        "/cases/bulk",
        data={
            "csrf_token": token,
            "action": "status",
            "status_to": "closed",
            "case": [f"{nobody['id']}:"],
        },
    )
    assert "1 case(s) moved" in moved.text
    after = api.call("root", "GET", f"/api/v1/cases/{nobody['id']}").json()
    assert after["status"] == "closed" and after["tags"] == ["q4"]
    none = client.post("/cases/bulk", data={"csrf_token": token, "action": "tag", "tag_add": "x"})
    assert none.status_code == 422 and "no case is selected" in none.text
    viewer = browser(api, "viewer_n")
    page = viewer.get("/cases").text
    assert 'name="case"' not in page  # a viewer gets no bulk form
    refused = viewer.post(
        "/cases/bulk",
        data={
            "csrf_token": csrf_of(page),
            "action": "tag",
            "tag_add": "x",
            "case": [f"{mine['id']}:"],
        },
    )
    assert "1 case(s) not changed" in refused.text
    audit = cases.show(
        sessions=api.state.sessions,
        now=datetime.now(UTC) + timedelta(seconds=1),
        ctx=api.state.ctx,
        case_id=nobody["id"],
    )
    assert audit.assignee == "agent_n"


def test_the_case_page_shows_and_sets_the_owner(api: Api):
    case = api.new_case(store="north")
    client = browser(api, "agent_n")
    path = f"/cases/{case['id']}"
    page = client.get(path).text
    assert "Owner" in page and "Unassigned" in page
    choice = page.split('<select id="assignee" name="assignee">', 1)[1].split("</select>", 1)[0]
    assert '<option value="agent_n"' in choice and '<option value="root"' in choice
    assert "agent_s" not in choice and "viewer_n" not in choice
    chooser = client.get(f"{path}/assignee").text
    assert '<option value="agent_n"' in chooser and '<option value="root"' in chooser
    assert "agent_s" not in chooser and "viewer_n" not in chooser
    token = csrf_of(page)
    done = client.post(
        f"{path}/assignee",
        data={"csrf_token": token, "version": "1", "assignee": "agent_n"},
        follow_redirects=False,
    )
    assert done.status_code == 303, done.text
    assert "<strong>agent_n</strong>" in client.get(path).text
    refused = client.post(
        f"{path}/assignee", data={"csrf_token": token, "version": "2", "assignee": "agent_s"}
    )
    assert refused.status_code == 422 and "does not work on this case" in refused.text
    zh = browser(api, "agent_n", **{"Accept-Language": "zh-CN"})
    refused = zh.post(
        f"{path}/assignee",
        data={"csrf_token": csrf_of(zh.get(path).text), "version": "2", "assignee": "agent_s"},
    )
    assert "不负责此案例所属的店铺" in refused.text
    cleared = client.post(
        f"{path}/assignee",
        data={"csrf_token": token, "version": "2", "assignee": ""},
        follow_redirects=False,
    )
    assert cleared.status_code == 303
    assert api.call("root", "GET", f"/api/v1/cases/{case['id']}").json()["assignee"] is None
    viewer = browser(api, "viewer_n")
    refused = viewer.post(
        f"{path}/assignee", data={"csrf_token": csrf_of(viewer.get(path).text), "assignee": "root"}
    )
    assert refused.status_code == 403
