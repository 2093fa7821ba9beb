"""Faults the third held-out corpus (tests/data/parse-corpus-holdout3) found in the draft
reader, each fixed in general terms: Word/WPS/Feishu/Notion list and section styles, dates
that start a line without a colon, dates with their year, other marketplaces' label words."""

from __future__ import annotations

from sellerdesk.core.coach import detect
from sellerdesk.core.coach.items import unmarked
from sellerdesk.core.coach.text_draft import parse_text
from sellerdesk.core.coach.timeline_lines import timeline_entry


def test_word_and_japanese_bullet_symbols_are_taken_off_their_items():
    assert unmarked("○ SDS-powerbank.pdf") == "SDS-powerbank.pdf"
    assert unmarked("→ Requested reimbursement") == "Requested reimbursement"
    assert unmarked("▪SKU-1 sold out") == "SKU-1 sold out"
    assert unmarked("・11月15日　発送") == "11月15日　発送"


def test_a_list_typed_with_arrows_or_circles_gives_whole_items():
    draft = parse_text('Steps:\n→ Open Reports\n→ Denied: "returned"\n附件：\n○ a.pdf\n○ b.pdf\n')
    assert draft.steps == ["Open Reports", 'Denied: "returned"']
    assert draft.attachments == ["a.pdf", "b.pdf"]


def test_a_circle_bullet_under_a_numbered_step_is_added_to_that_step():
    draft = parse_text("Steps:\n1. Open the wizard\n   ○ parent SKU P-1\n2. Upload\n")
    assert draft.steps == ["Open the wizard; parent SKU P-1", "Upload"]


def test_a_full_width_parenthesis_after_a_number_is_a_step_number():
    draft = parse_text("步骤：\n\t1）库存 > 编辑\n\t2）保存后状态不变\n")
    assert draft.steps == ["库存 > 编辑", "保存后状态不变"]


def test_a_field_name_after_a_heading_symbol_opens_that_field():
    draft = parse_text(
        "Subject: LSR\n◆ Description\nLate scans.\n◆ Orders\n▪ 202-4456123-7788990\n"
        "◆ Expected\nThe orders are excluded.\n◆ Attachments\n▪ log.pdf\n▪ SKU：NB-1\n"
    )
    assert draft.description == "Late scans."
    assert draft.order_ids == ["202-4456123-7788990"]
    assert draft.expected == "The orders are excluded."
    assert draft.attachments == ["log.pdf"]
    assert draft.skus == ["NB-1"]


def test_a_field_name_alone_on_its_line_ends_at_the_next_label():
    draft = parse_text(
        "主题：备案\n操作步骤\n1. 打开\n2. 提交\n案例编号：17283746501\n@张敏 请跟进\n"
    )
    assert draft.steps == ["打开", "提交"]
    assert draft.case_ids == ["17283746501"]
    assert draft.description == "@张敏 请跟进"


def test_a_markdown_heading_naming_the_store_takes_the_line_below_as_its_value():
    draft = parse_text(
        "# Lost units\n\n## Store\nBrightwave Kitchen\n\n## Marketplace\nUS\n\nText.\n"
    )
    assert (draft.store, draft.marketplace) == ("Brightwave Kitchen", "US")
    assert draft.description == "Text."


def test_a_dated_bullet_under_a_description_heading_stays_prose():
    draft = parse_text("# IP\n\n## Description\n- ASIN B0CVRN4K2T was removed on 2026-11-17\n")
    assert draft.timeline == []
    assert draft.description == "- ASIN B0CVRN4K2T was removed on 2026-11-17"


def test_a_date_that_starts_a_line_without_a_colon_is_not_repeated_in_what_happened():
    assert (
        timeline_entry("11月3日收到 KYC 复审邮件").at,
        timeline_entry("11月3日收到 KYC 复审邮件").what,
    ) == (
        "11月3日",
        "收到 KYC 复审邮件",
    )
    entry = timeline_entry("2026年11月3日，买家申请退货")
    assert (entry.at, entry.what) == ("2026年11月3日", "买家申请退货")
    entry = timeline_entry("11月12日，审核被拒，理由是“文件不清晰”")
    assert (entry.at, entry.what) == ("11月12日", "审核被拒，理由是“文件不清晰”")


def test_lines_that_start_with_a_full_date_are_events_without_a_timeline_heading():
    draft = parse_text(
        "【主题】转账暂停\n\n2026/11/03 收到邮件，转账被暂停\n2026/11/04 更新收款账户\n"
    )
    assert [(e.at, e.what) for e in draft.timeline] == [
        ("2026/11/03", "收到邮件，转账被暂停"),
        ("2026/11/04", "更新收款账户"),
    ]
    assert draft.description == ""


def test_a_month_name_date_keeps_its_year():
    assert detect.first_date("On Nov 10, 2026 the carrier delivered") == "Nov 10, 2026"
    assert detect.first_date("3 Nov 2026 – request received") == "3 Nov 2026"
    assert timeline_entry("On Nov 10, 2026 the carrier delivered").at == "Nov 10, 2026"


def test_a_chinese_greeting_addressed_to_a_team_is_neither_subject_nor_description():
    draft = parse_text(
        "亚马逊卖家支持团队你好：\n\n资金被冻结。\n请帮忙解冻。\n\n谢谢！\n运营 刘洋\n"
    )
    assert draft.subject == "资金被冻结。"
    assert draft.description == "请帮忙解冻。"


def test_a_case_number_written_as_case_bianhao_in_a_sentence_is_listed():
    draft = parse_text("Subject: held\n\n我们已提交资料，case 编号 17312233445，但是没有回复。\n")
    assert draft.case_ids == ["17312233445"]


def test_french_italian_and_german_labels_fill_their_fields():
    draft = parse_text(
        "Objet : ASIN bloqué\nBoutique : Lumière\nÉtapes :\n1. Inventaire\n"
        "Pièces jointes : a.pdf, b.pdf\nFehlermeldung: 8560 - SKU passt nicht\n"
    )
    assert (draft.subject, draft.store) == ("ASIN bloqué", "Lumière")
    assert draft.steps == ["Inventaire"]
    assert draft.attachments == ["a.pdf", "b.pdf"]
    assert draft.error_codes == ["8560 - SKU passt nicht"]
    italian = parse_text("Oggetto: Limite ridotto\nNegozio: Bottega\n\nTesto.\n")
    assert (italian.subject, italian.store) == ("Limite ridotto", "Bottega")


def test_a_chinese_label_for_how_things_went_opens_the_timeline():
    draft = parse_text(
        "主题：危险品\n处理经过：\n→ 2026-11-08：收到通知\n→ 2026-11-19：仍在审核中\n"
    )
    assert [(e.at, e.what) for e in draft.timeline] == [
        ("2026-11-08", "收到通知"),
        ("2026-11-19", "仍在审核中"),
    ]
