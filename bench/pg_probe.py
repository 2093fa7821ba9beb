"""PostgreSQL A/B probes behind two of the tracker's search and duplicate-guard settings.

On one store built like the tracker benchmark's (``bench/storebench``), in one process:

* text pairs: every Chinese two-character term of the benchmark with every English word of
  its mixed queries (``下架 fba``, ``索赔 listing`` …) through ``search_cases``, best of 3,
  with ``storage.search.PG_SEARCH_WORK_MEM`` as shipped and with PostgreSQL's default
  (``4MB``: a prefix term's bitmap turns lossy); the slowest pairs and the median;
* the duplicate check (``find_duplicates`` on new-case inputs of the generator), p50/p95,
  right after the load (ANALYZE only, the visibility map empty) and after ``VACUUM``.

Usage: python bench/pg_probe.py [--cases N] [--events-per-case K]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
from collections.abc import Callable
from pathlib import Path
from time import perf_counter
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))  # bench/storebench as `storebench`

from sellerdesk.services import cases as case_service
from sellerdesk.storage import search as store_search
from sellerdesk.storage.engine import make_session_factory
from storebench.data import Generator
from storebench.load import Backend, load
from storebench.phrases import ZH2_TERMS
from storebench.queries import MIXED_EN


def best_ms(fn: Callable[[], Any], runs: int = 3) -> tuple[float, Any]:
    fn()  # warm
    times, out = [], None
    for _ in range(runs):
        t0 = perf_counter()
        out = fn()
        times.append((perf_counter() - t0) * 1e3)
    return min(times), out


def text_pairs(backend: Backend, work_mem: str) -> None:
    shipped = store_search.PG_SEARCH_WORK_MEM
    store_search.PG_SEARCH_WORK_MEM = work_mem
    sessions = make_session_factory(backend.engine)
    rows = []
    try:
        for zh in ZH2_TERMS:
            for en in MIXED_EN:
                query = f"{zh} {en}"
                with sessions() as s:
                    ms, found = best_ms(lambda s=s, q=query: store_search.search_cases(s, q))
                rows.append((ms, query, len(found)))
    finally:
        store_search.PG_SEARCH_WORK_MEM = shipped
    rows.sort(reverse=True)
    print(f"\ntext pairs, work_mem {work_mem} on the index path ({len(rows)} pairs, best of 3):")
    for ms, query, n in rows[:6]:
        print(f"  {ms:7.1f} ms  {query!r} -> {n} cases")
    print(f"  median {statistics.median(r[0] for r in rows):.1f} ms")


def duplicate_checks(backend: Backend, gen: Generator, label: str) -> None:
    sessions = make_session_factory(backend.engine)
    rng = random.Random(3)
    times = []
    for i in range(120):
        store = rng.choice(gen.stores)
        subject, pairs = gen.new_case_input(store)
        with sessions() as s, s.begin():
            t0 = perf_counter()
            case_service.find_duplicates(s, store_id=store.id, subject=subject, pairs=pairs)
            if i >= 20:  # the first 20 warm the caches
                times.append((perf_counter() - t0) * 1e3)
    times.sort()
    p95 = times[int(len(times) * 0.95) - 1]
    print(f"duplicate check, {label}: p50 {statistics.median(times):.1f} ms, p95 {p95:.1f} ms")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--events-per-case", type=int, default=5)
    args = parser.parse_args(argv)
    backend = Backend("postgresql")
    try:
        gen = Generator(args.cases, args.events_per_case)
        # ANALYZE only, as the bench did before it added VACUUM: the visibility map is empty
        load(backend, gen, args.cases, 2000, budget=3600.0, vacuum=False)
        duplicate_checks(backend, gen, "after the load, ANALYZE only")
        text_pairs(backend, "4MB")
        text_pairs(backend, store_search.PG_SEARCH_WORK_MEM)
        with backend.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM ANALYZE")
        duplicate_checks(backend, gen, "after VACUUM ANALYZE")
    finally:
        backend.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
