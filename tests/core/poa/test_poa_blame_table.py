"""Blame in a Plan of Action is an actor (Amazon, its system, a buyer, a competitor) doing
wrong in the same sentence, not only a fixed phrase (third new-user trial of issue 16):
a labelled table of sentences, blame and not blame, in English and Chinese, keeps the
rule of data/poa.toml honest both ways."""

from __future__ import annotations

from dataclasses import replace

import pytest

from sellerdesk.core.poa.lint import finding_words, lint_poa
from sellerdesk.core.poa.model import Poa
from tests.core.poa.test_poa_lint import GOOD_EN, GOOD_ZH, RULES

BLAME = [
    "Amazon wrongly removed our listing.",
    "Your system made a mistake and deactivated us.",
    "The customer was lying to get a free product.",
    "Amazon's algorithm wrongly flagged our listing as inauthentic.",
    "The buyer was a competitor who sabotaged us with false claims.",
    "Amazon removed our listing by mistake.",
    "The rights owner filed a false complaint against our listing.",
    "Seller Performance unfairly deactivated the account.",
    "亚马逊系统误判了我们的商品。",
    "买家恶意差评并且撒谎。",
    "我们的商品被系统误判为假货。",
    "竞争对手陷害我们，投诉是编造的。",
    "亚马逊无故封了我们的账户。",
    "顾客谎称没有收到包裹。",
]

NOT_BLAME = [
    "We made a mistake in the listing title.",
    "A buyer complaint showed that our listing had an error in the size chart.",
    "Amazon found errors in our invoices from the wholesaler.",
    "The customer received an error message at checkout and wrote to us.",
    "Customer service made errors in 12 replies in November.",
    "Our system had an error that confirmed orders late.",
    "Amazon removed the listing because our title made a false claim.",
    "Amazon shows error 5665 when we list the brand.",
    "We refunded every buyer with a late order on 2026-11-20.",
    "我们错误地把品牌写成了授权品牌。",
    "买家投诉显示我们的商品标题有错误。",
    "我们的ERP系统出现错误，导致订单延迟确认。",
    "买家收到了错误的尺码，原因是仓库拣货出错。",
    "亚马逊发现我们的发票有错误。",
    "我们已联系全部 86 位买家并补发了商品。",
]


def _poa_saying(sentence: str) -> Poa:
    good = GOOD_ZH if any("\u4e00" <= c <= "\u9fff" for c in sentence) else GOOD_EN
    return replace(good, root_causes=(sentence,))


@pytest.mark.parametrize("sentence", BLAME)
def test_an_actor_doing_wrong_is_blame(sentence: str) -> None:
    found = [f for f in lint_poa(_poa_saying(sentence), RULES).findings if f.code == "poa-blame"]
    assert [f.field for f in found] == ["root_causes[1]"] and found[0].severity == "error"


@pytest.mark.parametrize("sentence", NOT_BLAME)
def test_owning_a_mistake_or_reporting_what_was_found_is_not_blame(sentence: str) -> None:
    codes = {f.code for f in lint_poa(_poa_saying(sentence), RULES).findings}
    assert "poa-blame" not in codes


def test_the_blame_finding_quotes_the_actor_and_the_wrong_in_zh_and_en() -> None:
    poa = _poa_saying("亚马逊系统误判了我们的商品。")
    [finding] = [f for f in lint_poa(poa, RULES).findings if f.code == "poa-blame"]
    assert finding.params["phrase"] == "亚马逊 … 误判"
    assert "指责" in finding_words(finding, RULES, "zh").message
    assert "blames" in finding_words(finding, RULES, "en").message


def test_amazons_notice_quoting_an_error_is_not_the_sellers_blame() -> None:
    poa = replace(GOOD_EN, notice="Amazon: error, the listing was removed for false claims")
    assert "poa-blame" not in {f.code for f in lint_poa(poa, RULES).findings}


def test_the_blame_words_are_data_with_a_source() -> None:
    rule = RULES.check("no-blame")
    assert {"amazon", "买家"} <= set(rule.actors) and {"wrongly", "误判"} <= set(rule.wrongs)
    assert rule.fact.source.startswith("Seller Central help")
    assert rule.fact.confidence == "public-source"
