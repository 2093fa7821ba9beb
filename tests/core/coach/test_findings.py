"""Each finding code fires on the draft that deserves it and stays quiet on a good one."""

from __future__ import annotations

from typing import Any

import pytest

from sellerdesk.core.coach.data import load_coach_data
from sellerdesk.core.coach.draft import draft_from_mapping
from sellerdesk.core.coach.lint import LintResult, lint

DATA = load_coach_data()

GOOD_LISTING: dict[str, Any] = {
    "marketplace": "US",
    "category": "listing",
    "subject": "Listing B09XK4PQ7T suppressed with error 5665 after a brand approval",
    "description": "Our desk lamp listing ASIN B09XK4PQ7T was suppressed from search on "
    "2026-11-03. When we edit the offer, Seller Central shows error 5665 although the brand "
    "is ours and approved in Brand Registry.",
    "timeline": [{"at": "2026-11-03", "what": "listing suppressed"}],
    "error_codes": ["5665"],
    "steps": ["Open Manage All Inventory", "Click Edit and save"],
    "expected": "The offer saves.",
    "actual": "Error 5665.",
    "asins": ["B09XK4PQ7T"],
    "attachments": ["error-5665.png"],
}

GOOD_ZH: dict[str, Any] = {
    "marketplace": "US",
    "category": "fba-reimbursement",
    "subject": "货件 FBA15H8KZ2LP 丢失 20 件，申请赔偿",
    "description": "我们的货件 FBA15H8KZ2LP 于 2026-10-09 签收，共 240 件，但只接收了 220 件，"
    "少了 20 件。请调查仓库丢失的商品并进行赔偿，附件是承运人签收证明和装箱单。",
    "timeline": [{"at": "2026-10-09", "what": "签收"}],
    "shipment_ids": ["FBA15H8KZ2LP"],
    "attachments": ["签收证明.pdf"],
}


def linted(fields: dict[str, Any], **changes: Any) -> LintResult:
    return lint(draft_from_mapping({**fields, **changes}, "json"), DATA)


def test_a_complete_english_listing_draft_has_no_findings_and_scores_100():
    result = linted(GOOD_LISTING)
    assert result.codes == []
    assert result.score == 100
    assert (result.category, result.route, result.language) == ("listing", "seller-support", "en")


def test_a_complete_chinese_draft_for_the_us_is_flagged_only_for_its_language():
    result = linted(GOOD_ZH)
    assert result.language == "zh"
    assert result.category == "fba-reimbursement"
    assert result.codes == ["language-mismatch"]


def test_chinese_is_fine_where_the_marketplace_languages_are_unknown_or_unset():
    assert linted(GOOD_ZH, marketplace="").codes == []


def test_missing_timeline_fires_without_dated_entries_and_not_with_a_date_in_the_text():
    assert "missing-timeline" in linted(GOOD_LISTING, timeline=[], description="x " * 30).codes
    for date in ("2026-03-05", "3/5/2026", "3月5日", "March 5"):
        text = f"The listing was removed on {date} without any notice to us at all, we think."
        assert "missing-timeline" not in linted(GOOD_LISTING, timeline=[], description=text).codes


def test_missing_error_code_fires_only_for_categories_that_need_one():
    quiet = GOOD_LISTING["description"].replace("error 5665", "a message")
    plain = {"error_codes": [], "subject": "Listing suppressed", "actual": "It fails."}
    assert "missing-error-code" in linted(GOOD_LISTING, description=quiet, **plain).codes
    coded = quiet + " 错误代码 13013"
    assert "missing-error-code" not in linted(GOOD_LISTING, description=coded, **plain).codes
    assert "missing-error-code" not in linted(GOOD_ZH).codes


def test_missing_repro_steps_fires_without_steps_and_not_with_a_numbered_list_in_the_text():
    assert "missing-repro-steps" in linted(GOOD_LISTING, steps=[]).codes
    text = GOOD_LISTING["description"] + "\n1. Open the page\n2. Click save"
    assert "missing-repro-steps" not in linted(GOOD_LISTING, steps=[], description=text).codes


def test_missing_identifiers_fires_when_no_valid_identifier_appears():
    text = "Our lamp listing was suppressed from search on 2026-11-03 and error 5665 shows when "
    text += "we edit the offer in Seller Central, although the brand is ours."
    bare = linted(GOOD_LISTING, asins=[], description=text, subject="Listing suppressed")
    assert "missing-identifiers" in bare.codes
    assert "missing-identifiers" not in linted(GOOD_LISTING, asins=[], skus=["LAMP-01"]).codes


def test_invalid_order_id_fires_on_a_wrong_digit_group_in_the_field_or_after_order():
    assert "invalid-order-id" in linted(GOOD_LISTING, order_ids=["112-8834521-99812"]).codes
    text = GOOD_LISTING["description"] + " See order 206-4455667-12345678."
    assert "invalid-order-id" in linted(GOOD_LISTING, description=text).codes
    assert "invalid-order-id" not in linted(GOOD_LISTING, order_ids=["112-8834521-9981234"]).codes


def test_invalid_asin_fires_on_a_short_asin_and_not_on_a_book_isbn():
    assert "invalid-asin" in linted(GOOD_LISTING, asins=["B0D12345"]).codes
    text = GOOD_LISTING["description"] + " 另一款 ASIN B0D12345 也一样。"
    assert "invalid-asin" in linted(GOOD_LISTING, description=text).codes
    assert "invalid-asin" not in linted(GOOD_LISTING, asins=["B09XK4PQ7T", "014303943X"]).codes


def test_invalid_case_id_fires_on_a_case_id_with_too_few_digits():
    text = GOOD_LISTING["description"] + " We opened Case ID 1234567 last week."
    assert "invalid-case-id" in linted(GOOD_LISTING, description=text).codes
    text = GOOD_LISTING["description"] + " 案例编号 17283940561 已回复。"
    assert "invalid-case-id" not in linted(GOOD_LISTING, description=text).codes


def test_vague_description_fires_on_a_generic_plea_in_either_language():
    assert (
        "vague-description"
        in linted(GOOD_LISTING, description="It doesn't work, please fix.").codes
    )
    assert "vague-description" in linted(GOOD_ZH, description="链接没了，请尽快处理！").codes
    assert "vague-description" not in linted(GOOD_ZH).codes


def test_missing_attachments_fires_for_evidence_categories_only():
    assert "missing-attachments" in linted(GOOD_LISTING, attachments=[]).codes
    tax = {
        "subject": "Tax interview W-8BEN-E rejected",
        "description": "Our W-8BEN-E tax interview was rejected on 2026-11-02 although the "
        "company name and address match our business licence exactly.",
    }
    assert "missing-attachments" not in linted(tax).codes


def test_wrong_category_fires_when_the_named_category_differs_and_accepts_chinese_names():
    result = linted(GOOD_LISTING, category="fees-payments")
    assert "wrong-category" in result.codes
    assert "wrong-category" not in linted(GOOD_LISTING, category="商品信息").codes
    # a value that is none of the categories (a product category, say) names no case category
    assert "wrong-category" not in linted(GOOD_LISTING, category="no such category").codes


def test_a_fee_question_is_self_service_without_structure_findings():
    result = linted(
        {
            "subject": "How is the FBA fulfilment fee calculated?",
            "description": "We would like to understand how the FBA fee is calculated for a "
            "mug set before we send inventory. Which size tier is it?",
        }
    )
    assert result.route == "self-service"
    assert result.codes == ["self-service-topic"]


def test_a_fee_dispute_with_order_ids_stays_with_seller_support():
    result = linted(
        {
            "subject": "Referral fee charged at 15% instead of 8%",
            "description": "We were overcharged the referral fee on order 113-4567890-1234567 "
            "since 2026-11-01; please refund the difference and correct the fee.",
        }
    )
    assert result.route == "seller-support"
    assert "self-service-topic" not in result.codes


@pytest.mark.parametrize(
    "subject",
    [
        "How do we set up stock sync with our ERP?",
        "店小秘 ERP 对接后订单不同步，请问怎么设置",
        "Inventory forecasting for Q4: how much to reorder?",
        "广告 ACoS 太高，想请教怎么优化",
    ],
)
def test_provider_work_is_a_third_party_topic(subject: str):
    result = linted({"subject": subject, "description": subject})
    assert result.route == "third-party"
    assert result.codes == ["third-party-topic"]


def test_the_score_stays_between_0_and_100():
    worst = linted(
        {
            "marketplace": "US",
            "category": "brand-ip",
            "subject": "链接没了",
            "description": "请尽快处理",
            "order_ids": ["1-2-3"],
            "asins": ["B0X"],
        }
    )
    assert 0 <= worst.score < 50
    assert worst.score == max(0, 100 - sum(worst.weights.values()))


def test_store_findings_passed_in_join_the_result_and_the_score():
    from sellerdesk.core.coach.checks import Finding

    draft = draft_from_mapping(GOOD_LISTING, "json")
    result = lint(draft, DATA, extra=[Finding("account-not-ready", {"reasons": ["x"]})])
    assert result.codes == ["account-not-ready"]
    assert result.score == 100 - result.weights["account-not-ready"]
