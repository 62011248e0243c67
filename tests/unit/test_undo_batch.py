"""Undo names the batch it means (issue 9, point 5): `undo [BATCH]` on the command line and the
importer's `undo_last(db, batch_id)` refuse, and change nothing, when the newest batch in force is
another one (a colleague loaded batch 3 while the editor looked at batch 2)."""
from __future__ import annotations

import subprocess
import sys

import pytest

from analysis.importer import UndoError, load_files, undo_last
from tests.conftest import ROOT
from tests.unit.import_fixture import index_tree, reference_db, rows, sha, write

SCORES = "index_code,year,unit_code,score\n{index},2023,20,79.3\n"


def run(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "analysis", *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


@pytest.fixture
def two_batches(tmp_path):
    """Batch 1 the reference units, batch 2 the editor's scores, batch 3 a colleague's."""
    db = reference_db(tmp_path)
    mine = tmp_path / "mine"
    theirs = tmp_path / "theirs"
    mine.mkdir(), theirs.mkdir()
    assert load_files(db, [index_tree(mine, "MINE"), write(mine, "scores.csv", SCORES.format(index="MINE"))]).batch_id == 2
    assert load_files(db, [index_tree(theirs, "THEIRS"), write(theirs, "diem_dong_nghiep.csv", SCORES.format(index="THEIRS"))]).batch_id == 3
    return db


def _in_force(db) -> list[str]:
    return [r[0] for r in rows(db, "SELECT DISTINCT index_code FROM score ORDER BY 1")]


def test_undo_of_a_batch_that_is_not_the_newest_is_refused(two_batches):
    before = sha(two_batches)
    with pytest.raises(UndoError) as refused:
        undo_last(two_batches, 2)
    assert str(refused.value).startswith(
        "batch 2 is not the newest import in force: batch 3 (criteria_theirs.csv, diem_dong_nghiep.csv, loaded ")
    assert str(refused.value).endswith("came after it; nothing was undone")
    assert refused.value.reason == "not_newest" and refused.value.newest == 3
    assert sha(two_batches) == before


def test_undo_of_the_named_newest_batch_then_the_one_before(two_batches):
    assert undo_last(two_batches, 3)["batch_id"] == 3
    assert _in_force(two_batches) == ["MINE"]
    assert undo_last(two_batches, 2)["batch_id"] == 2
    assert _in_force(two_batches) == []


@pytest.mark.parametrize("batch, reason, message", [
    (9, "unknown", "there is no batch 9"),
    (1, "not_user", "batch 1 is reference data and cannot be undone"),
])
def test_unknown_and_reference_batches_are_refused(tmp_path, batch, reason, message):
    db = reference_db(tmp_path)
    with pytest.raises(UndoError) as refused:
        undo_last(db, batch)
    assert (refused.value.reason, str(refused.value)) == (reason, message)


def test_an_undone_batch_is_not_undone_twice(two_batches):
    undo_last(two_batches, 3)
    with pytest.raises(UndoError, match="^batch 3 was already undone$"):
        undo_last(two_batches, 3)


def test_cli_undo_names_its_batch(two_batches):
    before = sha(two_batches)
    refused = run("undo", "--db", two_batches, "2")
    assert refused.returncode == 1
    assert refused.stderr.startswith("batch 2 is not the newest import in force: batch 3 (criteria_theirs.csv, diem_dong_nghiep.csv")
    assert "Traceback" not in refused.stderr
    assert sha(two_batches) == before
    done = run("undo", "--db", two_batches, "3")
    assert (done.returncode, done.stdout.strip()) == (0, "batch 3 undone; 0 replaced rows restored")
    newest = run("undo", "--db", two_batches)  # without a number: the newest, as the contract says
    assert (newest.returncode, newest.stdout.strip()) == (0, "batch 2 undone; 0 replaced rows restored")
    assert _in_force(two_batches) == []
