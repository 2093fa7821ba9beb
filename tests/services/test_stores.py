"""Stores: names are unique, regions and plans are known, every marketplace has a desk."""

from __future__ import annotations

import pytest

from sellerdesk.core.errors import Conflict, InvalidInput
from sellerdesk.services import stores
from sellerdesk.storage.tables import AuditRow, StoreRow
from tests.services.case_fixtures import NOW, count


def test_a_store_is_added_with_its_marketplaces_upper_cased(sessions, ctx):
    added = stores.add(
        sessions=sessions,
        now=NOW,
        ctx=ctx,
        name="  Acme   EU ",
        region="EU",
        marketplaces=["de", "FR", "de"],
        plan="individual",
        verified=True,
        support_plan="SAS",
    )
    assert added.name == "Acme EU"
    assert added.marketplaces == ("DE", "FR")
    assert (added.region, added.plan, added.verified) == ("eu", "individual", True)
    assert [s.name for s in stores.list_stores(sessions=sessions)] == ["Acme EU"]
    assert count(sessions, AuditRow) == 1


def test_a_second_store_with_the_same_name_is_a_conflict(sessions, ctx, acme):
    with pytest.raises(Conflict) as err:
        stores.add(
            sessions=sessions, now=NOW, ctx=ctx, name="acme", region="na", marketplaces=["US"]
        )
    assert err.value.exit_code == 3
    assert count(sessions, StoreRow) == 1


@pytest.mark.parametrize(
    ("field", "kwargs"),
    [
        ("region", {"region": "mars"}),
        ("marketplaces", {"marketplaces": ["US", "ZZ"]}),
        ("marketplaces", {"marketplaces": []}),
        ("plan", {"plan": "gold"}),
        ("name", {"name": " "}),
    ],
)
def test_a_store_with_bad_input_is_refused_and_nothing_is_written(sessions, ctx, field, kwargs):
    args = {"name": "acme", "region": "na", "marketplaces": ["US"], **kwargs}
    with pytest.raises(InvalidInput) as err:
        stores.add(sessions=sessions, now=NOW, ctx=ctx, **args)
    assert err.value.field == field
    assert count(sessions, StoreRow) == 0
