"""Build beside, then rename: the one implementation in `analysis.db` used by imports, rebuilds,
restores, the demo workspace, the import archive and exported files."""
from __future__ import annotations

import os

import pytest

from analysis import db, paths


def test_a_private_path_sits_beside_and_names_the_public_file(tmp_path):
    live = tmp_path / "dashboard.duckdb"
    for kind in ("writing", "building", "part"):
        private = db.private_path(live, kind)
        assert private.parent == tmp_path and private.name == f".dashboard.duckdb.{os.getpid()}.{kind}"
        assert db.public_path(private) == live


def test_write_file_puts_the_whole_file_in_place(tmp_path):
    target = tmp_path / "out.bin"
    target.write_bytes(b"old")
    db.write_file(target, b"new contents")
    assert target.read_bytes() == b"new contents"
    source = tmp_path / "source.csv"
    source.write_bytes(b"a;b\n1;2\n")
    db.write_file(target, source_path=source)
    assert target.read_bytes() == b"a;b\n1;2\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.bin", "source.csv"]


def test_a_failed_write_file_leaves_the_old_file_and_no_part(tmp_path):
    target = tmp_path / "out.bin"
    target.write_bytes(b"old")
    with pytest.raises(FileNotFoundError):
        db.write_file(target, source_path=tmp_path / "missing.csv")
    assert target.read_bytes() == b"old" and [p.name for p in tmp_path.iterdir()] == ["out.bin"]


def _archive(db_path, files: dict[str, bytes]):
    folder = paths.import_archive_dir(db_path)
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return folder


def test_swap_in_renames_over_the_live_file_and_keeps_the_previous(tmp_path):
    live, new = tmp_path / "x.duckdb", tmp_path / "build" / "x.duckdb"
    new.parent.mkdir()
    live.write_bytes(b"before")
    new.write_bytes(b"after")
    db.swap_in(new, live, keep_before=True)
    assert live.read_bytes() == b"after" and not new.exists()
    assert db.previous_path(live).read_bytes() == b"before"


def test_swap_in_without_keep_before_keeps_nothing(tmp_path):
    live, new = tmp_path / "x.duckdb", db.private_path(tmp_path / "x.duckdb", "writing")
    live.write_bytes(b"before")
    new.write_bytes(b"after")
    db.swap_in(new, live)
    assert live.read_bytes() == b"after" and not db.previous_path(live).exists()


def test_swap_in_sets_a_file_aside_instead_of_keeping_it_as_previous(tmp_path):
    live, new, aside = tmp_path / "x.duckdb", tmp_path / "build" / "x.duckdb", tmp_path / "x.unreadable.duckdb"
    new.parent.mkdir()
    live.write_bytes(b"damaged")
    db.previous_path(live).write_bytes(b"the good copy")
    new.write_bytes(b"restored")
    db.swap_in(new, live, keep_before=True, set_aside=aside)
    assert live.read_bytes() == b"restored" and aside.read_bytes() == b"damaged"
    assert db.previous_path(live).read_bytes() == b"the good copy"


def test_the_archive_built_beside_joins_the_live_one(tmp_path):
    live, new = tmp_path / "x.duckdb", tmp_path / "build" / "x.duckdb"
    new.parent.mkdir()
    live.write_bytes(b"before")
    new.write_bytes(b"after")
    _archive(live, {"batch-00001.json": b"user's", "kept.csv": b"k"})
    _archive(new, {"batch-00001.json": b"rebuilt", "bundled.csv": b"b"})
    db.swap_in(new, live)
    archive = paths.import_archive_dir(live)
    assert {p.name: p.read_bytes() for p in archive.iterdir()} == {
        "batch-00001.json": b"user's", "kept.csv": b"k", "bundled.csv": b"b"}


def test_replace_archive_puts_the_new_archive_instead_of_the_old(tmp_path):
    live, new = tmp_path / "demo.duckdb", db.private_path(tmp_path / "demo.duckdb", "building")
    live.write_bytes(b"old demo")
    new.write_bytes(b"new demo")
    _archive(live, {"batch-00001.json": b"old", "stale.csv": b"s"})
    _archive(new, {"batch-00001.json": b"new"})
    db.swap_in(new, live, replace_archive=True)
    archive = paths.import_archive_dir(live)
    assert {p.name: p.read_bytes() for p in archive.iterdir()} == {"batch-00001.json": b"new"}
    assert not paths.import_archive_dir(new).exists()
