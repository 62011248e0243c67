"""Validation at 10 M rows: the rules hold whatever the file's size (issue 9, point 3).

    .venv/bin/python benchmarks/validate_size.py [ROWS ...]

SYNTHETIC files (generated here). For each ROWS (default 10,000,000), two scores files are loaded
into a fresh database holding the reference units, each with one `load_files` call:

1. the issue's file: index `BV`, year `1000 + i // 63` wrapped past 2024 to
   `2025 + (y - 2025) % 40`, the i-th of the 63 vn63 province codes in turn, score `i % 100`.
   The expected problems (rows naming a vn63 code that vn34 lacks, plus every repeat of a key)
   are counted here in Python, independently of the importer; the load must be refused with
   exactly that many problems and leave the database byte for byte unchanged.
2. a clean file of ROWS distinct keys (vn34 years, the 34 vn34 codes in turn) whose LAST row
   names an unknown unit: the load must be refused with exactly one problem, on the last line.

Prints one Markdown table row per run for benchmarks/RESULTS.md.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analysis import db  # noqa: E402
from analysis.bundle import create_database  # noqa: E402
from analysis.importer import load_files  # noqa: E402


def _codes(path: Path, geography: str) -> list[str]:
    with db.open_read(path) as con:
        return [r[0] for r in con.execute(
            "SELECT unit_code FROM unit WHERE geography = ? AND level = 'province' ORDER BY unit_code",
            [geography]).fetchall()]


def issue_file(path: Path, n: int, vn63: list[str], vn34: set[str]) -> int:
    """Write the issue's file; return the number of problem rows the rules must find."""
    unknown = 0
    seen: set[tuple[int, str]] = set()
    repeats = 0
    with open(path, "w", encoding="utf-8", newline="") as fh:
        fh.write("index_code,year,unit_code,score\n")
        batch = []
        for i in range(n):
            year = 1000 + i // 63
            if year > 2024:
                year = 2025 + (year - 2025) % 40
            code = vn63[i % 63]
            batch.append(f"BV,{year},{code},{i % 100}\n")
            if year >= 2025 and code not in vn34:
                unknown += 1
            elif (year, code) in seen:
                repeats += 1
            else:
                seen.add((year, code))
            if len(batch) == 100_000:
                fh.writelines(batch)
                batch.clear()
        fh.writelines(batch)
    return unknown + repeats


def clean_file_with_last_row_bad(path: Path, n: int, vn34: list[str]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        fh.write("index_code,year,unit_code,score\n")
        batch = []
        for i in range(n - 1):
            batch.append(f"BV,{2025 + i // 34},{vn34[i % 34]},{i % 100}\n")
            if len(batch) == 100_000:
                fh.writelines(batch)
                batch.clear()
        fh.writelines(batch)
        fh.write("BV,2025,99,1\n")


def _sha(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(8 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _refused(database: Path, scores: Path) -> tuple[float, int, list[str]]:
    """(seconds, problems found, first messages); asserts nothing was written."""
    before = _sha(database)
    start = time.perf_counter()
    result = load_files(database, [scores])
    seconds = time.perf_counter() - start
    assert not result.ok and result.batch_id is None, result.message
    assert _sha(database) == before, "a refused load changed the database"
    messages = [str(p) for p in result.errors]
    shown = sum(1 for p in result.errors if p.line is not None)
    more = [m for m in messages if "... and" in m]
    total = shown + (int(more[0].rsplit("and ", 1)[1].split()[0]) if more else 0)
    return seconds, total, messages[:2]


def run(n: int) -> list[str]:
    out = []
    with tempfile.TemporaryDirectory(prefix="pardash-validate-") as folder:
        folder = Path(folder)
        database = create_database(folder / "v.duckdb")
        vn63, vn34 = _codes(database, "vn63"), _codes(database, "vn34")
        scores = folder / "scores.csv"
        expected = issue_file(scores, n, vn63, set(vn34))
        seconds, total, first = _refused(database, scores)
        assert total == expected, (total, expected)
        out.append(f"| {dt.date.today()} | {n:,} | issue file | {expected:,} | {total:,} | {seconds:.1f} s | {first[0]} |")
        clean_file_with_last_row_bad(scores, n, vn34)
        seconds, total, first = _refused(database, scores)
        assert total == 1 and first[0].startswith(f"scores.csv:{n + 1}:unit_code: unknown unit \"99\""), first
        out.append(f"| {dt.date.today()} | {n:,} | clean, last row bad | 1 | {total} | {seconds:.1f} s | {first[0]} |")
    return out


def main(argv: list[str]) -> None:
    sizes = [int(a.replace("_", "")) for a in argv] or [10_000_000]
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, load avg {os.getloadavg()[0]:.1f}, "
          f"Python {platform.python_version()}")
    print("| date | rows | file | problems expected | problems reported | refused in | first message |")
    print("|---|---|---|---|---|---|---|")
    for n in sizes:
        for line in run(n):
            print(line, flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
