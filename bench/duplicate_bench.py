"""Benchmark: the duplicate guard on create, SQLite and PostgreSQL, at N cases.

Fills a fresh database per backend with ``store_bench``'s synthetic cases through the bulk
path (its ``Backend``, ``Generator`` and ``load``: 20 stores, ~10 % open, half Chinese half
English subjects from phrase lists; the load rebuilds the duplicate guard's trigram index at
the end), then times ``services.cases.find_duplicates`` (the create path's check, in its own
read transaction) for five kinds of new subject:

* ``near-duplicate``: an open case's subject of the store, lightly edited (case, a character
  added or dropped, punctuation) -- a match is expected;
* ``new, English`` / ``new, Chinese``: what ``store_bench`` asks (a phrase-list subject with a
  fresh order ID, a catalogue ASIN, maybe a shipment): templates without an identifier match
  every open case with that template;
* ``unrelated``: free text from words the phrase lists do not use;

and beside them the storage lookup alone (``similar_open_subjects``) and the plain-SQL floor:
its two statements (capped trigram counts; candidates by the rarest trigrams, their exact
overlap and the close ones' subjects) on the raw DBAPI connection with parameters prepared
beforehand. On a sample (``--check``, default 40 per kind) every answer, scores included, is
checked against the brute-force comparison with every open case of the store, and the
candidates the rare-trigram prefix lets through are counted.

Usage: python bench/duplicate_bench.py [--backend sqlite|postgresql|both] [--cases N]
       [--events-per-case K] [--queries N] [--load-budget S] [--check N]
PostgreSQL admin URL: SELLERDESK_BENCH_PG_URL (as store_bench).
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
from pathlib import Path
from time import perf_counter
from typing import Any

from sqlalchemy import select, text

sys.path.insert(0, str(Path(__file__).parent))
from sellerdesk.core.cases.duplicates import (
    BOUND_SLACK,
    SIMILAR_SUBJECT,
    min_shared,
    set_similarity,
    shingles,
    size_band,
)
from sellerdesk.core.cases.status import OPEN_STATUSES
from sellerdesk.services.cases import find_duplicates
from sellerdesk.storage import duplicate_candidates as dc
from sellerdesk.storage.engine import make_session_factory
from sellerdesk.storage.tables import CaseRow
from storebench.data import Generator
from storebench.load import Backend, load
from storebench.measure import measure

TARGET_MS = 20.0
UNRELATED_WORDS = [
    "warehouse",
    "label",
    "printer",
    "prints",
    "blank",
    "pages",
    "after",
    "firmware",
    "update",
    "courier",
    "invoice",
    "mismatch",
    "quarterly",
    "tax",
    "document",
    "upload",
    "fails",
    "gift",
    "wrap",
    "option",
    "missing",
    "from",
    "checkout",
    "variation",
    "theme",
    "grayed",
    "out",
]
OPEN = ",".join(f"'{s}'" for s in OPEN_STATUSES)


def edited(subject: str, rng: random.Random) -> str:
    chars = list(subject)
    match rng.randrange(4):
        case 0:
            return subject.upper()
        case 1:
            chars.insert(rng.randrange(len(chars) + 1), rng.choice("!-, "))
        case 2 if len(chars) > 12:
            del chars[rng.randrange(len(chars))]
        case _:
            chars.append(" !")
    return "".join(chars)


def inputs(backend: Backend, gen: Generator, per_kind: int) -> dict[str, list[tuple[int, str]]]:
    rng = random.Random(7)
    with backend.engine.connect() as conn:
        opens = conn.execute(
            select(CaseRow.store_id, CaseRow.subject).where(CaseRow.status.in_(OPEN_STATUSES))
        ).all()
    near = [(s, edited(subj, rng)) for s, subj in rng.sample(opens, min(per_kind, len(opens)))]
    en: list[tuple[int, str]] = []
    zh: list[tuple[int, str]] = []
    while len(en) < per_kind or len(zh) < per_kind:
        store = rng.choice(gen.stores)
        subject, _ = gen.new_case_input(store)
        is_zh = re.search(r"[\u4e00-\u9fff]", subject) is not None
        (zh if is_zh else en).append((store.id, subject))
    unrelated = [
        (rng.choice(gen.stores).id, " ".join(rng.sample(UNRELATED_WORDS, rng.randint(4, 8))))
        for _ in range(per_kind)
    ]
    return {
        "near-duplicate": near,
        "new, English": en[:per_kind],
        "new, Chinese": zh[:per_kind],
        "unrelated": unrelated,
    }


def prefix_sql(probed: int) -> str:
    """The cases holding enough of the ``probed`` rarest trigrams (parameters ``p0``...)."""
    return (
        "SELECT case_id FROM case_subject_shingles WHERE store_id = :store AND shingle IN "
        f"({', '.join(f':p{i}' for i in range(probed))}) AND shingle_count BETWEEN "
        ":lo AND :hi GROUP BY case_id HAVING count(*) >= :need"
    )


class Floor:
    """The storage lookup's two statements on the raw DBAPI connection."""

    def __init__(self, backend: Backend) -> None:
        self.kind = backend.kind
        self.conn = backend.engine.raw_connection()
        if self.kind == "postgresql":
            self.conn.autocommit = True  # type: ignore[attr-defined]

    def sql(self, statement: str) -> str:
        if self.kind == "sqlite":
            return statement
        return re.sub(r":(\w+)", r"%(\1)s", statement)

    def prepare(self, store_id: int, subject: str) -> tuple[tuple[str, dict[str, Any]], ...]:
        grams = sorted(shingles(subject))
        n = len(grams)
        if not n:
            return ()
        lo, hi = size_band(n, SIMILAR_SUBJECT)
        may_miss = n - min_shared(n, SIMILAR_SUBJECT)
        params: dict[str, Any] = {"store": store_id, "lo": lo, "hi": hi, "cap": dc.RARE_BELOW}
        params |= {f"g{i}": g for i, g in enumerate(grams)}
        values = ", ".join(f"(:g{i})" for i in range(n))
        counts = (
            f"WITH probe(gram) AS (VALUES {values}) SELECT probe.gram, (SELECT count(*) FROM "
            "(SELECT 1 FROM case_subject_shingles AS p WHERE p.store_id = :store AND "
            "p.shingle = probe.gram AND p.shingle_count BETWEEN :lo AND :hi LIMIT :cap) AS c) "
            "FROM probe"
        )
        found = dict(self.run(counts, params))
        ranked = sorted(grams, key=lambda g: (found[g], g))
        if sum(1 for g in ranked if found[g] == 0) > may_miss:
            return ((counts, params),)  # as the lookup: no match possible, one statement
        rare = sum(1 for g in ranked if found[g] < dc.RARE_BELOW)
        probe = ranked[:rare] if rare > may_miss else ranked
        t = SIMILAR_SUBJECT - BOUND_SLACK
        cand_params: dict[str, Any] = {"store": store_id, "lo": lo, "hi": hi, "n": n}
        cand_params |= {f"p{i}": g for i, g in enumerate(probe)}
        cand_params |= {f"g{i}": g for i, g in enumerate(grams)}
        cand_params |= {"need": len(probe) - may_miss, "t1": 1 + t, "t": t}
        if len(probe) < n:  # the lookup's two shapes: prefix and recount, or all n at once
            counted = (
                "SELECT s.case_id, s.shingle_count, count(*) AS shared FROM "
                f"case_subject_shingles AS s WHERE s.case_id IN ({prefix_sql(len(probe))}) AND "
                f"s.shingle IN ({', '.join(f':g{i}' for i in range(n))}) "
                "GROUP BY s.case_id, s.shingle_count HAVING "
            )
        else:
            counted = (
                "SELECT case_id, shingle_count, count(*) AS shared FROM case_subject_shingles "
                f"WHERE store_id = :store AND shingle IN ({', '.join(f':p{i}' for i in range(n))}) "
                "AND shingle_count BETWEEN :lo AND :hi GROUP BY case_id, shingle_count "
                "HAVING count(*) >= :need AND "
            )
        overlap = (
            f"SELECT c.id, c.subject, o.shingle_count, o.shared FROM ({counted}"
            "count(*) * :t1 >= :t * (:n + shingle_count)) AS o JOIN cases AS c "
            f"ON c.id = o.case_id WHERE c.store_id = :store AND c.status IN ({OPEN}) ORDER BY c.id"
        )
        return (counts, params), (overlap, cand_params)

    def candidates(self, prepared: tuple[tuple[str, dict[str, Any]], ...]) -> int:
        """How many cases the rare-trigram prefix lets through to the overlap count."""
        if len(prepared) < 2:
            return 0  # no trigram or too many absent: no statement after the counts
        params = prepared[1][1]
        return len(self.run(prefix_sql(sum(1 for k in params if k[0] == "p")), params))

    def run(self, statement: str, params: dict[str, Any]) -> list[Any]:
        cur = self.conn.cursor()
        cur.execute(self.sql(statement), params)
        rows = cur.fetchall()
        cur.close()
        return list(rows)

    def close(self) -> None:
        self.conn.close()


def brute_force(session: Any, store_id: int, subject: str) -> list[tuple[int, float]]:
    mine = shingles(subject)
    rows = session.execute(
        select(CaseRow.id, CaseRow.subject).where(
            CaseRow.store_id == store_id, CaseRow.status.in_(OPEN_STATUSES)
        )
    )
    scores = sorted((i, set_similarity(mine, shingles(s))) for i, s in rows)
    return [(i, score) for i, score in scores if score >= SIMILAR_SUBJECT]


def run(backend: Backend, gen: Generator, queries: int, box: float, check: int) -> bool:
    sessions = make_session_factory(backend.engine)
    if backend.kind == "postgresql":  # autovacuum would do it; index-only scans need it
        with backend.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            t0 = perf_counter()
            conn.exec_driver_sql("VACUUM ANALYZE case_subject_shingles")
            print(f"  VACUUM ANALYZE case_subject_shingles {perf_counter() - t0:.1f} s")
    with backend.engine.connect() as conn:
        per_store = conn.execute(
            text(f"SELECT store_id, count(*) FROM cases WHERE status IN ({OPEN}) GROUP BY store_id")
        ).all()
        postings = conn.execute(text("SELECT count(*) FROM case_subject_shingles")).scalar()
    opens = sorted(n for _, n in per_store)
    print(
        f"  open cases per store: min {opens[0]:,}, median {statistics.median(opens):,.0f}, "
        f"max {opens[-1]:,} ({sum(opens):,} open); {postings:,} trigram postings"
    )
    floor = Floor(backend)
    all_ok = True
    print(
        f"  {'kind':<16} {'service p50/p95 ms':>20} {'storage p50/p95':>20} "
        f"{'SQL floor p50/p95':>19} {'cands/matches (mean)':>22}  n  exact"
    )
    for kind, items in inputs(backend, gen, queries + 10).items():

        def service(i: int, items: list[tuple[int, str]] = items) -> Any:
            store_id, subject = items[i % len(items)]
            with sessions() as s, s.begin():
                return find_duplicates(s, store_id=store_id, subject=subject, pairs=())

        def lookup(i: int, items: list[tuple[int, str]] = items) -> Any:
            store_id, subject = items[i % len(items)]
            with sessions() as s, s.begin():
                return dc.similar_open_subjects(
                    s, store_id=store_id, grams=shingles(subject), threshold=SIMILAR_SUBJECT
                )

        prepared = [floor.prepare(s, subj) for s, subj in items]

        def raw(i: int, prepared: list[Any] = prepared) -> Any:
            return [floor.run(sql, p) for sql, p in prepared[i % len(prepared)]]

        timings: list[tuple[float, float, int]] = []
        for call in (service, lookup, raw):
            timings.append(measure(call, queries, box))
        sizes, matches, ok = [], [], True
        for i, (store_id, subject) in enumerate(items[:check]):
            got = [m.case_id for m in service(i)]
            scored = [(m.case_id, m.score) for m in lookup(i)]
            sizes.append(floor.candidates(prepared[i]))
            matches.append(len(got))
            with sessions() as s, s.begin():
                expected = brute_force(s, store_id, subject)
            ok = ok and scored == expected and got == [i for i, _ in expected]
        all_ok = all_ok and ok
        (s50, s95, n), (c50, c95, _), (f50, f95, _) = timings
        cm = f"{statistics.mean(sizes):.0f}/{statistics.mean(matches):.0f}"
        print(
            f"  {kind:<16} {s50:>9.2f} / {s95:>7.2f} {c50:>9.2f} / {c95:>7.2f} "
            f"{f50:>8.2f} / {f95:>7.2f} {cm:>22} {n:>3}  {'yes' if ok else 'NO'}",
            flush=True,
        )
        all_ok = all_ok and s95 <= TARGET_MS
    floor.close()
    return all_ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--cases", type=int, default=200_000)
    parser.add_argument("--events-per-case", type=int, default=5)
    parser.add_argument("--queries", type=int, default=200, help="timed checks per kind")
    parser.add_argument("--load-budget", type=float, default=3600.0)
    parser.add_argument("--check", type=int, default=40, help="answers compared with brute force")
    parser.add_argument("--box", type=float, default=10.0, help="seconds per timed row")
    args = parser.parse_args(argv)
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    print(
        f"duplicate guard: {args.cases:,} cases x {args.events_per_case} events, "
        f"RARE_BELOW={dc.RARE_BELOW}, target p95 <= {TARGET_MS:.0f} ms"
    )
    verdict = True
    for kind in backends:
        backend = Backend(kind)
        try:
            gen = Generator(args.cases, args.events_per_case)
            t0 = perf_counter()
            res = load(backend, gen, args.cases, 2000, args.load_budget)
            print(
                f"[{kind}] loaded {res.cases:,} cases / {res.events:,} events in "
                f"{perf_counter() - t0:.0f} s ({res.cases / res.db_seconds:,.0f} cases/s in the database)"
            )
            verdict = run(backend, gen, args.queries, args.box, args.check) and verdict
            print(f"[{kind}] database size {backend.size()}")
        finally:
            backend.close()
    print("PASS" if verdict else "MISS (or a wrong answer)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
