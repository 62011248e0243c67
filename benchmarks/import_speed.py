"""Import and read speed on a SYNTHETIC long-form scores file (generated here; not real data).

    .venv/bin/python benchmarks/import_speed.py [ROWS ...] [--write-results]

(`--write-results` prints the Markdown table rows for benchmarks/RESULTS.md.)

For each ROWS (default 1,000,000 and 10,000,000): generates commune-level units (a units file:
one commune per 120 score rows, all under province 20) and a criteria tree of a made-up
internal index `BENCH_XA` (5 fields of max 10, each with 5 sub-criteria of max 2), then a
long-form scores CSV of ROWS rows (4 years x 30 criteria per commune, decimal commas), and
times one `load_files` call with all three files (validated, written, facts and ranks
refreshed, swapped in) into a database that already holds the bundled real data. Then it
times the read-side analysis calls the pages make on that database (best of 3, each on a
fresh read-only connection as the app opens them).
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


# (label, function, args): bundled real data first, then the synthetic commune index.
def read_calls():
    from analysis import compare, headline, ledger, summary

    return [
        ("headline PAPI 2023 20", headline.headline, ("PAPI", 2023, "20")),
        ("ledger PAPI 2023 20", ledger.ledger, ("PAPI", 2023, "20")),
        ("league_table PAPI 2023", compare.league_table, ("PAPI", 2023)),
        ("summary PAPI 2023 20", summary.summary, ("PAPI", 2023, "20")),
        ("headline BENCH_XA 2023 commune", headline.headline, ("BENCH_XA", 2023, "20.X000001")),
        ("ledger BENCH_XA 2023 commune", ledger.ledger, ("BENCH_XA", 2023, "20.X000001")),
        ("league_table BENCH_XA 2023 (provinces: none)", compare.league_table, ("BENCH_XA", 2023)),
    ]


def time_reads(db: Path) -> list[tuple[str, float]]:
    from analysis.db import open_read

    out = []
    for label, fn, args in read_calls():
        best = None
        for _ in range(3):
            start = time.perf_counter()
            with open_read(db) as con:
                fn(con, *args)
            took = time.perf_counter() - start
            best = took if best is None else min(best, took)
        out.append((label, best))
    return out


def run(n_rows: int, folder: Path) -> dict:
    from analysis.bundle import ensure_app_database

    files = generate(folder, n_rows)
    db = folder / "bench.duckdb"
    ensure_app_database(db)
    size_before = db.stat().st_size
    steps = []
    start = time.perf_counter()
    result = load_files(db, files, kind="demo",
                        progress=lambda f, m: steps.append((round(time.perf_counter() - start, 2), m)))
    seconds = time.perf_counter() - start
    assert result.ok, [str(e) for e in result.errors[:5]]
    reads = time_reads(db)
    return {"rows": n_rows, "seconds": seconds, "rate": n_rows / seconds, "steps": steps,
            "units": result.stored["units"].rows_added, "reads": reads,
            "db_mb": db.stat().st_size / 1e6, "db_mb_before": size_before / 1e6}


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:] if a.isdigit()] or [1_000_000, 10_000_000]
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    results = []
    for n_rows in sizes:
        with tempfile.TemporaryDirectory(prefix="pardash-bench-") as tmp:
            r = run(n_rows, Path(tmp))
        results.append(r)
        print(f"{r['rows']:,} synthetic score rows (+{r['units']:,} units) in {r['seconds']:.2f} s "
              f"= {r['rate']:,.0f} rows/s; database {r['db_mb_before']:.0f} -> {r['db_mb']:.0f} MB")
        print("  steps (s since start):", r["steps"])
        for label, took in r["reads"]:
            print(f"  read {label}: {took * 1000:.0f} ms")
    if "--write-results" in sys.argv:
        print()
        print("| date | machine | rows | time | speed | steps (s since start) |")
        print("|---|---|---|---|---|---|")
        for r in results:
            print(f"| {dt.date.today()} | {machine} | {r['rows']:,} | {r['seconds']:.2f} s | "
                  f"{r['rate']:,.0f} rows/s | {r['steps']} |")
        print()
        print("| rows in the database | " + " | ".join(label for label, _ in results[0]["reads"]) + " |")
        print("|---" * (1 + len(results[0]["reads"])) + "|")
        for r in results:
            print(f"| {r['rows']:,} + bundled | " + " | ".join(f"{t * 1000:.0f} ms" for _, t in r["reads"]) + " |")


if __name__ == "__main__":
    main()
