"""What a reader sees, as one comparable value: equal values mean equal case lists.

SQLite: the change counter that migration 0010's triggers bump on every write to ``cases``
and ``stores``. PostgreSQL: the transaction's snapshot (``xmin:xmax:in-progress``); two
equal snapshots see exactly the same committed rows (MVCC visibility depends on nothing
else). It moves on any write anywhere in the cluster, so it is conservative (more misses),
never stale. Read it first in a transaction, before the rows it stands for: rows read later
can only be as new or newer (PostgreSQL's READ COMMITTED takes a snapshot per statement),
so a page is never filed under a version newer than its rows.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.orm import Session


def data_version(session: Session) -> str:
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        return str(connection.execute(text("SELECT pg_current_snapshot()::text")).scalar_one())
    version = connection.execute(
        text("SELECT version FROM data_versions WHERE name = 'cases'")
    ).scalar_one()
    return str(version)
