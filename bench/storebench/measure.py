"""Timing: p50/p95 of repeated calls, and the raw DBAPI connection for the SQL floors."""

from __future__ import annotations

import statistics
from collections.abc import Callable
from dataclasses import dataclass
from time import perf_counter
from typing import Any

from storebench.load import Backend


@dataclass
class Row:
    group: str
    what: str
    p50: float
    p95: float
    n: int
    target: float | None = None
    note: str = ""


def measure(
    call: Callable[[int], Any], queries: int, box: float, warm: int = 10
) -> tuple[float, float, int]:
    t_warm = perf_counter()
    for i in range(warm):  # warm-up, cut short when single queries are slow
        call(i)
        if perf_counter() - t_warm > box / 4:
            break
    times: list[float] = []
    deadline = perf_counter() + box
    for i in range(queries):
        t0 = perf_counter()
        call(warm + i)
        times.append((perf_counter() - t0) * 1e3)
        if perf_counter() > deadline and len(times) >= 2:
            break
    if len(times) < 2:
        return times[0], times[0], 1
    qs = statistics.quantiles(times, n=20, method="inclusive")
    return statistics.median(times), qs[18], len(times)


class Raw:
    """One hand-written statement on the raw DBAPI connection (autocommit)."""

    def __init__(self, backend: Backend) -> None:
        self.kind = backend.kind
        self.conn = backend.engine.raw_connection()
        if self.kind == "postgresql":
            self.conn.driver_connection.autocommit = True  # type: ignore[union-attr]
        self.cur = self.conn.cursor()

    def sql(self, statement: str) -> str:
        return statement.replace("?", "%s") if self.kind == "postgresql" else statement

    def run(self, statement: str, params: tuple[Any, ...]) -> list[Any]:
        self.cur.execute(self.sql(statement), params)
        return self.cur.fetchall()

    def explain(self, statement: str, params: tuple[Any, ...]) -> str:
        if self.kind == "sqlite":
            rows = self.run("EXPLAIN QUERY PLAN " + statement, params)
            return "\n".join(f"      {r[3]}" for r in rows)
        rows = self.run("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + statement, params)
        return "\n".join(f"      {r[0]}" for r in rows)

    def close(self) -> None:
        self.cur.close()
        self.conn.invalidate() if self.kind == "postgresql" else self.conn.close()


def like(term: str) -> str:
    return "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
