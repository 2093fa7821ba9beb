"""The bulk path: rows written raw read back through the ORM as ORM-written rows do; the
search index is suspended while loading and is back (and complete) afterwards."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from sqlalchemy import Engine, inspect, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from sellerdesk.storage.bulk import bulk_load, insert_rows, search_index_suspended
from sellerdesk.storage.search import PG_INDEX_NAME, SQLITE_TRIGGERS, search_cases
from sellerdesk.storage.tables import CaseRow, EventRow, StoreRow

SHANGHAI = timezone(timedelta(hours=8))
T0 = datetime(2026, 4, 14, 17, 0, 5, 123456, tzinfo=UTC)


def store_row(id_: int, **over: Any) -> dict[str, Any]:
    row = dict(
        id=id_,
        name=f"store {id_}",
        region="na",
        marketplaces=["US", "CA"],
        selling_plan="professional",
        verified=True,
        support_plan=None,
        created_at=T0,
        updated_at=T0,
    )
    return row | over


def case_row(id_: int, store_id: int, subject: str, **over: Any) -> dict[str, Any]:
    row = dict(
        id=id_,
        store_id=store_id,
        marketplace="US",
        desk="na",
        category=None,
        subject=subject,
        body={"description": subject, "order_ids": ["114-1234567-1234567"], "n": 1.5},
        priority="normal",
        language="en",
        channel="case",
        status="waiting-amazon",
        amazon_label=None,
        assignee=None,
        tags=["a", "标签"],
        merged_into_id=None,
        version=1,
        created_at=T0,
        updated_at=T0 + timedelta(hours=1),
        submitted_at=None,
        resolved_at=None,
        waiting_on="amazon",
        clock_started_at=T0.astimezone(SHANGHAI),
        next_breach_at=datetime(2026, 4, 16, 9, 0, tzinfo=SHANGHAI),
        search_text=subject,
    )
    return row | over


def search_index(engine: Engine) -> set[str]:
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            sql = "SELECT name FROM sqlite_master WHERE type = 'trigger'"
        else:
            sql = "SELECT indexname FROM pg_indexes WHERE tablename = 'cases'"
        return {str(n) for n in conn.scalars(text(sql))}


def expected_index(engine: Engine) -> set[str]:
    return set(SQLITE_TRIGGERS) if engine.dialect.name == "sqlite" else {PG_INDEX_NAME}


def test_rows_round_trip_through_the_orm(engine):
    with engine.begin() as conn:
        assert insert_rows(conn, StoreRow.__table__, [store_row(1), store_row(2, verified=False)])
        insert_rows(conn, CaseRow.__table__, [case_row(1, 1, "Refund missing 退款未到账")])
        insert_rows(
            conn,
            EventRow.__table__,
            (
                {
                    "id": i,
                    "case_id": 1,
                    "direction": "in",
                    "channel": None,
                    "author": "amazon",
                    "occurred_at": T0 + timedelta(minutes=i),
                    "recorded_at": T0,
                    "body": "感谢您 \\ tab\there",
                    "data": {"from": None, "to": "draft", "list": [1, "二"]},
                }
                for i in range(1, 4)
            ),
        )
    with Session(engine) as s:
        stores = s.scalars(select(StoreRow).order_by(StoreRow.id)).all()
        assert [st.verified for st in stores] == [True, False]
        assert stores[0].marketplaces == ["US", "CA"]
        assert stores[0].support_plan is None
        assert stores[0].created_at == T0 and stores[0].created_at.tzinfo == UTC
        case = s.get_one(CaseRow, 1)
        assert case.body == {
            "description": "Refund missing 退款未到账",
            "order_ids": ["114-1234567-1234567"],
            "n": 1.5,
        }
        assert case.tags == ["a", "标签"]
        assert case.category is None and case.submitted_at is None
        for name in ("created_at", "updated_at", "clock_started_at", "next_breach_at"):
            value = getattr(case, name)
            assert value.tzinfo == UTC, name
        assert case.clock_started_at == T0
        assert case.next_breach_at == datetime(2026, 4, 16, 1, 0, tzinfo=UTC)
        events = s.scalars(select(EventRow).order_by(EventRow.id)).all()
        assert [e.occurred_at for e in events] == [T0 + timedelta(minutes=i) for i in (1, 2, 3)]
        assert events[0].data == {"from": None, "to": "draft", "list": [1, "二"]}
        assert events[0].body == "感谢您 \\ tab\there" and events[0].channel is None


def test_stored_values_are_what_the_orm_stores(engine):
    """Same raw column text as an ORM insert, so queries comparing stored text agree."""
    with Session(engine) as s, s.begin():
        s.add(StoreRow(**store_row(1, name="orm", created_at=T0.astimezone(SHANGHAI))))
    with engine.begin() as conn:
        insert_rows(conn, StoreRow.__table__, [store_row(2, created_at=T0.astimezone(SHANGHAI))])
    cast = "" if engine.dialect.name == "sqlite" else "::text"
    with engine.connect() as conn:
        raw = conn.execute(
            text(
                f"SELECT marketplaces{cast}, verified, created_at{cast}, updated_at{cast} "
                "FROM stores ORDER BY id"
            )
        ).all()
    assert raw[0] == raw[1]
    if engine.dialect.name == "sqlite":
        assert tuple(raw[1]) == (
            '["US", "CA"]',
            1,
            "2026-04-14 17:00:05.123456",
            "2026-04-14 17:00:05.123456",
        )


def test_missing_columns_get_their_python_default(engine):
    with engine.begin() as conn:
        insert_rows(conn, StoreRow.__table__, [store_row(1)])
        row = case_row(1, 1, "defaults")
        del row["tags"], row["version"]
        insert_rows(conn, CaseRow.__table__, [row])
    with Session(engine) as s:
        case = s.get_one(CaseRow, 1)
        assert (case.tags, case.version) == ([], 1)


def test_naive_datetimes_are_refused(engine):
    with engine.begin() as conn, pytest.raises(ValueError, match="naive"):
        insert_rows(conn, StoreRow.__table__, [store_row(1, created_at=datetime(2026, 1, 1))])  # noqa: DTZ001


def test_no_rows_is_a_no_op(engine):
    with engine.begin() as conn:
        assert insert_rows(conn, StoreRow.__table__, []) == 0


def test_search_finds_cases_loaded_with_the_index_suspended(engine):
    with engine.begin() as conn:
        insert_rows(conn, StoreRow.__table__, [store_row(1)])
        with search_index_suspended(conn):
            insert_rows(
                conn,
                CaseRow.__table__,
                [
                    case_row(1, 1, "Refund missing for order"),
                    case_row(2, 1, "商品listing被抑制 蓝牙耳机"),
                    case_row(3, 1, "Inventory lost at fulfillment center"),
                ],
            )
    assert search_index(engine) >= expected_index(engine)
    with Session(engine) as s:
        assert search_cases(s, "refund") == [1]
        assert search_cases(s, "蓝牙耳机") == [2]
        assert search_cases(s, "fulfillment lost") == [3]
    # the triggers (or the index) keep working for rows written afterwards
    with Session(engine) as s, s.begin():
        s.add(CaseRow(**case_row(4, 1, "Buy Box lost after price change")))
    with Session(engine) as s:
        assert search_cases(s, "price change") == [4]


def test_the_index_is_gone_inside_and_back_after(engine):
    with engine.connect() as conn:
        with search_index_suspended(conn):
            conn.commit()  # let another connection see the state inside
            assert not search_index(engine) & expected_index(engine)
        conn.commit()
    assert search_index(engine) >= expected_index(engine)


def test_an_error_inside_still_restores_the_index(engine):
    with engine.connect() as conn:
        with pytest.raises(RuntimeError), search_index_suspended(conn):
            conn.commit()
            insert_rows(conn, StoreRow.__table__, [store_row(1)])
            raise RuntimeError("boom")
        conn.commit()
    assert search_index(engine) >= expected_index(engine)


def test_a_failed_database_statement_inside_leaves_the_index_to_the_rollback(engine):
    with engine.connect() as conn:
        insert_rows(conn, StoreRow.__table__, [store_row(1)])
        conn.commit()
        with pytest.raises(IntegrityError), search_index_suspended(conn):
            insert_rows(conn, StoreRow.__table__, [store_row(1)])
        conn.rollback()
    assert search_index(engine) >= expected_index(engine)


def indexes_and_keys(engine: Engine) -> set[str]:
    with engine.connect() as conn:
        insp = inspect(conn)
        names = {str(ix["name"]) for ix in insp.get_indexes("events")}
        if engine.dialect.name == "postgresql":
            names |= {str(fk["name"]) for fk in insp.get_foreign_keys("events")}
        return names


def test_a_bulk_load_builds_the_secondary_indexes_and_keys_after_the_rows(engine):
    before = indexes_and_keys(engine)
    assert "ix_events_case_time" in before
    with engine.connect() as conn:
        insert_rows(conn, StoreRow.__table__, [store_row(1)])
        with bulk_load(conn, [CaseRow.__table__, EventRow.__table__]):
            conn.commit()  # let another connection see the state inside
            assert "ix_events_case_time" not in indexes_and_keys(engine)
            insert_rows(conn, CaseRow.__table__, [case_row(1, 1, "Refund 退款")])
        conn.commit()
    assert indexes_and_keys(engine) == before
    with Session(engine) as s:
        assert search_cases(s, "退款") == [1]


def test_a_failed_bulk_load_still_leaves_every_index(engine):
    before = indexes_and_keys(engine)
    with engine.connect() as conn:
        with pytest.raises(RuntimeError), bulk_load(conn, [EventRow.__table__]):
            conn.commit()
            raise RuntimeError("boom")
        conn.commit()
    assert indexes_and_keys(engine) == before
    assert search_index(engine) >= expected_index(engine)
