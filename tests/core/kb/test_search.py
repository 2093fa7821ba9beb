"""The knowledge base finds the article a seller means, in either language, or says nothing."""

from __future__ import annotations

import pytest

from sellerdesk.core.kb import KnowledgeBase, load_knowledge_base


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_knowledge_base(None)


def top(kb: KnowledgeBase, text: str) -> str | None:
    best = kb.best(text)
    return best.article.id if best else None


@pytest.mark.parametrize(
    ("question", "article"),
    [
        ("亚马逊仓储费是怎么算的？", "fba-storage-fees"),
        ("How are FBA storage fees calculated?", "fba-storage-fees"),
        ("案例被关闭了，怎么重新打开", "reopen-a-case"),
        ("How do I reopen a closed case?", "reopen-a-case"),
        ("Case Log 在哪里看", "find-case-log"),
        ("where is the case log", "find-case-log"),
    ],
)
def test_a_known_question_finds_its_article_in_both_languages(kb, question, article):
    assert top(kb, question) == article


@pytest.mark.parametrize(
    "question",
    ["今天北京天气怎么样", "红烧肉怎么做好吃", "how to cook rice", "asdkjh qwpoe zxmvn", "？？？"],
)
def test_an_off_topic_or_gibberish_question_gets_no_answer(kb, question):
    assert kb.search(question) == []
    assert kb.best(question) is None


def test_an_empty_question_gets_no_answer(kb):
    assert kb.search("") == [] and kb.search("   ") == []


def test_a_typo_still_finds_the_article(kb):
    assert top(kb, "refferal fee percentage") == "referral-fees"
    assert top(kb, "storag fees calulation") == "fba-storage-fees"


def test_a_mixed_chinese_and_english_question_finds_its_article(kb):
    assert top(kb, "FBA配送费怎么计算") == "fba-fulfilment-fees"


def test_confidences_lie_between_zero_and_one_and_come_best_first(kb):
    answers = kb.search("How are FBA fees calculated?", limit=5, min_confidence=0)
    assert len(answers) == 5
    confidences = [a.confidence for a in answers]
    assert all(0 < c < 1 for c in confidences)
    assert confidences == sorted(confidences, reverse=True)


def test_search_shows_only_answers_above_the_threshold(kb):
    shown = kb.search("How are FBA fees calculated?", limit=10)
    assert shown and all(a.confidence >= kb.ranking.threshold for a in shown)
    assert len(kb.search("How are FBA fees calculated?", limit=1)) == 1


def test_a_fee_question_is_a_self_service_topic(kb):
    found = kb.best_self_service("亚马逊FBA配送费是怎么计算的")
    assert found is not None and found.article.id == "fba-fulfilment-fees"


def test_a_long_case_draft_about_a_fee_question_is_recognised_as_self_service(kb):
    draft = (
        "Hello, I would like to understand how the monthly storage fee was calculated for "
        "my inventory this month. The storage fee in my report looks higher than last month."
    )
    found = kb.best_self_service(draft)
    assert found is not None and found.article.id == "fba-storage-fees"


def test_a_dispute_about_a_specific_charge_is_not_a_self_service_topic(kb):
    draft = "FBA overcharged us: wrong dimensions on ASIN B08N5WRWNW, fee dispute, charged twice"
    assert kb.best_self_service(draft) is None
    assert top(kb, draft) == "fee-dispute"


def test_a_deactivation_appeal_is_not_a_self_service_topic(kb):
    assert kb.best_self_service("Our account was deactivated, we need to appeal") is None


def test_erp_and_ad_optimisation_are_third_party_topics(kb):
    erp = kb.best_third_party("店小秘ERP库存同步失败")
    ads = kb.best_third_party("how do I lower my ACoS and choose keywords to bid on")
    assert erp is not None and erp.article.id == "erp-integration"
    assert ads is not None and ads.article.id == "ad-optimisation"
    assert kb.best_third_party("仓储费怎么算") is None


def test_the_factory_builds_once_and_reuses_the_index(tmp_path):
    assert load_knowledge_base(tmp_path) is load_knowledge_base(tmp_path)
