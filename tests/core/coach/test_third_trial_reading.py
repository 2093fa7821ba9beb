"""Draft-reading faults the third new-user trial of issue 16 found: identifier lists cut
short or kept with their full stop, Markdown tables and greetings in a typed description,
"no code" said in a box, bullets after the steps, quoted mail attributions, and timeline
dates that are no dates."""

from __future__ import annotations

import pytest

from sellerdesk.core.coach.data import load_coach_data
from sellerdesk.core.coach.draft import draft_from_mapping
from sellerdesk.core.coach.lint import lint
from sellerdesk.core.coach.paste import markup, paste_and_check
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


TABLE_DESCRIPTION = """各位好，
买家投诉以下订单的商品与描述不符：
| 订单号 | ASIN |
|---|---|
| 111-1234567-1234567 | B0AAAAAAAA |
| 112-1234567-1234567 | B0BBBBBBBB |
谢谢！
小王"""


def _pasted(fields: dict[str, object]) -> tuple[str, set[str]]:
    data = load_coach_data(None)
    draft = draft_from_mapping(fields, "json")
    drafted = lint(draft, data, marketplace="US")
    rendered, found = paste_and_check(draft, drafted, data, lang="zh")
    return rendered.text, {f.code for f in found}


def test_a_markdown_table_in_a_typed_description_is_pasted_as_plain_lines_in_its_words() -> None:
    text, found = _pasted({"subject": "商品描述不符投诉", "description": TABLE_DESCRIPTION})
    assert "|" not in text and "---" not in text
    assert "  订单号：111-1234567-1234567; ASIN: B0AAAAAAAA\n" in text
    assert "  订单号：112-1234567-1234567; ASIN: B0BBBBBBBB\n" in text
    assert "paste-markup" not in found


def test_greetings_and_a_signature_in_a_typed_description_are_left_out_as_in_a_text_draft() -> None:
    typed = draft_from_mapping({"description": TABLE_DESCRIPTION}, "json").description
    read = parse_text(f"主题：商品描述不符投诉\n{TABLE_DESCRIPTION}\n").description
    assert not any(word in typed for word in ("各位好", "谢谢", "小王"))
    assert typed.startswith("买家投诉以下订单")
    assert not any(word in read for word in ("各位好", "谢谢", "小王"))


def test_a_table_row_left_in_a_paste_text_is_flagged_as_markup() -> None:
    assert "|" in markup("Summary:\n  | a | b |\n  |---|---|\n")
    assert markup("Summary:\n  Orders: 111; ASIN: B0A\n") == []


@pytest.mark.parametrize("box", ["无", "none", "Error codes: none", "N/A", "错误代码：无"])
def test_an_error_code_box_saying_none_holds_no_code_and_states_it(box: str) -> None:
    draft = draft_from_mapping({"error_codes": box, "steps": ["Save: error 5665 shows"]}, "json")
    assert draft.error_codes == []
    assert draft.error_codes_none_stated
    assert draft.as_dict()["error_codes_none_stated"] is True


def test_a_code_in_the_steps_is_not_added_when_the_seller_said_there_is_none() -> None:
    data = load_coach_data(None)
    draft = draft_from_mapping(
        {"subject": "Cannot save price", "error_codes": ["无"], "steps": ["保存时出现 Error 5665"]},
        "json",
    )
    drafted = lint(draft, data, marketplace="US")
    rendered, _ = paste_and_check(draft, drafted, data, lang="en")
    assert "  - 5665" not in rendered.text
    assert "Error codes:\n  - None shown\n" in rendered.text


@pytest.mark.parametrize("line", ["错误代码：无", "Error code: none"])
def test_a_draft_stating_no_error_code_gets_no_missing_error_code(line: str) -> None:
    data = load_coach_data(None)
    text = f"Subject: Listing blocked, cannot edit price\nMarketplace: US\n{line}\n"
    draft = parse_text(text + "Steps:\n1. Open Inventory\n2. Edit the price and save\n")
    assert draft.error_codes_none_stated
    drafted = lint(draft, data, marketplace="US")
    assert "missing-error-code" not in drafted.codes
    _, found = paste_and_check(draft, drafted, data, lang="en")
    assert "missing-error-code" not in {f.code for f in found}


def test_a_draft_without_the_statement_keeps_its_json_shape_and_its_finding() -> None:
    draft = draft_from_mapping({"error_codes": []}, "json")
    assert not draft.error_codes_none_stated
    assert "error_codes_none_stated" not in draft.as_dict()
    text = "Subject: Listing blocked, cannot edit price\nMarketplace: US\n"
    drafted = lint(parse_text(text), load_coach_data(None), marketplace="US")
    assert "missing-error-code" in drafted.codes


@pytest.mark.parametrize("label", ["操作步骤：", "## 操作步骤", ""])
def test_a_bullet_list_after_a_blank_line_ends_the_numbered_steps(label: str) -> None:
    text = f"主题：价格无法修改\n{label}\n1. 打开库存页面\n2. 修改价格并保存\n\n"
    draft = parse_text(text + "* 嵌套说明\n· 点号列表\n• 圆点列表\n")
    assert draft.steps == ["打开库存页面", "修改价格并保存"]
    assert all(word in draft.description for word in ("嵌套说明", "点号列表", "圆点列表"))


def test_a_bullet_nested_under_a_step_and_bullet_steps_under_a_heading_stay_steps() -> None:
    nested = parse_text("Subject: x\nSteps:\n1. Open inventory\n\n   * the FBA tab\n2. Save\n")
    assert nested.steps == ["Open inventory; the FBA tab", "Save"]
    bullets = parse_text("Subject: x\n## Steps\n\n- Open inventory\n- Save\n")
    assert bullets.steps == ["Open inventory", "Save"]


@pytest.mark.parametrize(
    ("attribution", "said"),
    [
        (
            "> 在 2026年12月1日，Amazon <x@amazon.com> 写道：",
            "> 您好，您的商品因疑似侵权已被下架。",
        ),
        (
            "> On Dec 1, 2026, Amazon <seller-support@amazon.com> wrote:",
            "> 您的商品因疑似侵权已被下架。",
        ),
    ],
)
def test_an_attribution_line_inside_the_quote_is_read_as_the_quotes_sender_and_date(
    attribution: str, said: str
) -> None:
    draft = parse_text(
        f"主题：商品被下架\n亚马逊回复如下：\n{attribution}\n{said}\n> 请提供发票。\n"
    )
    assert [e.at for e in draft.timeline] == ["2026-12-01"]
    assert draft.timeline[0].what == "Amazon: 您的商品因疑似侵权已被下架。"
    assert "Amazon (2026-12-01): 您的商品因疑似侵权已被下架。请提供发票。" in draft.description
    assert "写道" not in draft.description and "wrote" not in draft.description


def test_a_timeline_line_with_an_impossible_or_relative_date_is_named_in_a_finding() -> None:
    from sellerdesk.core.coach.lint import finding_json

    data = load_coach_data(None)
    timeline = [
        {"at": "2026-13-45", "what": "bad date"},
        {"at": "昨天", "what": "买家投诉"},
        {"at": "2026-11-28", "what": "listing removed"},
        {"at": "11/28/2026", "what": "appeal sent"},
        {"at": "2026年11月3日", "what": "发货"},
    ]
    draft = draft_from_mapping({"subject": "Listing removed", "timeline": timeline}, "json")
    found = next(f for f in lint(draft, data).findings if f.code == "timeline-unclear-date")
    assert found.params["lines"] == ["“2026-13-45 | bad date”", "“昨天 | 买家投诉”"]
    for lang in ("zh", "en"):
        shown = finding_json(found, data, lang)
        assert "2026-13-45 | bad date" in shown["message"] and "昨天 | 买家投诉" in shown["message"]
        assert "YYYY-MM-DD" in shown["fix"]


def test_real_dates_in_the_timeline_raise_no_unclear_date_finding() -> None:
    timeline = [{"at": "2026-02-28", "what": "a"}, {"at": "Nov 3", "what": "b"}]
    draft = draft_from_mapping({"subject": "Listing removed", "timeline": timeline}, "json")
    assert "timeline-unclear-date" not in lint(draft, load_coach_data(None)).codes


def test_a_greeting_that_carries_the_news_keeps_the_news_in_a_typed_description() -> None:
    typed = draft_from_mapping(
        {"description": "Hi team, our ASIN B0AAAAAAAA was removed.\nThanks,\nTom"}, "json"
    )
    assert typed.description == "our ASIN B0AAAAAAAA was removed."
