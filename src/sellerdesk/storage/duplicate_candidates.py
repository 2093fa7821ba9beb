"""The duplicate guard's candidates: open cases of a store whose subject may be very similar.

``case_subject_shingles`` holds every trigram of every open case's subject with the size of
its trigram set. For a new subject of ``n`` trigrams and a threshold ``t``, a stored subject
can reach Jaccard >= t only if (``core.cases.duplicates``) its size lies in ``size_band`` and
it misses at most ``n - min_shared`` of the new trigrams. So:

1. count, per new trigram, the stored postings in the size band, stopping at ``RARE_BELOW``
   (one statement); trigrams with no posting are missed by every stored subject, and if
   there are more of them than a match may miss, there is no candidate at all;
2. probe the rarest trigrams, at least ``n - min_shared + 1`` of them and every one found
   rare, and keep the cases that hold at least ``probed - (n - min_shared)`` of the probed
   trigrams (any match does: it misses at most ``n - min_shared`` of them);
3. the caller computes the exact Jaccard index of those few.

No subject that reaches the threshold is ever left out, whatever the store's size: the
answer is the brute-force comparison's (a property test holds it to that).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from sqlalchemy import Connection, Table, delete, insert, inspect, select
from sqlalchemy.orm import Session

from sellerdesk.core.cases.duplicates import min_shared, shingles, size_band
from sellerdesk.core.cases.status import OPEN_STATUSES
from sellerdesk.storage.tables import CaseRow, CaseSubjectShingleRow

# Postings counted per trigram to rank the trigrams by rarity; a trigram with this many or
# more is "common" and probed only when too few rare ones are left. Tuned on
# bench/duplicate_bench.py: higher costs counting time on common trigrams, lower lets
# coincidental shared trigrams through as candidates.
RARE_BELOW = 64
INDEXED_FIELDS = ("status", "subject", "store_id")
SHINGLES = cast(Table, CaseSubjectShingleRow.__table__)


def posting_rows(case_id: int, store_id: int, subject: str) -> list[dict[str, Any]]:
    """The index rows of one open case (sorted, as the primary key orders them)."""
    grams = sorted(shingles(subject))
    return [
        {"store_id": store_id, "shingle": g, "shingle_count": len(grams), "case_id": case_id}
        for g in grams
    ]


# -- upkeep, called from the mapper events in storage/tables.py ------------------------------


def indexed_fields_changed(case: CaseRow) -> bool:
    attrs = inspect(case).attrs
    return any(attrs[name].history.has_changes() for name in INDEXED_FIELDS)


def index_case(conn: Connection, case: CaseRow, *, replace: bool) -> None:
    """Make the case's postings match its status, subject and store (none unless open)."""
    if replace:
        unindex_case(conn, case.id)
    if case.status in OPEN_STATUSES:
        rows = posting_rows(case.id, case.store_id, case.subject)
        if rows:
            conn.execute(insert(SHINGLES), rows)


def unindex_case(conn: Connection, case_id: int) -> None:
    conn.execute(delete(SHINGLES).where(SHINGLES.c.case_id == case_id))


def open_case_subjects(conn: Connection) -> list[tuple[int, int, str]]:
    """``(case id, store id, subject)`` of every open case, for a rebuild of the index."""
    rows = conn.execute(
        select(CaseRow.id, CaseRow.store_id, CaseRow.subject).where(
            CaseRow.status.in_(OPEN_STATUSES)
        )
    )
    return [(i, s, subject) for i, s, subject in rows]


# -- lookup ----------------------------------------------------------------------------------


# The two statements go to the driver as written (``exec_driver_sql``): compiling them through
# SQLAlchemy cost several times the queries themselves (≈ 5 ms against ≈ 0.5 ms a check).
_OPEN_LIST = ", ".join(f"'{s}'" for s in OPEN_STATUSES)


def _marks(conn: Connection, n: int) -> str:
    mark = "?" if conn.dialect.name == "sqlite" else "%s"
    return ", ".join([mark] * n)


def _capped_counts(
    conn: Connection, store_id: int, grams: Sequence[str], lo: int, hi: int
) -> dict[str, int]:
    """Postings of each trigram in the store and size band, counted up to ``RARE_BELOW``."""
    mark = "?" if conn.dialect.name == "sqlite" else "%s"
    values = ", ".join([f"({mark})"] * len(grams))
    sql = (
        f"WITH probe(gram) AS (VALUES {values}) "
        "SELECT probe.gram, (SELECT count(*) FROM (SELECT 1 FROM case_subject_shingles AS p "
        f"WHERE p.store_id = {mark} AND p.shingle = probe.gram "
        f"AND p.shingle_count BETWEEN {mark} AND {mark} LIMIT {mark}) AS capped) FROM probe"
    )
    rows = conn.exec_driver_sql(sql, (*grams, store_id, lo, hi, RARE_BELOW)).all()
    return {gram: int(n) for gram, n in rows}


def similar_subject_candidates(
    session: Session, *, store_id: int, grams: frozenset[str], threshold: float
) -> list[tuple[int, str]]:
    """``(case id, subject)`` of the store's open cases that may reach ``threshold`` with a
    subject of trigram set ``grams``: a superset of the matches, usually a small one."""
    n = len(grams)
    if n == 0:
        return []  # an empty subject resembles nothing (set_similarity says 0)
    conn = session.connection()
    lo, hi = size_band(n, threshold)
    may_miss = n - min_shared(n, threshold)
    counts = _capped_counts(conn, store_id, sorted(grams), lo, hi)
    ranked = sorted(grams, key=lambda g: (counts[g], g))
    if sum(1 for g in ranked if counts[g] == 0) > may_miss:
        return []
    rare = sum(1 for g in ranked if counts[g] < RARE_BELOW)
    probe = ranked[: max(may_miss + 1, rare)]
    mark = "?" if conn.dialect.name == "sqlite" else "%s"
    sql = (
        "SELECT c.id, c.subject FROM cases AS c JOIN ("
        "SELECT case_id FROM case_subject_shingles "
        f"WHERE store_id = {mark} AND shingle IN ({_marks(conn, len(probe))}) "
        f"AND shingle_count BETWEEN {mark} AND {mark} "
        f"GROUP BY case_id HAVING count(*) >= {mark}) AS m ON m.case_id = c.id "
        # the index holds open cases only; checked again so a stale row can only add work
        f"WHERE c.store_id = {mark} AND c.status IN ({_OPEN_LIST}) ORDER BY c.id"
    )
    params = (store_id, *probe, lo, hi, len(probe) - may_miss, store_id)
    return [(int(i), str(s)) for i, s in conn.exec_driver_sql(sql, params).all()]
