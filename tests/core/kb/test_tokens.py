"""Terms: Chinese bigrams and unigrams without stop words, English light stems."""

from __future__ import annotations

from sellerdesk.core.kb.tokens import StopWords, han_share, stem, terms

STOP = StopWords.of(["how", "do", "i", "the", "are"], ["怎么", "的", "是", "吗"])


def test_chinese_text_gives_unigrams_and_bigrams_with_stop_words_cut_out():
    found = terms("仓储费是怎么算的", STOP)
    assert "b:仓储" in found and "b:储费" in found and "u:算" in found
    assert not any(t in found for t in ("b:费是", "u:是", "b:么算", "u:怎"))


def test_english_words_are_case_folded_stemmed_and_stop_words_dropped():
    assert terms("How are FBA Fees calculated?", STOP) == ["w:fba", "w:fee", "w:calculat"]


def test_plural_and_verb_forms_meet_on_one_stem():
    assert stem("listings") == stem("listing") == "list"
    assert stem("fulfillment") == stem("fulfilment") == stem("fulfilled")
    assert stem("calculation") == stem("calculated") == stem("calculate")
    assert stem("reopening") == "reopen"


def test_full_width_letters_read_as_ascii():
    assert terms("ＦＢＡ费用", STOP)[:1] == ["w:fba"]


def test_numbers_and_identifiers_carry_no_topic():
    assert terms("order 114-1234567-1234567 ASIN B08N5WRWNW", STOP) == ["w:order", "w:asin"]


def test_han_share_tells_chinese_questions_from_english_ones():
    assert han_share("仓储费怎么算") == 1.0
    assert han_share("How are FBA fees calculated") == 0.0
    assert 0 < han_share("FBA配送费") < 1
