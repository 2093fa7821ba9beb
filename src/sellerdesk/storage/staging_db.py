"""The staging database a backup archive is checked in before anything is restored from
it: a SQLite file in the extraction folder, holding the archive's snapshot (upgraded in
place) or its JSON lines (loaded into a freshly migrated file). Here is everything that
touches it; ``services/backup/staging.py`` decides what each finding means and reports it."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Boolean, Connection, Engine, Integer, String, Table, Text, inspect, select
from sqlalchemy.exc import SQLAlchemyError

from sellerdesk.storage import transfer
from sellerdesk.storage.engine import make_engine
from sellerdesk.storage.migrate import ensure_current, upgrade
from sellerdesk.storage.tables import AttachmentRow
from sellerdesk.storage.types import SearchTokens, UTCDateTime

# what damaged data can raise while it is read, loaded or upgraded
DATA_ERRORS = (SQLAlchemyError, sqlite3.Error, ValueError, TypeError, KeyError, AttributeError)


def sqlite_revision(db: Path) -> str | None:
    """The snapshot's own revision; raises sqlite3.DatabaseError for a file that is no database."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        conn.execute("PRAGMA schema_version").fetchone()  # "file is not a database"
        has = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'"
        ).fetchone()
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone() if has else None
    finally:
        conn.close()
    return str(row[0]) if row else None


def open_snapshot(db: Path) -> Engine:
    """An engine on the archive's SQLite snapshot, upgraded to head (an older backup is
    upgraded before it is checked); raises one of :data:`DATA_ERRORS` when it cannot be."""
    engine = make_engine(f"sqlite:///{db}")
    try:
        ensure_current(engine)
    except DATA_ERRORS:
        engine.dispose()
        raise
    return engine


def close(engine: Engine) -> None:
    engine.dispose()


def _python_types(table: Table) -> dict[str, tuple[type, ...] | None]:
    """The Python type each column's values must have (None: any JSON value)."""
    out: dict[str, tuple[type, ...] | None] = {}
    for col in table.columns:
        kind = col.type
        if isinstance(kind, UTCDateTime):
            out[col.name] = (datetime,)
        elif isinstance(kind, (SearchTokens, String, Text)):
            out[col.name] = (str,)
        elif isinstance(kind, Boolean):
            out[col.name] = (bool,)
        elif isinstance(kind, Integer):
            out[col.name] = (int,)
        else:
            out[col.name] = None
    return out


def row_fault(table: Table, row: Any, types: dict[str, tuple[type, ...] | None]) -> str | None:
    """Why ``row`` cannot be a row of ``table`` (None when it can)."""
    if not isinstance(row, dict):
        return "not a JSON object"
    for name in row:
        if name not in types:
            return f"unknown column {name!r}"
    for name, kinds in types.items():
        value = row.get(name)
        if value is None:
            if not table.c[name].nullable and not table.c[name].primary_key:
                return f"{name} is missing"
            continue
        if kinds is None:
            continue
        if isinstance(value, bool) and bool not in kinds:
            return f"{name} is not {kinds[0].__name__}"
        if not isinstance(value, kinds):
            return f"{name} is not {kinds[0].__name__}"
        if isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                return f"{name} is not valid Unicode text"
    return None


def _decoded(table: Table, file: Path, where: list[int]) -> Iterator[dict[str, Any]]:
    types = _python_types(table)
    stamps = [n for n, k in types.items() if k == (datetime,)]
    with file.open(encoding="utf-8", errors="strict") as lines:
        for number, line in enumerate(lines, 1):
            where[0] = number
            if not line.strip():
                continue
            row = json.loads(line)
            if isinstance(row, dict):
                for name in stamps:
                    if isinstance(row.get(name), str):
                        row[name] = datetime.fromisoformat(row[name])
            fault = row_fault(table, row, types)
            if fault:
                raise ValueError(fault)
            yield row


@dataclass(frozen=True)
class LoadFault:
    """The first line of a table's JSON lines that would not load, and why."""

    table: str
    line: int
    error: BaseException


@dataclass(frozen=True)
class Loaded:
    engine: Engine
    missing_files: list[str]  # tables/NAME.jsonl absent although the manifest counts rows
    fault: LoadFault | None  # set: loading stopped there (the transaction is spoilt)


def load_jsonl(db: Path, tables_dir: Path, counts: Mapping[str, Any]) -> Loaded:
    """A freshly migrated SQLite file at ``db`` with every table's JSON lines loaded, each
    row's values checked against its column's type as it is read."""
    engine = make_engine(f"sqlite:///{db}")
    try:
        upgrade(engine)
        missing, fault = _load_tables(engine, tables_dir, counts)
    except BaseException:
        engine.dispose()
        raise
    return Loaded(engine, missing, fault)


def _load_tables(
    engine: Engine, tables_dir: Path, counts: Mapping[str, Any]
) -> tuple[list[str], LoadFault | None]:
    missing: list[str] = []
    with engine.begin() as conn:
        for table in transfer.tables():
            file = tables_dir / f"{table.name}.jsonl"
            if not file.is_file():
                if counts.get(table.name, 0):
                    missing.append(f"tables/{table.name}.jsonl")
                continue
            where = [0]
            try:
                for _ in transfer.load_rows(conn, table, _decoded(table, file, where)):
                    pass
            except DATA_ERRORS as exc:
                return missing, LoadFault(table.name, where[0], exc)
    return missing, None


@dataclass(frozen=True)
class DatabaseFindings:
    missing_tables: list[str]  # sorted; when any, nothing else was checked
    integrity: str | None  # PRAGMA integrity_check's verdict when it is not "ok"
    dangling: list[tuple[str, int]]  # (table, rows naming a row that is not there), sorted
    counts: dict[str, int]  # rows per table


def examine(engine: Engine) -> DatabaseFindings:
    """Every expected table present, SQLite's integrity and foreign-key checks, the rows."""
    expected = {t.name for t in transfer.tables()}
    with engine.connect() as conn:
        missing = sorted(expected - set(inspect(conn).get_table_names()))
        if missing:
            return DatabaseFindings(missing, None, [], {})
        verdict = conn.exec_driver_sql("PRAGMA integrity_check").scalar()
        tally: dict[str, int] = {}
        for row in conn.exec_driver_sql("PRAGMA foreign_key_check").all():
            tally[str(row[0])] = tally.get(str(row[0]), 0) + 1
        return DatabaseFindings(
            missing_tables=[],
            integrity=None if verdict == "ok" else str(verdict),
            dangling=sorted(tally.items()),
            counts=transfer.counts(conn),
        )


@dataclass(frozen=True)
class RowFault:
    """A table with a row whose value has the wrong type (``fault``), or whose rows could
    not be read at all (``error``)."""

    table: str
    fault: str | None = None
    error: BaseException | None = None


def _first_fault(conn: Connection, table: Table) -> str | None:
    types = _python_types(table)
    for rows in transfer.iter_batches(conn, table):
        for row in rows:
            fault = row_fault(table, row, types)
            if fault:
                return fault
    return None


def check_rows(engine: Engine) -> tuple[list[RowFault], set[str]]:
    """The tables with a faulty row (in table order), and the blobs the rows name."""
    faults: list[RowFault] = []
    with engine.connect() as conn:
        for table in transfer.tables():
            try:
                fault = _first_fault(conn, table)
            except DATA_ERRORS as exc:
                faults.append(RowFault(table.name, error=exc))
                continue
            if fault:
                faults.append(RowFault(table.name, fault=fault))
        sha = AttachmentRow.__table__.c.sha256
        return faults, {str(s) for s in conn.execute(select(sha)).scalars()}
