"""How fast the ``sellerdesk`` command starts and answers, measured as a user runs it.

Each run is a fresh process of the installed ``sellerdesk`` script (``python -m`` would hide
the console-script start-up); the script beside the running interpreter is used, so a pyenv
shim's own start-up (a bash script) is not counted. The bare interpreter (``python -c pass``)
is measured in the same rounds, and every figure is reported as its median minus the bare
median: that difference is our own start-up, and it is what the targets of issue 14 bound.
The commands are run round-robin (one of each per round), so a busy machine slows them alike.

Commands: ``--help``, ``next na``, ``hours``, and ``case list`` / ``case show`` on a SQLite
store of N synthetic cases (default 100,000; loaded once through the store benchmark's bulk
path, ``bench/storebench``). Each set runs twice: with ``PYTHONDONTWRITEBYTECODE=1`` (no .pyc
written, as on the machine of issue 14) and without it (after one warm-up run that writes the
.pyc files). So that .pyc files left by earlier runs cannot leak into the first set, the
``sellerdesk`` package is copied (without ``__pycache__``) to a temporary folder that
``PYTHONPATH`` puts first; the libraries keep their installed .pyc files.

    python bench/cli_start_bench.py [--runs 15] [--cases 100000] [--quick]
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

AT = "2026-11-28T10:00+08:00"
# issue 14's targets: milliseconds above the bare interpreter (median)
TARGETS_MS = {
    "--help": 150.0,
    "next na": 150.0,
    "hours": 250.0,
    "case list": 400.0,
    "case show": 400.0,
}


def wall_ms(cmd: list[str], env: dict[str, str]) -> float:
    begin = time.perf_counter()
    subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return (time.perf_counter() - begin) * 1000


def summary(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    median = statistics.median(ordered)
    return f"median {median:6.1f}  p95 {p95:6.1f}  min {ordered[0]:6.1f}"


def build_store(home: Path, cases: int) -> float:
    """A migrated SQLite store of ``cases`` synthetic cases at the data folder's default path."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))  # bench/storebench
    from sellerdesk.storage.engine import make_engine
    from sellerdesk.storage.migrate import upgrade
    from storebench.data import Generator
    from storebench.load import load

    class Store:  # what storebench.load needs of a backend
        kind = "sqlite"

        def __init__(self) -> None:
            self.engine = make_engine(f"sqlite:///{home / 'sellerdesk.db'}")
            upgrade(self.engine)

    begin = time.perf_counter()
    store = Store()
    load(store, Generator(cases, 3), cases, 2000, float("inf"))  # type: ignore[arg-type]
    store.engine.dispose()
    return time.perf_counter() - begin


def fresh_package(into: Path) -> Path:
    """A copy of the importable ``sellerdesk`` package without any .pyc; returns its root."""
    spec = importlib.util.find_spec("sellerdesk")
    assert spec is not None and spec.submodule_search_locations is not None
    source = Path(next(iter(spec.submodule_search_locations)))
    shutil.copytree(
        source, into / "sellerdesk", ignore=shutil.ignore_patterns("__pycache__", "*.pyc")
    )
    print(f"sellerdesk copied from {source} (no .pyc)")
    return into


def commands(script: str, case_id: int) -> dict[str, list[str]]:
    zone = ["--tz", "Asia/Shanghai"]
    return {
        "bare": [sys.executable, "-c", "pass"],
        "--help": [script, "--help"],
        "next na": [script, "next", "na", "--at", AT, *zone],
        "hours": [script, "hours", "--at", AT, *zone],
        "case list": [script, "case", "list", "--at", AT, *zone],
        "case show": [script, "case", "show", str(case_id), "--at", AT, *zone],
    }


def measure(cmds: dict[str, list[str]], env: dict[str, str], runs: int) -> dict[str, list[float]]:
    for cmd in cmds.values():  # warm-up: holiday cache, page cache, .pyc where allowed
        wall_ms(cmd, env)
    samples: dict[str, list[float]] = {name: [] for name in cmds}
    for _ in range(runs):
        for name, cmd in cmds.items():
            samples[name].append(wall_ms(cmd, env))
    return samples


def report(title: str, samples: dict[str, list[float]]) -> list[tuple[str, bool]]:
    bare = statistics.median(samples["bare"])
    print(f"\n{title}  (ms; 'above' = median - bare median)")
    verdicts = []
    for name, runs in samples.items():
        line = f"  {name:<10} {summary(runs)}"
        if name != "bare":
            above = statistics.median(runs) - bare
            target = TARGETS_MS[name]
            ok = above <= target
            verdicts.append((f"{name:<10} {above:6.0f} ms above bare (target <= {target:.0f})", ok))
            line += f"  above {above:6.1f}  ratio {statistics.median(runs) / bare:4.1f}x"
            line += f"  {'PASS' if ok else 'MISS'} (<= {target:.0f})"
        print(line)
    return verdicts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, help="rounds per set (default 15; quick 5)")
    parser.add_argument(
        "--cases", type=int, help="cases in the store (default 100,000; quick 10,000)"
    )
    parser.add_argument("--quick", action="store_true", help="a smoke run, about a minute")
    args = parser.parse_args()
    runs = args.runs or (5 if args.quick else 15)
    cases = args.cases or (10_000 if args.quick else 100_000)
    script = Path(sys.executable).with_name("sellerdesk")
    if not script.exists():
        found = shutil.which("sellerdesk")
        if found is None:
            print("sellerdesk is not installed (pip install -e .)")
            return 1
        script = Path(found)
    home = Path(tempfile.mkdtemp(prefix="sellerdesk-bench-"))
    try:
        load_s = build_store(home, cases)
        load1 = os.getloadavg()[0]
        print(
            f"sellerdesk start-up, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, Python "
            f"{sys.version.split()[0]}, {os.cpu_count()} CPUs, load average {load1:.2f}; "
            f"{runs} rounds per set; store of {cases:,} cases loaded in {load_s:.0f} s"
        )
        base = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        code = fresh_package(home / "src")
        path = os.pathsep.join(p for p in (str(code), base.get("PYTHONPATH", "")) if p)
        base |= {"SELLERDESK_HOME": str(home), "LANG": "C.UTF-8", "PYTHONPATH": path}
        base.pop("SELLERDESK_DATABASE_URL", None)
        cmds = commands(str(script), case_id=cases // 2)
        verdicts = report(
            "PYTHONDONTWRITEBYTECODE=1 (no .pyc for the project)",
            measure(cmds, {**base, "PYTHONDONTWRITEBYTECODE": "1"}, runs),
        )
        verdicts += report(".pyc written and reused", measure(cmds, base, runs))
        print(f"\nload average now {os.getloadavg()[0]:.2f}\nTargets (first set, then second):")
        for text, ok in verdicts:
            print(f"  {'PASS' if ok else 'MISS'}  {text}")
    finally:
        shutil.rmtree(home, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
