"""The duplicate guard's index rows of one case (``case_subject_shingles``): made, written, removed.

The mapper events in :mod:`.tables` call :func:`index_case` / :func:`unindex_case` on every
ORM change of a case, and the bulk rebuild (:mod:`.duplicate_index`) writes
:func:`posting_rows` for every open case. This module is given the shingle table instead of
importing the table module: ``tables`` imports it to register those events, and the lookup
that reads the index (:mod:`.duplicate_candidates`) imports ``tables``.
"""

from __future__ import annotations

from typing import Any, Protocol

from sqlalchemy import Connection, Table, delete, insert, inspect

from sellerdesk.core.cases.duplicates import shingles
from sellerdesk.core.cases.status import OPEN_STATUSES

INDEXED_FIELDS = ("status", "subject", "store_id")


class IndexedCase(Protocol):
    """What the index reads of a case row."""

    @property
    def id(self) -> int: ...
    @property
    def store_id(self) -> int: ...
    @property
    def status(self) -> str: ...
    @property
    def subject(self) -> str: ...


def posting_rows(case_id: int, store_id: int, subject: str) -> list[dict[str, Any]]:
    """The index rows of one open case (sorted, as the primary key orders them)."""
    grams = sorted(shingles(subject))
    return [
        {"store_id": store_id, "shingle": g, "shingle_count": len(grams), "case_id": case_id}
        for g in grams
    ]


def indexed_fields_changed(case: IndexedCase) -> bool:
    """Whether this flush changes what the index holds of the case (its status, subject or
    store); any other change leaves the index alone."""
    attrs = inspect(case).attrs
    return any(attrs[name].history.has_changes() for name in INDEXED_FIELDS)


def index_case(conn: Connection, postings: Table, case: IndexedCase, *, replace: bool) -> None:
    """Make the case's postings match its status, subject and store (none unless open)."""
    if replace:
        unindex_case(conn, postings, case.id)
    if case.status in OPEN_STATUSES:
        rows = posting_rows(case.id, case.store_id, case.subject)
        if rows:
            conn.execute(insert(postings), rows)


def unindex_case(conn: Connection, postings: Table, case_id: int) -> None:
    conn.execute(delete(postings).where(postings.c.case_id == case_id))
