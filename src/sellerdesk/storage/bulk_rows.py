"""Bulk rows: many rows of one table written at a time, without SQLAlchemy's per-row work.

:func:`insert_rows` skips SQLAlchemy's per-row statement machinery. SQLite: the raw DBAPI
cursor's ``executemany`` with values converted here to exactly what SQLAlchemy stores (UTC
datetimes as ``YYYY-MM-DD HH:MM:SS.ffffff`` text, JSON through the dialect's serializer,
``json.dumps`` by default). PostgreSQL: ``COPY ... FROM STDIN`` through psycopg. Rows read
back through the ORM are the rows written through the ORM.

It runs on the caller's connection and inside the caller's transaction; nothing commits.
Its users import it through :mod:`.bulk`, with the suspended indexes of :mod:`.bulk_indexes`;
the index rebuild there writes through this module, which imports neither.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import UTC, datetime
from functools import partial
from typing import Any

from sqlalchemy import JSON, Column, Connection, Table
from sqlalchemy.exc import DBAPIError

from sellerdesk.core.search_tokens import index_text
from sellerdesk.storage.types import UTCDateTime

Convert = Callable[[Any], Any]
_ENCODER = json.JSONEncoder()
# json.dumps(value) with its default arguments, without building an encoder per call (what
# json.dumps does: ≈ 1 µs a call, a quarter of a small event row's conversion time)
_C_ENCODE = json.encoder.c_make_encoder  # type: ignore[attr-defined]
_ENCODE = (
    _C_ENCODE(
        None,  # markers: no circularity check; rows are plain data
        _ENCODER.default,
        json.encoder.encode_basestring_ascii,
        None,
        _ENCODER.key_separator,
        _ENCODER.item_separator,
        False,
        False,
        True,
    )
    if _C_ENCODE is not None
    else None
)


def _dumps(value: Any) -> str:
    if _ENCODE is None or isinstance(value, str):  # a str is encoded whole by json.dumps
        return _ENCODER.encode(value)
    return "".join(_ENCODE(value, 0))


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
        dumps: Callable[[Any], str] = getattr(conn.dialect, "_json_serializer", None) or _dumps
        # like SQLAlchemy's JSON (none_as_null=False): None is stored as the JSON 'null'
        return dumps
    bind = kind.bind_processor(conn.dialect)
    return bind


def _same(value: Any) -> Any:
    return value


# A column computed from another one of the same row when the rows do not carry it (as the
# ORM's validator on CaseRow computes it): rows from an older dump, or written by hand.
DERIVED: dict[tuple[str, str], tuple[str, Callable[[Any], Any]]] = {
    ("cases", "search_tokens"): ("search_text", lambda text: index_text(text or "")),
}


def _row_values(
    conn: Connection, table: Table, first: dict[str, Any]
) -> tuple[list[str], Callable[[dict[str, Any]], tuple[Any, ...]]]:
    """Column names to write and a function turning a row into their values, in order."""
    given = [c for c in table.columns if c.name in first]
    derived = [
        (c, source, fn)
        for c in table.columns
        if c.name not in first
        for source, fn in [DERIVED.get((table.name, c.name), ("", None))]
        if fn is not None and source in first
    ]
    derived_names = {c.name for c, _, _ in derived}
    defaults: list[tuple[Column[Any], Callable[[], Any]]] = []
    for c in table.columns:
        default = c.default
        if c.name in first or c.name in derived_names:
            continue
        if default is None or not (default.is_scalar or default.is_callable):
            continue
        arg: Any = getattr(default, "arg", None)
        defaults.append((c, partial(arg, None) if default.is_callable else partial(_same, arg)))
    columns = given + [c for c, _ in defaults] + [c for c, _, _ in derived]
    # one generated function per load builds each row's tuple in a single expression: a loop
    # over the columns per row cost more than the conversions themselves
    names: dict[str, Any] = {}
    parts = [f"row[{c.name!r}]" for c in given]
    for i, (_, make) in enumerate(defaults):
        names[f"m{i}"] = make
        parts.append(f"m{i}()")
    for i, (_, source, fn) in enumerate(derived):
        names[f"d{i}"] = fn
        parts.append(f"d{i}(row[{source!r}])")
    for i, c in enumerate(columns):
        if (convert := _converter(conn, c)) is not None:
            names[f"c{i}"] = convert
            parts[i] = f"c{i}({parts[i]})"
    source_code = f"def values(row):\n    return ({', '.join(parts)},)\n"
    exec(compile(source_code, f"<bulk row of {table.name}>", "exec"), names)
    return [c.name for c in columns], names["values"]


def row_tuples(
    conn: Connection, table: Table, rows: Sequence[dict[str, Any]]
) -> tuple[list[str], list[tuple[Any, ...]]]:
    """The column names and the value tuples :func:`insert_rows` would write for ``rows``
    (for measuring the database's side of a load apart from the conversion)."""
    if not rows:
        return [], []
    names, values = _row_values(conn, table, rows[0])
    return names, [values(row) for row in rows]


def insert_rows(conn: Connection, table: Table, rows: Iterable[dict[str, Any]]) -> int:
    """Insert ``rows`` (dicts keyed by column name, all with the first row's keys) into
    ``table``; returns how many. Columns absent from the rows get their Python default."""
    it = iter(rows)
    first = next(it, None)
    if first is None:
        return 0
    names, values = _row_values(conn, table, first)
    count = 0

    def converted() -> Iterator[tuple[Any, ...]]:
        nonlocal count
        yield values(first)
        count += 1
        for row in it:
            yield values(row)
            count += 1

    write_tuples(conn, table, names, converted())
    return count


def write_tuples(
    conn: Connection, table: Table, names: Sequence[str], records: Iterable[tuple[Any, ...]]
) -> None:
    """Write value tuples already converted (:func:`row_tuples`) into ``names`` of ``table``:
    ``COPY`` on PostgreSQL, the raw cursor's ``executemany`` on SQLite, in the caller's
    transaction (begun here if none is open, as ``Connection.execute`` would)."""
    if not conn.in_transaction():
        conn.begin()  # without it pysqlite would commit every row; the caller commits
    quote = conn.dialect.identifier_preparer.quote
    cols = ", ".join(quote(n) for n in names)
    target = quote(table.name)
    driver = conn.connection.driver_connection
    assert driver is not None
    dbapi_error: type[Exception] = conn.dialect.loaded_dbapi.Error
    try:
        if conn.dialect.name == "postgresql":
            sql = f"COPY {target} ({cols}) FROM STDIN"
            with driver.cursor() as cur, cur.copy(sql) as copy:
                for record in records:
                    copy.write_row(record)
            return
        sql = f"INSERT INTO {target} ({cols}) VALUES ({', '.join('?' * len(names))})"
        cursor = driver.cursor()  # sqlite3's executemany takes any iterable
        try:
            cursor.executemany(sql, records)
        finally:
            cursor.close()
    except dbapi_error as exc:  # raised as SQLAlchemy raises it (IntegrityError, ...)
        raise DBAPIError.instance(
            sql, None, exc, dbapi_error, dialect=conn.dialect, ismulti=True
        ) from exc
