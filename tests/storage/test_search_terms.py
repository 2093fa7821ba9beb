"""The search vocabulary: a prefix term is asked as the whole words it starts, and gives the
same answer as the index's own prefix query; the vocabulary follows every writer."""

from __future__ import annotations

import random

import pytest
from sqlalchemy import Engine, text, update
from sqlalchemy.orm import Session

from sellerdesk.core.search_tokens import index_text, query_terms
from sellerdesk.services import search as search_service
from sellerdesk.storage import search as search_module
from sellerdesk.storage import search_terms
from sellerdesk.storage.bulk import bulk_load, insert_rows
from sellerdesk.storage.engine import make_engine, make_session_factory
from sellerdesk.storage.migrate import downgrade, upgrade
from sellerdesk.storage.search import prefix_expansions, search_cases
from sellerdesk.storage.tables import CaseRow, StoreRow
from tests.storage.test_bulk import case_row, store_row
from tests.storage.test_search import fresh_url  # noqa: F401 - a fixture
from tests.storage.tracker_rows import add_case, add_store


def vocabulary(engine: Engine) -> set[str]:
    with engine.connect() as conn:
        return {str(t) for t in conn.scalars(text("SELECT term FROM search_terms"))}


def find(engine: Engine, query: str, limit: int = 50) -> list[int]:
    with Session(engine) as session:
        return search_cases(session, query, limit=limit)


def test_a_prefix_is_asked_as_the_words_it_starts(engine):
    with Session(engine) as session, session.begin():
        store = add_store(session)
        listing = add_case(session, store, "Listing suppressed").id
        listings = add_case(session, store, "Two listings merged").id
        add_case(session, store, "Listed twice")
    with Session(engine) as session:
        terms = query_terms("suppressed listi")
        assert prefix_expansions(session.connection(), terms) == {1: ("listing", "listings")}
    assert find(engine, "listi") == [listings, listing]
    assert find(engine, "suppressed listi") == [listing]
    assert find(engine, "listingz") == []  # starts no word: nothing to ask


def test_a_digit_prefix_and_a_prefix_of_too_many_words_are_asked_natively(engine, monkeypatch):
    with Session(engine) as session, session.begin():
        store = add_store(session)
        ids = [add_case(session, store, f"Order 1234567 word{i}x").id for i in range(4)]
    with Session(engine) as session:
        conn = session.connection()
        assert search_terms.prefix_words(conn, "1234") is None  # digits are not listed
        assert search_terms.prefix_words(conn, "word") == tuple(f"word{i}x" for i in range(4))
        monkeypatch.setattr(search_terms, "MAX_EXPANSIONS", 3)
        assert search_terms.prefix_words(conn, "word") is None
    assert find(engine, "word") == ids[::-1]
    assert find(engine, "1234") == ids[::-1]


def test_the_vocabulary_follows_inserts_updates_and_raw_sql(engine):
    with Session(engine) as session, session.begin():
        case = add_case(session, add_store(session), "Refund missing 退款 order 114-1234567")
        case_id = case.id
    words = vocabulary(engine)
    assert {"refund", "missing", "退款", "order"} <= words
    assert not {"114", "1234567"} & words  # tokens that begin with a digit are left out
    with Session(engine) as session, session.begin():
        row = session.get(CaseRow, case_id)
        assert row is not None
        row.search_text = "申诉成功 appeal"  # the ORM recomputes the tokens
    assert {"申诉", "appeal"} <= vocabulary(engine)
    with Session(engine) as session, session.begin():  # SQL that bypasses the ORM
        session.execute(
            update(CaseRow).where(CaseRow.id == case_id).values(search_tokens="zebra b08n5wrwnw")
        )
    assert {"zebra", "b08n5wrwnw"} <= vocabulary(engine)
    assert find(engine, "zebr") == [case_id]
    assert "refund" in vocabulary(engine)  # never removed: a superset of the index's words


def test_a_bulk_load_rebuilds_the_vocabulary_and_its_triggers(engine):
    with engine.connect() as conn:
        with bulk_load(conn, [CaseRow.__table__]):
            insert_rows(conn, StoreRow.__table__, [store_row(1)])
            insert_rows(conn, CaseRow.__table__, [case_row(1, 1, "Stranded inventory 滞留")])
            conn.commit()
        conn.commit()
    assert {"stranded", "inventory", "滞留"} <= vocabulary(engine)
    assert find(engine, "strand") == [1]
    with Session(engine) as session, session.begin():
        session.add(CaseRow(**case_row(2, 1, "Strangely priced")))
    assert "strangely" in vocabulary(engine)  # the triggers are back
    assert find(engine, "stran") == [2, 1]


def test_reindex_rebuilds_the_vocabulary(engine):
    with Session(engine) as session, session.begin():
        case_id = add_case(session, add_store(session), "Brand registry approval").id
        session.execute(text("DELETE FROM search_terms"))
    assert find(engine, "regist") == []  # the vocabulary is the prefix's word list
    assert search_service.reindex(make_session_factory(engine)) > 0
    assert find(engine, "regist") == [case_id]


def test_upgrading_a_store_fills_the_vocabulary_from_its_index(fresh_url):  # noqa: F811
    eng = make_engine(fresh_url)
    upgrade(eng)
    with Session(eng) as session, session.begin():
        case_id = add_case(session, add_store(session), "Removal order 移除订单").id
    downgrade(eng, "0010")
    upgrade(eng)
    assert {"removal", "移除", "订单"} <= vocabulary(eng)
    assert find(eng, "remov") == [case_id]
    eng.dispose()


def prefix(word: str) -> bool:
    """What ``query_terms`` says of a query's last word (here: one token)."""
    return len(word) == 1 if "\u4e00" <= word[0] <= "\u9fff" else len(word) >= 4


WORDS = ["list", "listing", "listings", "lis", "lister", "b08n5", "b08nx", "退款", "退货", "款未"]
WORDS += ["1234567", "12345", "fba15", "fba15x", "a", "ab", "abc", "abcd", "abcde"]


def test_expanded_prefixes_give_the_index_own_prefix_answer(engine, monkeypatch):
    # brute force: random texts over words that share prefixes; every prefix of every word,
    # alone and after another word, asked both ways (expanded, and natively)
    rng = random.Random(11)
    with Session(engine) as session, session.begin():
        store = add_store(session)
        texts = {}
        for _ in range(80):
            body = " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 5)))
            texts[add_case(session, store, body).id] = index_text(body).split()
    queries = {w[:n] for w in WORDS for n in range(4, len(w) + 1)} | {"退", "款", "lisx", "abcz"}
    queries |= {f"{rng.choice(WORDS)} {q}" for q in sorted(queries)}
    for query in sorted(queries):
        *whole, last = query.split()
        expected = sorted(
            (
                cid
                for cid, tokens in texts.items()
                if all(w in tokens for w in whole)
                and any(t.startswith(last) if prefix(last) else t == last for t in tokens)
            ),
            reverse=True,
        )
        assert find(engine, query, limit=200) == expected, query
        with monkeypatch.context() as patched:
            patched.setattr(search_terms, "prefix_words", lambda conn, prefix: None)
            assert find(engine, query, limit=200) == expected, f"{query} (native)"


@pytest.mark.parametrize("words", [("listing",), ("listing", "listings")])
def test_the_match_expressions_of_an_expanded_prefix(words):
    terms = query_terms("索赔 cutting-boa")
    expansions = {1: words}
    fts = search_module.fts5_match(terms, expansions)
    pg = search_module.pg_tsquery(terms, expansions)
    assert fts.startswith('"索赔" AND ("cutting ')
    assert fts.count(" OR ") == len(words) - 1
    assert pg.startswith("('索赔') & (('cutting' <-> ")
    assert pg.count(" | ") == len(words) - 1


def test_a_phrase_ending_in_a_prefix_keeps_its_words_together(engine):
    with Session(engine) as session, session.begin():
        store = add_store(session)
        board = add_case(session, store, "Bamboo cutting-board cracked").id
        boards = add_case(session, store, "Two cutting boards missing").id
        add_case(session, store, "Cutting edge board")  # both words, not side by side
        add_case(session, store, "Board cutting service")
    assert find(engine, "cutting-boar") == [boards, board]
    assert find(engine, "bamboo cutting-boar") == [board]
    assert find(engine, "cutting-boards") == [boards]
