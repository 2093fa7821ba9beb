"""Benchmark: the web app and REST API on a large store, SQLite and PostgreSQL.

The store is built like the tracker benchmark's (``bench/storebench``: the same generator and
bulk path, ANALYZE at the end). Then an admin user, an API token and a signed-in browser
session are created through the services, and the app is started the way ``sellerdesk
serve`` starts it (``uvicorn sellerdesk.api.app:create_app --factory``) in a subprocess,
without the in-process reminder worker, as ``--workers`` processes (default 2, one per core)
on both databases.

Measured, against that server over loopback:

* page render: sequential GETs of the dashboard, the case list and a random case page with
  the session cookie (after a warm-up), p50/p95 ms; target p95 <= 100 ms; and the case list
  in each of its views (My cases, Unassigned, Breaching soon, …) and sorted by each column
  (every page carries the views' counts); the list pages once more with the list cache off
  (every page and count read from the database);
* ``GET /api/v1/cases`` (default limit 100) with Bearer auth under load: ``wrk`` when it is
  installed (closed loop, ``--connections`` connections, 2 threads), else an asyncio + httpx
  closed loop (same connections; its own client cost counts against the server, labelled);
  requests/s, p50/p99 ms, errors; target >= 1,000 requests/s with p99 <= 100 ms, no errors.
  Twice: as served (a polling client: the token and the page come from the server's caches
  while nothing changed), and with both caches off (``api.list_cache_pages = 0``,
  ``api.token_cache_seconds = 0``: every request checks its token and reads the database);
* the plain-SQL floor: the list query alone on the raw DBAPI connection, p50/p95 ms.

The load tool, the server and the database share the machine's cores: the figures are a
floor for a deployment where they do not.

Usage: python bench/web_bench.py [--backend sqlite|postgresql|both] [--cases N]
       [--events-per-case K] [--duration S] [--connections C] [--workers W]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from time import perf_counter, sleep
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))  # bench/storebench as `storebench`

from sellerdesk.services import sign_in, tokens, users
from sellerdesk.storage.engine import make_session_factory
from storebench.data import Generator
from storebench.load import Backend, load
from storebench.measure import Raw, measure

PAGE_TARGET_MS = 100.0
RPS_TARGET = 1000.0
P99_TARGET_MS = 100.0
PASSWORD = "bench passphrase for the web app"
# the bench's admin owns cases: the generator assigns a fifth of them to each of amy, bo,
# chen and dai (and a fifth to nobody), so "My cases" is as full as a busy agent's
BENCH_USER = "amy"
VIEWS = ("mine", "unassigned", "breaching-soon", "needs-action", "waiting-amazon", "resolved-week")
SORTS = ("updated&order=desc", "assignee", "priority", "status", "marketplace")
LIST_PAGES = [
    ("case list /cases", "/cases"),
    *((f"  view={v}", f"/cases?view={v}") for v in VIEWS),
    *((f"  sort={s}", f"/cases?sort={s}") for s in SORTS),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def principals(backend: Backend) -> tuple[str, str]:
    """(API token, browser session secret) of a fresh admin."""
    sessions = make_session_factory(backend.engine)
    now = datetime.now(UTC)
    users.add(sessions=sessions, now=now, name=BENCH_USER, role="admin", password=PASSWORD)
    token = str(tokens.create(sessions=sessions, now=now, user=BENCH_USER, name="bench").token)
    signed = sign_in.sign_in(
        sessions=sessions, now=now, name=BENCH_USER, password=PASSWORD, client="127.0.0.1"
    )
    return token, signed.secret


class Server:
    """``sellerdesk serve`` without the CLI: uvicorn with the app factory, in a subprocess."""

    def __init__(self, url: str, workers: int, home: Path) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        env = {
            **os.environ,
            "SELLERDESK_DATABASE_URL": url,
            "SELLERDESK_HOME": str(home),
            "SELLERDESK_SERVE_WORKER": "0",
        }
        command = [sys.executable, "-m", "uvicorn", "sellerdesk.api.app:create_app"]
        command += ["--factory", "--port", str(self.port), "--workers", str(workers)]
        command += ["--log-level", "warning", "--no-access-log"]
        self.proc = subprocess.Popen(command, env=env)

    def wait(self, token: str) -> None:
        deadline = perf_counter() + 120
        while perf_counter() < deadline:
            try:
                r = httpx.get(
                    f"{self.base}/api/v1/cases?limit=1",
                    headers={"Authorization": f"Bearer {token}"},
                )
                if r.status_code == 200:
                    return
            except httpx.TransportError:
                pass
            sleep(0.5)
        raise RuntimeError("the server did not answer within 120 s")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def pages(
    server: Server, secret: str, case_ids: list[int], n: int, *, only_lists: bool = False
) -> list[tuple[str, ...]]:
    rng = random.Random(5)
    cookies = {"sellerdesk_session": secret}
    out: list[tuple[str, ...]] = []
    targets: list[tuple[str, Any]] = [(label, lambda p=path: p) for label, path in LIST_PAGES]
    if not only_lists:
        targets = [
            ("dashboard /", lambda: "/"),
            *targets,
            ("case page /cases/ID", lambda: f"/cases/{rng.choice(case_ids)}"),
        ]
    with httpx.Client(base_url=server.base, cookies=cookies, timeout=60) as client:
        for label, path in targets:
            bad = 0

            def get(_i: int, path: Any = path) -> None:
                nonlocal bad
                r = client.get(path())
                bad += r.status_code != 200

            p50, p95, count = measure(get, n, box=60.0, warm=5)
            verdict = "PASS" if p95 <= PAGE_TARGET_MS and not bad else "MISS"
            out.append((label, f"{p50:.1f}", f"{p95:.1f}", str(count), str(bad), verdict))
    return out


def wrk(server: Server, token: str, seconds: int, connections: int) -> dict[str, float]:
    cmd = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "10s"]
    cmd += ["-H", f"Authorization: Bearer {token}", f"{server.base}/api/v1/cases"]
    text = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout

    def ms(label: str) -> float:
        m = re.search(rf"^\s*{label}%\s+([\d.]+)(us|ms|s)\s*$", text, re.M)
        if not m:
            return float("nan")
        return float(m.group(1)) * {"us": 1e-3, "ms": 1.0, "s": 1e3}[m.group(2)]

    rps = re.search(r"Requests/sec:\s+([\d.]+)", text)
    total = re.search(r"(\d+) requests in", text)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    errors = (int(non2xx.group(1)) if non2xx else 0) + (
        sum(int(g) for g in sock.groups()) if sock else 0
    )
    return {
        "rps": float(rps.group(1)) if rps else 0.0,
        "p50": ms("50"),
        "p99": ms("99"),
        "requests": float(total.group(1)) if total else 0.0,
        "errors": float(errors),
    }


async def _closed_loop(url: str, token: str, seconds: int, connections: int) -> dict[str, float]:
    times: list[float] = []
    errors = 0
    limits = httpx.Limits(max_connections=connections)
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(limits=limits, headers=headers, timeout=10) as client:
        end = perf_counter() + seconds

        async def user() -> None:
            nonlocal errors
            while perf_counter() < end:
                t0 = perf_counter()
                try:
                    ok = (await client.get(url)).status_code == 200
                except httpx.HTTPError:
                    ok = False
                times.append((perf_counter() - t0) * 1e3)
                errors += not ok

        start = perf_counter()
        await asyncio.gather(*(user() for _ in range(connections)))
        spent = perf_counter() - start
    qs = statistics.quantiles(times, n=100, method="inclusive")
    return {
        "rps": len(times) / spent,
        "p50": statistics.median(times),
        "p99": qs[98],
        "requests": float(len(times)),
        "errors": float(errors),
    }


def api_load(server: Server, token: str, seconds: int, connections: int) -> dict[str, float]:
    if shutil.which("wrk"):
        wrk(server, token, 2, connections)  # warm-up: connections, caches, JIT-free but warm
        return {**wrk(server, token, seconds, connections), "tool": 1.0}
    url = f"{server.base}/api/v1/cases"
    asyncio.run(_closed_loop(url, token, 2, connections))
    return {**asyncio.run(_closed_loop(url, token, seconds, connections)), "tool": 0.0}


def sql_floor(backend: Backend) -> dict[str, tuple[float, float]]:
    """The list query the endpoint runs (an admin reads every store) on the raw connection:
    the app's two index walks (running clocks by breach; there are more than 100 on these
    stores, so the by-id walk of the rest does not run), and the single NULLS LAST
    statement the app used before migration 0009, for comparison."""
    raw = Raw(backend)
    order = (
        "next_breach_at IS NULL, next_breach_at"
        if backend.kind == "sqlite"
        else "next_breach_at NULLS LAST"
    )
    statements = {
        "two index walks (the app)": "SELECT * FROM cases WHERE next_breach_at IS NOT NULL "
        "ORDER BY next_breach_at, id LIMIT 100",
        "one NULLS LAST sort (before)": f"SELECT * FROM cases ORDER BY {order}, id LIMIT 100",
    }
    out: dict[str, tuple[float, float]] = {}
    try:
        for label, statement in statements.items():
            p50, p95, _ = measure(lambda _i, s=statement: raw.run(s, ()), 200, box=10.0)
            out[label] = (p50, p95)
    finally:
        raw.close()
    return out


def table(rows: list[tuple[str, ...]], head: tuple[str, ...]) -> str:
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]
    line = lambda r: "  " + "  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True))  # noqa: E731
    return "\n".join([line(head), *(line(r) for r in rows)])


def run_backend(kind: str, args: argparse.Namespace) -> list[tuple[str, bool]]:
    backend = Backend(kind)
    home = Path(tempfile.mkdtemp(prefix="web_bench_home_"))
    server: Server | None = None
    try:
        gen = Generator(args.cases, args.events_per_case)
        res = load(backend, gen, args.cases, args.batch, budget=args.load_budget)
        print(f"  [{kind}] {res.cases:,} cases, {res.events:,} events, {backend.size()}")
        token, secret = principals(backend)
        workers = args.workers
        server = Server(backend.url, workers, home)
        server.wait(token)
        print(f"  [{kind}] uvicorn up with {workers} process(es) on {server.base}", flush=True)
        ids = random.Random(7).sample(range(1, res.cases + 1), min(500, res.cases))
        page_rows = pages(server, secret, ids, args.page_requests)
        load_result = api_load(server, token, args.duration, args.connections)
        server.stop()
        # the same load with the server's caches off: every request checks its token and
        # reads its page from the database (what a stream of changing data costs)
        (home / "config.toml").write_text(
            '"api.list_cache_pages" = "0"\n"api.token_cache_seconds" = "0"\n', encoding="utf-8"
        )
        server = Server(backend.url, workers, home)
        server.wait(token)
        uncached = api_load(server, token, args.duration, args.connections)
        uncached_pages = pages(server, secret, ids, args.page_requests, only_lists=True)
        floors = sql_floor(backend)
    finally:
        if server is not None:
            server.stop()
        backend.close()
        shutil.rmtree(home, ignore_errors=True)
    print(f"\n{kind}: {res.cases:,} cases, {workers} uvicorn process(es)")
    print(table(page_rows, ("page (sequential)", "p50 ms", "p95 ms", "n", "errors", "<=100ms")))
    print(table(uncached_pages, ("list cache off", "p50 ms", "p95 ms", "n", "errors", "<=100ms")))
    tool = "wrk" if load_result["tool"] else "asyncio+httpx closed loop"
    ok = (
        load_result["rps"] >= RPS_TARGET
        and load_result["p99"] <= P99_TARGET_MS
        and load_result["errors"] == 0
    )

    def api_row(label: str, got: dict[str, float]) -> tuple[str, ...]:
        met = got["rps"] >= RPS_TARGET and got["p99"] <= P99_TARGET_MS and not got["errors"]
        return (
            f"GET /api/v1/cases, {label} ({tool}, {args.connections} conn, {args.duration} s)",
            f"{got['rps']:,.0f}",
            f"{got['p50']:.1f}",
            f"{got['p99']:.1f}",
            f"{got['errors']:.0f}",
            "PASS" if met else "MISS",
        )

    rows = [api_row("as served", load_result), api_row("caches off", uncached)]
    print(table(rows, ("load", "req/s", "p50 ms", "p99 ms", "errors", ">=1000/s p99<=100")))
    for label, (p50, p95) in floors.items():
        print(
            f"  plain-SQL floor, list query, 100 rows, {label}: p50 {p50:.2f} ms, p95 {p95:.2f} ms"
        )
    checks = [(f"{kind}: {r[0].strip()} p95 <= 100 ms", r[-1] == "PASS") for r in page_rows]
    checks += [
        (f"{kind}: {r[0].strip()} (list cache off) p95 <= 100 ms", r[-1] == "PASS")
        for r in uncached_pages
    ]
    checks.append((f"{kind}: GET /api/v1/cases >= 1,000 req/s, p99 <= 100 ms, no errors", ok))
    return checks


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--cases", type=int, default=20_000, help="1000000 for the full run")
    parser.add_argument("--events-per-case", type=int, default=3)
    parser.add_argument("--batch", type=int, default=2000, help="cases per load transaction")
    parser.add_argument("--load-budget", type=float, default=3600.0, help="seconds of loading")
    parser.add_argument("--page-requests", type=int, default=100, help="timed GETs per page")
    parser.add_argument("--duration", type=int, default=15, help="seconds of API load")
    parser.add_argument("--connections", type=int, default=16, help="concurrent API clients")
    parser.add_argument("--workers", type=int, default=2, help="uvicorn processes (2 cores)")
    args = parser.parse_args(argv)
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    print(
        f"Web app and REST API benchmark, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC: "
        f"{args.cases:,} cases x {args.events_per_case} events; Python "
        f"{sys.version.split()[0]}; {os.cpu_count()} CPUs; load average "
        f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}",
        flush=True,
    )
    checks: list[tuple[str, bool]] = []
    for kind in backends:
        checks += run_backend(kind, args)
    print("\nTargets:\n" + "\n".join(f"  {'PASS' if ok else 'MISS'}  {t}" for t, ok in checks))
    print(f"load average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
