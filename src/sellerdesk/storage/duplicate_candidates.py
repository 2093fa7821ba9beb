"""The duplicate guard's lookup: open cases of a store whose subject is very similar.

``case_subject_shingles`` holds every trigram of every open case's subject (its trigram SET:
each trigram once) with the size of that set. So for a new subject of ``n`` trigrams, the
Jaccard index with a stored subject of ``m`` is ``shared / (n + m - shared)``, where
``shared`` counts the stored subject's postings whose trigram is one of the ``n``: the
postings alone answer, without the stored subject. For a threshold ``t``, a stored subject
can reach Jaccard >= t only if (``core.cases.duplicates``) its size lies in ``size_band``
and it misses at most ``n - min_shared`` of the new trigrams. So:

1. count, per new trigram, the stored postings in the size band, stopping at ``RARE_BELOW``
   (one statement); trigrams with no posting are missed by every stored subject, and if
   there are more of them than a match may miss, there is no match at all;
2. one statement: probe the rarest trigrams, every one found rare if they are more than
   ``n - min_shared`` (else all ``n``), and keep the cases that hold at least
   ``probed - (n - min_shared)`` of them (any match does: it misses at most
   ``n - min_shared`` of them); count the ``shared`` postings of those few over all ``n``
   trigrams (through the case index; with all ``n`` probed that count is the probe's own),
   keep those whose ``shared`` and ``m`` can reach the threshold, and join their subjects;
3. :func:`overlap_similarity` (the same float division as ``set_similarity``) decides.

No subject that reaches the threshold is ever left out, whatever the store's size, and none
below it is let in: the answer is the brute-force comparison's (a property test holds it to
that). It relies on the index being in step with the subjects, which the mapper events and
the bulk rebuild keep it (``sellerdesk reindex`` repairs it after SQL that bypasses both).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, select
from sqlalchemy.orm import Session

from sellerdesk.core.cases.duplicates import (
    BOUND_SLACK,
    min_shared,
    overlap_similarity,
    size_band,
)
from sellerdesk.core.cases.status import OPEN_STATUSES
from sellerdesk.storage import schema
from sellerdesk.storage.tables import CaseRow

# Postings counted per trigram to rank the trigrams by rarity; a trigram with this many or
# more is "common" and probed only when too few rare ones are left. Tuned on
# bench/duplicate_bench.py: higher costs counting time on common trigrams, lower lets
# coincidental shared trigrams through as candidates.
RARE_BELOW = 64
SHINGLES = schema.case_subject_shingles


# -- the rebuild's source (storage/duplicate_index.py) ---------------------------------------


def open_case_subjects(conn: Connection) -> list[tuple[int, int, str]]:
    """``(case id, store id, subject)`` of every open case, for a rebuild of the index."""
    rows = conn.execute(
        select(CaseRow.id, CaseRow.store_id, CaseRow.subject).where(
            CaseRow.status.in_(OPEN_STATUSES)
        )
    )
    return [(i, s, subject) for i, s, subject in rows]


# -- lookup ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SimilarSubject:
    case_id: int
    subject: str
    score: float  # the Jaccard index of the two subjects' trigram sets


# The two statements go to the driver as written (``exec_driver_sql``): compiling them through
# SQLAlchemy cost several times the queries themselves (≈ 5 ms against ≈ 0.5 ms a check).
_OPEN_LIST = ", ".join(f"'{s}'" for s in OPEN_STATUSES)


def _mark(conn: Connection) -> str:
    return "?" if conn.dialect.name == "sqlite" else "%s"


def _one_of(conn: Connection, column: str, n: int) -> str:
    """``column`` is one of ``n`` values (passed by :func:`_values`). PostgreSQL: one array
    parameter, so that the statement's text does not change with ``n``: psycopg re-parses a
    statement of more than 50 placeholders on every call (≈ 0.6 ms each here) and prepares
    it never; SQLite: ``n`` placeholders (it has no arrays)."""
    if conn.dialect.name == "sqlite":
        return f"{column} IN ({', '.join('?' * n)})"
    return f"{column} = ANY(%s)"


def _values(conn: Connection, values: Sequence[str]) -> tuple[Any, ...]:
    return tuple(values) if conn.dialect.name == "sqlite" else (list(values),)


def _capped_counts(
    conn: Connection, store_id: int, grams: Sequence[str], lo: int, hi: int
) -> dict[str, int]:
    """Postings of each trigram in the store and size band, counted up to ``RARE_BELOW``."""
    mark = _mark(conn)
    if conn.dialect.name == "sqlite":
        probe = f"VALUES {', '.join(['(?)'] * len(grams))}"
    else:
        probe = "SELECT unnest(CAST(%s AS text[]))"
    sql = (
        f"WITH probe(gram) AS ({probe}) "
        "SELECT probe.gram, (SELECT count(*) FROM (SELECT 1 FROM case_subject_shingles AS p "
        f"WHERE p.store_id = {mark} AND p.shingle = probe.gram "
        f"AND p.shingle_count BETWEEN {mark} AND {mark} LIMIT {mark}) AS capped) FROM probe"
    )
    rows = conn.exec_driver_sql(sql, (*_values(conn, grams), store_id, lo, hi, RARE_BELOW)).all()
    return {gram: int(n) for gram, n in rows}


def _overlap_sql(conn: Connection, probed: int, n: int) -> str:
    """The overlap of the candidates with all ``n`` trigrams; the close ones' subjects.

    With a prefix (``probed < n``), the cases holding enough probed trigrams are the
    candidates and their own postings are recounted through ``ix_case_subject_shingles_case``
    (covering on SQLite): that count has no store condition, so the primary key cannot serve
    it. With all ``n`` probed, the grouped count over the primary key is the overlap itself.
    ``shared * (1 + t) >= t * (n + m)`` is Jaccard >= t, with t lowered a hair (as the bounds
    are) so that float rounding can only let a row through, which Python then decides.
    """
    mark = _mark(conn)
    by_store = (
        f"store_id = {mark} AND {_one_of(conn, 'shingle', probed)} "
        f"AND shingle_count BETWEEN {mark} AND {mark}"
    )
    if probed < n:
        counted = (
            "SELECT s.case_id, s.shingle_count, count(*) AS shared FROM case_subject_shingles "
            f"AS s WHERE s.case_id IN (SELECT case_id FROM case_subject_shingles WHERE {by_store} "
            f"GROUP BY case_id HAVING count(*) >= {mark}) AND {_one_of(conn, 's.shingle', n)} "
            "GROUP BY s.case_id, s.shingle_count HAVING "
        )
    else:
        counted = (
            "SELECT case_id, shingle_count, count(*) AS shared FROM case_subject_shingles "
            f"WHERE {by_store} GROUP BY case_id, shingle_count HAVING count(*) >= {mark} AND "
        )
    return (
        f"SELECT c.id, c.subject, o.shingle_count, o.shared FROM ({counted}"
        f"count(*) * {mark} >= {mark} * ({mark} + shingle_count)) AS o "
        "JOIN cases AS c ON c.id = o.case_id "
        # the index holds open cases only; checked again so a stale row is not reported
        f"WHERE c.store_id = {mark} AND c.status IN ({_OPEN_LIST}) ORDER BY c.id"
    )


def similar_open_subjects(
    session: Session, *, store_id: int, grams: frozenset[str], threshold: float
) -> list[SimilarSubject]:
    """The store's open cases whose subject reaches ``threshold`` with a subject of trigram
    set ``grams``, by case id: exactly those a comparison with every open case finds."""
    n = len(grams)
    if n == 0:
        return []  # an empty subject resembles nothing (set_similarity says 0)
    conn = session.connection()
    lo, hi = size_band(n, threshold)
    may_miss = n - min_shared(n, threshold)
    ordered = sorted(grams)
    counts = _capped_counts(conn, store_id, ordered, lo, hi)
    ranked = sorted(ordered, key=lambda g: (counts[g], g))
    if sum(1 for g in ranked if counts[g] == 0) > may_miss:
        return []
    rare = sum(1 for g in ranked if counts[g] < RARE_BELOW)
    # a probe of common trigrams lets through every case holding any of them (thousands, each
    # recounted); then probing all n at once, which yields the overlap directly, costs less
    probe = ranked[:rare] if rare > may_miss else ranked
    t = threshold - BOUND_SLACK
    need = len(probe) - may_miss
    recount = ordered if len(probe) < n else []
    recounted = _values(conn, recount) if recount else ()
    params = (store_id, *_values(conn, probe), lo, hi, need, *recounted, 1 + t, t, n, store_id)
    rows = conn.exec_driver_sql(_overlap_sql(conn, len(probe), n), params).all()
    found = (
        SimilarSubject(int(i), str(subject), overlap_similarity(n, int(m), int(shared)))
        for i, subject, m, shared in rows
    )
    return [match for match in found if match.score >= threshold]
