"""The duplicate guard's trigram index, rebuilt in one pass after a bulk load.

Raw bulk inserts (``copy-db``, ``restore``, benchmark loads) bypass the ORM events that keep
``case_subject_shingles`` in step with the open cases, so the bulk path rebuilds it here,
when it rebuilds the search index (:mod:`.bulk_indexes`); ``sellerdesk reindex`` does too.
"""

from __future__ import annotations

from sqlalchemy import Column, Connection, MetaData, Table, delete

from sellerdesk.storage.bulk_rows import insert_rows
from sellerdesk.storage.duplicate_candidates import SHINGLES, open_case_subjects
from sellerdesk.storage.duplicate_postings import posting_rows

_SHINGLE_KEY = "store_id, shingle, shingle_count, case_id"
_SHINGLE_CASE_INDEX = (
    "CREATE INDEX ix_case_subject_shingles_case ON case_subject_shingles (case_id)"
)


def rebuild_duplicate_candidates(conn: Connection) -> int:
    """Recompute the duplicate guard's trigram index from the open cases; rows written.

    The rows come in case order, not key order, so they are not written into the live
    B-trees one by one (3x slower at a million cases): PostgreSQL loads the bare table and
    builds the primary key and index after; SQLite (whose WITHOUT ROWID table is its primary
    key) stages them in a temporary table and copies them over sorted.
    """
    subjects = open_case_subjects(conn)  # read whole before the raw cursor starts writing
    rows = (row for case in subjects for row in posting_rows(*case))
    conn.exec_driver_sql("DROP INDEX IF EXISTS ix_case_subject_shingles_case")
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql("TRUNCATE case_subject_shingles")
        conn.exec_driver_sql(
            "ALTER TABLE case_subject_shingles DROP CONSTRAINT IF EXISTS pk_case_subject_shingles"
        )
        written = insert_rows(conn, SHINGLES, rows)
        conn.exec_driver_sql(
            "ALTER TABLE case_subject_shingles "
            f"ADD CONSTRAINT pk_case_subject_shingles PRIMARY KEY ({_SHINGLE_KEY})"
        )
    else:
        conn.execute(delete(SHINGLES))
        staging = Table(
            "case_subject_shingles_staging",
            MetaData(),
            *(Column(c.name, c.type) for c in SHINGLES.columns),
            prefixes=["TEMPORARY"],
        )
        staging.create(conn)
        written = insert_rows(conn, staging, rows)
        conn.exec_driver_sql(
            f"INSERT INTO case_subject_shingles ({_SHINGLE_KEY}) SELECT {_SHINGLE_KEY} "
            f"FROM case_subject_shingles_staging ORDER BY {_SHINGLE_KEY}"
        )
        staging.drop(conn)
    conn.exec_driver_sql(_SHINGLE_CASE_INDEX)
    return written
