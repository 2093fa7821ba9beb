"""Throwaway databases for the benchmark and the bulk load into them."""

from __future__ import annotations

import os
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path
from time import perf_counter

from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine, make_url

from sellerdesk.core.search_tokens import index_text
from sellerdesk.storage.bulk import bulk_load, insert_rows
from sellerdesk.storage.engine import make_engine
from sellerdesk.storage.migrate import upgrade
from sellerdesk.storage.tables import AmazonCaseIdRow, CaseRow, EventRow, IdentifierRow, StoreRow
from storebench.data import Generator, store_rows_for

PG_ADMIN_URL = os.environ.get(
    "SELLERDESK_BENCH_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)


class Backend:
    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.tmp: tempfile.TemporaryDirectory[str] | None = None
        self.db_name = ""
        self.admin: Engine | None = None
        if kind == "sqlite":
            self.tmp = tempfile.TemporaryDirectory(prefix="store_bench_")
            self.url = f"sqlite:///{Path(self.tmp.name) / 'bench.db'}"
        else:
            self.db_name = f"sellerdesk_bench_{uuid.uuid4().hex[:10]}"
            self.admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
            with self.admin.connect() as conn:
                conn.execute(text(f'CREATE DATABASE "{self.db_name}"'))
            self.url = (
                make_url(PG_ADMIN_URL)
                .set(database=self.db_name)
                .render_as_string(hide_password=False)
            )
        self.engine = make_engine(self.url)
        upgrade(self.engine)

    def size(self) -> str:
        if self.kind == "sqlite":
            assert self.tmp is not None
            total = sum(p.stat().st_size for p in Path(self.tmp.name).iterdir())
            return f"{total / 2**30:.2f} GiB (file + WAL)"
        with self.engine.connect() as conn:
            return str(
                conn.execute(
                    text("SELECT pg_size_pretty(pg_database_size(current_database()))")
                ).scalar()
            )

    def close(self) -> None:
        self.engine.dispose()
        if self.admin is not None:
            with self.admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{self.db_name}" WITH (FORCE)'))
            self.admin.dispose()
        if self.tmp is not None:
            self.tmp.cleanup()


@dataclass
class LoadResult:
    cases: int
    events: int
    idents: int
    db_seconds: float
    gen_seconds: float
    token_seconds: float
    index_seconds: float
    analyze_seconds: float
    complete: bool


def load(
    backend: Backend, gen: Generator, n: int, batch: int, budget: float, *, vacuum: bool = True
) -> LoadResult:
    tables = [
        ("cases", CaseRow.__table__),
        ("acids", AmazonCaseIdRow.__table__),
        ("idents", IdentifierRow.__table__),
        ("events", EventRow.__table__),
    ]
    with backend.engine.begin() as conn:
        insert_rows(conn, StoreRow.__table__, store_rows_for(gen.stores))
    db = gen_t = tok_t = 0.0
    done = events = idents = 0
    start = perf_counter()
    # the bulk path: one transaction per batch, the search and secondary indexes suspended for
    # the whole load and built once at the end (that build counts as database time)
    with backend.engine.connect() as conn:
        with bulk_load(conn, [t for _, t in tables]):
            conn.commit()
            while done < n:
                size = min(batch, n - done)
                t0 = perf_counter()
                rows = gen.batch(done + 1, size)
                t1 = perf_counter()
                # what the app does when it writes a case (CaseRow's validator), timed apart
                for case in rows["cases"]:
                    case["search_tokens"] = index_text(case["search_text"])
                t2 = perf_counter()
                for key, table in tables:
                    insert_rows(conn, table, rows[key])
                conn.commit()
                t3 = perf_counter()
                gen_t, tok_t, db = gen_t + t1 - t0, tok_t + t2 - t1, db + t3 - t2
                done += size
                events += len(rows["events"])
                idents += len(rows["idents"])
                if done % (batch * 50) == 0:
                    rate = done / db
                    print(
                        f"  [{backend.kind}] {done:,} cases loaded, {rate:,.0f} cases/s", flush=True
                    )
                if perf_counter() - start > budget and done < n:
                    print(
                        f"  [{backend.kind}] load budget of {budget:.0f} s spent at {done:,} cases"
                    )
                    break
            t0 = perf_counter()
        conn.commit()  # leaving the block built the indexes and the search index
        rebuilt = perf_counter() - t0
        db += rebuilt
        print(f"  [{backend.kind}] indexes built in {rebuilt:,.1f} s (in the load time)")
    if backend.kind == "postgresql":  # the app's ids come from the sequences
        with backend.engine.begin() as conn:
            for table in ("cases", "amazon_case_ids", "events", "stores"):
                conn.exec_driver_sql(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT max(id) FROM {table}))"
                )
    t0 = perf_counter()
    if backend.kind == "sqlite":
        raw = backend.engine.raw_connection()
        raw.cursor().execute("ANALYZE")
        raw.close()
    else:
        # VACUUM too: right after a bulk load PostgreSQL's visibility map is empty, so every
        # index-only scan (the duplicate guard's trigram postings) visits the heap until
        # autovacuum has passed, which on a live store it does within minutes. Measured on
        # the kept 1,000,000-case store: duplicate check p95 29.4 ms before, 14.6 ms after.
        with backend.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM ANALYZE" if vacuum else "ANALYZE")
    return LoadResult(
        done, events, idents, db, gen_t, tok_t, rebuilt, perf_counter() - t0, done >= n
    )
