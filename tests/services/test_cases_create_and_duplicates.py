"""Creating cases: validated input, a draft with its first status event, the duplicate guard."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from sellerdesk.core.errors import Conflict, InvalidInput
from sellerdesk.services import cases
from sellerdesk.storage.tables import AuditRow, CaseRow, EventRow, IdentifierRow
from tests.services.case_fixtures import NOW, count, later

ORDER = "114-1234567-1234567"


def test_a_new_case_is_a_draft_at_version_1_with_desk_and_language_from_the_marketplace(
    sessions, ctx, new_case
):
    case_id = new_case(
        body={"description": "Since Monday.", "timeline": [{"at": "Mon", "what": "suppressed"}]},
        order_ids=[ORDER],
        asins=["b08n5wrwnw"],
        skus=["SKU-1"],
        shipment_ids=["FBA15ABCD123"],
        priority="high",
        category="listing",
    )
    shown = cases.show(sessions=sessions, now=NOW, ctx=ctx, case_id=case_id)
    assert (shown.status, shown.version, shown.desk, shown.language) == (
        "draft",
        1,
        "na",
        "en",
    )
    assert shown.identifiers == {
        "asin": ("B08N5WRWNW",),
        "order": (ORDER,),
        "shipment": ("FBA15ABCD123",),
        "sku": ("SKU-1",),
    }
    assert shown.body["timeline"] == [{"at": "Mon", "what": "suppressed"}]
    assert [e.data for e in shown.events] == [{"from": None, "to": "draft"}]
    assert shown.clocks["amazon"].running is False
    with sessions() as session:
        row = session.get(CaseRow, case_id)
        assert row is not None
        assert "Since Monday." in row.search_text and ORDER in row.search_text
        assert session.scalars(select(AuditRow.action)).all() == ["add", "create"]


def test_the_desk_can_be_overridden_and_the_language_follows_it(sessions, ctx, new_case):
    case_id = new_case(desk="cn")
    shown = cases.show(sessions=sessions, now=NOW, ctx=ctx, case_id=case_id)
    assert (shown.desk, shown.language) == ("cn", "zh")


@pytest.mark.parametrize(
    ("field", "kwargs"),
    [
        ("store", {"store": "nobody"}),
        ("marketplace", {"marketplace": "DE"}),
        ("order_ids", {"order_ids": ["12-34"]}),
        ("asins", {"asins": ["nope"]}),
        ("shipment_ids", {"shipment_ids": ["FBA1"]}),
        ("priority", {"priority": "asap"}),
        ("desk", {"desk": "mars"}),
        ("subject", {"subject": "  "}),
        ("body", {"body": {"colour": "red"}}),
    ],
)
def test_bad_input_is_refused_naming_the_field_and_nothing_is_written(
    sessions, ctx, acme, field, kwargs
):
    args = {"store": acme, "marketplace": "US", "subject": "Refund missing", **kwargs}
    with pytest.raises(InvalidInput) as err:
        cases.create(sessions=sessions, now=NOW, ctx=ctx, **args)
    assert err.value.field == field
    assert count(sessions, CaseRow) == 0


def test_an_unknown_store_lists_the_stores_there_are(sessions, ctx, acme):
    with pytest.raises(InvalidInput) as err:
        cases.create(
            sessions=sessions, now=NOW, ctx=ctx, store="acm", marketplace="US", subject="x"
        )
    assert "acme" in (err.value.fix or "")


def test_a_case_sharing_an_order_id_with_an_open_case_is_refused_listing_it(
    sessions, ctx, new_case
):
    first = new_case("Refund missing", order_ids=[ORDER])
    with pytest.raises(Conflict) as err:
        new_case("Buyer claims item never arrived", order_ids=[ORDER])
    assert err.value.exit_code == 3
    assert f"case {first}" in err.value.message and ORDER in err.value.message
    assert count(sessions, CaseRow) == 1


def test_a_shared_asin_or_shipment_id_is_a_duplicate_too_but_a_shared_sku_is_not(new_case):
    new_case("Stranded inventory", asins=["B08N5WRWNW"], skus=["SKU-1"])
    new_case("Price alert", skus=["SKU-1"])
    with pytest.raises(Conflict):
        new_case("Listing blocked", asins=["B08N5WRWNW"])
    new_case("Shipment short", shipment_ids=["FBA15ABCD123"])
    with pytest.raises(Conflict):
        new_case("Receiving stuck", shipment_ids=["fba15abcd123"])


def test_a_very_similar_subject_is_a_duplicate_in_english_and_in_chinese(new_case):
    new_case("Listing suppressed without a reason")
    with pytest.raises(Conflict) as err:
        new_case("listing suppressed, without a reason!")
    assert "similar subject" in err.value.message
    new_case("商品详情页被错误下架")
    with pytest.raises(Conflict):
        new_case("商品详情页被错误下架了")
    new_case("Inbound shipment stuck in receiving")  # different issue: allowed


def test_a_closed_case_or_another_store_does_not_count_as_a_duplicate(sessions, ctx, new_case):
    from sellerdesk.services import stores

    first = new_case("Refund missing", order_ids=[ORDER])
    cases.move(sessions=sessions, now=later(1), ctx=ctx, case_id=first, status="closed")
    new_case("Refund missing", order_ids=[ORDER], now=later(2))
    stores.add(sessions=sessions, now=NOW, ctx=ctx, name="beta", region="na", marketplaces=["US"])
    cases.create(
        sessions=sessions,
        now=later(3),
        ctx=ctx,
        store="beta",
        marketplace="US",
        subject="Refund missing",
        order_ids=[ORDER],
    )
    assert count(sessions, CaseRow) == 3


def test_force_with_a_reason_creates_the_duplicate_and_records_why(sessions, ctx, new_case):
    first = new_case("Refund missing", order_ids=[ORDER])
    with pytest.raises(InvalidInput) as err:
        new_case("Refund missing", order_ids=[ORDER], force=True)
    assert err.value.field == "reason"
    second = new_case(
        "Refund missing", order_ids=[ORDER], force=True, reason="first case auto-closed by Amazon"
    )
    with sessions() as session:
        audit = session.scalars(
            select(AuditRow).where(AuditRow.entity_id == second, AuditRow.action == "create")
        ).one()
        assert audit.detail["reason"] == "first case auto-closed by Amazon"
        assert str(first) in audit.detail["duplicates"]
        notes = session.scalars(
            select(EventRow.body).where(EventRow.case_id == second, EventRow.direction == "note")
        ).all()
        assert len(notes) == 1 and "auto-closed" in notes[0]
        holders = session.scalars(select(IdentifierRow.case_id).where(IdentifierRow.value == ORDER))
        assert sorted(holders) == [first, second]


def test_a_refusal_names_the_strongest_matches_first_and_counts_the_rest(new_case):
    forced = {"force": True, "reason": "one case per pallet, as the FC asked"}
    same = [new_case("Payment hold: disbursement delayed", **forced) for _ in range(11)]
    close = new_case("Payment hold: disbursement delayed!!", **forced)
    sharing = new_case("Buyer claims item never arrived", order_ids=[ORDER])
    with pytest.raises(Conflict) as err:
        new_case("Payment hold: disbursement delayed", order_ids=[ORDER])
    named = [int(part.split(":")[0]) for part in err.value.message.split("case ")[2:]]
    assert named == [sharing, *same[:9]]  # the shared order first, then by similarity, oldest first
    assert close not in named  # the same words, so as similar: the older ones come first
    assert err.value.message.endswith("; and 3 more open cases.")
