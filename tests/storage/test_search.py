"""Search: identifiers exact by index; text by words and CJK bigrams (zh + en), every term
must match, phrases for Chinese words, a prefix for the last English word."""

from __future__ import annotations

import random
import uuid

import pytest
from sqlalchemy import delete, inspect, update
from sqlalchemy.orm import Session

from sellerdesk.core.errors import InvalidInput, NotFound
from sellerdesk.services import search as search_service
from sellerdesk.storage.engine import make_engine, make_session_factory
from sellerdesk.storage.migrate import current_revision, downgrade, upgrade
from sellerdesk.storage.search import identifier_kinds, search_cases
from sellerdesk.storage.tables import CaseRow
from tests.conftest import BACKENDS, PG_ADMIN_URL
from tests.storage.tracker_rows import add_case, add_store, fill


@pytest.fixture
def ids(engine):  # type: ignore[no-untyped-def]
    return fill(engine)


def find(engine, query, **kw):  # type: ignore[no-untyped-def]
    with Session(engine) as session:
        return search_cases(session, query, **kw)


def test_english_and_chinese_text_both_match(engine, ids):
    assert find(engine, "refund") == [ids["first"]]
    assert find(engine, "REFUND missing") == [ids["first"]]
    assert find(engine, "退款未到账") == [ids["first"]]
    assert find(engine, "商品被屏蔽") == [ids["later"]]
    assert find(engine, "nothing like this") == []


def test_two_character_chinese_words_are_indexed(engine, ids):
    assert find(engine, "退款") == [ids["first"]]
    assert find(engine, "库存 lost") == [ids["third"]]
    assert find(engine, "屏蔽") == [ids["later"]]
    assert find(engine, "账户") == []


def test_a_longer_chinese_word_matches_only_as_a_whole(engine, ids):
    assert find(engine, "款未到") == [ids["first"]]
    assert find(engine, "退款到账") == []  # 退款 and 到账 are there, but not as one word
    assert find(engine, "被屏蔽 blocked") == [ids["later"]]


def test_every_term_must_match(engine, ids):
    assert find(engine, "refund lost") == [ids["first"]]
    assert find(engine, "refund 屏蔽") == []


def test_english_words_match_whole_and_the_last_one_as_a_prefix(engine):
    with Session(engine) as session, session.begin():
        store = add_store(session)
        earring = add_case(session, store, "Earring broken in transit").id
        string = add_case(session, store, "String lights missing").id
    assert find(engine, "ring") == []  # not inside earring or string
    assert find(engine, "earr") == [earring]
    assert find(engine, "str lights") == []  # only the last word is a prefix
    assert find(engine, "lights stri") == [string]
    assert find(engine, "br") == []  # two letters are looked up whole


def test_chinese_bigrams_do_not_bridge_punctuation_or_latin_words(engine):
    with Session(engine) as session, session.begin():
        store = add_store(session)
        case = add_case(session, store, "申请退款，到账很慢 listing被抑制").id
    assert find(engine, "款到") == []
    assert find(engine, "到账") == [case]
    assert find(engine, "g被") == []
    assert find(engine, "listing被抑制") == [case]  # a mixed term is one phrase


def test_case_and_width_are_folded(engine, ids):
    assert find(engine, "ＲＥＦＵＮＤ") == [ids["first"]]
    assert find(engine, "Refund MISSING") == [ids["first"]]


def test_one_chinese_character_finds_the_words_it_starts(engine, ids):
    assert find(engine, "屏") == [ids["later"]]
    assert find(engine, "退") == [ids["first"]]


def test_identifier_numbers_are_words_in_the_text(engine, ids):
    # the text pass (identifier hits come first and stop it; here the query has two terms)
    assert find(engine, "1234567 refund") == [ids["first"]]
    assert find(engine, "114-1234567-1234567 missing") == [ids["first"]]


@pytest.mark.parametrize(
    ("query", "key"),
    [
        ("114-1234567-1234567", "first"),
        ("12345678901", "first"),
        ("b08n5wrwnw", "later"),
        ("FBA15ABCD123", "third"),
    ],
)
def test_identifiers_are_found_exactly(engine, ids, query, key):
    with Session(engine) as session:
        hits = search_service.search(session, query)
    assert hits[0].id == ids[key]
    assert hits[0].matched != "text"


def test_a_free_form_sku_is_looked_up_exactly(engine):
    with Session(engine) as session, session.begin():
        store = add_store(session)
        case_id = add_case(session, store, "SKU problem", identifiers=(("sku", "my-sku-01"),)).id
    with Session(engine) as session:
        hits = search_service.search(session, "my-sku-01")
    assert [(h.id, h.matched) for h in hits] == [(case_id, "sku")]


def test_identifier_kinds_recognise_the_formats():
    kinds = dict(identifier_kinds("B08N5WRWNW"))
    assert kinds == {"asin": "B08N5WRWNW"}
    assert "case-id" in dict(identifier_kinds("12345678901"))
    assert identifier_kinds("two words") == []


def test_store_filter_and_limit(engine, ids):
    with Session(engine) as session:
        assert search_service.search(session, "lost", store="acme")[0].store == "acme"
        assert search_service.search(session, "B08N5WRWNW", store="acme") == []
        assert len(search_service.search(session, "lost", limit=1)) == 1
        with pytest.raises(NotFound):
            search_service.search(session, "lost", store="nope")
        with pytest.raises(InvalidInput):
            search_service.search(session, "   ")
        with pytest.raises(InvalidInput):
            search_service.search(session, "x", limit=0)


def test_the_index_follows_updates_and_deletes(engine, ids):
    with Session(engine) as session, session.begin():
        later = session.get(CaseRow, ids["later"])
        assert later is not None
        later.search_text = "申诉成功 appeal"  # the ORM recomputes the tokens
        session.execute(update(CaseRow).where(CaseRow.id == ids["third"]).values(version=5))
    assert find(engine, "申诉成功") == [ids["later"]]
    assert find(engine, "商品被屏蔽") == []
    assert find(engine, "库存丢失") == [ids["third"]]
    with Session(engine) as session, session.begin():
        session.execute(update(CaseRow).values(merged_into_id=None))
        session.execute(delete(CaseRow).where(CaseRow.id == ids["later"]))
    assert find(engine, "申诉成功") == []


def test_reindex_recomputes_the_tokens_and_rebuilds_the_index(engine, ids):
    with Session(engine) as session, session.begin():  # as if written by an older tokenizer
        session.execute(update(CaseRow).values(search_tokens=""))
    assert find(engine, "退款未到账") == []
    assert search_service.reindex(make_session_factory(engine)) > 0
    assert find(engine, "退款未到账") == [ids["first"]]


def test_the_search_migration_downgrades_and_upgrades(tmp_path):
    eng = make_engine(f"sqlite:///{tmp_path / 's.db'}")
    upgrade(eng)
    with Session(eng) as session, session.begin():
        add_case(session, add_store(session), "Refund missing")
    downgrade(eng, "0001")
    assert current_revision(eng) == "0001"
    with eng.connect() as conn:
        assert (
            conn.exec_driver_sql(
                "SELECT count(*) FROM sqlite_master WHERE name LIKE 'cases_fts%'"
            ).scalar()
            == 0
        )
    upgrade(eng)  # the upgrade indexes the cases already stored
    assert find(eng, "refund") == [1]
    eng.dispose()


@pytest.fixture(params=BACKENDS)
def fresh_url(request: pytest.FixtureRequest, tmp_path):  # type: ignore[no-untyped-def]
    """A database of its own (migrations run on it, so not the shared test database)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'fresh.db'}"
        return
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    name = f"sellerdesk_mig_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    yield make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.dispose()


def test_upgrading_a_trigram_store_tokenises_the_cases_it_holds(fresh_url):
    eng = make_engine(fresh_url)
    upgrade(eng)
    with Session(eng) as session, session.begin():
        case_id = add_case(session, add_store(session), "退款未到账 Refund missing").id
    downgrade(eng, "0003")  # back to the trigram index, tokens column gone
    with eng.connect() as conn:
        assert "search_tokens" not in {c["name"] for c in inspect(conn).get_columns("cases")}
    upgrade(eng)
    assert find(eng, "退款") == [case_id]
    assert find(eng, "款未到 refu") == [case_id]
    eng.dispose()


@pytest.mark.parametrize("window", [1, 3, 7, 40])
def test_every_postgresql_plan_returns_the_newest_matches_in_order(engine, window, monkeypatch):
    # small windows force each path: the first window alone, further windows below it sized
    # from the density, windows down to the oldest case, and the index; with and without a
    # store filter all must give the brute-force answer (SQLite: the FTS path)
    from sellerdesk.storage import search as search_module

    rng = random.Random(window)
    with Session(engine) as session:
        stores = [add_store(session, "acme"), add_store(session, "beta")]
        cases = []
        for _ in range(60):
            subject = rng.choice(["下架 FBA 库存", "下架 listing", "退款 FBA", "库存 lost"])
            store = rng.choice(stores)
            cases.append((add_case(session, store, subject).id, store.id, subject))
        store_ids_of = [store.id for store in stores]
        session.commit()
    for cap in (window, 4 * window, 10_000):
        monkeypatch.setattr(search_module, "PG_RECENT_WINDOW", window)
        monkeypatch.setattr(search_module, "PG_MAX_WINDOW", cap)
        for store_ids in (None, [store_ids_of[1]]):
            expected = sorted(
                (
                    cid
                    for cid, sid, subject in cases
                    if "下架" in subject and "FBA" in subject and store_ids in (None, [sid])
                ),
                reverse=True,
            )
            for limit in (1, 4, 50):
                got = find(engine, "下架 fba", limit=limit, store_ids=store_ids)
                assert got == expected[:limit], (cap, store_ids, limit)


def test_the_next_window_is_sized_from_the_density_so_far():
    from sellerdesk.storage.search import PG_MAX_WINDOW, pg_next_window

    assert pg_next_window(0, 5000, 50) is None  # nothing recent: the index is cheaper
    assert pg_next_window(45, 5000, 50) == 1112  # twice the 556 rows 5 more matches take
    dense = pg_next_window(36, 5000, 50)
    assert dense is not None and 5000 + dense <= PG_MAX_WINDOW
    assert pg_next_window(1, 5000, 50) is None  # so sparse that the cap would not suffice
    assert pg_next_window(49, PG_MAX_WINDOW, 50) is None  # the cap is spent
