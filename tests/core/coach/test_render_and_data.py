"""The rendered case text, and the coach's data files with the user's overrides."""

from __future__ import annotations

from pathlib import Path

import pytest

from sellerdesk.core.coach.data import load_coach_data
from sellerdesk.core.coach.draft import draft_from_mapping
from sellerdesk.core.coach.lint import lint
from sellerdesk.core.coach.render import render_case
from sellerdesk.core.errors import InvalidInput

DRAFT = {
    "subject": "Listing B09XK4PQ7T suppressed",
    "description": "Our listing was suppressed on 2026-11-03.",
    "timeline": [{"at": "2026-11-03", "what": "suppressed"}],
    "error_codes": ["5665"],
    "steps": ["Open Manage All Inventory", "Click Edit"],
    "expected": "It saves.",
    "actual": "Error 5665.",
    "asins": ["B09XK4PQ7T"],
    "attachments": ["shot.png"],
}
SECTIONS_EN = [
    "Subject:",
    "Summary:",
    "Identifiers:",
    "Timeline:",
    "Error codes:",
    "Steps to reproduce:",
    "Expected:",
    "Actual:",
    "Attachments:",
    "Request:",
]


def test_the_english_rendering_lays_out_every_section_in_order():
    text = render_case(draft_from_mapping(DRAFT, "json"), lang="en", category="listing").text
    positions = [text.index(label) for label in SECTIONS_EN]
    assert positions == sorted(positions)
    assert "  1. Open Manage All Inventory" in text
    assert "  ASINs: B09XK4PQ7T" in text
    assert "  - 2026-11-03: suppressed" in text
    assert "Please review the listing" in text


def test_the_english_rendering_flags_fields_still_in_chinese_and_lists_them():
    draft = draft_from_mapping(
        {**DRAFT, "description": "商品于 2026-11-03 被禁止显示，编辑时报错。"}, "json"
    )
    rendered = render_case(draft, lang="en", category="listing")
    assert rendered.untranslated == ["description"]
    assert "Summary: [WRITTEN IN CHINESE — translate before sending]" in rendered.text
    assert "Fields still in Chinese: Summary." in rendered.text  # as its heading says


def test_the_chinese_rendering_uses_chinese_labels_and_flags_nothing():
    draft = draft_from_mapping({**DRAFT, "description": "商品被禁止显示。"}, "json")
    rendered = render_case(draft, lang="zh", category="listing")
    assert rendered.untranslated == []
    assert rendered.text.startswith("主题：")
    assert "复现步骤：" in rendered.text and "请求：" in rendered.text


@pytest.mark.parametrize(
    ("lang", "empty"),
    [
        ("en", ["Summary:", "Identifiers:", "Timeline:", "Error codes:", "Expected:", "Actual:"]),
        ("zh", ["概述：", "相关编号：", "时间线：", "错误代码：", "预期结果：", "实际结果："]),
    ],
)
def test_a_section_with_nothing_in_it_is_left_out_of_the_paste_text(lang, empty):
    draft = draft_from_mapping(
        {"subject": "Listing blocked", "steps": ["Open Add a Product"], "attachments": ["a.png"]},
        "json",
    )
    text = render_case(draft, lang=lang, category="listing").text
    assert "(none)" not in text and "（无）" not in text
    assert not [heading for heading in empty if heading in text]
    lines = text.splitlines()
    for i, line in enumerate(lines[:-1]):  # every heading has its lines under it
        if line and not line.startswith(" ") and line.endswith(("：", ":")):
            assert lines[i + 1].startswith("  "), line
    assert text.splitlines()[-1].startswith("  ")  # the request closes the text


def test_the_chinese_rendering_puts_no_space_after_a_full_width_colon():
    draft = draft_from_mapping({**DRAFT, "store": "深圳卢米家居"}, "json")
    text = render_case(draft, lang="zh", category="listing", marketplace="US").text
    assert text.startswith("主题：Listing B09XK4PQ7T suppressed\n")
    assert "站点：US\n店铺：深圳卢米家居\n" in text
    assert "  ASIN：B09XK4PQ7T\n" in text and "  - 2026-11-03：suppressed\n" in text
    assert "： " not in text


def test_every_shipped_table_carries_its_source_date_and_confidence():
    data = load_coach_data()
    tables = [*data.categories.values(), *data.routes.values(), *data.marketplaces.values()]
    tables += [*data.findings.values(), *data.checks.values()]
    tables += [*data.decisions.values(), *data.precedences.values()]
    assert len(data.categories) == 10
    assert set(data.routes) == {"seller-support", "self-service", "third-party"}
    assert all(e.fact.source and e.fact.as_of for e in tables)
    assert {e.fact.confidence for e in tables} <= {"public-source", "seed-claim", "assumption"}


def test_a_user_file_changes_only_what_it_names_and_becomes_the_users_rule(tmp_path: Path):
    folder = tmp_path / "coach"
    folder.mkdir()
    (folder / "marketplaces.toml").write_text('[marketplace.US]\nlanguages = ["en", "zh"]\n')
    (folder / "scoring.toml").write_text("[finding.missing-timeline]\nweight = 50\n")
    data = load_coach_data(folder)
    assert data.marketplaces["US"].words("languages") == ("en", "zh")
    assert data.marketplaces["US"].fact.confidence == "user"
    assert "美国" in data.marketplaces["US"].words("names")  # untouched values stay
    draft = draft_from_mapping(
        {
            **DRAFT,
            "marketplace": "US",
            "timeline": [],
            "description": "商品被禁止显示，编辑时提示错误 5665，请处理。",
        },
        "json",
    )
    result = lint(draft, data)
    assert "language-mismatch" not in result.codes
    assert result.weights["missing-timeline"] == 50


def test_a_user_file_with_half_a_provenance_is_refused_with_the_table_named(tmp_path: Path):
    folder = tmp_path / "coach"
    folder.mkdir()
    (folder / "routes.toml").write_text('[route.third-party]\nsource = "me"\nkeywords_en = ["x"]\n')
    with pytest.raises(InvalidInput) as err:
        load_coach_data(folder)
    assert "route.third-party" in str(err.value.field)
