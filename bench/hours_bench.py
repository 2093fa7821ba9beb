"""Benchmark: the business-hours engine against businesstimedelta and pandas CustomBusinessHour.

One process, one seeded random workload for every contender: desk ``cn``/``case``
(Asia/Shanghai Mon-Fri 09:00-18:00, PRC holidays closed, make-up working days 调休 open: Sun
01-04, Sat 02-14, Sat 02-28, Sat 05-09, Sun 09-20, Sat 10-10 in 2026); N start instants
uniform over calendar year 2026 (UTC), minute-aligned; ``add`` of a whole number of business
hours uniform in 1..200 (whole, so that pandas' CustomBusinessHour, whose ``n`` is an integer,
runs the very same items); ``elapsed`` over [start, start + uniform 1 minute..40 days).

Timed: the engine batched (datetime64[s] arrays, best of several runs); the engine one call
at a time on aware UTC datetimes built beforehand; businesstimedelta (WorkDayRule Mon-Fri +
HolidayRule, pytz Asia/Shanghai) and pandas CustomBusinessHour on naive Shanghai-local
Timestamps (add only: it has no elapsed), both answering the first items of the workload
until a time box is spent (ops/s = items answered / seconds spent). GC is off while timing.

Checked against the minute oracle of tests/core/hours/oracle.py: the engine on every timed
item (the oracle's prefix sums, vectorised); every contender on a sample (the first items +
probes at make-up days and holidays) through the oracle's own methods, with two peer variants
that list every non-working weekend day as a holiday of a 7-day week.

Usage: python bench/hours_bench.py [--n N] [--quick]   (exits 1 only if the engine is wrong)
"""

from __future__ import annotations

import argparse
import gc
import operator
import sys
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from itertools import starmap
from pathlib import Path
from time import perf_counter
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # for tests.core.hours.oracle
from tests.core.hours.oracle import MinuteOracle

from sellerdesk import hours
from sellerdesk.core.hours.bulk import add_many, elapsed_many
from sellerdesk.core.hours.calendars import calendar_year
from sellerdesk.core.hours.schedule import Schedule
from sellerdesk.core.hours.sources import _compile_weekly

SHANGHAI = ZoneInfo("Asia/Shanghai")
LOCAL_OFFSET = 8 * 3600  # Shanghai has kept UTC+8 without DST since 1991
YEAR_START, YEAR_END = datetime(2026, 1, 1, tzinfo=UTC), datetime(2027, 1, 1, tzinfo=UTC)
ORACLE_END = datetime(2027, 3, 1, tzinfo=UTC)
MAX_SPAN_MINUTES = 40 * 1440
WEEKDAYS, ALL_WEEK = "Mon Tue Wed Thu Fri", "Mon Tue Wed Thu Fri Sat Sun"
PROBES = [  # (start, end, business hours to add), Shanghai wall clock (UTC+8)
    ("2026-01-02 17:00", "2026-01-05 10:00", 3),  # New Year holiday, then Sun 01-04 make-up day
    ("2026-02-13 17:00", "2026-02-14 12:00", 2),  # Fri -> Sat 02-14 make-up day
    ("2026-02-14 09:00", "2026-02-24 10:00", 9),  # a whole make-up day, Spring Festival 02-15..23
    ("2026-02-27 17:30", "2026-03-02 10:00", 3),  # Sat 02-28 make-up day
    ("2026-05-08 17:00", "2026-05-11 10:00", 2),  # Sat 05-09 make-up day
    ("2026-09-19 12:00", "2026-09-21 10:00", 4),  # Sun 09-20 make-up day
    ("2026-09-30 17:00", "2026-10-09 10:00", 2),  # Golden Week 10-01..07
    ("2026-10-09 17:00", "2026-10-12 10:00", 2),  # Sat 10-10 make-up day
]
# An operation: (inputs from start epochs + ends or seconds, the call that is timed, to int)
Op = tuple[Callable[[np.ndarray, np.ndarray], list[tuple]], Callable[..., Any], Callable]


def utc(x: Any) -> datetime:
    return datetime.fromtimestamp(int(x), UTC)


def local(x: Any, date_only: bool = False) -> Any:
    wall = datetime.fromtimestamp(int(x), SHANGHAI)
    return wall.date() if date_only else wall.strftime("%Y-%m-%d %a %H:%M")


def make_workload(n: int, seed: int = 2026) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Start epochs, elapsed end epochs and add seconds (whole business hours)."""
    rng = np.random.default_rng(seed)
    lo, hi = int(YEAR_START.timestamp()) // 60, int(YEAR_END.timestamp()) // 60
    starts = rng.integers(lo, hi, n, dtype=np.int64) * 60
    ends = starts + rng.integers(1, MAX_SPAN_MINUTES + 1, n, dtype=np.int64) * 60
    return starts, ends, rng.integers(1, 201, n, dtype=np.int64) * 3600


def best_of(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    best, result = float("inf"), None
    for _ in range(repeat):
        gc.disable()
        t0 = perf_counter()
        result = fn()
        best = min(best, perf_counter() - t0)
        gc.enable()
    return best, result


def time_boxed(call: Callable[..., Any], inputs: list[tuple], budget: float) -> tuple[int, float]:
    """Answer ``inputs`` in order until ``budget`` seconds are spent: (items, seconds)."""
    gc.disable()
    t0 = perf_counter()
    deadline, done = t0 + budget, 0
    for done, args in enumerate(inputs, 1):
        call(*args)
        if done % 16 == 0 and perf_counter() > deadline:
            break
    spent = perf_counter() - t0
    gc.enable()
    return done, spent


def calendar_dates() -> tuple[frozenset[date], frozenset[date], frozenset[date]]:
    """PRC closed days, make-up days, and the weekend days that are not make-up days."""
    import chinese_calendar.constants as cc

    closed = {d for d in cc.holidays if d.year == 2026}
    makeup = {d for d in cc.workdays if d.year == 2026}
    closed |= calendar_year("CN", 2027).closed  # spill-over into 2027: the engine's estimate
    days = (date(2026, 1, 1) + timedelta(days=k) for k in range(730))
    weekend_off = {d for d in days if d.weekday() >= 5 and d not in makeup}
    return frozenset(closed), frozenset(makeup), frozenset(weekend_off)


def utc_pairs(s: np.ndarray, e: np.ndarray) -> list[tuple]:
    return [(utc(a), utc(b)) for a, b in zip(s, e, strict=True)]


def engine_ops(sched: Schedule) -> dict[str, Op]:
    def add_in(s: np.ndarray, x: np.ndarray) -> list[tuple]:
        return [(utc(a), timedelta(0, int(b))) for a, b in zip(s, x, strict=True)]

    return {
        "elapsed": (utc_pairs, sched.elapsed, lambda d: int(d.total_seconds())),
        "add": (add_in, sched.add, lambda t: int(t.timestamp())),
    }


def btd_ops(closed: frozenset[date], working_days: list[int]) -> dict[str, Op]:
    import businesstimedelta as btd
    import pytz

    tz = pytz.timezone("Asia/Shanghai")
    workday = btd.WorkDayRule(time(9), time(18), working_days, tz=tz)
    rules = btd.Rules([workday, btd.HolidayRule(closed, tz=tz)])  # a set: it asks `day in`
    deltas = {h: btd.BusinessTimeDelta(rules, hours=h) for h in range(1, 201)}

    def add_in(s: np.ndarray, x: np.ndarray) -> list[tuple]:
        return [(deltas[int(b) // 3600], utc(a)) for a, b in zip(s, x, strict=True)]

    return {
        "elapsed": (utc_pairs, rules.difference, lambda d: int(d.timedelta.total_seconds())),
        "add": (add_in, operator.add, lambda t: int(t.timestamp())),
    }


def pandas_ops(closed: frozenset[date], weekmask: str) -> dict[str, Op]:
    import pandas as pd
    from pandas.tseries.offsets import CustomBusinessHour

    days = sorted(closed)
    offsets = {
        h: CustomBusinessHour(h, start="09:00", end="18:00", holidays=days, weekmask=weekmask)
        for h in range(1, 201)
    }

    def add_in(s: np.ndarray, x: np.ndarray) -> list[tuple]:
        walls = pd.to_datetime(s + LOCAL_OFFSET, unit="s")  # naive Shanghai wall clock
        return [(w, offsets[int(b) // 3600]) for w, b in zip(walls, x, strict=True)]

    return {"add": (add_in, operator.add, lambda t: int(t.timestamp()) - LOCAL_OFFSET)}


class Checker:
    """The minute oracle's answers, and comparisons with them that explain differences."""

    def __init__(self, oracle: MinuteOracle, makeup: frozenset[date]) -> None:
        self.oracle, self.makeup = oracle, makeup

    def vectorised(self, starts: np.ndarray, ends: np.ndarray, seconds: np.ndarray) -> dict:
        """Every item at once, from the oracle's prefix sums (the logic of its methods)."""
        o = self.oracle
        k1, k2 = (starts - o.t0) // 60, (ends - o.t0) // 60
        j = np.searchsorted(o.prefix, o.prefix[k1] + seconds // 60, side="left")
        assert (j < o.prefix.size).all(), "oracle span too short"
        return {"elapsed": (o.prefix[k2] - o.prefix[k1]) * 60, "add": o.t0 + 60 * j}

    def scalar(self, starts: np.ndarray, others: dict[str, np.ndarray]) -> dict[str, list]:
        """The oracle's own methods, one item at a time."""
        o, ends, secs = self.oracle, others["elapsed"], others["add"]
        el = [o.elapsed_minutes(utc(a), utc(b)) * 60 for a, b in zip(starts, ends, strict=True)]
        ad = [o.add_minutes(utc(a), int(x) // 60) for a, x in zip(starts, secs, strict=True)]
        return {"elapsed": el, "add": [int(t.timestamp()) for t in ad]}

    def _opens_after(self, x: int, close: int) -> bool:
        """``x`` opens a window and ``close`` is the closing instant just before it."""
        o, k = self.oracle, (x - self.oracle.t0) // 60
        if not o.bits[k] or o.bits[k - 1]:
            return False
        return o.t0 + 60 * int(np.searchsorted(o.prefix, o.prefix[k], side="left")) == close

    def report(self, key: str, got: list[int], want: dict, starts, others: dict) -> str:
        """One line of counts, then up to two examples (the first and last wrong items)."""
        name, kind = key.rsplit(" ", 1)
        want, others, normalise = want[kind], others[kind], name.startswith("pandas")
        wrong, normalised = [], 0
        for i, (g, w) in enumerate(zip(got, want, strict=True)):
            if g != w and normalise and self._opens_after(g, w):
                normalised += 1
            elif g != w:
                last = max(int(starts[i]) + int(others[i]), g, w) if kind == "add" else others[i]
                first, last = (local(x, date_only=True) for x in (starts[i], last))
                wrong.append((i, any(first <= d <= last for d in self.makeup)))
        on_makeup = sum(flag for _, flag in wrong)
        line = f"{key}: {len(wrong)}/{len(want)} wrong ({on_makeup} touch a make-up day)"
        if normalise:
            line += f"; {normalised} results at 09:00 = the previous 18:00 close, not counted"
        for i in dict.fromkeys(i for i, _ in wrong[:1] + wrong[-1:]):
            if kind == "elapsed":
                asked = f"elapsed [{local(starts[i])}, {local(others[i])}) +08"
                g, w = f"{got[i] / 3600:g} h", f"{want[i] / 3600:g} h"
            else:
                asked = f"add {others[i] // 3600} h to {local(starts[i])} +08"
                g, w = local(got[i]), local(want[i])
            line += f"\n      e.g. {asked}: answer {g}, correct {w}"
        return line


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, help="batched items (default 1,000,000; quick 100,000)")
    parser.add_argument("--quick", action="store_true", help="CI smoke test, under 20 s")
    args = parser.parse_args(argv)
    n = args.n or (100_000 if args.quick else 1_000_000)
    n_single, budget = min(n, 20_000 if args.quick else 200_000), 1.0 if args.quick else 10.0
    n_check, repeat = min(n, 200 if args.quick else 2_000), 3 if args.quick else 5
    sched = hours.load_desks(user_files=False)["cn"].schedule("case")
    src = sched.source

    # -- compile one year: the brief's call hits _compile_weekly's lru_cache after the first
    first, _ = best_of(lambda: Schedule(src)._compile(2026, 2026), 1)
    cached, _ = best_of(lambda: Schedule(src)._compile(2026, 2026), 20)
    uncached = lambda: (_compile_weekly.cache_clear(), Schedule(src)._compile(2026, 2026))  # noqa: E731
    fresh, _ = best_of(uncached, 20)

    # -- the engine -------------------------------------------------------------------------
    starts, ends, seconds = make_workload(n)
    others = {"elapsed": ends, "add": seconds}
    starts64, ends64 = starts.astype("datetime64[s]"), ends.astype("datetime64[s]")
    elapsed_many(sched, starts64, ends64)  # compiles 2026-2027 before timing
    rates: dict[str, tuple[float, str]] = {}
    answers: dict[str, Any] = {}
    batched = {
        "elapsed": lambda: elapsed_many(sched, starts64, ends64),
        "add": lambda: add_many(sched, starts64, seconds).astype(np.int64),
    }
    for kind, run in batched.items():
        spent, answers[f"batched {kind}"] = best_of(run, repeat)
        rates[f"engine batched {kind}_many"] = n / spent, f"{n:,} (best of {repeat})"
    for kind, (prep, call, out) in engine_ops(sched).items():
        inputs = prep(starts[:n_single], others[kind][:n_single])
        spent, raw = best_of(lambda c=call, a=inputs: list(starmap(c, a)), 3)
        answers[f"single {kind}"] = np.array([out(r) for r in raw])
        rates[f"engine 1-at-a-time {kind}"] = n_single / spent, f"{n_single:,} (best of 3)"

    # -- the peers, time-boxed on the first items of the same workload ----------------------
    closed, makeup, weekend_off = calendar_dates()
    peers = {
        "businesstimedelta": btd_ops(closed, [0, 1, 2, 3, 4]),
        "pandas CBH": pandas_ops(closed, WEEKDAYS),
    }
    for peer, ops in peers.items():
        for kind, (prep, call, _) in ops.items():
            inputs = prep(starts[:n_single], others[kind][:n_single])
            done, spent = time_boxed(call, inputs, budget)
            rates[f"{peer} {kind}"] = done / spent, f"{done:,} in {spent:.1f} s"

    # -- figures ----------------------------------------------------------------------------
    import pandas as pd

    print(
        f"Hours engine benchmark: desk cn/case, {n:,} random items over 2026 (quick="
        f"{args.quick}); Python {sys.version.split()[0]}, numpy {np.__version__}, pandas "
        f"{pd.__version__}\n\n| contender | ops/s | items timed | time for {n:,} items | "
        "engine batched is | engine 1-at-a-time is |\n|---|---:|---:|---:|---:|---:|"
    )
    engine = {k: rates[f"engine batched {k}_many"][0] for k in others}
    engine |= {f"1 {k}": rates[f"engine 1-at-a-time {k}"][0] for k in others}
    for name, (r, timed) in rates.items():
        kind = "elapsed" if "elapsed" in name else "add"
        vs = f"{engine[kind] / r:,.0f}x faster | {engine['1 ' + kind] / r:,.0f}x faster"
        print(
            f"| {name} | {r:,.0f} | {timed} | {n / r:,.2f} s | "
            f"{' |' if name.startswith('engine') else vs} |"
        )
    print("| pandas CBH elapsed | n/a (no such operation) | | | | |")
    print(
        f"\ncompile cn/case for 2026: {fresh * 1e3:.2f} ms (best of 20, _compile_weekly cache "
        f"cleared); {cached * 1e3:.3f} ms when that cache hits; {first * 1e3:.0f} ms first "
        "call in the process (reads the calendars)"
    )
    btd_el, btd_add = rates["businesstimedelta elapsed"][0], rates["businesstimedelta add"][0]
    targets = [
        ("batched elapsed_many >= 5 M ops/s", engine["elapsed"] >= 5e6),
        ("batched add_many >= 5 M ops/s", engine["add"] >= 5e6),
        ("1-at-a-time elapsed >= 300 k ops/s", engine["1 elapsed"] >= 3e5),
        ("1-at-a-time add >= 300 k ops/s", engine["1 add"] >= 3e5),
        ("add_many >= 1,000x pandas CBH add", engine["add"] / rates["pandas CBH add"][0] >= 1e3),
        ("elapsed_many >= 10,000x businesstimedelta elapsed", engine["elapsed"] / btd_el >= 1e4),
        ("add_many >= 10,000x businesstimedelta add", engine["add"] / btd_add >= 1e4),
        ("compile one year < 10 ms (cache cleared)", fresh < 0.010),
    ]
    print("\nTargets:\n" + "\n".join(f"  {'PASS' if ok else 'FAIL'}  {t}" for t, ok in targets))

    # -- correctness ------------------------------------------------------------------------
    t0 = perf_counter()
    checker = Checker(MinuteOracle(src.zone, src.week, src.days, YEAR_START, ORACLE_END), makeup)
    ref = checker.vectorised(starts, ends, seconds)
    engine_bad = sum(
        int((answers[f"{way} {k}"] != ref[k][: len(answers[f"{way} {k}"])]).sum())
        for way in ("batched", "single")
        for k in others
    )
    print(
        f"\nCorrectness (oracle built in {perf_counter() - t0:.1f} s):\n  engine vs oracle on "
        f"every timed item ({n:,} batched, {n_single:,} one at a time, elapsed and add): "
        f"{engine_bad} differences\n  sample: the first {n_check:,} items + {len(PROBES)} "
        "probes at make-up days and holidays, against the oracle's own methods"
    )
    wall = lambda text: datetime.fromisoformat(text + "+08:00").timestamp()  # noqa: E731
    probe = np.array([(wall(a), wall(b), h * 3600) for a, b, h in PROBES], dtype=np.int64).T
    s_starts = np.concatenate([starts[:n_check], probe[0]])
    s_others = {
        "elapsed": np.concatenate([ends[:n_check], probe[1]]),
        "add": np.concatenate([seconds[:n_check], probe[2]]),
    }
    want = checker.scalar(s_starts, s_others)
    s64 = s_starts.astype("datetime64[s]")
    got = {
        "engine batched elapsed": elapsed_many(sched, s64, s_others["elapsed"]).tolist(),
        "engine batched add": add_many(sched, s64, s_others["add"]).astype(np.int64).tolist(),
    }
    alt = " 7-day + weekends as holidays"
    everyone = {"engine 1-at-a-time": engine_ops(sched)} | peers
    everyone["businesstimedelta" + alt] = btd_ops(closed | weekend_off, list(range(7)))
    everyone["pandas CBH" + alt] = pandas_ops(closed | weekend_off, ALL_WEEK)
    for name, ops in everyone.items():
        for kind, (prep, call, out) in ops.items():
            inputs = prep(s_starts, s_others[kind])
            got[f"{name} {kind}"] = [out(r) for r in starmap(call, inputs)]
    for key, values in got.items():
        kind = key.rsplit(" ", 1)[1]
        print("  " + checker.report(key, values, want, s_starts, s_others))
        if key.startswith("engine"):
            engine_bad += sum(v != w for v, w in zip(values, want[kind], strict=True))
    print("\n  probes, add (Shanghai wall clock; pandas shown raw):")
    for i in range(n_check, n_check + len(PROBES)):
        peers_say = ", ".join(f"{p} {local(got[f'{p} add'][i])}" for p in peers)
        print(
            f"    {s_others['add'][i] // 3600} h after {local(s_starts[i])}: correct "
            f"{local(want['add'][i])}; {peers_say}"
        )
    print(f"\nENGINE {'AGREES WITH' if engine_bad == 0 else 'DIFFERS FROM'} THE ORACLE")
    return 0 if engine_bad == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
