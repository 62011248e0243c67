"""What a reader's connection costs (issue 9, point 4: "a reader always sees the live file").

`analysis.db.open_read` gives every reader a DuckDB instance of its own (an in-memory instance
with the file attached read-only), because `duckdb.connect(path)` reuses the instance of any
connection still open on that path in the process, i.e. the file before the last import.
This times the app's unit of work, one `ui.data.ask` cache miss (open, one analysis question,
close), for the questions the overview page asks, three ways:

- `attach`: `open_read` as it is now (a fresh instance per call);
- `connect`: `duckdb.connect(path, read_only=True)`, what `open_read` did before, with no other
  connection open (a fresh instance too: the common case);
- `connect, cached`: the same while another connection stays open, so DuckDB hands back the
  cached instance: faster, and exactly the stale read the change removes.

    .venv/bin/python benchmarks/open_read_speed.py      # prints one Markdown row per way

Measured 2026-12-02 on the shared 2-core machine (load average 2), bundled app database:

| way | calls | median | p95 |
|---|---|---|---|
| attach (open_read now) | 180 | 38.1 ms | 95.7 ms |
| connect (before) | 180 | 37.8 ms | 87.4 ms |
| connect, cached instance (stale) | 180 | 16.1 ms | 51.3 ms |

A cache miss of `ask` costs what it cost before in the common case; only the overlapping case
(which served the old file) was faster. `ask` answers are cached per database version, so a
page pays this once per question and import.
"""
from __future__ import annotations

import contextlib
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import duckdb

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

ROUNDS = 30


@contextlib.contextmanager
def _connect(path: Path):
    con = duckdb.connect(str(path), read_only=True)
    try:
        yield con
    finally:
        con.close()


def _questions(index_code: str, year: int, unit: str):
    from analysis import catalog, headline, ledger

    return [lambda con: catalog.indices(con),
            lambda con: catalog.years(con, index_code),
            lambda con: headline.headline(con, index_code, year, unit),
            lambda con: headline.trend(con, index_code, unit, "vn63"),
            lambda con: headline.component_changes(con, index_code, year, unit),
            lambda con: ledger.ledger(con, index_code, year, unit)]


def _time_once(opener, path: Path, questions, times: list[float]) -> None:
    for question in questions:
        start = time.perf_counter()
        with opener(path) as con:
            question(con)
        times.append(time.perf_counter() - start)


def main() -> None:
    home = Path(tempfile.mkdtemp(prefix="pardash-bench-"))
    os.environ["PARDASH_HOME"] = str(home)
    from analysis import bundle, db

    path = bundle.ensure_app_database().path
    questions = _questions("PAPI", 2024, "20")
    ways = {"attach (open_read now)": (db.open_read, False),
            "connect (before)": (_connect, False),
            "connect, cached instance (stale)": (_connect, True)}
    times: dict[str, list[float]] = {name: [] for name in ways}
    _time_once(db.open_read, path, questions, [])  # import the modules, warm the OS file cache
    for _ in range(ROUNDS):  # the ways take turns, so a busy moment of the machine hits all three
        for name, (opener, hold) in ways.items():
            with contextlib.ExitStack() as stack:
                if hold:
                    stack.enter_context(_connect(path))
                _time_once(opener, path, questions, times[name])
    print(f"| way | calls | median | p95 | ({ROUNDS} rounds of {len(questions)} overview questions, PAPI 2024, 20) |")
    print("|---|---|---|---|---|")
    for name, measured in times.items():
        measured.sort()
        p95 = measured[int(0.95 * (len(measured) - 1))]
        print(f"| {name} | {len(measured)} | {statistics.median(measured) * 1000:.1f} ms | {p95 * 1000:.1f} ms | |")


if __name__ == "__main__":
    main()
