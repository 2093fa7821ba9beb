"""Draft-reading faults a new-user trial of issue 16 found: a whole draft pasted into one
box, a date after "case"/"orders" read as an identifier, a table header read as a SKU."""

from __future__ import annotations

from pathlib import Path

from sellerdesk.core.coach import detect
from sellerdesk.core.coach.pasted import is_labelled_draft, with_pasted_draft
from sellerdesk.core.coach.text_draft import parse_text

PASTED = Path(__file__).resolve().parents[2] / "data" / "pasted-drafts"


def _form(description: str, **typed: object) -> dict[str, object]:
    empty: dict[str, object] = {k: "" for k in ("store", "marketplace", "subject", "expected")}
    lists = ("timeline", "steps", "error_codes", "order_ids", "asins", "skus", "shipment_ids")
    return {**empty, **{k: [] for k in lists}, "description": description, **typed}


def test_a_markdown_draft_pasted_as_the_description_fills_the_fields() -> None:
    text = (PASTED / "d1-brand.md").read_text(encoding="utf-8")
    assert is_labelled_draft(text)
    read = with_pasted_draft(_form(text))
    assert read["subject"] == "上传新品时报错 5665，品牌已授权"
    assert read["marketplace"] == "美国站"
    assert [e["at"] for e in read["timeline"]] == ["2026-11-28", "2026-11-30", "2026-12-01"]
    assert len(read["steps"]) == 3 and read["steps"][0].startswith("打开")
    assert read["expected"] == "审批通过后可以正常上架"
    assert read["skus"] == ["GF-LAMP-01", "GF-LAMP-02"]
    for raw in ("店铺：", "站点：", "时间线：", "**", "|---|", "复现步骤"):
        assert raw not in read["description"]


def test_what_the_person_typed_into_a_field_wins_over_the_pasted_draft() -> None:
    text = (PASTED / "d1-brand.md").read_text(encoding="utf-8")
    read = with_pasted_draft(_form(text, subject="Brand approval error 5665", store="north"))
    assert read["subject"] == "Brand approval error 5665" and read["store"] == "north"
    assert len(read["timeline"]) == 3  # left empty: the draft's


def test_a_plain_text_draft_with_tables_is_read_too() -> None:
    text = (PASTED / "d3-fba.txt").read_text(encoding="utf-8")
    read = with_pasted_draft(_form(text))
    assert read["marketplace"] == "US" and read["shipment_ids"] == ["FBA17XK2M9QZ"]
    assert [e["at"] for e in read["timeline"]] == ["2026-11-10", "2026-11-14", "2026-11-25"]
    assert read["attachments"] == ["POD-UPS.pdf", "packing-list.xlsx"]


def test_a_description_with_one_label_or_none_stays_prose() -> None:
    for text in ("The listing vanished.\nNote: we changed the colour.", "Just words."):
        assert not is_labelled_draft(text)
        assert with_pasted_draft(_form(text))["description"] == text


def test_a_date_on_the_line_after_case_or_orders_is_no_identifier() -> None:
    text = (
        "We got an email about the account and orders, Seller Support told us to open a case\n"
        "2026-12-02 was the day.\n"
    )
    assert detect.labelled_case_ids(text) == []
    assert detect.labelled_order_ids(text) == []
    assert detect.labelled_case_ids("see case 2026-12-02 then case #15839204711") == ["15839204711"]
    assert detect.labelled_order_ids("order IDs: 2026-12-02") == []
    assert parse_text(f"Subject: Account deactivated\n\n{text}").case_ids == []


def test_identifiers_after_their_label_are_still_read() -> None:
    assert detect.labelled_case_ids("Case ID: 15839204711") == ["15839204711"]
    assert detect.labelled_order_ids("orders 113-4455667-8899001 and 114-2233445-5667788") == [
        "113-4455667-8899001",
        "114-2233445-5667788",
    ]


def test_a_pasted_tables_header_row_is_not_a_value() -> None:
    draft = parse_text((PASTED / "d3-fba.txt").read_text(encoding="utf-8"))
    assert draft.skus == ["BN-PILLOW-WH", "BN-PILLOW-GR"]
    piped = parse_text("Subject: x\n\n| SKU | Shipped |\n|---|---|\n| AB-1 | 3 |\n")
    assert piped.skus == ["AB-1"]
