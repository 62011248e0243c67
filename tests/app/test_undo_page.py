"""The data page's Undo names its batch (issue 9, point 5): the editor who saw batch N as the
newest and clicks after a colleague loaded batch N+1 is refused, in a sentence, and nothing is
undone; the confirmation is asked again after every undo; the data that ships with the app is
never offered for undo."""
from __future__ import annotations

import shutil

import pytest

from analysis import db
from analysis.importer import load_files
from tests.app.test_pages import open_page
from tests.unit.import_fixture import write
from ui.layout import md_escape

TARGETS = "unit_code,index_code,year,target_score,note\n{unit},PAR_INDEX,2024,95,{note}\n"


@pytest.fixture
def own_real(workspaces, tmp_path, monkeypatch):
    """A private copy of the real workspace, so this test's batches touch no other test."""
    copy = tmp_path / "dashboard.duckdb"
    shutil.copyfile(workspaces["real"], copy)
    monkeypatch.setenv("PARDASH_DB", str(copy))
    monkeypatch.delenv("PARDASH_EDITOR_PASSWORD", raising=False)
    return copy


def _load(path, folder, unit: str, note: str) -> int:
    folder.mkdir()
    result = load_files(path, [write(folder, f"targets_{note}.csv", TARGETS.format(unit=unit, note=note))])
    assert result.ok, [str(e) for e in result.errors]
    return result.batch_id


def _targets_in_force(path) -> list[str]:
    with db.open_read(path) as con:
        return [r[0] for r in con.execute("SELECT note FROM target ORDER BY note").fetchall()]


def _undo_label(at) -> str:
    return next(b.label for b in at.button if b.key == "undo")


def test_undo_refuses_a_colleagues_newer_batch_and_asks_again_after_each_undo(own_real, tmp_path):
    mine = _load(own_real, tmp_path / "a", "01", "mine")
    at = open_page("data", ws="real")
    assert _undo_label(at) == f"Hoàn tác lần nhập {mine}"
    at.checkbox(key="undo_sure").check().run()
    theirs = _load(own_real, tmp_path / "b", "79", "theirs")  # a colleague, meanwhile
    at.button(key="undo").click().run()
    assert not at.exception
    assert _targets_in_force(own_real) == ["mine", "theirs"]  # nothing was undone
    [refusal] = [w.value for w in at.warning]
    assert refusal.startswith(f"Chưa hoàn tác gì: lần nhập {mine} không còn là lần nhập mới nhất. "
                              f"Lần nhập {theirs} ({md_escape('targets_theirs.csv')}, lúc ")
    # the page now names the colleague's batch, unconfirmed
    assert _undo_label(at) == f"Hoàn tác lần nhập {theirs}"
    assert at.checkbox(key="undo_sure").value is False
    at.checkbox(key="undo_sure").check().run()
    at.button(key="undo").click().run()
    assert not at.exception
    assert f"Đã hoàn tác lần nhập {theirs}." in [s.value for s in at.success]
    assert _targets_in_force(own_real) == ["mine"]
    assert at.checkbox(key="undo_sure").value is False  # the next undo asks again
    assert at.button(key="undo").disabled
    assert _undo_label(at) == f"Hoàn tác lần nhập {mine}"
    at.checkbox(key="undo_sure").check().run()
    at.button(key="undo").click().run()
    assert _targets_in_force(own_real) == []
    # only the bundled data is left in force: no undo is offered for it
    assert not [b for b in at.button if b.key == "undo"]
    assert not [c for c in at.checkbox if c.key == "undo_sure"]
    assert any(c.value.startswith("Lần nhập mới nhất còn hiệu lực") and "không hoàn tác được" in c.value
               for c in at.caption)


def test_bundled_data_is_not_offered_for_undo_in_english(own_real):
    at = open_page("data", ws="real", lang="en")
    assert not [b for b in at.button if b.key == "undo"]
    assert any(c.value.startswith("The newest batch in force (") and "cannot be undone here" in c.value
               for c in at.caption)
