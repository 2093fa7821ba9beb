"""The search index accepts any text, on SQLite and PostgreSQL: a word too long to index is
skipped, a case text of megabytes is bounded, CJK runs and emoji are fine — the write always
succeeds and the rest of the text is still found."""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session, sessionmaker

from sellerdesk.core.search_tokens import MAX_TOKEN_BYTES, index_text, query_terms
from sellerdesk.services import cases
from sellerdesk.services import search as search_service
from sellerdesk.services.tracker import TrackerContext
from sellerdesk.storage.search import retokenise
from sellerdesk.storage.tables import CaseRow
from sellerdesk.storage.types import TSVECTOR_BUDGET, stored_tokens, tsvector_literal
from tests.services.case_fixtures import NOW, later


def _found(sessions: sessionmaker[Session], query: str) -> list[int]:
    with sessions() as session:
        return [hit.id for hit in search_service.search(session, query)]


def _log(sessions: Any, ctx: TrackerContext, case_id: int, body: str, hours: float) -> None:
    cases.log_event(
        sessions=sessions,
        now=later(hours),
        ctx=ctx,
        case_id=case_id,
        direction="in",
        body=body,
        occurred_at=later(hours),
    )


def test_a_word_longer_than_the_index_allows_is_skipped_and_the_rest_is_found(
    sessions: sessionmaker[Session], ctx: TrackerContext, new_case: Callable[..., int]
) -> None:
    blob = "Q" * 3000  # 3,000 bytes with no separator (a pasted base64 image, say)
    cjk_blob = "退" * 700  # 2,100 bytes of one CJK character: bigrams, each 6 bytes
    case_id = new_case(subject="Refund missing")
    _log(
        sessions,
        ctx,
        case_id,
        f"{blob} invoice {blob}x 退款未到账 {cjk_blob} 🎉 sparkle ✨ done",
        1,
    )
    assert _found(sessions, "refund missing") == [case_id]
    assert _found(sessions, "退款未到账") == [case_id]
    assert _found(sessions, "sparkle done") == [case_id]
    assert _found(sessions, "退退") == [case_id]
    assert _found(sessions, blob) == []  # not indexed, and asking for it is no error
    assert _found(sessions, f"refund {blob}") == [case_id]  # the word is dropped from the query


def test_an_emoji_only_or_symbol_only_text_is_stored_with_no_tokens(
    sessions: sessionmaker[Session], ctx: TrackerContext, new_case: Callable[..., int]
) -> None:
    case_id = new_case(subject="Emoji note")
    _log(sessions, ctx, case_id, "🎉🎉🎉 👍🏽 \u200d ‼️", 1)
    assert _found(sessions, "emoji note") == [case_id]
    assert _found(sessions, "🎉") == []


def test_two_megabytes_of_case_text_are_written_and_its_first_and_last_words_found(
    sessions: sessionmaker[Session], ctx: TrackerContext, new_case: Callable[..., int]
) -> None:
    rng = random.Random(13)
    vocabulary = ["".join(rng.choices("abcdefghijklmnopqrstuvwxyz", k=8)) for _ in range(3000)]
    chinese = "亚马逊卖家支持退款申请库存丢失账户健康发票物流配送"
    case_id = new_case(subject="Openingword long history")
    for n in range(22):  # 22 events just under the event size limit: over 2 MB in all
        words = " ".join(rng.choices(vocabulary, k=10_000))
        cjk = "".join(rng.choices(chinese, k=3_000))
        body = f"{words} {cjk} 😀"[: cases.MAX_BODY - 40] + f" closingword{n}"
        _log(sessions, ctx, case_id, body, 1 + n)
    with sessions() as session:
        size = len(session.scalars(select(CaseRow.search_text)).one().encode())
    assert size > 2_000_000
    assert _found(sessions, "openingword") == [case_id]
    assert _found(sessions, "closingword21") == [case_id]  # the newest event's last word
    assert _found(sessions, vocabulary[7]) == [case_id]
    assert _found(sessions, "退款") == [case_id]


def test_a_megabyte_of_distinct_words_is_bounded_and_the_first_ones_stay_findable(
    sessions: sessionmaker[Session], ctx: TrackerContext, new_case: Callable[..., int]
) -> None:
    rng = random.Random(11)
    case_id = new_case(subject="Firstword of a flood")
    for n in range(14):  # ≈ 1.4 MB of distinct 100-letter words: over a tsvector's 1 MB
        words = ("".join(rng.choices("abcdefghijklmnopqrstuvwxyz", k=100)) for _ in range(990))
        _log(sessions, ctx, case_id, " ".join(words), 1 + n)
    assert _found(sessions, "firstword flood") == [case_id]


def test_the_token_string_is_bounded_the_way_postgresql_keeps_it(
    sessions: sessionmaker[Session], new_case: Callable[..., int]
) -> None:
    tokens = " ".join(["same"] * 20_000 + [f"w{i}" for i in range(120_000)])
    literal = tsvector_literal(tokens)
    assert len(literal.encode()) < 2 * TSVECTOR_BUDGET
    assert literal.startswith("'same':1,2,3,")
    assert literal.count("16383") <= 120_000
    assert stored_tokens("a b", "sqlite") == "a b"
    case_id = new_case(subject="Retokenise is stable")
    engine = sessions.kw["bind"]
    with engine.begin() as conn:
        conn.execute(
            text("UPDATE cases SET search_text = :t WHERE id = :i"),
            {"t": " ".join(["word"] * 300 + ["other"] * 17_000), "i": case_id},
        )
        assert retokenise(conn) == 1
        assert retokenise(conn) == 0  # what was stored reads back as what it should be


def test_queries_and_the_index_drop_the_same_overlong_words() -> None:
    long_word = "é" * (MAX_TOKEN_BYTES // 2 + 1)  # 2 bytes a character: just over the limit
    short_word = "é" * (MAX_TOKEN_BYTES // 2)
    assert index_text(f"a {long_word} b") == "a b"
    assert index_text(short_word) == short_word
    assert query_terms(long_word) == []
    assert NOW is not None
