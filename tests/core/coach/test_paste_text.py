"""The faults issue 16 found in the paste text, and the checks that run on the paste text."""

from __future__ import annotations

from sellerdesk.core.coach.data import load_coach_data
from sellerdesk.core.coach.draft import draft_from_mapping
from sellerdesk.core.coach.lint import lint
from sellerdesk.core.coach.paste import check_paste, paste_and_check, paste_findings_json
from sellerdesk.core.coach.reading import parse_draft
from sellerdesk.core.coach.render import render_case

MARKDOWN = """# Can't list Acme lamps

## Error codes
- Error 5665: You need approval to list in this brand

## Status
- Inactive (Suspected inauthentic)
"""
CHINESE = """# 品牌审批已通过但仍无法上架

## 错误代码
- 错误 5665：您需要获得批准才能在此品牌下发布商品

## 时间线
- 2026-11-28：订单被取消
"""


def _text(source: str, lang: str = "en") -> str:
    return render_case(parse_draft(source, ".md"), lang=lang, category="listing").text


def test_an_error_message_bullet_stays_one_item_and_its_code_is_not_listed_again():
    draft = parse_draft(MARKDOWN, ".md")
    assert draft.error_codes == ["Error 5665: You need approval to list in this brand"]
    text = _text(MARKDOWN)
    assert "  - Error 5665: You need approval to list in this brand\n" in text
    assert "  - 5665\n" not in text and "  - You\n" not in text
    assert "  - Inactive (Suspected inauthentic)" in text


def test_a_chinese_error_message_is_one_item_and_flagged_as_chinese():
    rendered = render_case(parse_draft(CHINESE, ".md"), lang="en", category="listing")
    assert "  - 错误 5665：您需要获得批准才能在此品牌下发布商品\n" in rendered.text
    assert "error_codes" in rendered.untranslated
    assert "Error codes: [WRITTEN IN CHINESE" in rendered.text


def test_a_timeline_line_with_a_full_width_colon_shows_its_date_once():
    draft = parse_draft(CHINESE, ".md")
    assert [(e.at, e.what) for e in draft.timeline] == [("2026-11-28", "订单被取消")]
    assert _text(CHINESE).count("2026-11-28") == 1


def test_a_paste_text_without_a_timeline_reads_back_without_a_code_from_an_asins_tail():
    # with no empty "Timeline:" between them, the ASIN line sits just above "Error codes:";
    # "B0000A0000\n\nError" is no error 0000
    draft = draft_from_mapping(
        {"subject": "Blocked", "error_codes": ["1055"], "asins": ["B0000A0000"]}, "json"
    )
    text = render_case(draft, lang="en", category="listing").text
    assert "Timeline:" not in text
    assert parse_draft(text, ".txt").error_codes == ["1055"]


def test_steps_the_seller_numbered_are_numbered_once_from_every_reader():
    fields = {"steps": ["1. Inventory > Manage All Inventory", "2) Click Edit", "（3）Save"]}
    text = render_case(draft_from_mapping(fields, "json"), lang="en", category="listing").text
    assert "  1. Inventory > Manage All Inventory\n  2. Click Edit\n  3. Save\n" in text
    assert "1. 1." not in _text("Steps:\n1. Open\n2. Click\n")


def test_a_chinese_sentence_inside_an_english_description_is_flagged():
    fields = {"description": "The listing was removed on 2026-11-03. 我们已经提交了发票。"}
    rendered = render_case(draft_from_mapping(fields, "json"), lang="en", category="listing")
    assert rendered.untranslated == ["description"]


def test_markdown_marks_never_reach_the_paste_text():
    fields = {
        "subject": "**Urgent** listing down",
        "description": "# Background\n> quoted from Amazon\nUse `Inventory` then **Edit**",
        "steps": ["**Open** the page"],
    }
    text = render_case(draft_from_mapping(fields, "json"), lang="en", category="listing").text
    assert not any(mark in text for mark in ("**", "`", "\n  #", "\n  >"))
    assert "Subject: Urgent listing down" in text and "  quoted from Amazon" in text


def test_the_paste_text_is_checked_and_its_findings_say_so():
    data = load_coach_data(None)
    draft = parse_draft(CHINESE, ".md")
    drafted = lint(draft, data, marketplace="US")
    rendered, found = paste_and_check(draft, drafted, data, lang="en")
    assert rendered.lang == "en"
    shown = paste_findings_json(found, data, "en")
    untranslated = next(f for f in shown if f["code"] == "paste-untranslated")
    assert untranslated["message"].startswith("In the paste text: ")
    assert "Error codes" in untranslated["message"] and "error_codes" not in untranslated["message"]
    zh = paste_findings_json(found, data, "zh")
    assert zh[0]["message"].startswith("粘贴文本中：")


def test_a_subject_over_the_form_limit_is_reported_in_the_paste_text():
    data = load_coach_data(None)
    draft = draft_from_mapping({"subject": "Listing removed " * 20}, "json")
    drafted = lint(draft, data)
    rendered = render_case(draft, lang="en", category=drafted.category)
    codes = {f.code: f.params for f in check_paste(rendered, drafted, data)}
    assert codes["paste-too-long"]["box"] == "subject"
    assert codes["paste-too-long"]["most"] == data.limits["subject"].values["most"]
    assert data.limits["subject"].fact.confidence == "assumption"


def test_a_finding_the_rendering_adds_is_reported_only_for_the_paste_text():
    data = load_coach_data(None)
    draft = draft_from_mapping(
        {"subject": "Lost units", "description": "Units lost in FBA15ABCD123 last week."}, "json"
    )
    drafted = lint(draft, data, marketplace="US")
    rendered = render_case(draft, lang="zh", category=drafted.category)
    found = {f.code for f in check_paste(rendered, drafted, data, marketplace="US")}
    assert "language-mismatch" in found  # the Chinese paste text for the US desk
    assert "language-mismatch" not in drafted.codes
