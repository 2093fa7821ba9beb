"""The API renders the case services' views as the same JSON as ``case show --json``."""

from __future__ import annotations

from sellerdesk.core.jsonable import jsonable
from sellerdesk.services import cases
from tests.api.conftest import Api


def test_the_api_shows_a_case_as_the_json_the_cli_prints_from_the_same_view(api: Api):
    created = api.new_case(order_ids=["114-1234567-1234567"])
    url = f"/api/v1/cases/{created['id']}"
    assert api.call("root", "POST", f"{url}/events", json={"direction": "note", "body": "hi"})
    over_api = api.call("root", "GET", url).json()
    state = api.state
    view = cases.show(
        sessions=state.sessions, now=state.clock(), ctx=state.ctx, case_id=created["id"]
    )
    printed = jsonable(view)
    for side in ("amazon", "team"):  # the clocks move with "now"; their shape does not
        assert set(over_api["clocks"][side]) == set(printed["clocks"][side])
    over_api.pop("clocks"), printed.pop("clocks")
    assert over_api == printed
    assert list(over_api) == list(printed)  # the same field order
    assert over_api["created_at"].endswith("+00:00")  # isoformat's offset, not pydantic's "Z"
