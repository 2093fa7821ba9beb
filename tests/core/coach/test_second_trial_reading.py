"""Draft-reading faults the second new-user trial of issue 16 found: SKUs listed in brackets,
"no code" read as an error code, greetings and sign-offs kept as content, steps and events
in pasted tables."""

from __future__ import annotations

import pytest

from sellerdesk.core.coach.draft import draft_from_mapping
from sellerdesk.core.coach.items import is_no_value
from sellerdesk.core.coach.text_draft import parse_text


@pytest.mark.parametrize(
    "line",
    [
        "受影响的 SKU（SKU-A、SKU-B、SKU-C）价格无法修改。",
        "SKU（SKU-A、SKU-B、SKU-C）",
        "三个 SKU（SKU-A，SKU-B，SKU-C）被下架。",
        "The SKUs (SKU-A, SKU-B and SKU-C) were removed.",
    ],
)
def test_every_sku_listed_in_brackets_after_the_label_is_kept(line: str) -> None:
    assert parse_text(f"主题：价格无法修改\n{line}\n").skus == ["SKU-A", "SKU-B", "SKU-C"]


def test_a_note_in_brackets_after_sku_is_no_sku() -> None:
    assert parse_text("Subject: x\nThe SKU (the red one) was removed.\n").skus == []


@pytest.mark.parametrize(
    "label",
    ["错误代码：无", "错误代码：暂无", "Error code: N/A", "Error code: none", "Error code: -"],
)
def test_an_error_code_field_that_says_there_is_none_holds_no_code(label: str) -> None:
    assert parse_text(f"Subject: Listing removed\n{label}\n").error_codes == []


def test_no_value_words_are_told_from_real_codes() -> None:
    assert all(is_no_value(v) for v in ("无", "暂无", "N/A", "n/a", "None", "-", "—", "无。"))
    assert not any(is_no_value(v) for v in ("5665", "Error 5665", "无法上传", "Nothing happened"))


def test_no_code_typed_into_a_form_box_or_a_json_draft_is_no_item() -> None:
    draft = draft_from_mapping({"error_codes": ["无"], "order_ids": "N/A", "steps": ["-"]}, "json")
    assert draft.error_codes == [] and draft.order_ids == [] and draft.steps == []


def test_a_real_code_after_the_label_is_still_read() -> None:
    assert parse_text("Subject: x\nError code: 5665\n").error_codes == ["5665"]


@pytest.mark.parametrize(
    ("greeting", "sign_off"),
    [
        ("各位好，", "谢谢"),
        ("您好，", "此致敬礼"),
        ("Hello team,", "Best regards,"),
        ("Hi,", "Thanks!"),
        ("Dear Seller Support,", "Best regards,\nAnna Li"),
    ],
)
def test_greetings_and_sign_offs_are_no_content(greeting: str, sign_off: str) -> None:
    draft = parse_text(
        f"{greeting}\n\n主题：商品被下架\n\n我们的商品在没有通知的情况下被下架了。\n\n"
        f"时间线：\n2026-11-03：商品被下架\n2026-11-04：提交申诉\n{sign_off}\n"
    )
    assert draft.subject == "商品被下架"
    assert draft.description == "我们的商品在没有通知的情况下被下架了。"
    assert [(e.at, e.what) for e in draft.timeline] == [
        ("2026-11-03", "商品被下架"),
        ("2026-11-04", "提交申诉"),
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "您好，我们的商品在 2026-11-03 被下架，至今没有收到通知邮件。",
        "感谢您的回复，但问题仍未解决。",
        "Thanks to the new label, the listing went live on Nov 3 but was removed a day later.",
    ],
)
def test_a_sentence_that_starts_with_a_greeting_or_thanks_is_content(sentence: str) -> None:
    draft = parse_text(f"主题：x\n\n{sentence}\n后来又被下架了。\n")
    read = draft.description + "".join(e.what for e in draft.timeline)
    assert sentence.split("，")[-1].rstrip("。.") in read and "后来又被下架了。" in read


STEPS_TABLE = """主题：添加变体时报错 8541

**复现步骤**

| 步骤 | 操作 |
|---|---|
| 1 | 打开库存页面，选择 SKU GF-01 |
| 2 | 点击“添加变体” |
| 3 | 保存后页面报错 8541 |
"""


def test_the_rows_of_a_steps_table_under_a_bold_heading_are_the_steps() -> None:
    draft = parse_text(STEPS_TABLE)
    assert draft.steps == ["打开库存页面，选择 SKU GF-01", "点击“添加变体”", "保存后页面报错 8541"]
    assert draft.order_ids == [] and "步骤" not in draft.description


@pytest.mark.parametrize(
    "header", ["| # | Action |", "| No. | Action |", "| Step | Action |", "| Order | Action |"]
)
def test_a_table_whose_first_column_numbers_the_actions_is_steps(header: str) -> None:
    rows = "\n".join(f"| {n} | {what} |" for n, what in enumerate(("Open", "Edit", "Save"), 1))
    draft = parse_text(f"Subject: x\n\n{header}\n|---|---|\n{rows}\n")
    assert draft.steps == ["Open", "Edit", "Save"]
    assert draft.order_ids == [] and draft.timeline == []


def test_a_steps_table_without_a_header_under_a_steps_label_is_steps() -> None:
    draft = parse_text("Steps to reproduce:\n| 1 | Open inventory |\n| 2 | Save |\n")
    assert draft.steps == ["Open inventory", "Save"]


def test_a_bare_small_number_is_never_an_order_id() -> None:
    draft = parse_text("Subject: x\n\n| Order | Qty |\n|---|---|\n| 3 | 2 |\n")
    assert draft.order_ids == []
    assert parse_text("Subject: x\nOrder ID: 3\n").order_ids == []
    real = parse_text("Subject: x\nOrder ID: 113-1234567-1234567\n")
    assert real.order_ids == ["113-1234567-1234567"]


def test_a_numbered_product_list_is_no_steps() -> None:
    draft = parse_text("Subject: x\n\n| # | Product | Units |\n|---|---|---|\n| 1 | Lamp | 3 |\n")
    assert draft.steps == []


def test_a_dated_table_row_is_an_event_whose_text_is_its_other_cells() -> None:
    draft = parse_text(
        "主题：x\n\n| 日期 | 说明 | 处理人 |\n|---|---|---|\n"
        "| 2026-11-03 | 商品被下架 | 小王 |\n| 2026-11-04 |  |  |\n"
        "| 2026-11-05 | 提交申诉 | 小李 |\n"
    )
    # a Chinese table's cells are joined by the Chinese rule (core/zh_spacing): "；" and "："
    assert [(e.at, e.what) for e in draft.timeline] == [
        ("2026-11-03", "商品被下架；处理人：小王"),
        ("2026-11-05", "提交申诉；处理人：小李"),
    ]
    assert "2026-11-04" not in draft.description


@pytest.mark.parametrize(
    "table",
    [
        "| Date | Event |\n|---|---|\n| 2026-11-03 | listing removed |\n| 2026-11-04 | |\n",
        "Date\tEvent\n2026-11-03\tlisting removed\n2026-11-04\t\n",
    ],
    ids=["markdown", "excel"],
)
def test_a_row_with_a_date_and_nothing_else_is_no_event(table: str) -> None:
    draft = parse_text(f"Subject: x\n\n{table}")
    assert [(e.at, e.what) for e in draft.timeline] == [("2026-11-03", "listing removed")]
    assert all(e.what for e in draft.timeline) and "2026-11-04" not in draft.description


def test_a_ledger_row_with_a_date_and_a_sku_stays_whole() -> None:
    draft = parse_text(
        "Subject: x\n\n| Date | SKU | Units |\n|---|---|---|\n| 2026-11-03 | AB-1 | 5 |\n"
    )
    assert draft.timeline == [] and draft.skus == ["AB-1"]
    assert draft.description == "Date: 2026-11-03; SKU: AB-1; Units: 5"
