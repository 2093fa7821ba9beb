"""The search tokenizer: words folded, CJK runs cut into bigrams, one function for both sides."""

from __future__ import annotations

import random

from sellerdesk.core.search_tokens import QueryTerm, index_text, query_terms


def test_latin_words_and_digits_are_folded_and_split_at_punctuation():
    assert index_text("Refund for order 114-1234567-1234567, ASIN B08N5WRWNW!") == (
        "refund for order 114 1234567 1234567 asin b08n5wrwnw"
    )
    assert index_text("snake_case Straße") == "snake case strasse"


def test_full_width_letters_and_digits_become_ascii():
    assert index_text("ＡＳＩＮ１２３") == "asin123"


def test_a_cjk_run_is_cut_into_overlapping_bigrams():
    assert index_text("退款未到账").split() == ["退款", "款未", "未到", "到账"]


def test_punctuation_and_latin_letters_end_a_cjk_run():
    assert index_text("申请退款，到账慢").split() == ["申请", "请退", "退款", "到账", "账慢"]
    assert index_text("商品listing被抑制").split() == ["商品", "listing", "被抑", "抑制"]


def test_a_lone_cjk_character_is_its_own_token():
    assert index_text("A 货 B").split() == ["a", "货", "b"]


def test_japanese_kana_and_korean_are_bigrammed_too():
    assert index_text("カタカナ").split() == ["カタ", "タカ", "カナ"]
    assert index_text("ｶﾀｶﾅ").split() == ["カタ", "タカ", "カナ"]  # half-width kana
    assert index_text("한국어").split() == ["한국", "국어"]


def test_query_terms_are_phrases_and_the_last_long_word_a_prefix():
    assert query_terms("退款未到账 cutting-board refun") == [
        QueryTerm(("退款", "款未", "未到", "到账")),
        QueryTerm(("cutting", "board")),
        QueryTerm(("refun",), prefix=True),
    ]
    assert query_terms("refund it") == [QueryTerm(("refund",)), QueryTerm(("it",))]


def test_a_single_chinese_character_is_a_prefix():
    assert query_terms("退") == [QueryTerm(("退",), prefix=True)]


def test_a_query_without_letters_or_digits_has_no_terms():
    assert query_terms("，。 % _ -") == []


def test_a_query_term_is_cut_exactly_as_the_same_text_is_indexed():
    alphabet = "ab1 Z-_，。退款未到账カナ한ＡＢ"
    rng = random.Random(3)
    for _ in range(500):
        text = "".join(rng.choices(alphabet, k=rng.randint(0, 12)))
        tokens = [t for term in query_terms(text) for t in term.tokens]
        assert tokens == index_text(text).split()


def test_tokens_are_separated_by_single_spaces():
    assert index_text(" 退款，  refund。 账户 ") == "退款 refund 账户"
