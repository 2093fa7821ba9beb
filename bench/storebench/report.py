"""The report: load figures, the table of queries, the query plans, the targets."""

from __future__ import annotations

from storebench.load import LoadResult
from storebench.measure import Row

LOAD_TARGET = 20_000  # cases/s


def report(
    kind: str,
    res: LoadResult,
    rows: list[Row],
    plans: list[str],
    size: str,
    target_cases: int,
    k: int,
) -> list[tuple[str, bool]]:
    rate, erate = res.cases / res.db_seconds, res.events / res.db_seconds
    with_tokens = res.cases / (res.db_seconds + res.token_seconds)
    print(
        f"\n### {kind}: {res.cases:,} cases, {res.events:,} events, {res.idents:,} identifiers; "
        f"database {size}\n"
    )
    print(
        f"load: {res.db_seconds:,.1f} s in the database, the index builds' "
        f"{res.index_seconds:,.1f} s included ({rate:,.0f} cases/s, {erate:,.0f} events/s)\n"
        f"search tokens (index_text, which the app runs when it writes a case): "
        f"{res.token_seconds:,.1f} s; with them {with_tokens:,.0f} cases/s\n"
        f"generating the rows in Python (not the loader's): {res.gen_seconds:,.1f} s; "
        f"ANALYZE {res.analyze_seconds:.1f} s"
    )
    if not res.complete:
        est = target_cases / rate
        print(
            f"EXTRAPOLATED (not measured): {target_cases:,} cases with {target_cases * k:,} events at "
            f"this rate would take about {est / 60:,.0f} min (the rate falls as indexes grow, so "
            "this is a lower bound)"
        )
    print("\n| query | what | p50 ms | p95 ms | n | target p95 |\n|---|---|---:|---:|---:|---|")
    checks: list[tuple[str, bool]] = [
        (f"{kind}: load >= {LOAD_TARGET:,} cases/s ({rate:,.0f})", rate >= LOAD_TARGET)
    ]
    for r in rows:
        tgt = ""
        if r.target is not None:
            ok = r.p95 <= r.target
            tgt = f"<= {r.target:.0f} ms {'PASS' if ok else 'MISS'}"
            checks.append(
                (f"{kind}: {r.group} / {r.what}: p95 {r.p95:.1f} ms <= {r.target:.0f} ms", ok)
            )
        print(f"| {r.group} | {r.what} | {r.p50:.2f} | {r.p95:.2f} | {r.n} | {tgt} |")
    print("\nquery plans (one sample each):")
    print("\n".join(plans))
    return checks
