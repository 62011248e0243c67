"""The command line: load, history, undo, summary's error path, and all of data/."""
from __future__ import annotations

import subprocess
import sys

from analysis.__main__ import main
from tests.conftest import ROOT
from tests.unit.import_fixture import rows, sha, write


def run(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "analysis", *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)


def test_load_every_file_in_data_then_again_changes_nothing(tmp_path):
    db = tmp_path / "new.duckdb"
    first = run("load", "--db", db, *sorted(p for p in (ROOT / "data").rglob("*") if p.is_file()))
    assert first.returncode == 0, first.stderr
    assert "scores.csv: scores: 24523 rows, 24523 added, 0 replaced, 0 unchanged" in first.stdout
    assert "README.md: skipped (not a .csv or .xlsx file)" in first.stdout
    assert "regions.csv: skipped (neither the name nor the columns say which table this is" in first.stdout
    assert rows(db, "SELECT index_code, count(*) FROM score GROUP BY 1 ORDER BY 1") == [
        ("PAPI", 24523), ("PAR_INDEX", 35), ("SIPAS", 7)]
    before = sha(db)
    second = run("load", "--db", db, ROOT / "data")
    assert second.returncode == 0, second.stderr
    assert second.stdout.strip().endswith("nothing new: every row is already stored")
    assert sha(db) == before


def test_load_problems_go_to_stderr_with_exit_1(tmp_path, capsys):
    db = tmp_path / "x.duckdb"
    bad = write(tmp_path, "diem.csv", "chi_so,nam,ma_don_vi,diem\nSIPAS,2023,20,79;3\n")
    assert main(["load", "--db", str(db), str(bad)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err == ['diem.csv:2:diem: not a number: "79;3"', "nothing was written (1 problems)"]


def test_load_history_undo(tmp_path, capsys):
    db = tmp_path / "x.duckdb"
    good = write(tmp_path, "diem.csv", "chi_so,nam,ma_don_vi,diem\nSIPAS,2023,20,\"79,30%\"\n")
    assert main(["load", "--db", str(db), "--source", "QĐ 1001", str(good)]) == 0
    out = capsys.readouterr().out
    assert "diem.csv: scores: 1 rows, 1 added, 0 replaced, 0 unchanged" in out
    assert rows(db, "SELECT score, source FROM score") == [(79.3, "QĐ 1001")]
    assert main(["history", "--db", str(db)]) == 0
    listing = capsys.readouterr().out.splitlines()
    assert listing[0].split()[0] == "2" and "diem.csv" in listing[0] and "[QĐ 1001]" in listing[0]
    assert main(["undo", "--db", str(db)]) == 0
    assert capsys.readouterr().out.strip() == "batch 2 undone; 0 replaced rows restored"
    assert rows(db, "SELECT count(*) FROM score") == [(0,)]
    assert main(["undo", "--db", str(db)]) == 1
    assert capsys.readouterr().err.strip() == "batch 1 is reference data and cannot be undone"
