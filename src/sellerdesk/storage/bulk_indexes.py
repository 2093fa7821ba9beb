"""Indexes and settings around a bulk load (the classic practice: load, then index).

* :func:`search_index_suspended` drops the case search index's maintenance (the FTS5 triggers
  on SQLite, the GIN index on PostgreSQL; the search vocabulary's triggers on both) and builds
  the index and the vocabulary once at the end, with the duplicate guard's trigram index
  (:mod:`.duplicate_index`), which raw inserts bypass.
* :func:`bulk_load` does that, and also drops the secondary (non-unique) indexes of the
  tables being loaded and creates them at the end: one sorted build per index instead of a
  random B-tree insert per row; unique indexes stay, they guard the data. On PostgreSQL
  their foreign keys go too and come back validated by one join each (``pg_restore``'s
  order), instead of a trigger lookup per row; SQLite keeps checking per row (its
  constraints cannot be altered). It also applies
  load settings for the connection and puts them back:

  - SQLite: ``cache_size`` 256 MiB (the default 2 MiB makes the index builds and the FTS5
    rebuild spill). Durability is the store's own: WAL with ``synchronous=NORMAL`` already
    syncs only at checkpoints, so ``synchronous=OFF`` would gain little and risk a corrupt
    file on power loss; a killed load leaves the store at its last commit, and opens cleanly.
  - PostgreSQL ``synchronous_commit=off`` (a crash loses at most the last commits, never
    consistency) and ``maintenance_work_mem`` 512 MB for the index builds (GIN builds
    in memory chunks of that size; the 64 MB default makes a million-case build spill).

Everything runs on the caller's connection and inside the caller's transaction; nothing
commits. On an error the indexes are restored too, unless the PostgreSQL transaction has
failed: then the caller's rollback undoes the ``DROP INDEX`` along with everything else.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from sqlalchemy import Connection, Index, Table, inspect, text

from sellerdesk.storage import search_terms
from sellerdesk.storage.duplicate_index import rebuild_duplicate_candidates
from sellerdesk.storage.search import (
    PG_INDEX_NAME,
    PG_TOKEN_INDEX,
    SQLITE_FTS_TABLE,
    SQLITE_REBUILD,
    SQLITE_TRIGGERS,
)

SQLITE_LOAD = {"cache_size": "-262144"}
PG_LOAD = {"synchronous_commit": "off", "maintenance_work_mem": "'512MB'"}


def _drop_search_index(conn: Connection) -> None:
    search_terms.drop_triggers(conn)
    if conn.dialect.name == "sqlite":
        for name in SQLITE_TRIGGERS:
            conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")
    elif conn.dialect.name == "postgresql":
        conn.exec_driver_sql(f"DROP INDEX IF EXISTS {PG_INDEX_NAME}")


def _restore_search_index(conn: Connection) -> None:
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql(SQLITE_FTS_TABLE)
        for statement in SQLITE_TRIGGERS.values():
            conn.exec_driver_sql(statement)
        conn.exec_driver_sql(SQLITE_REBUILD)
    elif conn.dialect.name == "postgresql":
        conn.exec_driver_sql(PG_TOKEN_INDEX)
    search_terms.create(conn)
    search_terms.rebuild(conn)
    rebuild_duplicate_candidates(conn)


def _transaction_failed(conn: Connection) -> bool:
    """PostgreSQL refuses every statement until a failed transaction is rolled back."""
    if conn.dialect.name != "postgresql":
        return False
    from psycopg.pq import TransactionStatus

    driver = conn.connection.driver_connection
    status = getattr(getattr(driver, "info", None), "transaction_status", None)
    return bool(status == TransactionStatus.INERROR)


@contextmanager
def search_index_suspended(conn: Connection) -> Iterator[None]:
    """Drop the case search index maintenance for the block; rebuild the index after it."""
    _drop_search_index(conn)
    try:
        yield
    except BaseException:
        if not _transaction_failed(conn):
            _restore_search_index(conn)
        raise
    _restore_search_index(conn)


def _secondary_indexes(conn: Connection, tables: Sequence[Table]) -> list[Index]:
    """The non-unique indexes of ``tables`` that the models declare and the database has."""
    inspector = inspect(conn)
    found = []
    for table in tables:
        present = {ix["name"] for ix in inspector.get_indexes(table.name)}
        found += [ix for ix in table.indexes if not ix.unique and ix.name in present]
    return found


def _settings(conn: Connection, values: dict[str, str]) -> dict[str, str]:
    """Apply ``values``; returns the settings as they were."""
    old = {}
    for name, value in values.items():
        if conn.dialect.name == "sqlite":
            old[name] = str(conn.exec_driver_sql(f"PRAGMA {name}").scalar())
            conn.exec_driver_sql(f"PRAGMA {name} = {value}")
        else:
            old[name] = "'" + str(conn.exec_driver_sql(f"SHOW {name}").scalar()) + "'"
            conn.exec_driver_sql(f"SET {name} = {value}")
    return old


def _pg_foreign_keys(conn: Connection, tables: Sequence[Table]) -> list[tuple[str, str, str]]:
    """``(table, constraint name, definition)`` of the foreign keys of ``tables``."""
    if conn.dialect.name != "postgresql":
        return []
    names = [t.name for t in tables]
    rows = conn.execute(
        text(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
            "FROM pg_constraint WHERE contype = 'f' AND conrelid::regclass::text = ANY(:names)"
        ),
        {"names": names},
    )
    return [(str(t), str(n), str(d)) for t, n, d in rows]


def _restore(conn: Connection, indexes: list[Index], keys: list[tuple[str, str, str]]) -> None:
    for index in indexes:
        index.create(conn, checkfirst=True)
    for table, name, definition in keys:  # one validating join per key, not a check per row
        conn.exec_driver_sql(f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {definition}')


@contextmanager
def bulk_load(conn: Connection, tables: Sequence[Table]) -> Iterator[None]:
    """Load settings, the search index and the secondary indexes of ``tables`` suspended for
    the block; indexes built and settings restored after it (see the module's text)."""
    dialect = conn.dialect.name
    old = _settings(conn, SQLITE_LOAD if dialect == "sqlite" else PG_LOAD)
    indexes = _secondary_indexes(conn, tables)
    keys = _pg_foreign_keys(conn, tables)
    for index in indexes:
        index.drop(conn)
    for table, name, _ in keys:
        conn.exec_driver_sql(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"')
    try:
        with search_index_suspended(conn):
            yield
    except BaseException:
        if not _transaction_failed(conn):
            _restore(conn, indexes, keys)
            _settings(conn, old)
        raise
    _restore(conn, indexes, keys)
    _settings(conn, old)
