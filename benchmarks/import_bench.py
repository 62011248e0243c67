"""Validated import vs DuckDB's own `read_csv` of the same file: time and peak memory (issue 14).

    .venv/bin/python benchmarks/import_bench.py [--rows 5000000] [--repeat 3] [--write-results]

Generates a SYNTHETIC province's commune-level files (not real figures): a units file of the
communes under province 20, the criteria tree of a made-up index `BENCH_XA` (5 fields x 5
criteria x 5 sub-criteria = 155 codes) and a long-form scores file of communes x 155 codes x 10
years (2015-2024, decimal commas), ~3,300 communes at 5 M rows. Then, interleaved `--repeat`
times, each in a child process of its own whose peak RSS the kernel reports (`os.wait4`):

- `import`: `python -m analysis load --db COPY units criteria scores` into a fresh copy of a
  database holding the reference units (validated, written, facts and ranks refreshed, swapped in);
- `read_csv`: `python -c` creating an in-memory DuckDB table from `read_csv` of the scores file.

Times are the child's wall time (interpreter start included for both). The machine's load
average is recorded before and after. `--write-results` replaces the "Import" section of
benchmarks/RESULTS.md with the table. `--smoke` runs a tiny size once (CI: it must run).
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "RESULTS.md"
YEARS = range(2015, 2025)
# (code, max_score): 5 fields of 50, each of 5 criteria of 10, each of 5 sub-criteria of 2
CODES = ([(f"{f}", 50.0) for f in range(1, 6)] + [(f"{f}.{c}", 10.0) for f in range(1, 6) for c in range(1, 6)]
         + [(f"{f}.{c}.{s}", 2.0) for f in range(1, 6) for c in range(1, 6) for s in range(1, 6)])

READ_CSV = """
import sys, duckdb
con = duckdb.connect()
con.execute("CREATE TABLE t AS SELECT * FROM read_csv(?)", [sys.argv[1]])
print(con.execute("SELECT count(*) FROM t").fetchone()[0])
"""


def communes_for(rows: int) -> int:
    return max(1, round(rows / (len(CODES) * len(YEARS))))


def generate(folder: Path, n_communes: int, seed: int = 14) -> list[Path]:
    """units, criteria and scores files of `n_communes` communes under province 20."""
    rnd = random.Random(seed)
    units = folder / "bench_units.csv"
    with open(units, "w", encoding="utf-8") as fh:
        fh.write("unit_code,name,level,parent_code\n")
        fh.writelines(f"20.X{u:05d},Xã tổng hợp {u},commune,20\n" for u in range(n_communes))
    tree = folder / "bench_criteria.csv"
    with open(tree, "w", encoding="utf-8") as fh:
        fh.write("index_code,valid_from,criterion_code,name,max_score\n")
        fh.writelines(f"BENCH_XA,2015,{code},Tiêu chí {code},{mx:g}\n" for code, mx in CODES)
    scores = folder / "bench_scores.csv"
    with open(scores, "w", encoding="utf-8") as fh:
        fh.write("index_code,year,unit_code,criterion_code,score\n")
        for u in range(n_communes):
            fh.writelines(f'BENCH_XA,{year},20.X{u:05d},{code},"{_comma(rnd.uniform(0, mx))}"\n'
                          for year in YEARS for code, mx in CODES)
    return [units, tree, scores]


def _comma(value: float) -> str:
    """A decimal comma, as Vietnamese spreadsheets write it."""
    return str(round(value, 2)).replace(".", ",")


def _files(folder: Path, n_communes: int) -> list[Path]:
    """The generated files in `folder`, made there unless a run of the same size left them."""
    folder = folder / f"communes-{n_communes}"
    files = [folder / name for name in ("bench_units.csv", "bench_criteria.csv", "bench_scores.csv")]
    if not all(f.exists() for f in files):
        folder.mkdir(parents=True, exist_ok=True)
        files = generate(folder, n_communes)
    return files


def fixture_database(folder: Path) -> Path:
    """A database holding the reference units only (built in a child: not measured)."""
    path = folder / "fixture.duckdb"
    subprocess.run([sys.executable, "-c", "import sys; from analysis.bundle import create_database; "
                    "create_database(sys.argv[1])", str(path)], cwd=ROOT, check=True)
    return path


def run_child(argv: list[str], cwd: Path = ROOT) -> tuple[float, float, str, float]:
    """(wall seconds, peak RSS in MB, stdout, CPU seconds: user + system, all its threads) of
    one child; its rusage from `os.wait4`. On a shared machine the CPU seconds are the fairer
    comparison: the wall time also counts the waits for a core."""
    out_file = tempfile.TemporaryFile(mode="w+")
    err_file = tempfile.TemporaryFile(mode="w+")
    start = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=cwd, stdout=out_file, stderr=err_file)
    _pid, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    out_file.seek(0)
    err_file.seek(0)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, argv[:4]))} failed ({proc.returncode}): {err_file.read()[-2000:]}")
    # ru_maxrss is in kB on Linux
    return seconds, usage.ru_maxrss / 1024, out_file.read(), usage.ru_utime + usage.ru_stime


def import_argv(db: Path, files: list[Path]) -> list[str]:
    return [sys.executable, "-m", "analysis", "load", "--db", str(db), *map(str, files)]


def bench(rows: int, repeat: int, code: Path = ROOT, data: Path | None = None) -> dict:
    """`code`: the checkout whose importer is timed (e.g. an export of main, for a before/after);
    `data`: a folder keeping the generated files between runs (made when missing)."""
    with tempfile.TemporaryDirectory(prefix="pardash-import-bench-") as tmp:
        folder = Path(tmp)
        files = _files(data or folder, communes_for(rows))
        scores = files[-1]
        n_rows = sum(1 for _ in open(scores, encoding="utf-8")) - 1
        fixture = fixture_database(folder)
        load_before = os.getloadavg()
        runs = []
        for _ in range(repeat):
            db = folder / "bench.duckdb"
            shutil.copyfile(fixture, db)
            imp = run_child(import_argv(db, files), cwd=code)
            assert "added" in imp[2], imp[2][-500:]
            raw = run_child([sys.executable, "-c", READ_CSV, str(scores)])
            assert int(raw[2].split()[-1]) == n_rows, raw[2]
            runs.append((imp[0], imp[1], raw[0], raw[1], imp[3], raw[3]))
            for stale in folder.glob("bench.duckdb*"):
                stale.unlink()
            shutil.rmtree(folder / "imports", ignore_errors=True)
        load_after = os.getloadavg()
    return {"rows": n_rows, "communes": communes_for(rows), "runs": runs, "load": (load_before, load_after)}


def table(result: dict, note: str) -> str:
    runs = result["runs"]
    med = [statistics.median(r[i] for r in runs) for i in range(6)]
    lb, la = result["load"]
    lines = [
        f"{dt.date.today()}, {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
        f"{result['rows']:,} score rows ({result['communes']:,} communes x {len(CODES)} codes x {len(YEARS)} years) "
        f"+ units + tree in one `load`; load average before {lb[0]:.1f}/{lb[1]:.1f}/{lb[2]:.1f}, "
        f"after {la[0]:.1f}/{la[1]:.1f}/{la[2]:.1f}{'; ' + note if note else ''}.",
        "",
        "| run | import time | import peak RSS | `read_csv` time | `read_csv` peak RSS | time ratio | target "
        "| import CPU | `read_csv` CPU |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for n, (it, im, rt, rm, ic, rc) in enumerate(runs, 1):
        lines.append(f"| {n} | {it:.1f} s | {im:,.0f} MB | {rt:.1f} s | {rm:,.0f} MB | {it / rt:.1f}x | ≤ 4x, ≤ 1 GB "
                     f"| {ic:.1f} s | {rc:.1f} s |")
    lines.append(f"| median | {med[0]:.1f} s | {med[1]:,.0f} MB | {med[2]:.1f} s | {med[3]:,.0f} MB | "
                 f"{med[0] / med[2]:.1f}x | ≤ 4x, ≤ 1 GB | {med[4]:.1f} s | {med[5]:.1f} s |")
    return "\n".join(lines)


def write_section(body: str) -> None:
    """Replace (or append) the `## Import` section of RESULTS.md, leaving other sections alone."""
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmark results\n"
    section = ("## Import\n\n`benchmarks/import_bench.py` (issue 14): validated import vs DuckDB's `read_csv` "
               "of the same SYNTHETIC file, each a child process (peak RSS from `wait4`).\n\n" + body + "\n")
    pattern = re.compile(r"^## Import\n.*?(?=^## |\Z)", re.S | re.M)
    if pattern.search(text):
        text = pattern.sub(lambda _m: section + "\n", text, count=1).rstrip("\n") + "\n"
    else:
        text = text.rstrip("\n") + "\n\n" + section
    RESULTS.write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=5_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--code", type=Path, default=ROOT, help="checkout whose importer is timed")
    parser.add_argument("--data", type=Path, default=None, help="folder keeping the generated files")
    parser.add_argument("--note", default="", help="said after the load average in the table")
    parser.add_argument("--write-results", action="store_true")
    parser.add_argument("--smoke", action="store_true", help="a tiny size, once (it must run, not be fast)")
    args = parser.parse_args()
    if args.smoke:
        args.rows, args.repeat = 20_000, 1
    result = bench(args.rows, args.repeat, args.code.resolve(), args.data)
    body = table(result, args.note)
    print(body)
    if args.write_results and not args.smoke:
        write_section(body)


if __name__ == "__main__":
    main()
