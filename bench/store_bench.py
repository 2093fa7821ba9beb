"""Benchmark: the case tracker's store on SQLite and PostgreSQL at 1,000,000 cases.

Each backend gets a fresh database (SQLite: a file in a temporary folder, through
``make_engine`` with the app's pragmas; PostgreSQL: a throwaway database created from the
admin URL and dropped afterwards), migrated with ``sellerdesk.storage.migrate.upgrade``, so the
FTS5 triggers (SQLite) and the GIN index (PostgreSQL) exist; the load suspends them.

Load: synthetic but realistic cases (20 stores over NA/EU/JP marketplaces; ~10 % open, the rest
mostly closed/resolved; subjects, descriptions and event bodies half Chinese half English from
phrase lists; order IDs 3-7-7, ASINs B0xxxxxxxx from per-store catalogues, FBA shipment IDs,
unique 11-digit Amazon Case IDs; ``next_breach_at`` on cases with a running clock;
``search_text`` built by the service's own ``cases.records.search_text``) through the storage
layer's bulk path (``storage/bulk.py``: raw ``executemany`` on SQLite, ``COPY`` on PostgreSQL),
one transaction per batch (cases, Case IDs, identifiers, events), inside ``bulk_load``: the
search index, the secondary indexes (and on PostgreSQL the foreign keys) suspended during
the load and built once at the end. Load rate = cases / seconds spent in the database, the
index builds included; the search tokens (``index_text``, which the app computes when it
writes a case) and the generation of the rows are timed apart and printed beside it. If the
load time budget runs out first, the rest is measured on what was loaded, and the full-size
load time is extrapolated (labelled).

Then ANALYZE, and per query kind: warm-up, then up to N random queries (time-boxed), p50/p95 ms,
through the functions the CLI uses and beside them the plain-SQL floor (one hand-written
statement on the raw DBAPI connection). EXPLAIN output for each query kind follows the table.
The modules live in ``bench/storebench/``: phrases and data (the generator), load (databases
and the bulk load), measure, queries, report.

Usage: python bench/store_bench.py [--backend sqlite|postgresql|both] [--cases N]
       [--events-per-case K] [--quick] [--load-budget S] [--queries N]
       PostgreSQL admin URL: SELLERDESK_BENCH_PG_URL (default postgres@127.0.0.1:5432/postgres).
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import UTC, datetime
from pathlib import Path
from time import perf_counter

sys.path.insert(0, str(Path(__file__).resolve().parent))  # bench/storebench as `storebench`

from storebench.data import Generator
from storebench.load import Backend, load
from storebench.queries import run_queries
from storebench.report import report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--cases", type=int, help="default 1,000,000 (quick: 20,000)")
    parser.add_argument("--events-per-case", type=int, help="default 5 (quick: 3)")
    parser.add_argument("--quick", action="store_true", help="CI smoke test, under 60 s for both")
    parser.add_argument(
        "--load-budget", type=float, help="seconds of loading per backend (default 420)"
    )
    parser.add_argument("--queries", type=int, help="timed queries per row (default 200; quick 40)")
    parser.add_argument("--batch", type=int, default=2000, help="cases per transaction")
    args = parser.parse_args(argv)
    n = args.cases or (20_000 if args.quick else 1_000_000)
    k = args.events_per_case or (3 if args.quick else 5)
    budget = args.load_budget or (60.0 if args.quick else 420.0)
    queries = args.queries or (40 if args.quick else 200)
    box = 0.6 if args.quick else 12.0
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    import sqlite3

    import sqlalchemy

    print(
        f"Case tracker store benchmark, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC: {n:,} cases x {k} events "
        f"(quick={args.quick}); Python {sys.version.split()[0]}, SQLAlchemy {sqlalchemy.__version__}, "
        f"SQLite {sqlite3.sqlite_version}; {os.cpu_count()} CPUs; query time box {box:.0f} s per row"
    )
    checks: list[tuple[str, bool]] = []
    t_all = perf_counter()
    for kind in backends:
        t0 = perf_counter()
        backend = Backend(kind)
        try:
            if kind == "postgresql":
                with backend.engine.connect() as conn:
                    print(
                        f"  PostgreSQL {conn.exec_driver_sql('SHOW server_version').scalar()}",
                        flush=True,
                    )
            gen = Generator(n, k)
            res = load(backend, gen, n, args.batch, budget)
            rows, plans = run_queries(backend, gen, res.cases, queries, box)
            checks += report(kind, res, rows, plans, backend.size(), n, k)
        finally:
            backend.close()
        print(f"\n{kind}: {perf_counter() - t0:.0f} s in all")
    print("\nTargets:\n" + "\n".join(f"  {'PASS' if ok else 'MISS'}  {t}" for t, ok in checks))
    print(f"\ntotal {perf_counter() - t_all:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
