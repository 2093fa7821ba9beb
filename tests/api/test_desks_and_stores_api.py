"""Stores, desks, health and the OpenAPI document."""

from __future__ import annotations

from tests.api.conftest import Api


def test_health_answers_without_credentials(api: Api):
    response = api.client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok", "database": "ok"}


def test_an_admin_adds_a_store_with_the_cli_field_names(api: Api):
    response = api.call(
        "root",
        "POST",
        "/api/v1/stores",
        json={"name": "Acme EU", "region": "eu", "marketplaces": ["de", "FR"]},
    )
    assert response.status_code == 201
    assert response.json()["marketplaces"] == ["DE", "FR"]
    names = [s["name"] for s in api.call("root", "GET", "/api/v1/stores").json()]
    assert names == ["Acme EU", "north", "south"]


def test_the_store_json_is_the_views_json_as_the_cli_prints_it(api: Api):
    """The API reads its Store from the service's StoreView: the same keys, in the same
    order, and times as isoformat writes them, as ``store list --json``."""
    from sellerdesk.core.jsonable import jsonable
    from sellerdesk.services import stores

    added = api.call(
        "root",
        "POST",
        "/api/v1/stores",
        json={"name": "Acme JP", "region": "jp", "marketplaces": ["jp"], "support_plan": "x"},
    )
    views = {v.name: v for v in stores.list_stores(sessions=api.state.sessions)}
    assert list(added.json().items()) == list(jsonable(views["Acme JP"]).items())
    listed = api.call("root", "GET", "/api/v1/stores").json()
    assert listed == [jsonable(views[s["name"]]) for s in listed]
    assert [list(s) for s in listed] == [list(jsonable(views[s["name"]])) for s in listed]
    assert added.json()["created_at"].endswith("+00:00")


def test_a_store_name_taken_is_a_conflict(api: Api):
    response = api.call(
        "root",
        "POST",
        "/api/v1/stores",
        json={"name": "north", "region": "na", "marketplaces": ["US"]},
    )
    assert response.status_code == 409


def test_the_desk_board_lists_every_desk_and_channel_in_the_zone_asked(api: Api):
    board = api.call("root", "GET", "/api/v1/desks", params={"tz": "Asia/Shanghai"}).json()
    assert board["tz"] == "Asia/Shanghai" and board["now"].endswith("+08:00")
    keys = {(c["desk"], c["channel"]) for c in board["channels"]}
    assert ("na", "case") in keys and ("cn", "phone") in keys
    assert all(c["confidence"] for c in board["channels"])


def test_desk_windows_cover_the_days_asked_in_the_zone_asked(api: Api):
    response = api.call(
        "root",
        "GET",
        "/api/v1/desks/cn/windows",
        params={"from": "2026-03-09", "days": 1, "tz": "Asia/Shanghai", "channel": "phone"},
    )
    assert response.status_code == 200
    windows = response.json()["windows"]
    assert windows and windows[0]["start"].startswith("2026-03-09T")


def test_an_unknown_desk_or_channel_is_404_naming_the_field(api: Api):
    desk = api.call("root", "GET", "/api/v1/desks/mars/windows")
    assert desk.status_code == 404 and desk.json()["error"]["field"] == "desk"
    channel = api.call("root", "GET", "/api/v1/desks/na/windows", params={"channel": "fax"})
    assert channel.status_code == 404 and channel.json()["error"]["field"] == "channel"


def test_the_openapi_document_lists_the_endpoints_and_the_bearer_scheme(api: Api):
    doc = api.client.get("/openapi.json").json()
    for path in (
        "/api/v1/cases",
        "/api/v1/cases/{case_id}",
        "/api/v1/cases/{case_id}/events",
        "/api/v1/cases/{case_id}/status",
        "/api/v1/cases/{case_id}/dossier",
        "/api/v1/stores",
        "/api/v1/desks",
        "/api/v1/desks/{desk}/windows",
        "/api/v1/search",
        "/api/v1/reminders",
    ):
        assert path in doc["paths"], path
    assert "HTTPBearer" in doc["components"]["securitySchemes"]
    assert api.client.get("/docs").status_code == 200
