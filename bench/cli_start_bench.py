"""How fast ``sellerdesk hours`` starts and answers, measured as a user runs it.

Each run is a fresh process (``python -m`` would hide the console-script start-up, so the
installed ``sellerdesk`` script is used). The bare interpreter is measured the same way, so
that a machine whose Python starts slowly (site hooks, antivirus) can be told apart from
our own start-up. The first run in a new data folder also builds the holiday cache.

    python bench/cli_start_bench.py [--runs 15]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

TARGET_MS = 300.0


def wall_ms(cmd: list[str], env: dict[str, str]) -> float:
    begin = time.perf_counter()
    subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return (time.perf_counter() - begin) * 1000


def summary(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    median = statistics.median(ordered)
    return f"median {median:6.1f} ms   p95 {p95:6.1f} ms   min {ordered[0]:6.1f} ms"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    script = shutil.which("sellerdesk")
    if script is None:
        print("sellerdesk is not installed on PATH (pip install -e .)")
        return 1
    home = tempfile.mkdtemp(prefix="sellerdesk-bench-")
    env = {**os.environ, "SELLERDESK_HOME": home, "LANG": "C.UTF-8"}
    hours = [script, "hours", "--at", "2026-11-28T10:00+08:00", "--tz", "Asia/Shanghai"]
    first = wall_ms(hours, env)
    bare = [wall_ms([sys.executable, "-c", "pass"], env) for _ in range(args.runs)]
    warm = [wall_ms(hours, env) for _ in range(args.runs)]
    json_runs = [wall_ms([*hours, "--json"], env) for _ in range(args.runs)]
    shutil.rmtree(home, ignore_errors=True)
    net = statistics.median(warm) - statistics.median(bare)
    print(f"`sellerdesk hours` start-up, {args.runs} runs each, Python {sys.version.split()[0]}")
    print(f"  bare interpreter (python -c pass) {summary(bare)}")
    print(f"  sellerdesk hours (table, piped)   {summary(warm)}")
    print(f"  sellerdesk hours --json           {summary(json_runs)}")
    print(f"  first run in a new data folder    {first:6.1f} ms (builds the holiday cache)")
    print(f"  our own share (median - bare)     {net:6.1f} ms")
    verdict = "PASS" if statistics.median(warm) < TARGET_MS else "MISS"
    print(f"  {verdict}  answers in < {TARGET_MS:.0f} ms (median, including the interpreter)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
