"""PostgreSQL A/B probes behind two of the tracker's search and duplicate-guard settings.

On one store built like the tracker benchmark's (``bench/storebench``), in one process:

* text pairs: every Chinese two-character term of the benchmark with every English word of
  its mixed queries (``下架 fba``, ``索赔 listing`` …) through ``search_cases``, best of 3,
  with ``storage.search.PG_SEARCH_WORK_MEM`` as shipped and with PostgreSQL's default
  (``4MB``: a prefix term's bitmap turns lossy); the slowest pairs and the median;
* the duplicate check (``find_duplicates`` on new-case inputs of the generator), p50/p95,
  right after the load (ANALYZE only, the visibility map empty) and after ``VACUUM``;
* the duplicate check with PostgreSQL's generic plans allowed (``plan_cache_mode = auto``:
  psycopg prepares a statement after 5 runs) against the custom plans the app's engine
  asks for, alternated (``--plans-only URL`` runs just this on a kept store);
* the app's engine (``storage.liveness``: no round trip for a connection given back under a
  second ago) against one with SQLAlchemy's ``pool_pre_ping``, in one process: identifier
  searches and case lists, each input run four times alternating, percentiles of the
  per-input medians (``--liveness-only URL``).

Usage: python bench/pg_probe.py [--cases N] [--events-per-case K] [--plans-only URL]
       [--liveness-only URL]
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

from sqlalchemy import create_engine, event, text
from sqlalchemy.orm import Session, sessionmaker

sys.path.insert(0, str(Path(__file__).resolve().parent))  # bench/storebench as `storebench`

from sellerdesk.services import cases as case_service
from sellerdesk.storage import search as store_search
from sellerdesk.storage.engine import (
    POOL,
    make_engine,
    make_session_factory,
    plan_for_the_values_given,
)
from storebench.data import NOW, Generator
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


def duplicate_checks(
    backend: Backend, gen: Generator, label: str, plans: str = "", checks: int = 120
) -> None:
    """p50/p95 of ``find_duplicates``; ``plans``: a ``plan_cache_mode`` for the checks instead
    of the engine's (``storage.engine`` sets ``force_custom_plan``)."""
    sessions = make_session_factory(backend.engine)
    rng = random.Random(3)
    times = []
    assert plans in ("", "auto", "force_custom_plan")
    for i in range(checks):
        store = rng.choice(gen.stores)
        subject, pairs = gen.new_case_input(store)
        with sessions() as s, s.begin():
            if plans:
                s.execute(text(f"SET LOCAL plan_cache_mode = {plans}"))
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
    parser.add_argument(
        "--plans-only",
        metavar="URL",
        help="only the plan_cache_mode A/B, on a kept store built like the bench's",
    )
    parser.add_argument(
        "--liveness-only",
        metavar="URL",
        help="only the pool liveness A/B, on a kept store built like the bench's",
    )
    args = parser.parse_args(argv)
    gen = Generator(args.cases, args.events_per_case)
    if args.liveness_only:
        liveness_ab(args.liveness_only, gen)
        return 0
    if args.plans_only:
        kept = Backend.__new__(Backend)
        kept.kind, kept.url, kept.engine = (
            "postgresql",
            args.plans_only,
            make_engine(args.plans_only),
        )
        plan_modes(kept, gen)
        kept.engine.dispose()
        return 0
    backend = Backend("postgresql")
    try:
        # ANALYZE only, as the bench did before it added VACUUM: the visibility map is empty
        load(backend, gen, args.cases, 2000, budget=3600.0, vacuum=False)
        duplicate_checks(backend, gen, "after the load, ANALYZE only")
        text_pairs(backend, "4MB")
        text_pairs(backend, store_search.PG_SEARCH_WORK_MEM)
        with backend.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM ANALYZE")
        duplicate_checks(backend, gen, "after VACUUM ANALYZE")
        plan_modes(backend, gen)
    finally:
        backend.close()
    return 0


def plan_modes(backend: Backend, gen: Generator) -> None:
    """Generic plans (PostgreSQL's ``auto`` after psycopg prepares a statement) against the
    engine's custom plans, alternated three times on the same checks."""
    for _ in range(3):
        for mode in ("auto", "force_custom_plan"):
            duplicate_checks(backend, gen, f"plan_cache_mode {mode}", mode, checks=320)


def liveness_ab(url: str, gen: Generator) -> None:
    """The app's engine against the same engine built with ``pool_pre_ping`` instead."""
    engines = {"liveness check (app)": make_engine(url)}
    pinging = create_engine(url, pool_pre_ping=True, **POOL)
    event.listen(pinging, "connect", plan_for_the_values_given)  # as the app's engine
    engines["pool_pre_ping"] = pinging
    sessions = {name: make_session_factory(e) for name, e in engines.items()}
    rng = random.Random(5)
    with engines["pool_pre_ping"].connect() as conn:
        values = [
            str(v)
            for v in conn.exec_driver_sql(
                "SELECT value FROM case_identifiers ORDER BY random() LIMIT 300"
            ).scalars()
        ]
    statuses = ["waiting-amazon", "needs-action", "submitted", "reopened", "closed", "resolved"]
    lists = [(rng.choice(gen.stores).name, rng.choice(statuses)) for _ in range(200)]
    calls: dict[str, list[Callable[[sessionmaker[Session]], Any]]] = {
        "identifier search": [lambda f, v=v: _search(f, v) for v in values],
        "case list (service)": [
            lambda f, st=st, s=s: case_service.list_cases(
                sessions=f, now=NOW, store=st, status=s, limit=50
            )
            for st, s in lists
        ],
    }
    for label, inputs in calls.items():
        medians: dict[str, list[float]] = {name: [] for name in engines}
        for call in inputs:
            runs: dict[str, list[float]] = {name: [] for name in engines}
            for rep in range(4):
                order = list(engines) if rep % 2 else list(reversed(engines))
                for name in order:
                    t0 = perf_counter()
                    call(sessions[name])
                    runs[name].append((perf_counter() - t0) * 1e3)
            for name in engines:
                medians[name].append(statistics.median(runs[name]))
        for name, ms in medians.items():
            p95 = statistics.quantiles(ms, n=20, method="inclusive")[18]
            print(
                f"{label}, {name}: p50 {statistics.median(ms):.2f} ms, p95 {p95:.2f} ms, "
                f"mean {statistics.mean(ms):.2f} ms (n={len(ms)})"
            )
    for e in engines.values():
        e.dispose()


def _search(factory: sessionmaker[Session], value: str) -> Any:
    with factory() as s:
        return store_search.search_cases(s, value)


if __name__ == "__main__":
    sys.exit(main())
