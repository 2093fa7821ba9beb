"""Bulk loading: many rows of one table at a time, with the indexes suspended.

* :func:`insert_rows` (from :mod:`.bulk_rows`) skips SQLAlchemy's per-row statement
  machinery: the raw cursor's ``executemany`` on SQLite, ``COPY`` on PostgreSQL.
* :func:`search_index_suspended` and :func:`bulk_load` (from :mod:`.bulk_indexes`) drop the
  search index (and for ``bulk_load`` the secondary indexes) while loading and build them
  once at the end, which costs far less than maintaining them row by row.

Both run on the caller's connection and inside the caller's transaction; nothing commits.
The loaders (``copy-db``, ``restore``, the benchmarks) import the bulk path from here; the two
halves live apart because the index rebuild writes through the rows half.
"""

from __future__ import annotations

from sellerdesk.storage.bulk_indexes import bulk_load, search_index_suspended
from sellerdesk.storage.bulk_rows import insert_rows, row_tuples, write_tuples

__all__ = ["bulk_load", "insert_rows", "row_tuples", "search_index_suspended", "write_tuples"]
