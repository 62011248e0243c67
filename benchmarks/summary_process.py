"""The whole `summary --json` process against the floor (issue 14: ≤ 2× the floor).

Runs `python -m analysis summary --db X --index PAPI --year 2024 --unit 20 --json` and the floor
`python -c "import duckdb; duckdb.connect().execute('select 1').fetchall()"` interleaved (order
alternating), after one warm run of each (bytecode caches written), on the database built from
the bundled data, and prints the medians as a Markdown table with the load average.

    .venv/bin/python benchmarks/summary_process.py [--runs 12] [--tree DIR ...]

`--tree` adds another checkout of the project (e.g. a worktree of main) to the same interleaved
runs, for a before/after comparison on the same machine state.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FLOOR = [sys.executable, "-c", "import duckdb; duckdb.connect().execute('select 1').fetchall()"]


def _summary(db: Path) -> list[str]:
    return [sys.executable, "-m", "analysis", "summary", "--db", str(db), "--index", "PAPI",
            "--year", "2024", "--unit", "20", "--json"]


def _seconds(cmd: list[str], tree: Path, env: dict) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, cwd=tree, env={**env, "PYTHONPATH": str(tree)}, check=True,
                   stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=12)
    parser.add_argument("--tree", type=Path, action="append", default=[])
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="pardash-summary-"))
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PARDASH_HOME"] = str(home)
    os.environ["PARDASH_HOME"] = str(home)
    sys.path.insert(0, str(ROOT))
    from analysis import bundle

    db = bundle.ensure_app_database(home / "dashboard.duckdb").path
    runs = {"floor": (FLOOR, ROOT), "this tree": (_summary(db), ROOT)}
    runs.update({str(tree): (_summary(db), tree) for tree in args.tree})
    for cmd, tree in runs.values():  # warm
        _seconds(cmd, tree, env)
    times: dict[str, list[float]] = {name: [] for name in runs}
    load = os.getloadavg()[0]
    for i in range(args.runs):
        for name in (list(runs) if i % 2 == 0 else list(reversed(runs))):
            times[name].append(_seconds(*runs[name], env))
    floor = statistics.median(times["floor"])
    print(f"{args.runs} runs each, load average {load:.1f} at start, {os.getloadavg()[0]:.1f} at end")
    print("| what | median | min | ratio to the floor (medians) |")
    print("|---|---|---|---|")
    for name, seconds in times.items():
        median = statistics.median(seconds)
        print(f"| {name} | {median:.3f} s | {min(seconds):.3f} s | {median / floor:.2f}× |")


if __name__ == "__main__":
    main()
