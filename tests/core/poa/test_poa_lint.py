"""The POA linter, rule by rule: each fires on a POA that breaks it (en and zh) and stays
quiet on one that keeps it; every finding says where its rule comes from."""

from __future__ import annotations

from dataclasses import replace

import pytest

from sellerdesk.core.poa.lint import finding_words, lint_poa
from sellerdesk.core.poa.model import Action, Poa
from sellerdesk.core.poa.rules import PoaRules, load_poa_rules

RULES = load_poa_rules()

GOOD_EN = Poa(
    kind="account-deactivation",
    lang="en",
    store="Acme",
    marketplace="US",
    notice="Account deactivated for suspected inauthentic items (ASIN B08N5WRWNW)",
    root_causes=(
        "We bought 300 units of ASIN B08N5WRWNW from a wholesaler that was not an authorised "
        "distributor of the brand, and we did not check its authorisation before listing.",
    ),
    corrective_actions=(
        Action(
            "Removed all 300 units from sale and closed the listing for ASIN B08N5WRWNW",
            "2026-11-28",
            "Li Wei, operations lead",
        ),
    ),
    preventive_measures=(
        Action(
            "Every new supplier must show the brand's letter of authorisation before a first order",
            "from 2026-12-01",
            "Zhang Min, purchasing",
        ),
    ),
    evidence=("invoice-brand-distributor-2026-11.pdf",),
    order_ids=("111-1234567-1234567",),
)

GOOD_ZH = Poa(
    kind="performance-late-shipment",
    lang="zh",
    notice="迟发率超过 4%",
    root_causes=(
        "双十一期间仓库人手不足，11 月 10 日至 11 月 14 日的 86 个订单晚于预计发货日期确认发货。",
    ),
    corrective_actions=(
        Action("已把处理时间从 1 天改为 3 天，并补发全部延迟订单", "2026-11-20", "王芳，仓库主管"),
    ),
    preventive_measures=(
        Action(
            "每天 15:00 前由仓库主管核对当天待发订单并确认发货", "from 2026-11-21", "王芳，仓库主管"
        ),
    ),
    evidence=("配送设置截图.png",),
)


def codes(poa: Poa, rules: PoaRules = RULES) -> list[str]:
    return list(lint_poa(poa, rules).codes)


@pytest.mark.parametrize("good", [GOOD_EN, GOOD_ZH], ids=["en", "zh"])
def test_a_specific_dated_owned_evidenced_poa_has_no_finding(good: Poa) -> None:
    result = lint_poa(good, RULES)
    assert result.codes == ()
    assert result.ready


def test_every_rule_of_the_shipped_file_carries_a_source_date_and_confidence() -> None:
    assert set(RULES.kinds) >= {
        "account-deactivation",
        "listing-removal",
        "ip-complaint",
        "performance-odr",
        "performance-late-shipment",
    }
    for rule in [*RULES.checks.values(), *RULES.kinds.values()]:
        assert rule.fact.source and rule.fact.as_of
        assert rule.fact.confidence in ("public-source", "assumption", "seed-claim")
        if rule.fact.confidence == "public-source":  # honest: recalled, not re-read
            assert "recalled" in rule.fact.note.lower()
    assert RULES.check("length").fact.confidence == "assumption"


@pytest.mark.parametrize("good", [GOOD_EN, GOOD_ZH], ids=["en", "zh"])
@pytest.mark.parametrize("part", ["root_causes", "corrective_actions", "preventive_measures"])
def test_a_missing_part_is_an_error(good: Poa, part: str) -> None:
    result = lint_poa(replace(good, **{part: ()}), RULES)
    assert "poa-missing-part" in result.codes
    assert not result.ready


@pytest.mark.parametrize(
    ("good", "cause", "phrase"),
    [
        (GOOD_EN, "Human error by a new member of staff in our team.", "human error"),
        (GOOD_ZH, "这是人为失误造成的，我们已经处理完毕并加强管理。", "人为失误"),
    ],
)
def test_a_generic_phrase_is_not_specific(good: Poa, cause: str, phrase: str) -> None:
    found = lint_poa(replace(good, root_causes=(cause,)), RULES).findings
    generic = [f for f in found if f.code == "poa-generic"]
    assert generic and generic[0].params["phrase"] == phrase
    assert generic[0].field == "root_causes[1]"


@pytest.mark.parametrize("good, cause", [(GOOD_EN, "Wrong supplier."), (GOOD_ZH, "供应商问题")])
def test_a_few_words_are_vague(good: Poa, cause: str) -> None:
    assert "poa-vague" in codes(replace(good, root_causes=(cause,)))


@pytest.mark.parametrize("good", [GOOD_EN, GOOD_ZH], ids=["en", "zh"])
def test_an_action_without_a_date_or_owner_is_flagged(good: Poa) -> None:
    action = good.corrective_actions[0]
    found = lint_poa(
        replace(good, corrective_actions=(replace(action, date="soon", owner=""),)), RULES
    )
    by_code = {f.code: f for f in found.findings}
    assert by_code["poa-not-a-date"].field == "corrective_actions[1].date"
    assert by_code["poa-action-no-owner"].field == "corrective_actions[1].owner"
    measure = good.preventive_measures[0]
    undated = replace(good, preventive_measures=(replace(measure, date=""),))
    assert "poa-action-no-date" in codes(undated)


@pytest.mark.parametrize("good", [GOOD_EN, GOOD_ZH], ids=["en", "zh"])
def test_no_evidence_is_an_error(good: Poa) -> None:
    bare = replace(good, evidence=(), order_ids=(), asins=(), case_ids=())
    assert "poa-no-evidence" in codes(bare)
    assert "poa-no-evidence" not in codes(replace(bare, order_ids=("111-1234567-1234567",)))


@pytest.mark.parametrize(
    ("good", "text", "phrase"),
    [
        (
            GOOD_EN,
            "The buyer lied about the item being fake, so the complaint was wrong.",
            "the buyer lied",
        ),
        (
            GOOD_EN,
            "Amazon made a mistake when it counted our late orders in November.",
            "amazon made a mistake",
        ),
        (GOOD_ZH, "这是恶意买家的虚假投诉，商品本身没有任何问题，请核实。", "恶意买家"),
    ],
)
def test_blaming_amazon_or_buyers_is_an_error(good: Poa, text: str, phrase: str) -> None:
    found = lint_poa(replace(good, root_causes=(text,)), RULES).findings
    blame = [f for f in found if f.code == "poa-blame"]
    assert blame and blame[0].params["phrase"] == phrase and blame[0].severity == "error"


@pytest.mark.parametrize(
    ("good", "what"),
    [
        (GOOD_EN, "We will ensure that every listing is checked by two people before it goes live"),
        (GOOD_ZH, "我们将确保每个新商品上线前都由两个人检查标题和图片"),
    ],
)
def test_a_promise_without_a_date_is_flagged_and_a_dated_one_is_not(good: Poa, what: str) -> None:
    measure = good.preventive_measures[0]
    undated = replace(good, preventive_measures=(replace(measure, what=what, date="weekly"),))
    assert "poa-undated-promise" in codes(undated)
    dated = replace(good, preventive_measures=(replace(measure, what=what),))
    assert "poa-undated-promise" not in codes(dated)


def test_chinese_left_in_an_english_poa_is_flagged_with_its_field() -> None:
    action = GOOD_EN.corrective_actions[0]
    mixed = replace(GOOD_EN, corrective_actions=(replace(action, owner="李伟"),))
    found = [f for f in lint_poa(mixed, RULES).findings if f.code == "poa-chinese-in-english"]
    assert [f.field for f in found] == ["corrective_actions[1].owner"]
    assert "poa-chinese-in-english" not in codes(GOOD_ZH)  # a Chinese POA may be Chinese


def test_a_poa_over_the_length_limit_is_flagged() -> None:
    long = replace(GOOD_EN, root_causes=GOOD_EN.root_causes * 40)
    found = [f for f in lint_poa(long, RULES).findings if f.code == "poa-too-long"]
    assert found and found[0].params["most"] == RULES.check("length").number
    assert "poa-too-long" not in codes(GOOD_EN)


def test_a_placeholder_is_an_error_once_per_item() -> None:
    action = Action("<<FILL: what>>", "<<FILL: date>>", "<<FILL: owner>>")
    found = lint_poa(replace(GOOD_EN, corrective_actions=(action,)), RULES).findings
    assert [f.field for f in found if f.code == "poa-placeholder"] == ["corrective_actions[1]"]


def test_findings_speak_zh_and_en_and_name_their_basis() -> None:
    bad = replace(GOOD_EN, root_causes=("The buyer lied about the product, it was not fake.",))
    finding = next(f for f in lint_poa(bad, RULES).findings if f.code == "poa-blame")
    en, zh = finding_words(finding, RULES, "en"), finding_words(finding, RULES, "zh")
    assert "blames" in en.message and "Root cause(s), item 1" in en.message
    assert "指责" in zh.message and "根本原因" in zh.message
    assert en.basis == "Amazon's public guidance (as recalled)"
    assert zh.basis == "Amazon 公开指南（凭记忆）"
    assert "Seller Central help" in en.source and en.as_of == "2026-12-05"
    promise = replace(
        GOOD_EN,
        preventive_measures=(
            Action("We will check every listing weekly from now on", "weekly", "Li"),
        ),
    )
    dated = next(f for f in lint_poa(promise, RULES).findings if f.code == "poa-undated-promise")
    assert finding_words(dated, RULES, "en").basis == "our assumption"


def test_an_unknown_kind_is_refused_naming_the_field() -> None:
    from sellerdesk.core.errors import InvalidInput

    with pytest.raises(InvalidInput) as caught:
        lint_poa(replace(GOOD_EN, kind="nope"), RULES)
    assert caught.value.field == "kind"
