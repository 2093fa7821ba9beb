"""The case reads of ``case list`` and ``case show``, in SQLAlchemy Core.

Each function takes a Core :class:`~sqlalchemy.Connection` — from
:func:`~sellerdesk.storage.reading.reading`, or an ORM session's connection (the ORM
repositories hand theirs over flushed: :func:`flushed`) — and returns plain rows whose
attributes are named as the columns. Nothing here imports the ORM: the CLI's read commands
start without it (``tests/cli/test_light_paths.py``).
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from itertools import islice
from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement, Connection, Row, exists, func, select, text

from sellerdesk.core.cases.status import STATUSES
from sellerdesk.core.cases.views import PRIORITIES
from sellerdesk.storage.schema import (
    amazon_case_ids,
    attachments,
    case_identifiers,
    cases,
    event_attachments,
    events,
    stores,
    users,
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


def user_exists(conn: Connection, name: str) -> bool:
    """Whether a user is named ``name`` (a list filtered by a name nobody has is refused)."""
    return conn.execute(select(users.c.id).where(users.c.name == name)).first() is not None


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
    where: ListWhere | None = None,
    sort: str = "next_breach",
    descending: bool = False,
) -> list[Row[Any]]:
    """Sorted by ``sort`` (default: next breach, cases without a running clock last), then
    id; ``store_ids`` (when given) keeps only those stores' cases, ``where`` a view's and
    the page's other filters. Plain rows of :data:`LIST_KEYS` (times as ISO text, made by
    the database: parsing and formatting them back cost more per row than reading the
    row)."""
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
    bound = breaching_at
    statuses: tuple[str, ...] | None = None
    if where is not None:
        query = query.where(*where.conditions())
        statuses = where.statuses
        if where.breach_by is not None:
            bound = where.breach_by if bound is None else min(bound, where.breach_by)
    if bound is not None:
        query = query.where(cases.c.next_breach_at <= bound)
    narrow = where is not None and where.resolved_since is not None
    walk = Walk(dialect, sort, descending, bounded=bound is not None, narrow=narrow)
    if statuses and len(statuses) > 1 and sort == "next_breach":
        # one index walk per status ((assignee, status, next_breach_at, id)), merged here:
        # `status IN (…)` would make the database sort every matching case for one page
        parts = [walk.rows(conn, query.where(cases.c.status == s), limit) for s in statuses]
        merged = heapq.merge(*parts, key=_breach_key, reverse=descending)
        return list(islice(merged, limit))
    if statuses:
        query = query.where(cases.c.status.in_(statuses))
    return walk.rows(conn, query, limit)


@dataclass(frozen=True)
class ListWhere:
    """The list filters besides store, status and tag: a view's (``assignee`` — ``None``
    for "nobody" when ``unassigned`` —, ``statuses``, ``breach_by``, ``resolved_since``)
    and the page's ``priority`` and ``marketplace``."""

    assignee: str | None = None
    unassigned: bool = False
    statuses: tuple[str, ...] | None = None
    breach_by: datetime | None = None
    resolved_since: datetime | None = None
    priority: str | None = None
    marketplace: str | None = None

    def conditions(self) -> list[ColumnElement[bool]]:
        c = cases.c
        out: list[ColumnElement[bool]] = []
        if self.unassigned:
            out.append(c.assignee.is_(None))
        elif self.assignee is not None:
            out.append(c.assignee == self.assignee)
        if self.resolved_since is not None:
            out.append(c.resolved_at >= self.resolved_since)
        if self.priority is not None:
            out.append(c.priority == self.priority)
        if self.marketplace is not None:
            out.append(c.marketplace == self.marketplace)
        return out

    def every_condition(self) -> list[ColumnElement[bool]]:
        """:meth:`conditions` with the statuses and the breach bound (for a count)."""
        out = self.conditions()
        if self.statuses is not None:
            out.append(cases.c.status.in_(self.statuses))
        if self.breach_by is not None:
            out.append(cases.c.next_breach_at <= self.breach_by)
        return out


def counts(
    conn: Connection, wheres: Sequence[ListWhere], store_ids: Iterable[int] | None = None
) -> list[int]:
    """How many cases each of ``wheres`` keeps (of ``store_ids``' stores when given), in
    one statement. Each count reads an index alone where it can: see migration 0015."""
    subs = []
    for where in wheres:
        query = select(func.count()).select_from(cases).where(*where.every_condition())
        if store_ids is not None:
            query = query.where(cases.c.store_id.in_(sorted(store_ids)))
        subs.append(query.scalar_subquery())
    if not subs:
        return []
    return [int(n) for n in conn.execute(select(*subs)).one()]


def _breach_key(row: Row[Any]) -> tuple[bool, str, int]:
    """A row's place in the next-breach order (as the walks give it: no clock last)."""
    due = row[-1]
    return (due is None, due or "", row[0])


# one index walk: a condition (None: none) and an order
Part = tuple[ColumnElement[bool] | None, list[ColumnElement[Any]]]


@dataclass(frozen=True)
class Walk:
    """How a sort reads: one or more index walks, each a condition and an order, read in
    turn until the page is full. Several walks where one ``ORDER BY`` would need a sort the
    database cannot take from an index (SQLite cannot walk one for ``NULLS LAST``; the
    priority and status orders are not alphabetical)."""

    dialect: str
    sort: str
    descending: bool
    bounded: bool  # a breach bound: no case without a clock can match
    # a filter that keeps few cases by its own index ("resolved this week"): sorting those
    # beats walking the breach index past every running clock for none of them
    narrow: bool = False

    def parts(self) -> list[Part]:
        c = cases.c
        if self.sort == "next_breach":
            if self.dialect == "postgresql" or self.bounded:
                # one walk of the (…, next_breach_at, id) index: PostgreSQL's ascending order
                # keeps NULLs last (and descending first), as the walks below
                return [(None, [c.next_breach_at, c.id])]
            if self.narrow:  # SQLite: NULLS LAST spelled out, on the few rows kept
                return [(None, [c.next_breach_at.is_(None), c.next_breach_at, c.id])]
            return [
                (c.next_breach_at.is_not(None), [c.next_breach_at, c.id]),
                (c.next_breach_at.is_(None), [c.id]),
            ]
        if self.sort == "updated":
            return [(None, [c.updated_at, c.id])]
        if self.sort == "marketplace":
            return [(None, [c.marketplace, c.id])]
        if self.sort == "assignee":  # nobody's last
            return [
                (c.assignee.is_not(None), [c.assignee, c.status, c.next_breach_at, c.id]),
                (c.assignee.is_(None), [c.status, c.next_breach_at, c.id]),
            ]
        if self.sort == "priority":  # urgent first, then by id
            known: list[Part] = [(c.priority == p, [c.id]) for p in PRIORITIES]
            return [*known, (c.priority.not_in(PRIORITIES), [c.id])]
        assert self.sort == "status", self.sort  # the lifecycle's order, then next breach
        return [(c.status == s, [c.next_breach_at, c.id]) for s in STATUSES]

    def rows(self, conn: Connection, query: Any, limit: int) -> list[Row[Any]]:
        parts = self.parts()
        if self.descending:
            parts.reverse()
        rows: list[Row[Any]] = []
        for condition, order in parts:
            part = query if condition is None else query.where(condition)
            ordered = [o.desc() for o in order] if self.descending else order
            rows += conn.execute(part.order_by(*ordered).limit(limit - len(rows)))
            if len(rows) >= limit:
                break
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
