"""Where a validated import's time goes, statement by statement (issue 14).

    .venv/bin/python benchmarks/import_profile.py [--rows 1000000] [--top 25] [--data FOLDER]

Loads `import_bench`'s SYNTHETIC files (units, criteria tree, scores) into a fresh copy of a
database holding the reference units, in this process, and prints each DuckDB statement's wall
and CPU seconds (process CPU: DuckDB's threads included), largest first, with the time spent
outside the statements (Python: file checks, hashing, archiving, the swap). On a shared machine
compare CPU seconds, and runs of two checkouts interleaved (run it from each checkout).
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import duckdb  # noqa: E402

import import_bench  # noqa: E402
from analysis import db as adb  # noqa: E402


class _Timed:
    """A connection whose `execute` records (wall, cpu, statement)."""

    def __init__(self, con, log: list):
        self._con = con
        self._log = log

    def execute(self, sql, *args, **kwargs):
        wall, cpu = time.perf_counter(), time.process_time()
        self._con.execute(sql, *args, **kwargs)
        self._log.append((time.perf_counter() - wall, time.process_time() - cpu, " ".join(str(sql).split())))
        return self

    def __getattr__(self, name):
        return getattr(self._con, name)


def profile(rows: int, data: Path | None) -> tuple[float, float, list]:
    from analysis.bundle import create_database
    from analysis.importer.loader import load_files

    log: list = []
    connect = duckdb.connect
    with tempfile.TemporaryDirectory(prefix="pardash-import-profile-") as tmp:
        folder = Path(tmp)
        files = import_bench._files(data or folder, import_bench.communes_for(rows))
        path = folder / "profile.duckdb"
        create_database(str(path))
        adb.duckdb.connect = lambda *a, **k: _Timed(connect(*a, **k), log)
        try:
            wall, cpu = time.perf_counter(), time.process_time()
            result = load_files(path, files)
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        finally:
            adb.duckdb.connect = connect
        assert result.ok, result.problems[:5]
        print(result.message)
    return wall, cpu, log


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--data", type=Path, default=None, help="folder keeping the generated files")
    args = parser.parse_args()
    before = os.getloadavg()
    wall, cpu, log = profile(args.rows, args.data)
    after = os.getloadavg()
    in_sql = (sum(w for w, _, _ in log), sum(c for _, c, _ in log))
    print(f"load_files: wall {wall:.2f} s, CPU {cpu:.2f} s; {len(log)} statements: wall {in_sql[0]:.2f} s, "
          f"CPU {in_sql[1]:.2f} s; outside them: wall {wall - in_sql[0]:.2f} s, CPU {cpu - in_sql[1]:.2f} s; "
          f"load average {before[0]:.1f} -> {after[0]:.1f}")
    print("   wall     CPU  statement")
    for w, c, sql in sorted(log, key=lambda r: -r[0])[:args.top]:
        print(f"{w:7.2f} {c:7.2f}  {sql[:100]}")


if __name__ == "__main__":
    main()
