"""Draft-reading faults the second new-user trial of issue 16 found: SKUs listed in brackets,
"no code" read as an error code, greetings and sign-offs kept as content, steps and events
in pasted tables."""

from __future__ import annotations

import pytest

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


def test_a_sentence_that_starts_with_a_greeting_word_is_content() -> None:
    draft = parse_text("主题：x\n\n您好，我们的商品在 2026-11-03 被下架，至今没有收到通知邮件。\n")
    assert "至今没有收到通知邮件" in draft.description + "".join(e.what for e in draft.timeline)
