"""`analysis.problems.explain`: which failures are told as a sentence, and which are left alone
(a bug, or a problem with an imported file rather than the database, keeps its own form)."""
from __future__ import annotations

import errno
import os

import duckdb
import pytest

from analysis.problems import explain


def test_a_sound_database_does_not_turn_other_errors_into_damage(empty_db):
    assert explain(duckdb.BinderException('Referenced column "x" not found'), empty_db) is None
    other = duckdb.IOException('IO Error: Could not read enough bytes from file "/tmp/up/scores.csv"')
    assert explain(other, empty_db) is None
    assert explain(ValueError("a bug"), empty_db) is None


def test_a_private_copy_is_named_as_the_file_the_user_knows(tmp_path):
    live = tmp_path / "dashboard.duckdb"
    full = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(tmp_path / ".dashboard.duckdb.4242.writing"))
    problem = explain(full, live)
    assert (problem.key, problem.where) == ("problem.disk_full", live)
    assert problem.text("vi", full_paths=False) == ("Ổ đĩa đã đầy: không ghi được dashboard.duckdb. Chưa có gì "
                                                    "bị thay đổi; hãy giải phóng dung lượng rồi thử lại.")
    denied = explain(PermissionError(errno.EACCES, "Permission denied", str(live) + ".lock"), live)
    assert (denied.key, denied.where) == ("problem.read_only", tmp_path)
    missing = explain(FileNotFoundError(errno.ENOENT, "No such file", str(tmp_path / "nope" / "x.xlsx")), live)
    assert (missing.key, missing.where) == ("problem.no_folder", tmp_path / "nope")


def test_an_unreadable_database_is_not_called_read_only(empty_db):
    if os.geteuid() == 0:
        pytest.skip("root reads every file")
    empty_db.chmod(0)
    try:
        problem = explain(duckdb.IOException(f'Cannot open file "{empty_db}": Permission denied'), empty_db)
    finally:
        empty_db.chmod(0o644)
    assert (problem.key, problem.where) == ("problem.no_access", empty_db)
