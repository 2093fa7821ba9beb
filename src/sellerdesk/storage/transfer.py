"""Move every row of the tracker between databases and to/from JSON lines, ids kept.

Tables go in dependency order (``Base.metadata.sorted_tables``). A column referring to its
own table (``cases.merged_into_id``) is filled in a second pass, so a case merged into a
later case still loads. Rows go in through the bulk path (``storage/bulk.py``: raw
``executemany`` on SQLite, ``COPY`` on PostgreSQL): a whole copy inside ``bulk_load``
(indexes and PostgreSQL's foreign keys built after the rows), a JSON-lines table load with the
case search index suspended while the cases load and rebuilt once after. Derived tables
(the duplicate guard's trigram index) are not copied: the index rebuild recomputes them.
The caller owns the transaction; nothing here commits.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, nullcontext
from datetime import datetime
from typing import IO, Any

from sqlalchemy import Column, Connection, Engine, Table, bindparam, func, select, update

from sellerdesk.storage import alert_tables  # noqa: F401  (the alert tables are backed up too)
from sellerdesk.storage.backup_runs import BACKUP_RUNS
from sellerdesk.storage.bulk import bulk_load, insert_rows, search_index_suspended
from sellerdesk.storage.duplicate_candidates import SHINGLES
from sellerdesk.storage.tables import Base, CaseRow
from sellerdesk.storage.types import UTCDateTime

BATCH = 2000
Progress = Callable[[int, int], None]


DERIVED: tuple[Table, ...] = (SHINGLES,)
# the history of this store's scheduled backups: neither copied nor cleared by a restore
LOCAL: tuple[Table, ...] = (BACKUP_RUNS,)  # type: ignore[assignment]


def tables() -> list[Table]:
    """The tables holding the store's own data, in dependency order (derived ones left out)."""
    return [t for t in Base.metadata.sorted_tables if t not in DERIVED and t not in LOCAL]


def counts(conn: Connection) -> dict[str, int]:
    return {t.name: int(conn.scalar(select(func.count()).select_from(t)) or 0) for t in tables()}


def non_empty(conn: Connection) -> dict[str, int]:
    return {name: n for name, n in counts(conn).items() if n}


def _order(table: Table) -> list[Column[Any]]:
    return list(table.primary_key.columns)


def iter_batches(
    conn: Connection, table: Table, batch: int = BATCH
) -> Iterator[list[dict[str, Any]]]:
    result = conn.execution_options(yield_per=batch).execute(select(table).order_by(*_order(table)))
    for part in result.mappings().partitions():
        yield [dict(row) for row in part]


def _self_refs(table: Table) -> list[str]:
    return [fk.parent.name for fk in table.foreign_keys if fk.column.table is table]


class _Loader:
    """Inserts batches of one table, deferring self-references to :meth:`finish`."""

    def __init__(self, conn: Connection, table: Table) -> None:
        self.conn, self.table = conn, table
        self.refs = _self_refs(table)
        self.pk = _order(table)[0].name
        self.later: list[dict[str, Any]] = []

    def add(self, rows: list[dict[str, Any]]) -> None:
        if not rows:
            return
        if self.refs:
            rows = [dict(r) for r in rows]
            for row in rows:
                for col in self.refs:
                    if row.get(col) is not None:
                        self.later.append({"_pk": row[self.pk], "_col": col, "_v": row[col]})
                        row[col] = None
        insert_rows(self.conn, self.table, rows)

    def finish(self) -> None:
        for col in self.refs:
            params = [{"_pk": r["_pk"], "_v": r["_v"]} for r in self.later if r["_col"] == col]
            if params:
                stmt = (
                    update(self.table)
                    .where(self.table.c[self.pk] == bindparam("_pk"))
                    .values({col: bindparam("_v")})
                )
                self.conn.execute(stmt, params)


def _index_suspended(conn: Connection, table: Table) -> AbstractContextManager[None]:
    """The search index is rebuilt once after the cases load, not row by row."""
    return search_index_suspended(conn) if table is CaseRow.__table__ else nullcontext()


def copy_tables(
    src: Connection, dst: Connection, *, progress: Progress | None = None, batch: int = BATCH
) -> dict[str, int]:
    """Copy every row from ``src`` to ``dst``; returns rows copied per table."""
    total = sum(counts(src).values())
    done = 0
    copied: dict[str, int] = {}
    # one bulk load for all tables: secondary indexes, PostgreSQL's foreign keys and the search
    # index are built once, after the rows (the target is empty, see backup.copy_db)
    with bulk_load(dst, tables()):
        for table in tables():
            loader = _Loader(dst, table)
            copied[table.name] = 0
            for rows in iter_batches(src, table, batch):
                loader.add(rows)
                copied[table.name] += len(rows)
                done += len(rows)
                if progress:
                    progress(done, total)
            loader.finish()
    if progress:
        progress(done, total)
    return copied


def clear_tables(conn: Connection) -> None:
    """Delete every row, derived and dependants first (inside the caller's transaction)."""
    for table in [*DERIVED, *reversed(tables())]:
        conn.execute(table.delete())


def reset_sequences(conn: Connection) -> None:
    """PostgreSQL: make each serial id continue after the largest id stored."""
    if conn.dialect.name != "postgresql":
        return
    for table in tables():
        pk = _order(table)
        if len(pk) != 1 or pk[0].name != "id":
            continue
        conn.exec_driver_sql(
            f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
            f'COALESCE((SELECT MAX(id) FROM "{table.name}"), 0) + 1, false)'
        )


# --- JSON lines -----------------------------------------------------------------------------


def _datetime_columns(table: Table) -> set[str]:
    return {c.name for c in table.columns if isinstance(c.type, UTCDateTime)}


def dump_table(conn: Connection, table: Table, out: IO[str], batch: int = BATCH) -> int:
    """Write the table as JSON lines (one object per row); returns the row count."""
    n = 0
    for rows in iter_batches(conn, table, batch):
        for row in rows:
            encoded = {k: v.isoformat() if isinstance(v, datetime) else v for k, v in row.items()}
            # ASCII: any text a database handed us (a lone surrogate in a JSON value too)
            # writes, and the file never depends on an encoding
            out.write(json.dumps(encoded, ensure_ascii=True) + "\n")
        n += len(rows)
    return n


def decode_lines(table: Table, lines: Iterable[str]) -> Iterator[dict[str, Any]]:
    stamps = _datetime_columns(table)
    for line in lines:
        if not line.strip():
            continue
        row: dict[str, Any] = json.loads(line)
        for name in stamps:
            if row.get(name) is not None:
                row[name] = datetime.fromisoformat(row[name])
        yield row


def load_rows(
    conn: Connection, table: Table, rows: Iterable[dict[str, Any]], *, batch: int = BATCH
) -> Iterator[int]:
    """Insert decoded rows in batches; yields the size of each batch inserted."""
    loader = _Loader(conn, table)
    chunk: list[dict[str, Any]] = []
    with _index_suspended(conn, table):
        for row in rows:
            chunk.append(row)
            if len(chunk) >= batch:
                loader.add(chunk)
                yield len(chunk)
                chunk = []
        loader.add(chunk)
        if chunk:
            yield len(chunk)
        loader.finish()


def is_known_revision(revision: object) -> bool:
    """Whether this version's migrations know ``revision`` (so it can upgrade from it)."""
    from alembic.script import ScriptDirectory

    from sellerdesk.storage.migrate import alembic_config

    if not isinstance(revision, str):
        return False
    script = ScriptDirectory.from_config(alembic_config())
    return any(rev.revision == revision for rev in script.walk_revisions())


def settle(engine: Engine) -> None:
    """After a bulk copy into ``engine``: planner statistics, and on PostgreSQL the
    visibility map (``VACUUM``), without which every index-only scan — the duplicate
    guard's trigram postings — reads the heap until autovacuum passes (p95 29 → 15 ms at a
    million cases). Outside any transaction: VACUUM cannot run inside one."""
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM ANALYZE")
        return
    with engine.begin() as conn:
        conn.exec_driver_sql("ANALYZE")
