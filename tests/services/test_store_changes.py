"""Changing and removing stores: validated like `store add`, audited, and a store whose cases
would lose their marketplace or their store is refused (exit 3)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from sellerdesk.core.errors import Conflict, InvalidInput, NotFound
from sellerdesk.services import cases, stores
from sellerdesk.storage.tables import AuditRow, StoreRow
from tests.services.case_fixtures import NOW, count, later


def audit_actions(sessions) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    with sessions() as session:
        rows = session.execute(select(AuditRow.entity, AuditRow.action).order_by(AuditRow.id))
        return [(e, a) for e, a in rows]


def test_a_store_update_changes_only_what_is_given_and_audits_from_and_to(sessions, ctx, acme):
    updated = stores.update(
        sessions=sessions,
        now=later(1),
        ctx=ctx,
        name=acme,
        plan="Individual",
        verified=True,
        support_plan=" SAS ",
        marketplaces=["us", "mx"],
    )
    assert (updated.plan, updated.verified, updated.support_plan) == (
        "individual",
        True,
        "SAS",
    )
    assert updated.marketplaces == ("US", "MX") and updated.region == "na"
    assert updated.changed == ("marketplaces", "plan", "support_plan", "verified")
    with sessions() as session:
        detail = session.scalars(select(AuditRow.detail).where(AuditRow.action == "update")).one()
    assert detail == {
        "marketplaces": {"from": ["US", "CA"], "to": ["US", "MX"]},
        "plan": {"from": "professional", "to": "individual"},
        "verified": {"from": False, "to": True},
        "support_plan": {"from": None, "to": "SAS"},
    }
    cleared = stores.update(sessions=sessions, now=later(2), ctx=ctx, name=acme, support_plan="")
    assert cleared.support_plan is None and cleared.plan == "individual"


def test_an_update_giving_the_same_values_changes_nothing_but_is_not_an_error(sessions, ctx, acme):
    same = stores.update(sessions=sessions, now=NOW, ctx=ctx, name=acme, verified=False)
    assert same.changed == ()


@pytest.mark.parametrize(
    ("field", "kwargs"),
    [
        ("plan", {}),
        ("plan", {"plan": "gold"}),
        ("region", {"region": "mars"}),
        ("marketplaces", {"marketplaces": ["US", "ZZ"]}),
        ("marketplaces", {"marketplaces": [" "]}),
        ("support_plan", {"support_plan": "x" * 41}),
        ("name", {"name": "nobody", "plan": "individual"}),
    ],
)
def test_a_store_update_with_bad_input_is_refused_and_nothing_changes(
    sessions, ctx, acme, field, kwargs
):
    args = {"name": acme, **kwargs}
    with pytest.raises(InvalidInput) as err:
        stores.update(sessions=sessions, now=NOW, ctx=ctx, **args)
    assert err.value.field == field
    assert stores.list_stores(sessions=sessions)[0].plan == "professional"
    assert audit_actions(sessions) == [("store", "add")]


def test_a_marketplace_with_open_cases_cannot_be_dropped_until_they_close(
    sessions, ctx, acme, new_case
):
    case_id = new_case(marketplace="CA", subject="Refund missing in Canada")
    with pytest.raises(Conflict) as err:
        stores.update(sessions=sessions, now=NOW, ctx=ctx, name=acme, marketplaces=["US"])
    assert err.value.exit_code == 3 and "open cases on CA (1)" in err.value.message
    assert "店铺 'acme' 在这些站点还有未结案例：CA (1)" in err.value.words("zh")[0]
    cases.move(sessions=sessions, now=later(1), ctx=ctx, case_id=case_id, status="closed")
    kept = stores.update(sessions=sessions, now=later(2), ctx=ctx, name=acme, marketplaces=["US"])
    assert kept.marketplaces == ("US",)


def test_a_store_without_cases_is_removed_and_the_removal_audited(sessions, ctx, acme):
    gone = stores.remove(sessions=sessions, now=later(1), ctx=ctx, name=" acme ")
    assert gone.name == "acme"
    assert count(sessions, StoreRow) == 0
    assert audit_actions(sessions) == [("store", "add"), ("store", "remove")]
    with sessions() as session:
        added, removed = session.scalars(select(AuditRow.detail).order_by(AuditRow.id)).all()
    assert added == removed  # the store's view as JSON, the same fields as `store list --json`
    assert set(removed) == {
        *("id", "name", "region", "marketplaces", "plan", "verified", "support_plan"),
        "created_at",
    }
    assert removed["name"] == "acme" and removed["created_at"].startswith("20")


def test_an_unknown_store_names_the_domain_field_store(sessions):  # type: ignore[no-untyped-def]
    with sessions() as session, pytest.raises(NotFound) as err:
        stores.store_named(session, "nobody")
    assert err.value.field == "store"


def test_a_store_with_cases_is_not_removed_and_the_refusal_says_how_many(
    sessions, ctx, acme, new_case
):
    first = new_case(subject="Refund missing")
    new_case(subject="Listing suppressed for no reason")
    cases.move(sessions=sessions, now=later(1), ctx=ctx, case_id=first, status="closed")
    with pytest.raises(Conflict) as err:
        stores.remove(sessions=sessions, now=later(2), ctx=ctx, name=acme)
    assert err.value.exit_code == 3 and "2 case(s) (1 open)" in err.value.message
    assert count(sessions, StoreRow) == 1


def test_removing_an_unknown_store_names_the_stores_there_are(sessions, ctx, acme):
    with pytest.raises(NotFound) as err:
        stores.remove(sessions=sessions, now=NOW, ctx=ctx, name="nobody")
    assert err.value.field == "name" and err.value.fix and "acme" in err.value.fix


def test_a_store_with_account_health_history_is_not_removed(sessions, ctx, acme):
    from sellerdesk.storage.repositories import health as health_rows
    from sellerdesk.storage.repositories import stores as store_rows

    with sessions() as session, session.begin():
        store = store_rows.get_by_name(session, acme)
        assert store is not None
        health_rows.set_document(
            session,
            store_id=store.id,
            key="business-licence",
            status="have",
            note=None,
            at=NOW,
            by="test",
        )
    with pytest.raises(Conflict) as err:
        stores.remove(sessions=sessions, now=later(1), ctx=ctx, name=acme)
    assert "Account Health" in err.value.message
    assert count(sessions, StoreRow) == 1
