"""The case reads of ``case list`` and ``case show``, in SQLAlchemy Core.

Each function takes a Core :class:`~sqlalchemy.Connection` — from
:func:`~sellerdesk.storage.reading.reading`, or an ORM session's connection (the ORM
repositories hand theirs over flushed: :func:`flushed`) — and returns plain rows whose
attributes are named as the columns. Nothing here imports the ORM: the CLI's read commands
start without it (``tests/cli/test_light_paths.py``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from functools import cache
from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement, Connection, Row, exists, func, select, text

from sellerdesk.storage.schema import (
    amazon_case_ids,
    attachments,
    case_identifiers,
    cases,
    event_attachments,
    events,
    stores,
)
from sellerdesk.storage.types import iso_utc_text

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


def flushed(session: Session) -> Connection:
    """The session's connection after its pending changes are written, so that a Core read
    sees them as the ORM's own queries would (they flush first too)."""
    session.flush()
    return session.connection()


# -- one case -----------------------------------------------------------------------------

# what a case shows: every column but the search index's text (never shown, and long)
_CASE_COLUMNS = tuple(c for c in cases.c if c.name not in ("search_text", "search_tokens"))


MAX_ID = 2**31 - 1  # an id past the column's range (INTEGER) is no case; SQLite would overflow


def case_by_id(conn: Connection, case_id: int) -> Row[Any] | None:
    if not 0 < case_id <= MAX_ID:
        return None
    return conn.execute(select(*_CASE_COLUMNS).where(cases.c.id == case_id)).first()


def store_name(conn: Connection, store_id: int) -> str | None:
    return conn.execute(select(stores.c.name).where(stores.c.id == store_id)).scalar()


def store_id_named(conn: Connection, name: str) -> int | None:
    return conn.execute(select(stores.c.id).where(stores.c.name == name)).scalar()


def store_names(conn: Connection) -> list[tuple[int, str]]:
    """Every store as ``(id, name)``, by name."""
    rows = conn.execute(select(stores.c.id, stores.c.name).order_by(stores.c.name))
    return [(int(i), str(n)) for i, n in rows]


def identifiers_of(conn: Connection, case_id: int) -> list[tuple[str, str]]:
    ident = case_identifiers.c
    rows = conn.execute(
        select(ident.kind, ident.value)
        .where(ident.case_id == case_id)
        .order_by(ident.kind, ident.value)
    )
    return [(k, v) for k, v in rows]


def amazon_case_ids_of(conn: Connection, case_id: int) -> list[str]:
    ids = amazon_case_ids.c
    query = select(ids.amazon_case_id).where(ids.case_id == case_id).order_by(ids.added_at, ids.id)
    return list(conn.execute(query).scalars())


def events_of(conn: Connection, case_id: int) -> list[Row[Any]]:
    """The case's events, oldest first (every column)."""
    query = (
        select(events)
        .where(events.c.case_id == case_id)
        .order_by(events.c.occurred_at, events.c.id)
    )
    return list(conn.execute(query))


# an event's file: event_id, file_name, sha256, size, media_type
FileRow = Row[int, str, str, int, str]


def attachments_of(conn: Connection, event_ids: Sequence[int]) -> dict[int, list[FileRow]]:
    """Per event: its files as rows of ``file_name, sha256, size, media_type``, by name."""
    if not event_ids:
        return {}
    link, blob = event_attachments.c, attachments.c
    rows = conn.execute(
        select(link.event_id, link.file_name, blob.sha256, blob.size, blob.media_type)
        .join_from(event_attachments, attachments, blob.id == link.attachment_id)
        .where(link.event_id.in_(list(event_ids)))
        .order_by(link.event_id, link.file_name)
    )
    out: dict[int, list[FileRow]] = {}
    for row in rows:
        out.setdefault(row.event_id, []).append(row)
    return out


def status_moves(conn: Connection, case_id: int) -> list[tuple[datetime, dict[str, Any]]]:
    """The case's status history, oldest first: ``(occurred_at, {"from", "to", ...})``."""
    rows = conn.execute(
        select(events.c.occurred_at, events.c.data)
        .where(events.c.case_id == case_id, events.c.direction == "status")
        .order_by(events.c.occurred_at, events.c.id)
    )
    return [(at, data or {}) for at, data in rows]


# -- the list -----------------------------------------------------------------------------

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
            return stores.c.name.label("store")
        own: ColumnElement[Any] = cases.c[key]
        return iso_utc_text(own, dialect).label(key) if key in ISO_KEYS else own

    return tuple(column(key) for key in LIST_KEYS)


def list_filtered(
    conn: Connection,
    *,
    store_id: int | None = None,
    store_ids: Iterable[int] | None = None,
    status: str | None = None,
    breaching_at: datetime | None = None,
    tag: str | None = None,
    limit: int = 100,
) -> list[Row[Any]]:
    """Sorted by next breach (cases without a running clock last), then id; ``store_ids``
    (when given) keeps only those stores' cases. Plain rows of :data:`LIST_KEYS` (times as
    ISO text, made by the database: parsing and formatting them back cost more per row than
    reading the row)."""
    dialect = conn.dialect.name
    query = select(*_list_columns(dialect)).join_from(
        cases, stores, stores.c.id == cases.c.store_id
    )
    if tag is not None:
        query = query.where(_has_tag(dialect, tag))
    if store_id is not None:
        query = query.where(cases.c.store_id == store_id)
    if store_ids is not None:
        query = query.where(cases.c.store_id.in_(sorted(store_ids)))
    if status is not None:
        query = query.where(cases.c.status == status)
    breach = cases.c.next_breach_at
    if dialect == "postgresql" and breaching_at is None:
        # one walk of the (…, next_breach_at, id) index: its ascending order keeps NULLs
        # last. The two walks below cost PostgreSQL a scan of the primary key for the second
        # (it does not take `IS NULL` as pinning the column): 5-25 ms for closed cases
        return list(
            conn.execute(query.order_by(breach.asc().nulls_last(), cases.c.id).limit(limit))
        )
    # two index walks instead of one NULLS LAST sort (SQLite cannot walk an index for it):
    # the cases with a running clock by breach, then, if there is room, the rest by id
    running = query.where(breach.is_not(None))
    if breaching_at is not None:
        running = running.where(breach <= breaching_at)
    rows = list(conn.execute(running.order_by(breach, cases.c.id).limit(limit)))
    if breaching_at is None and len(rows) < limit:
        idle = query.where(breach.is_(None)).order_by(cases.c.id)
        rows += conn.execute(idle.limit(limit - len(rows)))
    return rows


def _has_tag(dialect: str, tag: str) -> ColumnElement[bool]:
    """``tags`` (a JSON array of normalised tags) holds ``tag``."""
    if dialect == "sqlite":
        items = func.json_each(cases.c.tags).table_valued("value")
    else:
        items = func.json_array_elements_text(cases.c.tags).table_valued("value")
    return exists(select(1).select_from(items).where(items.c.value == tag))


def data_version(conn: Connection) -> str:
    """What a reader sees, as one comparable value: equal values mean equal case lists.

    SQLite: the change counter that migration 0010's triggers bump on every write to
    ``cases`` and ``stores``. PostgreSQL: the transaction's snapshot
    (``xmin:xmax:in-progress``); two equal snapshots see exactly the same committed rows
    (MVCC visibility depends on nothing else). It moves on any write anywhere in the
    cluster, so it is conservative (more misses), never stale. Read it first in a
    transaction, before the rows it stands for: rows read later can only be as new or newer
    (PostgreSQL's READ COMMITTED takes a snapshot per statement), so a page is never filed
    under a version newer than its rows."""
    if conn.dialect.name == "postgresql":
        return str(conn.execute(text("SELECT pg_current_snapshot()::text")).scalar_one())
    version = conn.execute(text("SELECT version FROM data_versions WHERE name = 'cases'"))
    return str(version.scalar_one())
