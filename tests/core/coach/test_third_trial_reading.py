"""Draft-reading faults the third new-user trial of issue 16 found: identifier lists cut
short or kept with their full stop, Markdown tables and greetings in a typed description,
"no code" said in a box, bullets after the steps, quoted mail attributions, and timeline
dates that are no dates."""

from __future__ import annotations

import pytest

from sellerdesk.core.coach.draft import draft_from_mapping
from sellerdesk.core.coach.text_draft import parse_text

LAMPS = ["HW-LAMP-01", "HW-LAMP-02"]
ORDERS = ["111-1234567-1234567", "112-1234567-1234567"]


@pytest.mark.parametrize(
    "line",
    [
        "We are the brand owner. Affected SKUs: HW-LAMP-01, HW-LAMP-02.",
        "涉及 SKU：HW-LAMP-01、HW-LAMP-02",
        "涉及 SKU：HW-LAMP-01、HW-LAMP-02。",
        "SKU：HW-LAMP-01，HW-LAMP-02。",
        "SKUs: HW-LAMP-01 and HW-LAMP-02.",
    ],
)
def test_every_sku_of_a_list_is_kept_once_without_punctuation(line: str) -> None:
    assert parse_text(f"Subject: Lamps removed\n{line}\n").skus == LAMPS


@pytest.mark.parametrize(
    "line",
    [
        "订单号：111-1234567-1234567，112-1234567-1234567。",
        "涉及订单：111-1234567-1234567、112-1234567-1234567",
        "Both orders were refunded. Orders: 111-1234567-1234567, 112-1234567-1234567.",
    ],
)
def test_every_order_id_of_a_list_is_kept_once_without_punctuation(line: str) -> None:
    assert parse_text(f"Subject: Refunds\n{line}\n").order_ids == ORDERS


def test_every_asin_of_a_list_is_kept_once_without_punctuation() -> None:
    draft = parse_text("Subject: x\nASIN：B0AAAAAAAA，B0BBBBBBBB。\n")
    assert draft.asins == ["B0AAAAAAAA", "B0BBBBBBBB"]


def test_identifier_boxes_and_json_strings_are_split_into_identifiers_without_punctuation() -> None:
    draft = draft_from_mapping(
        {
            "skus": "HW-LAMP-01，HW-LAMP-02。",
            "order_ids": ["111-1234567-1234567。", "112-1234567-1234567、111-1234567-1234567"],
            "asins": "B0AAAAAAAA, B0BBBBBBBB.",
        },
        "json",
    )
    assert draft.skus == LAMPS
    assert draft.order_ids == ORDERS
    assert draft.asins == ["B0AAAAAAAA", "B0BBBBBBBB"]
