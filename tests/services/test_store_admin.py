"""Only an admin changes or removes a store (the service refuses anyone else, so the CLI, the
API and the web agree); marketplaces must fit the store's region; what a removal would meet."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from sellerdesk.core.access import Principal
from sellerdesk.core.errors import Forbidden, InvalidInput
from sellerdesk.services import account_health, store_health, stores
from sellerdesk.storage.tables import AuditRow, StoreRow
from tests.services.case_fixtures import NOW, count, later

ADMIN = Principal(name="li", role="admin")


def agent_of(sessions, name: str) -> Principal:  # type: ignore[no-untyped-def]
    with sessions() as session:
        store_id = session.scalars(select(StoreRow.id).where(StoreRow.name == name)).one()
    return Principal(name="wang", role="agent", store_ids=frozenset({store_id}))


def test_each_region_offers_its_desk_s_marketplaces_and_china_offers_every_one(ctx):
    offered = stores.region_marketplaces(ctx)
    assert set(offered) == set(stores.REGIONS)
    assert offered["na"] == ("US", "CA", "MX")
    assert offered["uk"] == ("UK",) and offered["jp"] == ("JP",)
    assert {"DE", "FR"} <= set(offered["eu"]) and "US" not in offered["eu"]
    assert {"US", "DE", "UK", "JP"} <= set(offered["cn"])


def test_a_marketplace_outside_the_region_is_refused_naming_marketplaces(sessions, ctx):
    with pytest.raises(InvalidInput) as err:
        stores.add(
            sessions=sessions, now=NOW, ctx=ctx, name="x", region="na", marketplaces=["US", "DE"]
        )
    assert err.value.field == "marketplaces" and err.value.key == "store.outside_region"
    assert "DE is not a marketplace of the region na" in err.value.message
    assert "US, CA, MX" in (err.value.fix or "")
    assert "DE 不是 na 地区的站点" in err.value.words("zh")[0]
    assert count(sessions, StoreRow) == 0
    china = stores.add(
        sessions=sessions, now=NOW, ctx=ctx, name="sz", region="cn", marketplaces=["US", "DE"]
    )
    assert china.marketplaces == ("US", "DE")


def test_a_new_region_must_fit_the_marketplaces_an_unchanged_profile_is_not_checked(
    sessions, ctx, acme
):
    with pytest.raises(InvalidInput) as err:
        stores.update(sessions=sessions, now=NOW, ctx=ctx, name=acme, region="eu")
    assert err.value.field == "region" and "US, CA" in err.value.message
    moved = stores.update(
        sessions=sessions, now=NOW, ctx=ctx, name=acme, region="eu", marketplaces=["de"]
    )
    assert (moved.region, moved.marketplaces) == ("eu", ("DE",))
    with sessions() as session:  # a store from before the rule: na selling on DE
        session.scalars(select(StoreRow)).one().region = "na"
        session.commit()
    kept = stores.update(
        sessions=sessions, now=later(1), ctx=ctx, name=acme, region="na", marketplaces=["DE"]
    )
    assert kept.changed == ()
    plan = stores.update(sessions=sessions, now=later(2), ctx=ctx, name=acme, plan="individual")
    assert plan.changed == ("plan",)


@pytest.mark.parametrize("role", ["agent", "viewer"])
def test_only_an_admin_changes_or_removes_a_store(sessions, ctx, acme, role):
    someone = Principal(name="wang", role=role, store_ids=agent_of(sessions, acme).store_ids)
    with pytest.raises(Forbidden) as changed:
        stores.update(
            sessions=sessions, now=NOW, ctx=ctx, name=acme, verified=True, principal=someone
        )
    assert changed.value.field == "role"
    with pytest.raises(Forbidden) as removed:
        stores.remove(sessions=sessions, now=NOW, ctx=ctx, name=acme, principal=someone)
    assert removed.value.key == "store.remove_admin_only"
    assert removed.value.words("zh")[0] == "只有管理员可以删除店铺。"
    with pytest.raises(Forbidden):
        stores.removal_of(sessions=sessions, name=acme, principal=someone)
    assert count(sessions, StoreRow) == 1
    assert stores.list_stores(sessions=sessions)[0].verified is False


def test_the_admin_s_removal_is_audited_under_their_name(sessions, ctx, acme):
    stores.update(sessions=sessions, now=NOW, ctx=ctx, name=acme, verified=True, principal=ADMIN)
    stores.remove(sessions=sessions, now=later(1), ctx=ctx, name=acme, principal=ADMIN)
    with sessions() as session:
        actors = session.execute(select(AuditRow.action, AuditRow.actor).order_by(AuditRow.id))
        assert [tuple(a) for a in actors][1:] == [("update", "li"), ("remove", "li")]


def test_what_a_removal_would_meet_counts_cases_and_health_records(
    sessions, ctx, acme, new_case, tmp_path
):
    empty = stores.removal_of(sessions=sessions, name=acme, principal=ADMIN)
    assert (empty.cases, empty.open_cases, empty.health_records, empty.removable) == (
        0,
        0,
        0,
        True,
    )
    new_case()
    rules = store_health.rules_for(tmp_path)
    account_health.set_figures(
        sessions=sessions,
        now=NOW,
        ctx=ctx,
        rules=rules,
        store=acme,
        marketplace="US",
        figures={"odr": 0.5},
        ahr=None,
    )
    busy = stores.removal_of(sessions=sessions, name=" acme ", principal=ADMIN)
    assert (busy.cases, busy.open_cases, busy.health_records, busy.removable) == (
        1,
        1,
        1,
        False,
    )
    assert busy.store.name == "acme"
