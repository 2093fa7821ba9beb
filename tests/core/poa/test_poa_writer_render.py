"""The POA writer drafts from a case's facts with marked placeholders; the paste text is
plain (no Markdown, numbered once); the file form reads back to the same POA."""

from __future__ import annotations

from dataclasses import replace

import pytest

from sellerdesk.core.errors import InvalidInput
from sellerdesk.core.poa.lint import lint_poa
from sellerdesk.core.poa.model import Action, has_placeholder
from sellerdesk.core.poa.reading import looks_like_poa, parse_poa, poa_json, poa_toml
from sellerdesk.core.poa.render import render_poa
from sellerdesk.core.poa.rules import load_poa_rules
from sellerdesk.core.poa.writer import CaseFacts, FactLine, draft_poa
from tests.core.poa.test_poa_lint import GOOD_EN, GOOD_ZH

RULES = load_poa_rules()
FACTS = CaseFacts(
    case_id=7,
    store="Acme",
    marketplace="US",
    category="brand-ip",
    subject="Listing removed after a trademark complaint",
    error_codes=("5665",),
    order_ids=("111-1234567-1234567", "111-1234567-1234567"),
    asins=("B08N5WRWNW",),
    case_ids=("12345678901",),
    attachments=("invoice-2026-10.pdf", "loa.pdf"),
    timeline=(FactLine("2026-11-28", "rights owner complaint"), FactLine("", "no date")),
)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_writer_fills_what_the_case_knows_and_marks_the_rest(lang: str) -> None:
    poa = draft_poa(FACTS, kind="ip-complaint", lang=lang, rules=RULES)
    assert (poa.case_id, poa.store, poa.marketplace, poa.lang) == (7, "Acme", "US", lang)
    assert "5665" in poa.notice and FACTS.subject in poa.notice
    assert poa.order_ids == ("111-1234567-1234567",)  # once each
    assert poa.asins == ("B08N5WRWNW",) and poa.case_ids == ("12345678901",)
    assert poa.evidence == ("invoice-2026-10.pdf", "loa.pdf")
    assert all(has_placeholder(x) for x in poa.root_causes)
    assert poa.corrective_actions and poa.preventive_measures
    for action in poa.corrective_actions:
        assert has_placeholder(action.what) and "2026-11-28" in action.date
    marker = "<<待填写：" if lang == "zh" else "<<FILL: "
    assert poa.root_causes[0].startswith(marker)
    found = lint_poa(poa, RULES)
    assert not found.ready and "poa-placeholder" in found.codes
    assert "poa-missing-part" not in found.codes  # every part is there, to be filled


def test_without_files_the_writer_asks_for_the_kinds_evidence() -> None:
    poa = draft_poa(replace(FACTS, attachments=()), kind="ip-complaint", lang="en", rules=RULES)
    assert poa.evidence and all(has_placeholder(x) for x in poa.evidence)
    assert any("invoice" in x for x in poa.evidence)


def test_the_paste_text_is_plain_and_numbered_once() -> None:
    typed = replace(
        GOOD_EN,
        root_causes=(
            "1. **Unauthorised** supplier for ASIN B08N5WRWNW, not checked before listing",
        ),
        corrective_actions=(Action("- Removed the listing", "2026-11-28", "Li Wei"),),
        evidence=("## invoice.pdf", "invoice.pdf"),
    )
    text = render_poa(typed, lang="en", rules=RULES).text
    assert "**" not in text and "##" not in text and "\n- " not in text
    assert "1.1 Unauthorised supplier" in text and "1.1 1." not in text
    assert "2.1 Removed the listing (done 2026-11-28; owner: Li Wei)" in text
    assert text.count("invoice.pdf") == 1
    assert text.startswith("Plan of Action: Account deactivation\n")
    assert [line[:2] for line in text.splitlines() if line[:2] in ("1.", "2.", "3.", "4.")][:4] == [
        "1.",
        "1.",
        "2.",
        "2.",
    ]


def test_the_paste_text_speaks_zh_and_flags_chinese_in_english() -> None:
    zh = render_poa(GOOD_ZH, lang="zh", rules=RULES)
    assert zh.text.startswith("行动计划：迟发率") and "已采取的纠正措施" in zh.text
    assert zh.untranslated == ()
    en = render_poa(GOOD_ZH, lang="en", rules=RULES)
    assert "root_causes[1]" in en.untranslated and "notice" in en.untranslated
    assert render_poa(GOOD_EN, lang="en", rules=RULES).untranslated == ()


@pytest.mark.parametrize("poa", [GOOD_EN, GOOD_ZH], ids=["en", "zh"])
def test_the_file_forms_read_back_to_the_same_poa(poa: object) -> None:
    assert parse_poa(poa_toml(GOOD_EN, "header\nline"), json_form=False) == GOOD_EN
    assert parse_poa(poa_json(GOOD_ZH), json_form=True) == GOOD_ZH
    assert looks_like_poa(poa_toml(GOOD_EN)) and looks_like_poa(poa_json(GOOD_EN))
    assert not looks_like_poa('subject = "a draft"\n')


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ('subject = "x"\n', "FILE"),
        ('[poa]\nlang = "en"\n', "kind"),
        ('[poa]\nkind = "ip-complaint"\nlang = "fr"\n', "lang"),
        ('[poa]\nkind = "ip-complaint"\nroot_cause = ["typo"]\n', "poa"),
        (
            '[poa]\nkind = "ip-complaint"\n[[poa.corrective_actions]]\nwhen = "x"\n',
            "corrective_actions[1]",
        ),
        ('[poa]\nkind = "ip-complaint"\ncase = "seven"\n', "case"),
    ],
)
def test_a_bad_file_is_refused_naming_the_field(text: str, field: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_poa(text, json_form=False)
    assert caught.value.field == field


def test_a_notice_quoting_whole_error_messages_does_not_say_error_twice() -> None:
    rules = load_poa_rules()
    quoted = (("zh", "错误 5665：您需要获得批准"), ("en", "Error 5665: You need approval"))
    for lang, code in quoted:
        facts = CaseFacts(subject="Listing blocked", error_codes=(code,))
        notice = draft_poa(facts, kind="listing-removal", lang=lang, rules=rules).notice
        assert notice.count("5665") == 1 and "错误 错误" not in notice, notice
        assert "error Error" not in notice and code in notice
    bare = CaseFacts(subject="Listing blocked", error_codes=("5665",))
    assert draft_poa(bare, kind="listing-removal", lang="en", rules=rules).notice == (
        "Listing blocked (error 5665)"
    )
