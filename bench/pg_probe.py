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
  per-input medians (``--liveness-only URL``);
* the duplicate check's slowest inputs: what the shipped probe reads against what a probe
  chosen from exact trigram counts would (``--prefix-only URL``; the question a per-store
  trigram frequency table would answer, measured before building one).

Usage: python bench/pg_probe.py [--cases N] [--events-per-case K] [--plans-only URL]
       [--liveness-only URL] [--prefix-only URL]
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

from sellerdesk.core.cases.duplicates import SIMILAR_SUBJECT, min_shared, shingles, size_band
from sellerdesk.services import cases as case_service
from sellerdesk.storage import duplicate_candidates
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
    parser.add_argument(
        "--prefix-only",
        metavar="URL",
        help="only the duplicate check's probe choices, on a kept store built like the bench's",
    )
    args = parser.parse_args(argv)
    gen = Generator(args.cases, args.events_per_case)
    if args.prefix_only:
        prefix_choices(args.prefix_only, gen)
        return 0
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


def prefix_choices(url: str, gen: Generator, checks: int = 300, slowest: int = 40) -> None:
    """Work of the shipped probe against the best probe exact counts would allow.

    The shipped check ranks a subject's n trigrams by their postings in the store and size
    band counted up to ``RARE_BELOW``; when no more of them are rare than a match may miss
    (``may``), it reads every posting of all n. Knowing every count, probing the p rarest
    keeps the cases holding p - may of them, whose n postings are then recounted: work =
    postings read + candidates x n. A frequency table would hold store-wide counts, not the
    band's: "hinted" ranks the common trigrams by those and probes ``2 * may`` of them (keeping
    the cases that hold ``may``), the best fixed rule on these data. Printed for the slowest of
    ``checks`` inputs, with the totals."""
    engine = make_engine(url)
    sessions = make_session_factory(engine)
    rng = random.Random(3)
    inputs = []
    for _ in range(checks):
        store = rng.choice(gen.stores)
        inputs.append((store.id, *gen.new_case_input(store)))
    timed = []
    for rep in range(2):  # the first pass warms the caches (a kept store may have gone cold)
        for store_id, subject, pairs in inputs:
            with sessions() as s, s.begin():
                t0 = perf_counter()
                found = case_service.find_duplicates(
                    s, store_id=store_id, subject=subject, pairs=pairs
                )
                if rep:
                    timed.append(((perf_counter() - t0) * 1e3, store_id, subject, len(found)))
    totals = [0, 0, 0]
    for ms, store_id, subject, matches in sorted(timed, reverse=True)[:slowest]:
        with sessions() as s:
            n, may, rare, works = _probe_gain(s.connection(), store_id, subject)
        totals = [t + w for t, w in zip(totals, works, strict=True)]
        print(
            f"  {ms:5.1f} ms  n={n} may miss {may}, {rare} rare: postings shipped {works[0]:,}, "
            f"exact best {works[1]:,}, hinted {works[2]:,}; {matches} matches  {subject!r}"
        )
    print(
        f"the {slowest} slowest: shipped {totals[0]:,}, exact best {totals[1]:,} "
        f"({totals[0] / totals[1]:.2f}x less), hinted {totals[2]:,} ({totals[0] / totals[2]:.2f}x)"
    )
    engine.dispose()


_BAND = "store_id = %s AND shingle = ANY(%s) AND shingle_count BETWEEN %s AND %s"


def _probe_gain(conn: Any, store_id: int, subject: str) -> tuple[int, int, int, list[int]]:
    """n, may miss, rare trigrams, and the work of the shipped, the best and the hinted probe."""
    grams = sorted(shingles(subject))
    n, (lo, hi) = len(grams), size_band(len(grams), SIMILAR_SUBJECT)
    may = n - min_shared(n, SIMILAR_SUBJECT)
    exact = dict(
        conn.exec_driver_sql(
            f"SELECT shingle, count(*) FROM case_subject_shingles WHERE {_BAND} GROUP BY shingle",
            (store_id, grams, lo, hi),
        ).all()
    )

    def work(probe: list[str]) -> int:
        read = sum(exact.get(g, 0) for g in probe)
        if len(probe) == n:
            return int(read)
        candidates = conn.exec_driver_sql(
            f"SELECT count(*) FROM (SELECT case_id FROM case_subject_shingles WHERE {_BAND} "
            "GROUP BY case_id HAVING count(*) >= %s) AS c",
            (store_id, probe, lo, hi, len(probe) - may),
        ).scalar_one()
        return int(read + candidates * n)

    capped = duplicate_candidates._capped_counts(conn, store_id, grams, lo, hi)
    rare = sum(1 for g in grams if capped[g] < duplicate_candidates.RARE_BELOW)
    by_capped = sorted(grams, key=lambda g: (capped[g], g))
    shipped = work(by_capped[:rare] if rare > may else by_capped)
    by_exact = sorted(grams, key=lambda g: (exact.get(g, 0), g))
    best = min(work(by_exact[:p]) for p in range(may + 1, n + 1))
    wide = dict(
        conn.exec_driver_sql(
            "SELECT shingle, count(*) FROM case_subject_shingles WHERE store_id = %s "
            "AND shingle = ANY(%s) GROUP BY shingle",
            (store_id, grams),
        ).all()
    )
    hinted = sorted(grams, key=lambda g: (capped[g], wide.get(g, 0), g))
    rule = work(hinted[: min(n, 2 * may)]) if rare <= may else shipped
    return n, may, rare, [shipped, best, rule]


def _search(factory: sessionmaker[Session], value: str) -> Any:
    with factory() as s:
        return store_search.search_cases(s, value)


if __name__ == "__main__":
    sys.exit(main())
