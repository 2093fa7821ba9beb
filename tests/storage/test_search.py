"""Search: identifiers exact by index, text by trigram (zh + en), short terms by LIKE."""

from __future__ import annotations

import pytest
from alembic import command
from sqlalchemy import delete, update
from sqlalchemy.orm import Session

from sellerdesk.core.errors import InvalidInput, NotFound
from sellerdesk.services import search as search_service
from sellerdesk.storage.engine import make_engine, make_session_factory
from sellerdesk.storage.migrate import alembic_config, current_revision, upgrade
from sellerdesk.storage.search import identifier_kinds, search_cases
from sellerdesk.storage.tables import CaseRow
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


def test_terms_shorter_than_a_trigram_fall_back_to_like(engine, ids):
    assert find(engine, "退款") == [ids["first"]]
    assert find(engine, "库存 lost") == [ids["third"]]
    assert set(find(engine, "ss")) == {ids["first"], ids["later"]}
    assert find(engine, "ry") == [ids["third"]]


def test_like_wildcards_in_the_query_are_literal(engine, ids):
    assert find(engine, "%") == []
    assert find(engine, "_") == []


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
    assert hits[0]["id"] == ids[key]
    assert hits[0]["matched"] != "text"


def test_a_free_form_sku_is_looked_up_exactly(engine):
    with Session(engine) as session, session.begin():
        store = add_store(session)
        case_id = add_case(session, store, "SKU problem", identifiers=(("sku", "my-sku-01"),)).id
    with Session(engine) as session:
        hits = search_service.search(session, "my-sku-01")
    assert [(h["id"], h["matched"]) for h in hits] == [(case_id, "sku")]


def test_identifier_kinds_recognise_the_formats():
    kinds = dict(identifier_kinds("B08N5WRWNW"))
    assert kinds == {"asin": "B08N5WRWNW"}
    assert "case-id" in dict(identifier_kinds("12345678901"))
    assert identifier_kinds("two words") == []


def test_store_filter_and_limit(engine, ids):
    with Session(engine) as session:
        assert search_service.search(session, "lost", store="acme")[0]["store"] == "acme"
        assert search_service.search(session, "B08N5WRWNW", store="acme") == []
        assert len(search_service.search(session, "ss", limit=1)) == 1
        with pytest.raises(NotFound):
            search_service.search(session, "lost", store="nope")
        with pytest.raises(InvalidInput):
            search_service.search(session, "   ")
        with pytest.raises(InvalidInput):
            search_service.search(session, "x", limit=0)


def test_the_index_follows_updates_and_deletes(engine, ids):
    with Session(engine) as session, session.begin():
        session.execute(
            update(CaseRow).where(CaseRow.id == ids["later"]).values(search_text="申诉成功 appeal")
        )
        session.execute(update(CaseRow).where(CaseRow.id == ids["third"]).values(version=5))
    assert find(engine, "申诉成功") == [ids["later"]]
    assert find(engine, "商品被屏蔽") == []
    assert find(engine, "库存丢失") == [ids["third"]]
    with Session(engine) as session, session.begin():
        session.execute(update(CaseRow).values(merged_into_id=None))
        session.execute(delete(CaseRow).where(CaseRow.id == ids["later"]))
    assert find(engine, "申诉成功") == []


def test_reindex_rebuilds_the_index(engine, ids):
    assert search_service.reindex(make_session_factory(engine)) > 0
    assert find(engine, "退款未到账") == [ids["first"]]


def test_the_search_migration_downgrades_and_upgrades(tmp_path):
    eng = make_engine(f"sqlite:///{tmp_path / 's.db'}")
    upgrade(eng)
    with Session(eng) as session, session.begin():
        add_case(session, add_store(session), "Refund missing")
    config = alembic_config()
    with eng.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "0001")
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
