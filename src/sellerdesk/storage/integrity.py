"""What ``verify`` asks the database, read in one transaction: SQLite's own integrity and
foreign-key checks (PostgreSQL enforces its keys: a query per foreign key for rows naming a
row that is not there), the case search tokens and index, the attachment names, and the
rows per table. The service decides what each finding means and how it is reported."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, Engine, func, select
from sqlalchemy.exc import SQLAlchemyError

from sellerdesk.storage import search, transfer
from sellerdesk.storage.search import PG_INDEX_NAME
from sellerdesk.storage.snapshot import reading
from sellerdesk.storage.tables import AttachmentRow


@dataclass(frozen=True)
class StoreFindings:
    integrity: str | None  # SQLite's integrity_check verdict when it is not "ok"
    dangling: list[tuple[str, int]]  # (table, rows naming a row that does not exist)
    stale_search_tokens: int  # cases whose stored tokens are not those of their text
    search_index: str | None  # why the search index is broken, None when it is whole
    attachment_names: frozenset[str]  # the sha256 every attachments row names
    rows: dict[str, int]  # rows per table


def examine(engine: Engine) -> StoreFindings:
    with reading(engine) as conn:
        integrity, dangling = _keys(conn)
        return StoreFindings(
            integrity=integrity,
            dangling=dangling,
            stale_search_tokens=sum(len(rows) for _, rows in search.stale_tokens(conn)),
            search_index=_search_index(conn),
            attachment_names=frozenset(
                str(s) for s in conn.execute(select(AttachmentRow.__table__.c.sha256)).scalars()
            ),
            rows=transfer.counts(conn),
        )


def _keys(conn: Connection) -> tuple[str | None, list[tuple[str, int]]]:
    if conn.dialect.name == "sqlite":
        verdict = conn.exec_driver_sql("PRAGMA integrity_check").scalar()
        tally: dict[str, int] = {}
        for row in conn.exec_driver_sql("PRAGMA foreign_key_check").all():
            tally[str(row[0])] = tally.get(str(row[0]), 0) + 1
        return (None if verdict == "ok" else str(verdict)), list(tally.items())
    dangling = []
    for table in transfer.tables():
        for fk in table.foreign_keys:
            child = fk.parent
            owner = fk.column.table.alias("parent")  # an alias: cases.merged_into_id too
            parent = owner.c[fk.column.name]
            missing = conn.scalar(  # rows naming a parent that is not there
                select(func.count())
                .select_from(child.table)
                .where(child.isnot(None), ~select(parent).where(parent == child).exists())
            )
            if missing:
                dangling.append((table.name, int(missing)))
    return None, dangling


def _search_index(conn: Connection) -> str | None:
    if conn.dialect.name == "sqlite":
        try:
            with conn.begin_nested():
                conn.exec_driver_sql(
                    "INSERT INTO cases_fts(cases_fts, rank) VALUES ('integrity-check', 1)"
                )
        except SQLAlchemyError as exc:
            return str(getattr(exc, "orig", exc)).splitlines()[0]
        return None
    present = conn.exec_driver_sql(
        "SELECT 1 FROM pg_indexes WHERE indexname = %(n)s", {"n": PG_INDEX_NAME}
    ).first()
    return None if present is not None else f"{PG_INDEX_NAME} is missing"
