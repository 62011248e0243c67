"""An import's memory is bounded by its setting, not by the size of the file (issue 14).

A scores file of ~500k rows (a province's communes x 155 criteria x 10 years, decimal commas)
with its units and criteria tree is loaded through the importer's front door (`annex_load.load`,
what the command line and the app call) in a child process whose DuckDB memory limit is set
low (`config.IMPORT_MEMORY_LIMIT`); the child's growth in resident memory over the load must stay
near that limit: what does not fit is streamed through the import's temporary folder. Before
(no limit: the staged text, the typed rows and the rows being written all held in memory) the
same load grew by 430 MB; and the front door, reading the scores file whole into Python to
report its columns, grew by 3 GB at 5 M rows. No timing is asserted.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import duckdb

from analysis.bundle import create_database

ROOT = Path(__file__).resolve().parents[2]
COMMUNES, YEARS = 323, range(2015, 2025)
LIMIT_MB = 100
# Python, the interpreter's allocator and DuckDB's own structures outside its buffer pool come on
# top of the limit (measured: 200 MB of growth with it); without a limit the load grew by 430 MB.
GROWTH_BOUND_MB = 300

CHILD = """
import re, sys
from analysis import config
config.IMPORT_MEMORY_LIMIT = sys.argv[2]
from analysis.importer import annex_load

def status(key):
    return int(re.search(key + r":\\s+(\\d+)", open("/proc/self/status").read()).group(1)) // 1024

before = status("VmRSS")
result = annex_load.load(sys.argv[1], sys.argv[3:], kind="demo").result
assert result.ok, [str(e) for e in result.errors[:5]]
print(before, status("VmHWM"), result.stored["scores"].rows_added)
"""


def _codes() -> list[tuple[str, float]]:
    fields = [(f"{f}", 50.0) for f in range(1, 6)]
    criteria = [(f"{f}.{c}", 10.0) for f in range(1, 6) for c in range(1, 6)]
    subs = [(f"{f}.{c}.{s}", 2.0) for f in range(1, 6) for c in range(1, 6) for s in range(1, 6)]
    return fields + criteria + subs


def _files(folder: Path) -> list[Path]:
    """Units, criteria and scores files of a made-up commune index, written by DuckDB (fast)."""
    units, tree, scores = (folder / f"mem_{name}.csv" for name in ("units", "criteria", "scores"))
    con = duckdb.connect()
    con.execute("CREATE TABLE code AS SELECT * FROM (VALUES " +
                ", ".join(f"('{c}', {m})" for c, m in _codes()) + ") t(criterion_code, max_score)")
    con.execute(f"""COPY (SELECT '20.X' || lpad(u::VARCHAR, 5, '0') AS unit_code, 'Xã ' || u AS name,
                           'commune' AS level, '20' AS parent_code FROM range({COMMUNES}) t(u))
                    TO '{units}' (HEADER)""")
    con.execute(f"""COPY (SELECT 'MEM_XA' AS index_code, 2015 AS valid_from, criterion_code,
                           'Tiêu chí ' || criterion_code AS name, max_score FROM code)
                    TO '{tree}' (HEADER)""")
    con.execute(f"""COPY (SELECT 'MEM_XA' AS index_code, y AS year, '20.X' || lpad(u::VARCHAR, 5, '0') AS unit_code,
                           criterion_code,
                           replace(CAST(round((hash(u, y, criterion_code) % 1000) / 1000 * max_score, 2)
                                        AS VARCHAR), '.', ',') AS score
                           FROM range({COMMUNES}) a(u), range({YEARS.start}, {YEARS.stop}) b(y), code
                           ORDER BY u, y, criterion_code)
                    TO '{scores}' (HEADER)""")
    return [units, tree, scores]


def test_import_memory_stays_near_its_limit(tmp_path: Path):
    files = _files(tmp_path)
    db = create_database(tmp_path / "mem.duckdb")
    done = subprocess.run([sys.executable, "-c", CHILD, str(db), f"{LIMIT_MB}MB", *map(str, files)],
                          cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    before, peak, added = map(int, done.stdout.split()[-3:])
    assert added == COMMUNES * len(YEARS) * len(_codes())
    assert peak - before < GROWTH_BOUND_MB, (before, peak)
