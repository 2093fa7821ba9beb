"""The Chinese spacing rule's scanner (core/zh_spacing.py) finds each kind of fault and
passes text that follows the rule."""

from __future__ import annotations

import pytest

from sellerdesk.core.zh_spacing import colon, labelled, spacing_faults


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("案例123 已保存", "no_space_between_chinese_and_latin"),
        ("店铺 ：acme", "space_before_full_width"),
        ("主题： 商品被下架", "space_after_full_width"),
        ("店铺:acme", "half_width_colon_after_chinese"),
        ("案例 123  已保存", "double_space"),
    ],
)
def test_each_spacing_fault_is_found_and_named(text: str, rule: str) -> None:
    assert [f.rule for f in spacing_faults(text)] == [rule]


def test_text_that_follows_the_rule_has_no_fault() -> None:
    text = "主题：商品被下架\n  ASIN：B0D1TQ8R2W\n案例 123 已于 2026-11-28 保存（FBA 货件）。"
    assert spacing_faults(text) == []
    assert labelled("店铺", "acme", "zh") == "店铺：acme"
    assert labelled("Store", "acme", "en") == "Store: acme" and colon("en") == ": "
