"""Viewers never see half an import, and never fail to read while one runs.

A loader process imports and undoes a scores file over and over (the command line's and the
upload page's path: `load_files` / `undo_last`), while reader threads in this process (the app's
side) open short-lived read-only connections with `analysis.db.open_read` in a tight loop and
check invariants that hold only for complete states.
"""
from __future__ import annotations

import json
import random
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from analysis import db

ROOT = Path(__file__).resolve().parents[2]
INDEX = "RELCON"
PROVINCES = ["01", "02", "04", "06", "08", "10", "11", "12", "14", "15", "17", "19", "20", "22",
             "24", "25", "26", "27", "30", "31", "33", "34", "35", "36", "37", "38", "40", "42",
             "44", "45", "46", "48", "49", "51", "52", "54", "56", "58", "60", "62", "64", "66",
             "67", "68", "70", "72", "74", "75", "77", "79", "80", "82", "83", "84", "86", "87",
             "89", "91", "92", "93", "94", "95", "96"]
YEARS = range(2015, 2025)
FIELDS, PER_FIELD = 2, 12
GIVEN = len(PROVINCES) * len(YEARS) * FIELDS * PER_FIELD                  # 15,120
FACTS = GIVEN + len(PROVINCES) * len(YEARS) * (FIELDS + 1)                 # + fields + overall
CYCLES = 3
READERS = 2

LOADER = """
import json, sys
from pathlib import Path
from analysis.importer import load_files, undo_last
db, scores, cycles = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
done = []
for _ in range(cycles):
    result = load_files(db, [scores])
    assert result.ok, [str(e) for e in result.errors]
    done.append(("load", result.batch_id))
    done.append(("undo", undo_last(db)["batch_id"]))
print(json.dumps(done))
"""

# One read-only connection answers all of these from one file, so they must agree.
STATE_SQL = f"""
SELECT (SELECT count(*) FROM score WHERE index_code = '{INDEX}'),
       (SELECT count(*) FROM fact WHERE index_code = '{INDEX}'),
       (SELECT count(*) FROM fact WHERE index_code = '{INDEX}' AND NOT computed),
       (SELECT count(*) FROM fact f WHERE index_code = '{INDEX}' AND depth = 0 AND score IS NULL),
       (SELECT count(*) FROM batch b WHERE kind = 'user' AND undone_at IS NULL
           AND EXISTS (SELECT 1 FROM batch_file bf WHERE bf.batch_id = b.batch_id AND bf.table_name = 'scores'))
"""


def write_files(folder: Path) -> tuple[Path, Path]:
    rng = random.Random(31)
    criteria = ["index_code,valid_from,valid_to,criterion_code,name,max_score,aggregate"]
    for f in range(1, FIELDS + 1):
        criteria.append(f"{INDEX},2015,,{f},Lĩnh vực {f},{PER_FIELD},sum")
        criteria += [f"{INDEX},2015,,{f}.{c},Tiêu chí {f}.{c},1,sum" for c in range(1, PER_FIELD + 1)]
    scores = ["index_code,year,unit_code,criterion_code,score"]
    for unit in PROVINCES:
        for year in YEARS:
            for f in range(1, FIELDS + 1):
                scores += [f"{INDEX},{year},{unit},{f}.{c},{rng.randint(0, 100) / 100}"
                           for c in range(1, PER_FIELD + 1)]
    (folder / "criteria_con.csv").write_text("\n".join(criteria) + "\n", encoding="utf-8")
    (folder / "scores_con.csv").write_text("\n".join(scores) + "\n", encoding="utf-8")
    return folder / "criteria_con.csv", folder / "scores_con.csv"


def read_state(path: Path) -> tuple:
    with db.open_read(path) as con:
        return tuple(con.execute(STATE_SQL).fetchall()[0])


@pytest.fixture
def live(tmp_path):
    from analysis.bundle import create_database
    from analysis.importer import load_files

    path = create_database(tmp_path / "live.duckdb")
    criteria, scores = write_files(tmp_path)
    assert load_files(path, [criteria]).ok
    return path, scores


def test_readers_see_only_complete_states_while_imports_run(live):
    path, scores = live
    # (scores, facts, given facts, overall facts without a score, scores batches in force)
    empty, loaded = (0, 0, 0, 0, 0), (GIVEN, FACTS, GIVEN, 0, 1)
    assert read_state(path) == empty
    seen: dict[tuple, int] = {}
    errors: list[str] = []
    stop = threading.Event()
    lock = threading.Lock()

    def reader() -> None:
        while not stop.is_set():
            try:
                state = read_state(path)
            except Exception as exc:   # noqa: BLE001 -- every failed read is a finding
                with lock:
                    errors.append(f"{exc.__class__.__name__}: {str(exc).splitlines()[0][:200]}")
                continue
            with lock:
                seen[state] = seen.get(state, 0) + 1

    threads = [threading.Thread(target=reader, daemon=True) for _ in range(READERS)]
    started = time.monotonic()
    for t in threads:
        t.start()
    try:
        loader = subprocess.run([sys.executable, "-c", LOADER, str(path), str(scores), str(CYCLES)],
                                cwd=ROOT, capture_output=True, text=True, timeout=120)
    finally:
        stop.set()
        for t in threads:
            t.join(timeout=30)
    elapsed = time.monotonic() - started
    assert loader.returncode == 0, loader.stderr
    steps = json.loads(loader.stdout)
    assert [kind for kind, _ in steps] == ["load", "undo"] * CYCLES
    print(f"{elapsed:.1f}s, {sum(seen.values())} reads, states {seen}, errors {len(errors)}: {errors[:3]}")
    assert errors == []
    assert set(seen) <= {empty, loaded}, seen
    # the readers did overlap the imports: they saw both states
    assert seen.get(empty, 0) > 0 and seen.get(loaded, 0) > 0, seen
    assert read_state(path) == empty


def test_a_connection_opened_before_a_swap_keeps_its_whole_state(live):
    """A reader mid-query when an import lands keeps answering from the file it opened."""
    from analysis.importer import load_files

    path, scores = live
    with db.open_read(path) as con:
        first = con.execute(STATE_SQL).fetchall()
        assert load_files(path, [scores]).ok
        assert con.execute(STATE_SQL).fetchall() == first == [(0, 0, 0, 0, 0)]
    assert read_state(path) == (GIVEN, FACTS, GIVEN, 0, 1)
