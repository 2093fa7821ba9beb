"""Cases, their identifiers and their Amazon Case IDs.

Optimistic locking: :func:`claim_version` is a conditional ``UPDATE … WHERE version = :v``,
so of two writers that read the same version exactly one moves it on; the other sees no row
changed and its service reports a conflict.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import ColumnElement, Row, Select, bindparam, exists, func, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from sellerdesk.storage.tables import AmazonCaseIdRow, CaseRow, IdentifierRow, StoreRow
from sellerdesk.storage.types import iso_utc_text

MAX_ID = 2**31 - 1  # an id past the column's range (INTEGER) is no case; SQLite would overflow


def get(session: Session, case_id: int) -> CaseRow | None:
    if not 0 < case_id <= MAX_ID:
        return None
    return session.get(CaseRow, case_id)


def get_for_update(session: Session, case_id: int) -> CaseRow | None:
    """The case, row-locked on PostgreSQL (SQLite's BEGIN IMMEDIATE already serialises writers)."""
    if not 0 < case_id <= MAX_ID:
        return None
    return session.scalars(select(CaseRow).where(CaseRow.id == case_id).with_for_update()).first()


def add(session: Session, row: CaseRow) -> CaseRow:
    session.add(row)
    session.flush()
    return row


def claim_version(session: Session, case: CaseRow, *, read_version: int, now: datetime) -> bool:
    """Move the case from ``read_version`` to the next; False when someone else moved it first."""
    result = session.execute(
        update(CaseRow)
        .where(CaseRow.id == case.id, CaseRow.version == read_version)
        .values(version=CaseRow.version + 1, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    if (getattr(result, "rowcount", 0) or 0) != 1:
        return False
    # tell the ORM what is now stored, so its own flush does not write the columns again
    set_committed_value(case, "version", read_version + 1)
    set_committed_value(case, "updated_at", now)
    return True


def current_version(session: Session, case_id: int) -> int | None:
    return session.scalar(select(CaseRow.version).where(CaseRow.id == case_id))


def count(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(CaseRow)) or 0)


# what a case list shows, in this order (``store`` is the store's name; times are ISO text):
# everything but the body and the search text, which are most of a row's bytes
LIST_TIMES = ("created_at", "updated_at", "submitted_at", "resolved_at")
LIST_KEYS = (
    "id",
    "store",
    "marketplace",
    "desk",
    "category",
    "subject",
    "priority",
    "language",
    "channel",
    "status",
    "amazon_label",
    "assignee",
    "tags",
    "merged_into_id",
    "version",
    *LIST_TIMES,
    "waiting_on",
    "next_breach_at",
)


ISO_KEYS = frozenset((*LIST_TIMES, "next_breach_at"))


@cache  # built once per dialect: constructing 21 expressions per request showed in profiles
def _list_columns(dialect: str) -> tuple[ColumnElement[Any], ...]:
    def column(key: str) -> ColumnElement[Any]:
        if key == "store":
            return StoreRow.name.label("store")
        own: ColumnElement[Any] = getattr(CaseRow, key)
        return iso_utc_text(own, dialect).label(key) if key in ISO_KEYS else own

    return tuple(column(key) for key in LIST_KEYS)


def list_filtered(
    session: Session,
    *,
    store_id: int | None = None,
    store_ids: Iterable[int] | None = None,
    status: str | None = None,
    breaching_at: datetime | None = None,
    tag: str | None = None,
    limit: int = 100,
) -> list[Row[Any]]:
    """Sorted by next breach (cases without a running clock last), then id; ``store_ids``
    (when given) keeps only those stores' cases. Plain rows of :data:`LIST_KEYS`, not ORM
    objects: a list is read, never changed, and building 100 tracked objects cost more than
    the query itself."""
    dialect = session.get_bind().dialect.name
    query = select(*_list_columns(dialect)).join(StoreRow, StoreRow.id == CaseRow.store_id)
    if tag is not None:
        query = query.where(_has_tag(session, tag))
    if store_id is not None:
        query = query.where(CaseRow.store_id == store_id)
    if store_ids is not None:
        query = query.where(CaseRow.store_id.in_(sorted(store_ids)))
    if status is not None:
        query = query.where(CaseRow.status == status)
    connection = session.connection()  # Core, not the ORM: these rows become no objects
    if dialect == "postgresql" and breaching_at is None:
        # one walk of the (…, next_breach_at, id) index: its ascending order keeps NULLs
        # last. The two walks below cost PostgreSQL a scan of the primary key for the second
        # (it does not take `IS NULL` as pinning the column): 5-25 ms for closed cases
        order_all = (CaseRow.next_breach_at.asc().nulls_last(), CaseRow.id)
        return list(connection.execute(query.order_by(*order_all).limit(limit)))
    # two index walks instead of one NULLS LAST sort (SQLite cannot walk an index for it):
    # the cases with a running clock by breach, then, if there is room, the rest by id
    running = query.where(CaseRow.next_breach_at.is_not(None))
    if breaching_at is not None:
        running = running.where(CaseRow.next_breach_at <= breaching_at)
    order = (CaseRow.next_breach_at, CaseRow.id)
    rows = list(connection.execute(running.order_by(*order).limit(limit)))
    if breaching_at is None and len(rows) < limit:
        idle = query.where(CaseRow.next_breach_at.is_(None)).order_by(CaseRow.id)
        rows += connection.execute(idle.limit(limit - len(rows)))
    return rows


def _has_tag(session: Session, tag: str) -> ColumnElement[bool]:
    """``tags`` (a JSON array of normalised tags) holds ``tag``."""
    if session.get_bind().dialect.name == "sqlite":
        items = func.json_each(CaseRow.tags).table_valued("value")
    else:
        items = func.json_array_elements_text(CaseRow.tags).table_valued("value")
    return exists(select(1).select_from(items).where(items.c.value == tag))


def count_by_status(session: Session, store_id: int) -> dict[str, int]:
    """How many cases the store has in each status."""
    rows = session.execute(
        select(CaseRow.status, func.count())
        .where(CaseRow.store_id == store_id)
        .group_by(CaseRow.status)
    ).all()
    return {status: int(n) for status, n in rows}


def open_marketplaces(
    session: Session, store_id: int, open_statuses: Sequence[str]
) -> dict[str, int]:
    """Open cases of the store per marketplace."""
    rows = session.execute(
        select(CaseRow.marketplace, func.count())
        .where(CaseRow.store_id == store_id, CaseRow.status.in_(list(open_statuses)))
        .group_by(CaseRow.marketplace)
    ).all()
    return {m: int(n) for m, n in rows}


def add_identifiers(session: Session, case_id: int, pairs: Iterable[tuple[str, str]]) -> None:
    for kind, value in dict.fromkeys(pairs):
        session.add(IdentifierRow(case_id=case_id, kind=kind, value=value))


def identifiers_of(session: Session, case_id: int) -> list[tuple[str, str]]:
    rows = session.execute(
        select(IdentifierRow.kind, IdentifierRow.value)
        .where(IdentifierRow.case_id == case_id)
        .order_by(IdentifierRow.kind, IdentifierRow.value)
    ).all()
    return [(k, v) for k, v in rows]


def move_identifiers(session: Session, from_case: int, to_case: int) -> None:
    """Give the target every identifier of the source it does not already have."""
    have = set(identifiers_of(session, to_case))
    for row in session.scalars(select(IdentifierRow).where(IdentifierRow.case_id == from_case)):
        if (row.kind, row.value) in have:
            session.delete(row)
        else:
            row.case_id = to_case


def open_cases_sharing(
    session: Session,
    *,
    store_id: int,
    open_statuses: Sequence[str],
    pairs: Sequence[tuple[str, str]],
) -> list[tuple[int, str, str]]:
    """``(case id, kind, value)`` of open cases of the store naming any of ``pairs``.

    Looked up by value through ``ix_identifiers_value`` (value, kind), so the cost follows the
    number of cases naming the identifiers, not the size of the store: each one's case is
    checked by its primary key in a scalar subquery. Written as a join, PostgreSQL hashed
    every open case of the store instead (3,770 index entries for 14 identifier rows at a
    million cases: 2.4 ms against 0.3), its cost model pricing the key lookups as disk reads.
    """
    if not pairs:
        return []
    wanted = set(pairs)
    rows = session.connection().execute(
        _sharing_statement(tuple(open_statuses)),
        {"values": sorted({v for _, v in pairs}), "store_id": store_id},
    )
    return [(r[0], r[1], r[2]) for r in rows if (r[1], r[2]) in wanted]


@cache
def _sharing_statement(open_statuses: tuple[str, ...]) -> Select[Any]:
    # built once (constructing it took 0.17 ms a call, a third of the statement's time on
    # PostgreSQL) from the tables' own columns, so that it runs as plain Core, not ORM
    ident = IdentifierRow.__table__.c
    open_case_store = (
        select(CaseRow.__table__.c.store_id)
        .where(
            CaseRow.__table__.c.id == ident.case_id, CaseRow.__table__.c.status.in_(open_statuses)
        )
        .scalar_subquery()
    )
    return (
        select(ident.case_id, ident.kind, ident.value)
        .where(
            ident.value.in_(bindparam("values", expanding=True)),
            open_case_store == bindparam("store_id"),
        )
        .order_by(ident.case_id)
    )


def case_holding_amazon_id(session: Session, amazon_case_id: str) -> int | None:
    return session.scalar(
        select(AmazonCaseIdRow.case_id).where(AmazonCaseIdRow.amazon_case_id == amazon_case_id)
    )


def add_amazon_case_id(session: Session, case_id: int, amazon_case_id: str, at: datetime) -> None:
    session.add(AmazonCaseIdRow(case_id=case_id, amazon_case_id=amazon_case_id, added_at=at))
    session.flush()  # the unique index answers a racing submit here, inside the transaction


def amazon_case_ids_of(session: Session, case_id: int) -> list[str]:
    return list(
        session.scalars(
            select(AmazonCaseIdRow.amazon_case_id)
            .where(AmazonCaseIdRow.case_id == case_id)
            .order_by(AmazonCaseIdRow.added_at, AmazonCaseIdRow.id)
        )
    )


def cases_by_amazon_id(session: Session, amazon_case_ids: Sequence[str]) -> dict[str, int]:
    rows = session.execute(
        select(AmazonCaseIdRow.amazon_case_id, AmazonCaseIdRow.case_id).where(
            AmazonCaseIdRow.amazon_case_id.in_(list(amazon_case_ids))
        )
    ).all()
    return {a: c for a, c in rows}


def move_amazon_case_ids(session: Session, from_case: int, to_case: int) -> None:
    session.execute(
        update(AmazonCaseIdRow)
        .where(AmazonCaseIdRow.case_id == from_case)
        .values(case_id=to_case)
        .execution_options(synchronize_session=False)
    )
