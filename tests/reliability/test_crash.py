"""A crash at any moment of an import (or an undo) loses nothing.

The command line is run in a subprocess on a sizeable import (~200k score rows plus a units and a
criteria file, a few seconds) and SIGKILLed at seeded points spread over its measured run time.
After every kill the live file must be byte for byte the state before, or else a complete import
(never anything in between); it must open read-only with `fact` consistent with `score`; and a
following load must succeed (no stale lock or leftover temp file may block it).
"""
from __future__ import annotations

import hashlib
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from analysis import db

ROOT = Path(__file__).resolve().parents[2]
INDEX = "RELIAB"
# vn63 province codes of the reference data (scores up to 2024 refer to them)
PROVINCES = ["01", "02", "04", "06", "08", "10", "11", "12", "14", "15", "17", "19", "20", "22",
             "24", "25", "26", "27", "30", "31", "33", "34", "35", "36", "37", "38", "40", "42",
             "44", "45", "46", "48", "49", "51", "52", "54", "56", "58", "60", "62", "64", "66",
             "67", "68", "70", "72", "74", "75", "77", "79", "80", "82", "83", "84", "86", "87",
             "89", "91", "92", "93", "94", "95", "96"]
DEPARTMENTS = [f"20.D{i:03d}" for i in range(20)]
YEARS = range(2015, 2025)
FIELDS, CRITERIA_PER_FIELD = 10, 24
GIVEN = len(PROVINCES + DEPARTMENTS) * len(YEARS) * FIELDS * CRITERIA_PER_FIELD   # 199,200
# every unit-year: its given leaves, its computed fields and its computed overall
FACTS = GIVEN + len(PROVINCES + DEPARTMENTS) * len(YEARS) * (FIELDS + 1)
LOAD_KILLS, UNDO_KILLS = 10, 5


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def cli(*args, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "analysis", *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, timeout=timeout)


def write_big_import(folder: Path) -> list[Path]:
    """units (20 departments of Lạng Sơn), a 10 x 24 criteria tree, and every leaf scored for
    every province and department over ten years (seeded)."""
    rng = random.Random(20240601)
    units = ["unit_code,name,level,parent_code,geography"]
    units += [f"{code},Sở thử nghiệm {i},department,20,vn63" for i, code in enumerate(DEPARTMENTS)]
    criteria = ["index_code,valid_from,valid_to,criterion_code,name,max_score,aggregate"]
    for f in range(1, FIELDS + 1):
        criteria.append(f"{INDEX},2015,,{f},Lĩnh vực {f},{CRITERIA_PER_FIELD},sum")
        criteria += [f"{INDEX},2015,,{f}.{c},Tiêu chí {f}.{c},1,sum" for c in range(1, CRITERIA_PER_FIELD + 1)]
    scores = ["index_code,year,unit_code,criterion_code,score"]
    for unit in PROVINCES + DEPARTMENTS:
        for year in YEARS:
            for f in range(1, FIELDS + 1):
                scores += [f"{INDEX},{year},{unit},{f}.{c},{rng.randint(0, 100) / 100}"
                           for c in range(1, CRITERIA_PER_FIELD + 1)]
    out = []
    for name, lines in (("units_rel.csv", units), ("criteria_rel.csv", criteria), ("scores_rel.csv", scores)):
        (folder / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
        out.append(folder / name)
    return out


def snapshot(path: Path) -> dict:
    """The counts that tell a complete state from a partial one, read through `open_read`."""
    with db.open_read(path) as con:
        one = lambda sql, params=(): con.execute(sql, list(params)).fetchall()[0][0]  # noqa: E731
        return {
            "batches": one("SELECT count(*) FROM batch"),
            "undone": one("SELECT count(*) FROM batch WHERE undone_at IS NOT NULL"),
            "scores": one("SELECT count(*) FROM score WHERE index_code = ?", [INDEX]),
            "units": one("SELECT count(*) FROM unit WHERE unit_code LIKE '20.D%'"),
            "criteria": one("SELECT count(*) FROM criterion WHERE index_code = ?", [INDEX]),
            "facts": one("SELECT count(*) FROM fact WHERE index_code = ?", [INDEX]),
            "given_facts": one("SELECT count(*) FROM fact WHERE index_code = ? AND NOT computed", [INDEX]),
            # a given score without its fact row, or a given fact without its score row
            "orphans": one("""
                SELECT (SELECT count(*) FROM score s WHERE NOT EXISTS (
                            SELECT 1 FROM fact f WHERE f.index_code = s.index_code AND f.year = s.year
                              AND f.unit_code = s.unit_code AND f.criterion_code = s.criterion_code
                              AND NOT f.computed))
                     + (SELECT count(*) FROM fact f WHERE NOT f.computed AND NOT EXISTS (
                            SELECT 1 FROM score s WHERE f.index_code = s.index_code AND f.year = s.year
                              AND f.unit_code = s.unit_code AND f.criterion_code = s.criterion_code))"""),
        }


EMPTY = {"scores": 0, "units": 0, "criteria": 0, "facts": 0, "given_facts": 0, "orphans": 0}
LOADED = {"scores": GIVEN, "units": len(DEPARTMENTS), "criteria": FIELDS * (CRITERIA_PER_FIELD + 1),
          "facts": FACTS, "given_facts": GIVEN, "orphans": 0}


def without_batches(state: dict) -> dict:
    return {k: v for k, v in state.items() if k not in ("batches", "undone")}


@pytest.fixture(scope="module")
def workload(tmp_path_factory):
    """The reference database, the import files, and the measured run times of one load and
    one undo (with the database states they produce)."""
    from analysis.bundle import create_database

    folder = tmp_path_factory.mktemp("crash")
    base = create_database(folder / "base.duckdb")
    files = write_big_import(folder)
    tiny = folder / "scores_tiny.csv"
    tiny.write_text("index_code,year,unit_code,score\nSIPAS,2023,20,79.3\n", encoding="utf-8")

    loaded = folder / "loaded.duckdb"
    shutil.copyfile(base, loaded)
    started = time.monotonic()
    done = cli("load", "--db", loaded, *files)
    load_seconds = time.monotonic() - started
    assert done.returncode == 0, done.stderr
    assert without_batches(snapshot(loaded)) == LOADED

    undone = folder / "undone.duckdb"
    shutil.copyfile(loaded, undone)
    started = time.monotonic()
    done = cli("undo", "--db", undone)
    undo_seconds = time.monotonic() - started
    assert done.returncode == 0, done.stderr
    assert without_batches(snapshot(undone)) == EMPTY
    return {"folder": folder, "base": base, "files": files, "tiny": tiny, "loaded": loaded,
            "load_seconds": load_seconds, "undo_seconds": undo_seconds}


def kill_after(args: list, delay: float) -> int | None:
    """Start `python -m analysis ARGS`, SIGKILL it after `delay` seconds; its return code
    (-9 when the kill landed, 0 when it had already finished)."""
    proc = subprocess.Popen([sys.executable, "-m", "analysis", *map(str, args)], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        proc.wait(timeout=delay)
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGKILL)
    return proc.wait(timeout=30)


def kill_delays(total: float, n: int, seed: int) -> list[float]:
    """One delay in each of n equal slots of [0, total], seeded; the first is 0."""
    rng = random.Random(seed)
    return [0.0] + [total * (i + rng.random()) / n for i in range(1, n)]


def assert_recovers(live: Path, workload: dict, state_before: dict) -> None:
    """No WAL beside the live file, and the next load goes through and adds exactly its row."""
    assert not Path(str(live) + ".wal").exists()
    follow = load_within(live, [workload["tiny"]], seconds=60)
    assert follow.ok and follow.batch_id == state_before["batches"] + 1, follow.errors
    after = snapshot(live)
    assert without_batches(after) == without_batches(state_before)
    assert after["batches"] == state_before["batches"] + 1
    with db.open_read(live) as con:
        assert con.execute("SELECT count(*) FROM score WHERE index_code = 'SIPAS'").fetchall() == [(1,)]


def load_within(live: Path, files: list[Path], seconds: float):
    """`load_files` in this process (no interpreter start-up per check), failing instead of
    hanging if a stale lock were to block it."""
    from concurrent.futures import ThreadPoolExecutor

    from analysis.importer import load_files

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(load_files, live, files).result(timeout=seconds)


def leftovers(folder: Path, live: Path) -> list[Path]:
    return sorted(folder.glob(f".{live.name}.*.writing*"))


def test_kill_during_load_leaves_before_or_after(workload, tmp_path):
    live = tmp_path / "live.duckdb"
    delays = kill_delays(workload["load_seconds"] * 1.25, LOAD_KILLS, seed=7)
    outcomes = []
    before = snapshot(workload["base"])
    for delay in delays:
        shutil.copyfile(workload["base"], live)
        before_sha = sha(live)
        code = kill_after(["load", "--db", live, *workload["files"]], delay)
        state = snapshot(live)   # opens read-only, or raises
        if sha(live) == before_sha:
            outcome = "before"
        else:
            assert without_batches(state) == LOADED, (delay, code, state)
            assert state["batches"] == before["batches"] + 1
            outcome = "after"
        outcomes.append((round(delay, 2), code, outcome))
        assert_recovers(live, workload, state)
    print(f"load {workload['load_seconds']:.2f}s; kills (delay, rc, state): {outcomes}; "
          f"leftover temp files: {[p.name for p in leftovers(tmp_path, live)]}")
    assert outcomes[0][2] == "before"
    assert sum(code == -signal.SIGKILL for _, code, _ in outcomes) >= LOAD_KILLS // 2


def test_kill_during_undo_leaves_before_or_after(workload, tmp_path):
    live = tmp_path / "live.duckdb"
    delays = kill_delays(workload["undo_seconds"] * 1.1, UNDO_KILLS, seed=11)
    outcomes = []
    before = snapshot(workload["loaded"])
    for delay in delays:
        shutil.copyfile(workload["loaded"], live)
        before_sha = sha(live)
        code = kill_after(["undo", "--db", live], delay)
        state = snapshot(live)
        if sha(live) == before_sha:
            outcome = "before"
        else:
            assert without_batches(state) == EMPTY, (delay, code, state)
            assert state["batches"] == before["batches"] and state["undone"] == before["undone"] + 1
            outcome = "after"
        outcomes.append((round(delay, 2), code, outcome))
        assert_recovers(live, workload, state)
    print(f"undo {workload['undo_seconds']:.2f}s; kills: {outcomes}")
    assert outcomes[0][2] == "before"


def test_leftover_temp_file_and_lock_file_do_not_block_a_load(workload, tmp_path):
    """What a writer killed after its copy leaves: a `.writing` copy (even a garbage one, with a
    WAL) and the lock file. The next load must neither block nor pick any of it up."""
    live = tmp_path / "live.duckdb"
    shutil.copyfile(workload["base"], live)
    Path(str(live) + ".lock").write_text("")
    for pid in (1, 99999):
        (tmp_path / f".{live.name}.{pid}.writing").write_bytes(b"\x00garbage" * 1000)
        (tmp_path / f".{live.name}.{pid}.writing.wal").write_bytes(b"\x01wal" * 100)
    before = snapshot(live)
    follow = cli("load", "--db", live, workload["tiny"], timeout=60)
    assert follow.returncode == 0 and "Traceback" not in follow.stderr, follow.stderr
    assert snapshot(live)["batches"] == before["batches"] + 1


def test_a_crash_while_archiving_does_not_leave_a_truncated_archive(workload, tmp_path):
    """`load` keeps a copy of every imported file, named by its SHA-256, to rebuild and replay
    the database. A SIGKILL in the middle of copying leaves a truncated file under that name;
    the next load of the same file must not take it as the archived copy."""
    from analysis import paths

    live = tmp_path / "live.duckdb"
    shutil.copyfile(workload["base"], live)
    scores = tmp_path / "scores_small.csv"
    scores.write_text("index_code,year,unit_code,score\nSIPAS,2023,20,79.3\nSIPAS,2023,01,81.2\n",
                      encoding="utf-8")
    digest = sha(scores)
    archive = paths.import_archive_dir(live)
    archive.mkdir()
    (archive / f"{digest}.csv").write_bytes(scores.read_bytes()[:40])   # what the kill left
    done = cli("load", "--db", live, scores)
    assert done.returncode == 0, done.stderr
    assert sha(archive / f"{digest}.csv") == digest


def _kill_when(args: list, appears, pause: float) -> int:
    """Start `python -m analysis ARGS`, wait (bounded) until `appears()` is true, then `pause`
    seconds more, then SIGKILL it; its return code (-9 when the kill landed)."""
    proc = subprocess.Popen([sys.executable, "-m", "analysis", *map(str, args)], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while proc.poll() is None and not appears() and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(pause)
    if proc.poll() is None:
        proc.send_signal(signal.SIGKILL)
    return proc.wait(timeout=30)


def _stale_files(folder: Path, live: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()
                  if p.name.startswith(f".{live.name}.") or p.name.startswith(f"..{live.name}."))


def test_killed_builds_and_writes_leave_nothing_behind_after_the_next_build(tmp_path):
    """Issue 9.8: on main every killed rebuild left its `.building` copy (and that copy's own
    `.writing` copy) for good: 35 MB after five kills. The next build, holding the lock, removes
    what killed builders and writers left; a killed import's copy goes at the next `build` too."""
    from analysis import bundle

    live = tmp_path / "dashboard.duckdb"
    bundle.ensure_app_database(live)

    def make_stale() -> None:   # the bundled data "changed": the next build rebuilds
        with db.write_transaction(live) as con:
            con.execute("UPDATE meta SET value = 'stale' WHERE key = ?", [bundle.FINGERPRINT_KEY])

    def building() -> bool:
        return any(p.name.startswith(f".{live.name}.") for p in tmp_path.iterdir())

    codes, left = [], []
    for pause in (0.0, 0.3, 0.8):
        make_stale()
        before = sha(live)
        codes.append(_kill_when(["build", "--db", live], building, pause))
        left.append(_stale_files(tmp_path, live))
        assert sha(live) == before or bundle._stored_fingerprint(live) == bundle.fingerprint()
    assert -signal.SIGKILL in codes and any(left), (codes, left)

    # a killed import: its private copy stays until the next writer or build
    scores = tmp_path / "scores_kill.csv"
    scores.write_text("index_code,year,unit_code,score\n" + "SIPAS,2023,20,79.3\n", encoding="utf-8")
    _kill_when(["load", "--db", live, scores], lambda: any(tmp_path.glob(f".{live.name}.*.writing*")), 0.0)

    done = cli("build", "--db", live, timeout=120)
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    assert bundle._stored_fingerprint(live) == bundle.fingerprint()
    assert _stale_files(tmp_path, live) == []

    # the same when the database is up to date (the build takes the lock only if it is free)
    _kill_when(["load", "--db", live, scores], lambda: any(tmp_path.glob(f".{live.name}.*.writing*")), 0.0)
    done = cli("build", "--db", live, timeout=120)
    assert done.returncode == 0 and "up to date" in done.stdout, done.stderr
    assert _stale_files(tmp_path, live) == []
    print(f"kill codes {codes}; left after each kill: {left}")
