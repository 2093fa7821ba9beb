"""The bulk-load floor: how fast can the database take the tracker's rows at all?

The tracker benchmark's load target is 20,000 cases/s (a case with its Case ID, identifiers
and 5 events: about 9 rows), i.e. 50 µs a case. This script measures what is left once
Python's work is taken away: the rows of ``--cases`` generated cases are converted to the
exact values the loader writes *before* the clock starts (the same conversion as
``storage.bulk.insert_rows``), in the loader's batches of ``--batch`` cases a transaction,
and then only the driver calls and the commits are timed — SQLite's
``executemany`` on the raw connection, PostgreSQL's ``COPY ... FROM STDIN`` (text format,
psycopg's writer) — inside ``bulk_load`` (secondary and search indexes suspended, as the
loader runs). Then the index build at the end of the load, also timed.

If the floor is above 50 µs a case, no loader written in Python on this machine and schema
can reach the target; the gap between the floor and ``bench/store_bench.py``'s load rate is
what the loader's own conversion costs.

Usage: python bench/load_floor.py [--backend sqlite|postgresql|both] [--cases N]
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
from pathlib import Path
from time import perf_counter
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))  # bench/storebench as `storebench`

from sellerdesk.core.search_tokens import index_text
from sellerdesk.storage.bulk import bulk_load, insert_rows, row_tuples, write_tuples
from sellerdesk.storage.tables import AmazonCaseIdRow, CaseRow, EventRow, IdentifierRow, StoreRow
from storebench.data import Generator, store_rows_for
from storebench.load import Backend

TARGET = 20_000
TABLES = [
    ("cases", CaseRow.__table__),
    ("acids", AmazonCaseIdRow.__table__),
    ("idents", IdentifierRow.__table__),
    ("events", EventRow.__table__),
]


def prepared(backend: Backend, n: int, events: int, batch: int) -> tuple[list[dict[str, Any]], int]:
    """Batches as the loader writes them (``batch`` cases a transaction), each table's rows
    as (column names, value tuples), converted ahead of the clock."""
    gen = Generator(n, events)
    out: list[dict[str, Any]] = []
    n_events = 0
    with backend.engine.begin() as conn:
        insert_rows(conn, StoreRow.__table__, store_rows_for(gen.stores))
        for first in range(1, n + 1, batch):
            rows = gen.batch(first, min(batch, n + 1 - first))
            for case in rows["cases"]:
                case["search_tokens"] = index_text(case["search_text"])
            out.append({key: row_tuples(conn, table, rows[key]) for key, table in TABLES})
            n_events += len(rows["events"])
    return out, n_events


def run(kind: str, n: int, events: int, batch: int) -> None:
    backend = Backend(kind)
    try:
        batches, n_events = prepared(backend, n, events, batch)
        # millions of prepared values are alive: keep the cyclic collector from walking them
        # during the timed writes (the loader holds one batch at a time, never all of them)
        gc.collect()
        gc.freeze()
        with backend.engine.connect() as conn:
            with bulk_load(conn, [t for _, t in TABLES]):
                conn.commit()
                per_table = dict.fromkeys((key for key, _ in TABLES), 0.0)
                commits = 0.0
                for data in batches:
                    for key, table in TABLES:
                        names, values = data[key]
                        t0 = perf_counter()
                        write_tuples(conn, table, names, values)
                        per_table[key] += perf_counter() - t0
                    t0 = perf_counter()
                    conn.commit()
                    commits += perf_counter() - t0
                per_table["commits"] = commits
                t0 = perf_counter()
            conn.commit()
            built = perf_counter() - t0
    finally:
        backend.close()
    writes = sum(per_table.values())
    us = writes / n * 1e6
    print(f"\n{kind}: {n:,} cases, {n_events:,} events, values converted before timing")
    for key, seconds in per_table.items():
        print(f"  {key:<7} {seconds * 1e6 / n:7.1f} µs a case")
    print(
        f"  driver calls alone: {us:.1f} µs a case = {1e6 / us:,.0f} cases/s "
        f"({1e6 / us / TARGET:.2f}x the {TARGET:,} target)"
    )
    total = (writes + built) / n * 1e6
    print(
        f"  + index builds ({built:.1f} s): {total:.1f} µs a case = {1e6 / total:,.0f} cases/s "
        f"({1e6 / total / TARGET:.2f}x the target)"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--events-per-case", type=int, default=5)
    parser.add_argument("--batch", type=int, default=2000, help="cases a transaction (loader's)")
    args = parser.parse_args(argv)
    print(
        f"Bulk-load floor, {args.cases:,} cases x {args.events_per_case} events; "
        f"{os.cpu_count()} CPUs; load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}"
    )
    for kind in ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]:
        run(kind, args.cases, args.events_per_case, args.batch)
    return 0


if __name__ == "__main__":
    sys.exit(main())
