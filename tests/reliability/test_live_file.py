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


def test_a_kept_instance_serves_its_version_and_a_new_one_the_swapped_file(live, tmp_path):
    """The app keeps one instance per version of the file (`ui.data`): connections on the kept
    instance read the file it attached, even after a swap; an instance opened after the swap
    reads the new file."""
    kept = db.open_instance(live)
    try:
        with db.reading(kept) as first, db.reading(kept) as second:
            assert _indices(first) == _indices(second) == ["OLDIDX"]
        _swap(live, tmp_path)
        with db.reading(kept) as old:
            assert _indices(old) == ["OLDIDX"]
        newer = db.open_instance(live)
        try:
            with db.reading(newer) as new:
                assert _indices(new) == ["NEWIDX", "OLDIDX"]
        finally:
            newer.close()
    finally:
        kept.close()


def test_ask_keeps_one_instance_per_version(live, tmp_path, monkeypatch):
    """Questions on one version share an instance (no new one per question); a swap gets a new one."""
    from ui import data

    monkeypatch.setattr(data, "db_path", lambda workspace: live)
    used = []
    real_reading = db.reading
    monkeypatch.setattr(db, "reading", lambda instance: used.append(instance) or real_reading(instance))
    data.ask("real", catalog.indices)
    assert data.ask("real", catalog.years, "OLDIDX") == [2023]
    assert len(used) == 2 and used[0] is used[1]
    _swap(live, tmp_path)
    assert sorted(data.ask("real", catalog.indices)["index_code"]) == ["NEWIDX", "OLDIDX"]
    assert used[-1] is not used[0]  # (the import itself reads through open_read meanwhile)
