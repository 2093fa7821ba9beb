"""The declared category, request language and help questions decide category and route."""

from __future__ import annotations

from typing import Any

import pytest

from sellerdesk.core.coach.data import load_coach_data
from sellerdesk.core.coach.draft import draft_from_mapping
from sellerdesk.core.coach.lint import LintResult, lint
from sellerdesk.core.coach.reading import parse_draft

DATA = load_coach_data()

LOST_IN_INBOUND: dict[str, Any] = {
    "marketplace": "US",
    "subject": "Inbound shipment FBA18QWZ3K7P received short by 100 units",
    "description": "Our inbound shipment FBA18QWZ3K7P of 400 units was delivered to the "
    "fulfillment center on 2026-10-02 and the shipment is now closed, but receiving shows "
    "only 300 units received. The carrier proof of delivery shows 400 units on 8 pallets. "
    "The inventory was never received into stock and inventory is not available for sale. "
    "We request reimbursement for the 100 lost units.",
    "shipment_ids": ["FBA18QWZ3K7P"],
    "attachments": ["pod.pdf"],
    "timeline": [{"at": "2026-10-02", "what": "delivered"}],
}

DEACTIVATION_APPEAL: dict[str, Any] = {
    "marketplace": "US",
    "subject": "Appeal: account deactivated after counterfeit and trademark complaints",
    "description": "Our seller account was deactivated on 2026-11-05 after two complaints "
    "alleging counterfeit goods and trademark infringement on ASIN B0CK7Z2QPL. We are the "
    "brand owner, the trademark is registered in our name and the items are genuine. Attached "
    "is our plan of action with invoices and the trademark certificate; please reinstate our "
    "account.",
    "attachments": ["plan-of-action.pdf"],
}


def run(fields: dict[str, Any], **extra: Any) -> LintResult:
    return lint(draft_from_mapping({**fields, **extra}, "json"), DATA)


@pytest.mark.parametrize("declared", ["fba-reimbursement", "FBA赔偿", ""])
def test_a_reimbursement_request_for_lost_inbound_units_is_a_reimbursement_case(declared: str):
    result = run(LOST_IN_INBOUND, category=declared)
    assert result.category == "fba-reimbursement"
    assert "wrong-category" not in result.codes
    assert "missing-error-code" not in result.codes  # a reimbursement case needs none


def test_lost_inbound_units_without_a_reimbursement_request_stay_an_inbound_case():
    description = LOST_IN_INBOUND["description"].replace(
        "We request reimbursement for the 100 lost units.", "Please check the receiving."
    )
    result = run(LOST_IN_INBOUND, description=description, category="")
    assert result.category == "fba-inventory"


@pytest.mark.parametrize("declared", ["account-health", ""])
def test_a_deactivation_appeal_citing_trademark_complaints_is_account_health(declared: str):
    result = run(DEACTIVATION_APPEAL, category=declared)
    assert result.category == "account-health"
    assert "wrong-category" not in result.codes


def test_a_rights_owner_reporting_a_hijacker_stays_brand_ip_despite_account_words():
    draft = {
        "subject": "Hijacker selling counterfeit copies of our trademark brand",
        "description": "A hijacker sells counterfeit copies on our ASIN B0CK7Z2QPL. We filed "
        "a complaint through Report a Violation with our trademark certificate on 2026-11-04. "
        "Please remove the counterfeit offers; the hijacker's account should be suspended.",
    }
    assert run(draft).category == "brand-ip"


def test_the_declared_category_stands_against_a_slight_keyword_lead():
    draft = {
        "category": "orders-returns",
        "subject": "Buyer order cancelled but listing image shows the wrong title",
        "description": "Order 114-3941689-8772232 was cancelled by the buyer on 2026-11-03. "
        "The listing title and image differ from the detail page the buyer saw.",
    }
    result = run(draft)
    assert result.category == "orders-returns"
    assert "wrong-category" not in result.codes


def test_a_declared_category_gives_way_when_the_evidence_is_clearly_stronger():
    draft = {
        "category": "fees-payments",
        "subject": "Listing removed and suppressed: detail page deleted",
        "description": "Our listing ASIN B0CK7Z2QPL was removed on 2026-11-03; the detail page "
        "was deleted and the variation family suppressed. Please restore the listing.",
    }
    result = run(draft)
    assert result.category == "listing"
    assert "wrong-category" in result.codes


def test_a_product_category_under_lei_mu_is_not_taken_for_the_case_category():
    draft = parse_draft(
        "主题：FBA 配送费多收了\n站点：美国\n类目：厨房用品\n\n"
        "订单 113-4567890-1234567 的配送费按大件收取，但商品尺寸属于标准尺寸，"
        "2026年11月3日被多收了 4.20 美元，请退还差额。\n",
        ".txt",
    )
    assert draft.category == "厨房用品"
    result = lint(draft, DATA)
    assert result.category == "fees-payments"
    assert "wrong-category" not in result.codes


@pytest.mark.parametrize(
    ("value", "key"),
    [
        ("亚马逊物流赔偿（fba-reimbursement）", "fba-reimbursement"),
        ("Advertising / 广告", "advertising"),
        ("厨房用品", None),
        ("Home & Kitchen", None),
        ("listing / fees", None),  # two different categories name none
    ],
)
def test_a_declared_value_names_a_category_only_when_it_maps_to_one(value: str, key: str | None):
    assert DATA.category_key(value) == key


@pytest.mark.parametrize(
    "question",
    [
        "配送费是怎么算的？我们的商品 12 x 9 x 9 英寸，4.2 磅。",
        "W-8BEN-E 怎么填？我们是中国的有限公司，第一次做税务信息调查。",
        "月度仓储费在哪里看？想知道上个月一共收了多少。",
        "佣金是多少？我们卖的是厨房小家电。",
        "How do I fill in the W-8BEN-E for a Chinese company?",
        "Where can I find the monthly storage fee report for last month?",
    ],
)
def test_a_colloquial_how_to_question_about_a_help_topic_is_self_service(question: str):
    result = run({"marketplace": "US", "subject": question, "description": question})
    assert result.route == "self-service"
    assert result.codes == ["self-service-topic"] or "language-mismatch" in result.codes


@pytest.mark.parametrize(
    "dispute",
    [
        "订单 113-4567890-1234567 的配送费是怎么算的？和尺寸分段对不上。",
        "配送费是怎么算的？2026年11月3日的配送费被多收了 4.20 美元，请退还差额。",
        "What are these fees? We were charged twice for the same storage fee in November.",
    ],
)
def test_a_question_about_a_wrong_charge_or_named_orders_stays_a_case(dispute: str):
    result = run({"marketplace": "US", "subject": dispute, "description": dispute})
    assert result.route == "seller-support"
    assert "self-service-topic" not in result.codes


@pytest.mark.parametrize(
    ("order", "route"), [("", "self-service"), (" for order 113-4567890-1234567", "seller-support")]
)
def test_a_help_question_counts_only_while_no_order_is_named(order: str, route: str):
    draft = {
        "subject": "Fulfilment fee for our kettle",
        "description": f"What is the fulfillment fee{order} in the large standard size tier?",
    }
    assert run(draft).route == route


def test_every_precedence_names_known_categories_and_the_declared_margin_is_data():
    assert DATA.precedences
    for rule in DATA.precedences.values():
        assert rule.values["category"] in DATA.categories
        assert set(rule.words("over")) <= set(DATA.categories)
        assert rule.words("when_en") and rule.words("when_zh")
    margin = DATA.decisions["declared-category"].values
    assert margin["lead"] > 0 and margin["ratio"] >= 1
