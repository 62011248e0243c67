"""How fast `summary` answers (issue: "every summary call answers in well under a second").

Times `analysis.summary.summary` for every province and year of every index in two databases:
the app database built from the bundled real data (PAPI 2011–2024 and the published PAR INDEX /
SIPAS figures) and the demo workspace (generated, "Dữ liệu minh họa"). Each call opens nothing
new: one read-only connection per database, as the command line does per call.

    .venv/bin/python benchmarks/summary_speed.py            # prints a Markdown table row per database
"""
from __future__ import annotations

import os
import platform
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def _calls(con):
    """Every (index, year, province) with a score, through the same catalogue the app uses."""
    from analysis import catalog, compare

    calls = []
    for index_code in catalog.indices(con)["index_code"]:
        for year in catalog.years(con, index_code):
            # the league table lists the units with an overall score (summary's precondition)
            for unit in compare.league_table(con, index_code, year)["unit_code"]:
                calls.append((index_code, year, unit))
    return calls


def _time_all(path: Path) -> list[float]:
    from analysis import db
    from analysis.summary import summary

    times = []
    with db.open_read(path) as con:
        calls = _calls(con)
        summary(con, *calls[0])  # warm the connection's caches once
        for index_code, year, unit in calls:
            start = time.perf_counter()
            summary(con, index_code, year, unit)
            times.append(time.perf_counter() - start)
    return times


def main() -> None:
    home = Path(tempfile.mkdtemp(prefix="pardash-bench-"))
    os.environ["PARDASH_HOME"] = str(home)
    from analysis import bundle, demo

    real = bundle.ensure_app_database().path
    demo_path = demo.build_demo_database(home / "demo.duckdb")
    print("| date | machine | database | calls | median | p95 | max |")
    print("|---|---|---|---|---|---|---|")
    for label, path in (("bundled real data (PAPI, published PAR INDEX/SIPAS)", real),
                        ("demo workspace (Dữ liệu minh họa)", demo_path)):
        t = sorted(_time_all(path))
        p95 = t[int(0.95 * (len(t) - 1))]
        print(f"| {date.today()} | {platform.machine()}, {os.cpu_count()} cores | {label} | "
              f"{len(t):,} | {statistics.median(t) * 1000:.0f} ms | {p95 * 1000:.0f} ms | "
              f"{max(t) * 1000:.0f} ms |")


if __name__ == "__main__":
    main()
