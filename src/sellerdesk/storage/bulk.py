"""Bulk loading: many rows of one table at a time, with the search index suspended.

* :func:`insert_rows` skips SQLAlchemy's per-row statement machinery. SQLite: the raw DBAPI
  cursor's ``executemany`` with values converted here to exactly what SQLAlchemy stores
  (UTC datetimes as ``YYYY-MM-DD HH:MM:SS.ffffff`` text, JSON through the dialect's
  serializer, ``json.dumps`` by default). PostgreSQL: ``COPY ... FROM STDIN`` through psycopg.
  Rows read back through the ORM are the rows written through the ORM.
* :func:`search_index_suspended` drops the FTS5 triggers (SQLite) or the GIN trigram index
  (PostgreSQL) while loading and rebuilds the index once at the end, which costs far less
  than maintaining it row by row. The statements come from :mod:`sellerdesk.storage.search`.
  The duplicate guard's index (``case_subject_shingles``, kept by ORM events the raw inserts
  bypass) is rebuilt at the same moment (:func:`rebuild_duplicate_candidates`).

Both run on the caller's connection and inside the caller's transaction; nothing commits.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import partial
from operator import itemgetter
from typing import Any

from sqlalchemy import JSON, Column, Connection, MetaData, Table, delete
from sqlalchemy.exc import DBAPIError

from sellerdesk.storage.duplicate_candidates import SHINGLES, open_case_subjects, posting_rows
from sellerdesk.storage.search import (
    PG_TRGM_INDEX,
    PG_TRGM_INDEX_NAME,
    SQLITE_FTS_TABLE,
    SQLITE_REBUILD,
    SQLITE_TRIGGERS,
)
from sellerdesk.storage.types import UTCDateTime

Convert = Callable[[Any], Any]
_DUMPS = json.JSONEncoder().encode  # json.dumps(value) with its default arguments


# --- search index ---------------------------------------------------------------------------


def _drop_index(conn: Connection) -> None:
    if conn.dialect.name == "sqlite":
        for name in SQLITE_TRIGGERS:
            conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")
    elif conn.dialect.name == "postgresql":
        conn.exec_driver_sql(f"DROP INDEX IF EXISTS {PG_TRGM_INDEX_NAME}")


def _restore_index(conn: Connection) -> None:
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql(SQLITE_FTS_TABLE)
        for statement in SQLITE_TRIGGERS.values():
            conn.exec_driver_sql(statement)
        conn.exec_driver_sql(SQLITE_REBUILD)
    elif conn.dialect.name == "postgresql":
        conn.exec_driver_sql(PG_TRGM_INDEX)
    rebuild_duplicate_candidates(conn)


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
    """Drop the case search index maintenance for the block; rebuild the index after it.

    On an error the index is restored too, unless the PostgreSQL transaction has failed:
    then the caller's rollback undoes the ``DROP INDEX`` along with everything else.
    """
    _drop_index(conn)
    try:
        yield
    except BaseException:
        if not _transaction_failed(conn):
            _restore_index(conn)
        raise
    _restore_index(conn)


# --- rows -----------------------------------------------------------------------------------


def _sqlite_datetime(value: datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is None:
        raise ValueError("naive datetime given to a UTC column")
    v = value if value.tzinfo is UTC else value.astimezone(UTC)
    # SQLAlchemy's SQLite DATETIME storage format (microseconds always written)
    return "%04d-%02d-%02d %02d:%02d:%02d.%06d" % (  # noqa: UP031 - fastest here
        v.year,
        v.month,
        v.day,
        v.hour,
        v.minute,
        v.second,
        v.microsecond,
    )


def _aware(value: datetime | None) -> datetime | None:
    if value is not None and value.tzinfo is None:
        raise ValueError("naive datetime given to a UTC column")
    return value


def _converter(conn: Connection, column: Column[Any]) -> Convert | None:
    kind = column.type
    if isinstance(kind, UTCDateTime):
        return _sqlite_datetime if conn.dialect.name == "sqlite" else _aware
    if isinstance(kind, JSON):
        # SQLAlchemy's serializer for the dialect: json.dumps unless the engine names another
        # (an encoder with json.dumps's defaults writes the same text, minus the call overhead)
        dumps: Callable[[Any], str] = getattr(conn.dialect, "_json_serializer", None) or _DUMPS
        # like SQLAlchemy's JSON (none_as_null=False): None is stored as the JSON 'null'
        return dumps
    bind = kind.bind_processor(conn.dialect)
    return bind


def _same(value: Any) -> Any:
    return value


def _row_values(
    conn: Connection, table: Table, first: dict[str, Any]
) -> tuple[list[str], Callable[[dict[str, Any]], list[Any]]]:
    """Column names to write and a function turning a row into their values, in order."""
    given = [c for c in table.columns if c.name in first]
    defaults: list[tuple[Column[Any], Callable[[], Any]]] = []
    for c in table.columns:
        default = c.default
        if c.name in first or default is None or not (default.is_scalar or default.is_callable):
            continue
        arg: Any = getattr(default, "arg", None)
        defaults.append((c, partial(arg, None) if default.is_callable else partial(_same, arg)))
    columns = given + [c for c, _ in defaults]
    get = itemgetter(*(c.name for c in given))
    single = len(given) == 1
    converts = [(i, f) for i, c in enumerate(columns) if (f := _converter(conn, c)) is not None]
    makers = [make for _, make in defaults]

    def values(row: dict[str, Any]) -> list[Any]:
        out = [get(row)] if single else list(get(row))
        out.extend(make() for make in makers)
        for i, f in converts:
            out[i] = f(out[i])
        return out

    return [c.name for c in columns], values


def insert_rows(conn: Connection, table: Table, rows: Iterable[dict[str, Any]]) -> int:
    """Insert ``rows`` (dicts keyed by column name, all with the first row's keys) into
    ``table``; returns how many. Columns absent from the rows get their Python default."""
    it = iter(rows)
    first = next(it, None)
    if first is None:
        return 0
    if not conn.in_transaction():
        conn.begin()  # what Connection.execute does (autobegin); the caller commits
    names, values = _row_values(conn, table, first)
    quote = conn.dialect.identifier_preparer.quote
    cols = ", ".join(quote(n) for n in names)
    target = quote(table.name)
    count = 0

    def converted() -> Iterator[list[Any]]:
        nonlocal count
        yield values(first)
        count += 1
        for row in it:
            yield values(row)
            count += 1

    driver = conn.connection.driver_connection
    assert driver is not None
    dbapi_error: type[Exception] = conn.dialect.loaded_dbapi.Error
    try:
        if conn.dialect.name == "postgresql":
            sql = f"COPY {target} ({cols}) FROM STDIN"
            with driver.cursor() as cur, cur.copy(sql) as copy:
                for record in converted():
                    copy.write_row(record)
            return count
        sql = f"INSERT INTO {target} ({cols}) VALUES ({', '.join('?' * len(names))})"
        cursor = driver.cursor()  # sqlite3's executemany takes any iterable
        try:
            cursor.executemany(sql, converted())
        finally:
            cursor.close()
    except dbapi_error as exc:  # raised as SQLAlchemy raises it (IntegrityError, ...)
        raise DBAPIError.instance(
            sql, None, exc, dbapi_error, dialect=conn.dialect, ismulti=True
        ) from exc
    return count
