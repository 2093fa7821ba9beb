"""Stores in the web app: an admin creates, edits and removes a store with the CLI's rules
(the service decides), refusals answer on the same page naming the field with what was typed
kept, codes show as words in zh and en; agents and viewers cannot change a profile, in the
web or the API; an admin with no store gets the "create your first store" form."""

from __future__ import annotations

from typing import Any

import pytest

from sellerdesk.core.jsonable import jsonable
from sellerdesk.services import stores
from tests.api.conftest import Api
from tests.api.web_support import browser, csrf_of


def _post(client: Any, path: str, data: dict[str, Any], page: str = "/stores") -> Any:
    token = csrf_of(client.get(page).text)
    return client.post(path, data={"csrf_token": token, **data}, follow_redirects=False)


def _names(api: Api) -> list[str]:
    return [s.name for s in stores.list_stores(sessions=api.state.sessions)]


def _remove_every_store(api: Api) -> None:
    for name in _names(api):
        stores.remove(
            sessions=api.state.sessions, now=api.state.clock(), ctx=api.state.ctx, name=name
        )


def test_an_admin_with_no_store_gets_the_first_store_form_others_are_told_to_ask(api: Api):
    _remove_every_store(api)
    admin = browser(api, "root").get("/stores").text
    assert "Create your first store" in admin and "ask an admin" not in admin
    assert 'action="/stores"' in admin and 'name="marketplace-na" value="US"' in admin
    zh = browser(api, "root", **{"Accept-Language": "zh-CN"}).get("/stores").text
    assert "创建第一个店铺" in zh and "北美" in zh and "美国 (US)" in zh and "专业销售计划" in zh
    agent = browser(api, "agent_n").get("/stores").text
    assert "ask an admin" in agent and 'action="/stores"' not in agent


def test_an_admin_creates_a_store_and_its_codes_show_as_words(api: Api):
    client = browser(api, "root")
    form = {
        "name": "Acme EU",
        "region": "eu",
        "marketplace-eu": ["DE", "FR"],
        "plan": "individual",
        "verified": "on",
        "support_plan": "sas",
    }
    done = _post(client, "/stores", form)
    assert done.status_code == 303 and done.headers["location"] == "/stores/Acme%20EU?done=added"
    made = {s.name: s for s in stores.list_stores(sessions=api.state.sessions)}["Acme EU"]
    assert (made.region, made.marketplaces, made.plan, made.verified, made.support_plan) == (
        "eu",
        ("DE", "FR"),
        "individual",
        True,
        "sas",
    )
    page = client.get(done.headers["location"]).text
    assert "The store was created" in page and "Europe" in page
    assert "Germany (DE), France (FR)" in page and "Strategic Account Services (paid)" in page
    zh = browser(api, "root", **{"Accept-Language": "zh-CN"}).get("/stores").text
    assert "欧洲" in zh and "德国 (DE)、法国 (FR)" in zh and "个人销售计划" in zh
    assert "支持计划：战略客户服务（付费）" in zh and "已验证" in zh


@pytest.mark.parametrize(
    ("form", "status", "words"),
    [
        (
            {"name": "Acme", "region": "na", "marketplace-eu": "DE"},
            422,
            "Marketplaces: Germany (DE) is not a marketplace of the region North America.",
        ),
        ({"name": "Acme", "region": "na"}, 422, "Marketplaces: a store needs at least one"),
        ({"name": "Acme", "marketplace-na": "US"}, 422, "Region: &#39;&#39; is not allowed"),
        ({"name": "north", "region": "na", "marketplace-na": "US"}, 409, "Store name: a store"),
        (
            {"name": "Acme", "region": "na", "marketplace-na": "US", "support_plan": "x" * 41},
            422,
            "Support plan:",
        ),
    ],
)
def test_a_refused_store_answers_on_the_list_page_naming_the_field_with_the_values_kept(
    api: Api, form: dict[str, Any], status: int, words: str
):
    client = browser(api, "root")
    done = _post(client, "/stores", {"plan": "individual", **form})
    assert done.status_code == status, done.text
    assert words in done.text
    assert '<details id="add-store" class="card" open>' in done.text
    assert f'name="name" value="{form["name"]}"' in done.text
    assert '<option value="individual" selected>' in done.text
    for region in ("na", "eu"):
        if code := form.get(f"marketplace-{region}"):
            assert f'name="marketplace-{region}" value="{code}" checked' in done.text
    assert "sellerdesk" not in done.text.split("<main>")[1] and "--" not in done.text
    assert _names(api) == ["north", "south"]


def test_a_refusal_speaks_chinese_with_the_codes_as_words(api: Api):
    client = browser(api, "root", **{"Accept-Language": "zh-CN"})
    form = {"name": "深圳店", "region": "na", "marketplace-eu": "DE"}
    done = _post(client, "/stores", form)
    assert done.status_code == 422
    assert "站点：德国 (DE) 不是 北美 地区的站点。" in done.text
    assert "美国 (US)、加拿大 (CA)、墨西哥 (MX)" in done.text
    assert 'value="深圳店"' in done.text


def test_an_admin_edits_the_profile_and_a_refusal_keeps_what_was_ticked(api: Api):
    client = browser(api, "root")
    page = client.get("/stores/north").text
    assert (
        '<details id="edit-store" class="card">' in page
        and 'href="/stores/north?step=remove"' in page
    )
    assert 'name="marketplace-na" value="CA" checked' in page
    bad = _post(
        client,
        "/stores/north",
        {"action": "profile", "region": "jp", "marketplace-na": ["US"], "plan": "individual"},
        page="/stores/north",
    )
    assert bad.status_code == 422
    assert "Marketplaces: United States (US) is not a marketplace of the region Japan" in bad.text
    assert '<details id="edit-store" class="card" open>' in bad.text
    assert (
        'value="jp" checked' in bad.text and 'name="marketplace-na" value="US" checked' in bad.text
    )
    assert 'name="marketplace-na" value="CA" checked' not in bad.text
    done = _post(
        client,
        "/stores/north",
        {"action": "profile", "region": "na", "marketplace-na": ["US", "MX"], "plan": "individual"},
        page="/stores/north",
    )
    assert done.status_code == 303 and done.headers["location"] == "/stores/north?done=saved"
    north = {s.name: s for s in stores.list_stores(sessions=api.state.sessions)}["north"]
    assert (north.marketplaces, north.plan) == (("US", "MX"), "individual")
    assert "Store profile saved." in client.get(done.headers["location"]).text


def test_removal_asks_first_says_what_it_does_and_removes(api: Api):
    client = browser(api, "root")
    ask = client.get("/stores/south?step=remove")
    assert ask.status_code == 200
    assert "Remove store south?" in ask.text and "no cases and no Account Health" in ask.text
    assert "every user&#39;s access" in ask.text and 'name="confirm" value="yes"' in ask.text
    unconfirmed = _post(client, "/stores/south", {"action": "remove"}, page="/stores/south")
    assert unconfirmed.status_code == 200 and "Remove store south?" in unconfirmed.text
    assert "south" in _names(api)
    done = _post(
        client, "/stores/south", {"action": "remove", "confirm": "yes"}, page="/stores/south"
    )
    assert done.status_code == 303 and done.headers["location"] == "/stores?done=removed"
    assert _names(api) == ["north"]
    assert "The store was removed." in client.get("/stores?done=removed").text


def test_a_store_with_cases_is_not_removed_and_the_page_says_why_in_chinese(api: Api):
    api.new_case()
    client = browser(api, "root", **{"Accept-Language": "zh-CN"})
    ask = client.get("/stores/north?step=remove").text
    assert "此店铺有 1 个案例（1 个未结）" in ask and "因此此店铺不能删除" in ask
    assert 'name="confirm"' not in ask and 'href="/stores/north?step=edit#edit-store"' in ask
    edit = client.get("/stores/north?step=edit").text
    assert '<details id="edit-store" class="card" open>' in edit
    forced = _post(
        client, "/stores/north", {"action": "remove", "confirm": "yes"}, page="/stores/north"
    )
    assert forced.status_code == 409
    assert (
        "请改为编辑店铺资料" in forced.text and "sellerdesk" not in forced.text.split("<main>")[1]
    )
    assert "north" in _names(api)


@pytest.mark.parametrize("user", ["agent_n", "viewer_n"])
def test_agents_and_viewers_cannot_change_or_remove_a_store_in_the_web(api: Api, user: str):
    client = browser(api, user)
    page = client.get("/stores/north").text
    assert 'id="edit-store"' not in page and "step=remove" not in page
    assert ("Only an admin changes" in page) is (user == "agent_n")
    profile = {"action": "profile", "region": "na", "marketplace-na": "US", "verified": "on"}
    changed = _post(client, "/stores/north", profile, page="/stores/north")
    removed = _post(
        client, "/stores/north", {"action": "remove", "confirm": "yes"}, page="/stores/north"
    )
    created = _post(client, "/stores", {"name": "mine", "region": "na", "marketplace-na": "US"})
    assert (changed.status_code, removed.status_code, created.status_code) == (403, 403, 403)
    assert client.get("/stores/north?step=remove").status_code == 403
    assert client.get("/stores/south?step=remove").status_code == 404
    north = {s.name: s for s in stores.list_stores(sessions=api.state.sessions)}["north"]
    assert (north.marketplaces, north.verified) == (("US", "CA"), False)
    assert _names(api) == ["north", "south"]


@pytest.mark.parametrize(
    ("user", "status"), [("agent_n", 403), ("viewer_n", 403), ("agent_s", 404)]
)
def test_agents_and_viewers_cannot_change_or_remove_a_store_in_the_api(
    api: Api, user: str, status: int
):
    """A store granted: 403 naming the role; one not granted does not exist (404)."""
    patched = api.call(user, "PATCH", "/api/v1/stores/north", json={"verified": True})
    assert patched.status_code == status
    assert patched.json()["error"]["field"] == ("role" if status == 403 else "name")
    assert "north" not in (patched.json()["error"]["fix"] or "") or status == 403
    assert api.call(user, "DELETE", "/api/v1/stores/north").status_code == status
    assert _names(api) == ["north", "south"]


def test_an_admin_changes_and_removes_a_store_in_the_api_as_the_cli_prints_it(api: Api):
    patched = api.call(
        "root",
        "PATCH",
        "/api/v1/stores/north",
        json={"marketplaces": ["us"], "plan": "individual", "support_plan": "sas"},
    )
    assert patched.status_code == 200, patched.text
    body = patched.json()
    assert body["changed"] == ["marketplaces", "plan", "support_plan"]
    north = {s.name: s for s in stores.list_stores(sessions=api.state.sessions)}["north"]
    assert {k: v for k, v in body.items() if k != "changed"} == jsonable(north)
    outside = api.call("root", "PATCH", "/api/v1/stores/north", json={"marketplaces": ["DE"]})
    assert outside.status_code == 422 and outside.json()["error"]["field"] == "marketplaces"
    unknown = api.call("root", "PATCH", "/api/v1/stores/north", json={"region": "mars"})
    assert unknown.status_code == 422
    api.new_case(store="south")
    kept = api.call("root", "DELETE", "/api/v1/stores/south")
    assert kept.status_code == 409 and kept.json()["error"]["field"] == "name"
    gone = api.call("root", "DELETE", "/api/v1/stores/north")
    assert gone.status_code == 200 and gone.json() == {"removed": jsonable(north)}
    assert api.call("root", "DELETE", "/api/v1/stores/north").status_code == 404
    assert _names(api) == ["south"]
