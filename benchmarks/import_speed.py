"""Import speed on a SYNTHETIC long-form scores file (generated here; not real data).

    .venv/bin/python benchmarks/import_speed.py [ROWS] [--write-results]

Generates commune-level units (a units file) and a criteria tree of a made-up internal index
`BENCH_XA`, then a long-form scores CSV of ROWS rows (default 1,000,000), and times one
`load_files` call with all three files into a new database (reference units only).
"""
from __future__ import annotations

import datetime as dt
import os
import platform
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analysis.bundle import create_database  # noqa: E402
from analysis.importer import load_files  # noqa: E402

CRITERIA = [(str(f), 10.0) for f in range(1, 6)] + [(f"{f}.{c}", 2.0) for f in range(1, 6) for c in range(1, 6)]


def generate(folder: Path, n_rows: int, seed: int = 7) -> list[Path]:
    rnd = random.Random(seed)
    per_unit = len(CRITERIA) * 4            # 4 years
    n_units = max(1, -(-n_rows // per_unit))
    units = folder / "bench_units.csv"
    with open(units, "w", encoding="utf-8") as fh:
        fh.write("unit_code,name,level,parent_code\n")
        for u in range(n_units):
            fh.write(f"20.X{u:06d},Xã tổng hợp {u},commune,20\n")
    tree = folder / "bench_criteria.csv"
    with open(tree, "w", encoding="utf-8") as fh:
        fh.write("index_code,valid_from,criterion_code,name,max_score\n")
        for code, mx in CRITERIA:
            fh.write(f"BENCH_XA,2020,{code},Tiêu chí {code},{mx}\n")
    scores = folder / "bench_scores.csv"
    written = 0
    with open(scores, "w", encoding="utf-8") as fh:
        fh.write("index_code,year,unit_code,criterion_code,score\n")
        lines = []
        for u in range(n_units):
            for year in range(2020, 2024):
                for code, mx in CRITERIA:
                    if written == n_rows:
                        break
                    value = str(round(rnd.uniform(0, mx), 2)).replace(".", ",")  # decimal comma
                    lines.append(f'BENCH_XA,{year},20.X{u:06d},{code},"{value}"\n')
                    written += 1
            if len(lines) > 200_000:
                fh.writelines(lines)
                lines = []
        fh.writelines(lines)
    return [units, tree, scores]


def main() -> None:
    n_rows = int(next((a for a in sys.argv[1:] if a.isdigit()), 1_000_000))
    folder = Path(tempfile.mkdtemp(prefix="pardash-bench-"))
    files = generate(folder, n_rows)
    db = create_database(folder / "bench.duckdb")
    steps = []
    start = time.perf_counter()
    result = load_files(db, files, kind="demo",
                        progress=lambda f, m: steps.append((round(time.perf_counter() - start, 2), m)))
    seconds = time.perf_counter() - start
    assert result.ok, [str(e) for e in result.errors[:5]]
    rate = n_rows / seconds
    print(f"{n_rows:,} synthetic score rows (+{result.stored['units'].rows_added:,} units) in {seconds:.2f} s "
          f"= {rate:,.0f} rows/s")
    print("steps (s since start):", steps)
    if "--write-results" in sys.argv:
        line = (f"| {dt.date.today()} | {platform.machine()}, {os.cpu_count()} cores, Python "
                f"{platform.python_version()} | {n_rows:,} | {seconds:.2f} s | {rate:,.0f} rows/s | {steps} |\n")
        results = Path(__file__).with_name("RESULTS.md")
        if not results.exists():
            results.write_text("# Benchmark results\n\nSynthetic data from `benchmarks/import_speed.py` "
                               "(long-form scores, commune-level units and the criteria tree in the same "
                               "load; decimal commas).\n\n| date | machine | rows | time | speed | steps |\n"
                               "|---|---|---|---|---|---|\n", encoding="utf-8")
        with open(results, "a", encoding="utf-8") as fh:
            fh.write(line)


if __name__ == "__main__":
    main()
