"""Reading the whole database consistently, for a backup or a check: a read-only
transaction, SQLite's online backup into a standalone file, and every table as JSON lines."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Connection, Engine

from sellerdesk.storage import transfer


def dialect(engine: Engine) -> str:
    """``sqlite`` or ``postgresql``."""
    return engine.dialect.name


@contextmanager
def reading(engine: Engine) -> Iterator[Connection]:
    """A read-only transaction (SQLite: plain BEGIN, so writers are not blocked;
    PostgreSQL: REPEATABLE READ, one snapshot of every table)."""
    with engine.connect() as conn:
        conn.info["write"] = False
        try:
            if engine.dialect.name == "postgresql":
                conn = conn.execution_options(isolation_level="REPEATABLE READ")
            with conn.begin():
                yield conn
        finally:
            conn.info.pop("write", None)


def sqlite_snapshot(engine: Engine, dest: Path) -> tuple[str | None, dict[str, int]]:
    """Copy a SQLite store into ``dest`` with the online backup API (one snapshot);
    returns its schema revision and the rows of each table."""
    raw = engine.raw_connection()
    try:
        target = sqlite3.connect(dest)
        try:
            raw.driver_connection.backup(target)  # type: ignore[union-attr]
            target.execute("PRAGMA journal_mode=DELETE")  # a standalone file, no -wal
            names = [t.name for t in transfer.tables()]
            counts = {n: target.execute(f'SELECT COUNT(*) FROM "{n}"').fetchone()[0] for n in names}
            row = target.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            target.close()
    finally:
        raw.close()
    return (row[0] if row else None), counts


def dump_jsonl(engine: Engine, folder: Path) -> tuple[str | None, dict[str, int]]:
    """Every table as ``folder/NAME.jsonl`` (ASCII JSON), read in one transaction; returns
    the schema revision and the rows of each table."""
    folder.mkdir()
    counts = {}
    with reading(engine) as conn:
        revision = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
        for table in transfer.tables():
            with (folder / f"{table.name}.jsonl").open("w", encoding="ascii") as out:
                counts[table.name] = transfer.dump_table(conn, table, out)
    return (str(revision) if revision else None), counts
