"""The app's face of issue 9, point 7: a damaged or edited database, a full disk or a read-only
folder show a sentence in the reader's language on the page (Vietnamese first, English in English
mode) and never a traceback or a server path; the rest of the page keeps working."""
from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from analysis import db
from analysis.i18n import t
from tests.app.conftest import APP
from tests.app.test_pages import PAGES
from ui.layout import md_escape

ALL_PAGES = [path for path, _ in PAGES.values()] + ["app_pages/present.py"]
FILE = md_escape("dashboard.duckdb")  # how the page's Markdown source spells the file name
DAMAGED_VI = t("problem.db_damaged", "vi", where=FILE)
DAMAGED_EN = t("problem.db_damaged", "en", where=FILE)
SCHEMA_VI = t("problem.db_schema", "vi", where=FILE, missing="fact")

@pytest.fixture
def real_copy(workspaces, tmp_path, monkeypatch) -> Path:
    """A private copy of the real workspace at PARDASH_DB, for this test to break."""
    copy = tmp_path / "dashboard.duckdb"
    shutil.copyfile(workspaces["real"], copy)
    monkeypatch.setenv("PARDASH_DB", str(copy))
    monkeypatch.delenv("PARDASH_EDITOR_PASSWORD", raising=False)
    return copy


def show(page: str, **params) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    for key, value in params.items():
        at.query_params[key] = str(value)
    at.run()
    if page != ALL_PAGES[0]:
        at.switch_page(page).run()
    return at


def no_server_detail(at: AppTest, folder: Path) -> None:
    assert not at.exception, [e.message for e in at.exception]
    for element in (*at.error, *at.warning, *at.info, *at.markdown, *at.code):
        text = str(element.value)
        assert "Traceback" not in text and str(folder) not in text, text


@pytest.mark.parametrize("page_file", ALL_PAGES)
def test_a_zero_byte_database_is_a_sentence_on_every_page(real_copy, page_file):
    real_copy.write_bytes(b"")
    at = show(page_file)
    no_server_detail(at, real_copy.parent)
    if page_file == "app_pages/8_gioi_thieu.py":  # reads no database: it simply works
        assert not at.error
        return
    assert [e.value for e in at.error if e.value == DAMAGED_VI], [e.value for e in at.error]


@pytest.mark.parametrize("damage", ["truncated", "random"])
def test_a_truncated_or_random_database_in_english(real_copy, damage):
    data = real_copy.read_bytes()
    real_copy.write_bytes(data[: len(data) // 3] if damage == "truncated" else os.urandom(200_000))
    at = show("app_pages/1_tong_quan.py", lang="en")
    no_server_detail(at, real_copy.parent)
    assert [e.value for e in at.error if e.value == DAMAGED_EN]


@pytest.mark.parametrize("page_file", ["app_pages/1_tong_quan.py", "app_pages/2_phan_tich.py", "app_pages/4_so_sanh.py",
                                  "app_pages/7_du_lieu.py", "app_pages/present.py"])
def test_an_edited_schema_is_a_sentence(real_copy, page_file):
    con = duckdb.connect(str(real_copy))
    con.execute("DROP TABLE fact")
    con.close()
    at = show(page_file)
    no_server_detail(at, real_copy.parent)
    assert [e.value for e in at.error if e.value == SCHEMA_VI], [e.value for e in at.error]


GOOD = b"unit_code,index_code,year,target_score,note\n01,PAR_INDEX,2024,95,full-disk\n"


@pytest.mark.parametrize("code, key", [(errno.ENOSPC, "problem.disk_full"), (errno.EROFS, "problem.read_only")])
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_an_import_on_a_full_disk_or_read_only_folder(real_copy, monkeypatch, code, key, lang):
    def cannot_write(src, dst):
        raise OSError(code, os.strerror(code), str(dst))

    monkeypatch.setattr(db, "_copy_file", cannot_write)
    before = db.database_version(real_copy)
    at = show("app_pages/7_du_lieu.py", lang=lang)
    at.get("file_uploader")[0].set_value(("targets_ok.csv", GOOD, "text/csv")).run()
    at.button(key="load").click().run()
    no_server_detail(at, real_copy.parent)
    where = FILE if code == errno.ENOSPC else md_escape(real_copy.parent.name)
    assert t(key, lang, where=where) in [e.value for e in at.error], [e.value for e in at.error]
    assert db.database_version(real_copy) == before
    assert t("done.data", lang) in [c.value for c in at.caption]  # the rest of the page is there


def test_an_undo_on_a_full_disk(real_copy, tmp_path, monkeypatch):
    from analysis.importer import load_files

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "targets_ok.csv").write_bytes(GOOD)
    assert load_files(real_copy, [tmp_path / "in" / "targets_ok.csv"]).ok
    at = show("app_pages/7_du_lieu.py")
    at.checkbox(key="undo_sure").check().run()

    def disk_full(src, dst):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(dst))

    monkeypatch.setattr(db, "_copy_file", disk_full)
    before = db.database_version(real_copy)
    at.button(key="undo").click().run()
    no_server_detail(at, real_copy.parent)
    assert t("problem.disk_full", "vi", where=FILE) in [e.value for e in at.error]
    assert db.database_version(real_copy) == before
    assert at.checkbox(key="undo_sure").value is False
