"""A reader always sees the file that is live when it asks (issue 9, point 4).

DuckDB caches database instances by path: a connection opened while another one is still open
on the same path reuses that instance, i.e. the file as it was before an import swapped it.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from analysis import catalog, db
from analysis.importer import load_files
from tests.unit.import_fixture import index_tree, reference_db, write

SCORES = "index_code,year,unit_code,score\n{index},2023,20,79.3\n"


def _indices(con) -> list[str]:
    return [r[0] for r in con.execute("SELECT DISTINCT index_code FROM score ORDER BY 1").fetchall()]


@pytest.fixture
def live(tmp_path: Path) -> Path:
    path = reference_db(tmp_path)
    assert load_files(path, [index_tree(tmp_path, "OLDIDX"), write(tmp_path, "scores.csv", SCORES.format(index="OLDIDX"))]).ok
    return path


def _swap(path: Path, folder: Path) -> None:
    """An import of a new index: the writer renames a new file over the live one."""
    before = db.database_version(path)
    assert load_files(path, [index_tree(folder, "NEWIDX"), write(folder, "scores.csv", SCORES.format(index="NEWIDX"))]).ok
    assert db.database_version(path) != before


def test_open_read_sees_the_new_file_while_an_old_connection_is_open(live, tmp_path):
    with db.open_read(live) as held:
        assert _indices(held) == ["OLDIDX"]
        _swap(live, tmp_path)
        with db.open_read(live) as fresh:
            assert _indices(fresh) == ["NEWIDX", "OLDIDX"]
        assert _indices(held) == ["OLDIDX"]  # a reader mid-query keeps its own file


def test_ask_serves_the_new_index_list_while_an_old_connection_is_open(live, tmp_path, monkeypatch):
    from ui import data

    monkeypatch.setattr(data, "db_path", lambda workspace: live)
    assert list(data.ask("real", catalog.indices)["index_code"]) == ["OLDIDX"]
    with db.open_read(live):  # another session's query still running on the old file
        _swap(live, tmp_path)
        assert sorted(data.ask("real", catalog.indices)["index_code"]) == ["NEWIDX", "OLDIDX"]


def test_two_readers_of_two_versions_can_be_open_together(live, tmp_path):
    with db.open_read(live) as old:
        _swap(live, tmp_path)
        with db.open_read(live) as new, db.open_read(live) as newer:
            assert _indices(old) == ["OLDIDX"]
            assert _indices(new) == _indices(newer) == ["NEWIDX", "OLDIDX"]
