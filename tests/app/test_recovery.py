"""Issue 9 on screen: a refused rebuild is a sentence on every page (never a traceback), the
bundled figures a user's import outranks are listed on the Dữ liệu page, and an editor can
restore from there."""
from __future__ import annotations

import shutil

import pytest
from streamlit.testing.v1 import AppTest

from analysis import bundle, paths
from analysis.importer import load_files
from tests.app.conftest import APP
from tests.unit.import_fixture import rows, sha, write

PAGES = ["app_pages/1_tong_quan.py", "app_pages/2_phan_tich.py", "app_pages/3_don_vi_chu_tri.py", "app_pages/4_so_sanh.py",
         "app_pages/5_muc_tieu.py", "app_pages/6_khoi_so_huyen.py", "app_pages/present.py", "app_pages/7_du_lieu.py",
         "app_pages/8_gioi_thieu.py"]
HEAD = "index_code,year,unit_code,score\n"


def open_page(page: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    if page != PAGES[0]:
        at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.fixture
def app_db(tmp_path, monkeypatch):
    path = tmp_path / "dashboard.duckdb"
    monkeypatch.setenv("PARDASH_DB", str(path))
    monkeypatch.delenv("PARDASH_EDITOR_PASSWORD", raising=False)
    bundle.ensure_app_database(path)
    return path


def test_a_refused_rebuild_is_said_on_every_page_and_an_editor_can_restore(app_db, tmp_path, monkeypatch):
    assert load_files(app_db, [write(tmp_path, "scores_a.csv", HEAD + "SIPAS,2023,20,79.3\n")]).ok
    assert load_files(app_db, [write(tmp_path, "scores_b.csv", HEAD + "SIPAS,2023,01,80\n")]).ok
    shutil.rmtree(paths.import_archive_dir(app_db))
    monkeypatch.setattr(bundle, "fingerprint", lambda: "changed")
    before = sha(app_db)
    for page in PAGES:
        at = open_page(page)
        banners = [e.value for e in at.error]
        assert any("không phát lại được lần nhập 3, 4" in b for b in banners), (page, banners)
    assert sha(app_db) == before

    # the editor drops the batches that cannot be replayed, explicitly
    at = open_page("app_pages/7_du_lieu.py")
    at.checkbox(key="restore_drop").check().run()
    at.checkbox(key="restore_sure").check().run()
    at.button(key="restore").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert not any("không phát lại được" in e.value for e in at.error), [e.value for e in at.error]
    assert any(s.value.startswith("Đã khôi phục") for s in at.success)
    assert rows(app_db, "SELECT batch_id, undone_at IS NOT NULL FROM batch WHERE kind = 'user' ORDER BY 1") == [
        (3, True), (4, True)]


def test_the_data_page_lists_bundled_figures_outranked_by_an_import(app_db, tmp_path):
    mine = write(tmp_path, "diem_par.csv", HEAD + "PAR_INDEX,2024,01,93.5\n")
    assert load_files(app_db, [mine], replace=True, source="QĐ 876").ok
    at = open_page("app_pages/7_du_lieu.py")
    assert "Số liệu đi kèm được thay bằng số liệu đã nhập" in [h.value for h in at.subheader]
    [table] = [d.value for d in at.dataframe if "Điểm đi kèm" in d.value.columns]
    assert table.to_dict("records") == [{
        "Chỉ số": "PAR_INDEX", "Năm": "2024", "Đơn vị": "Hà Nội", "Mã": "", "Điểm đã nhập": "93,50",
        "Nguồn đã nhập": "QĐ 876", "Lần tải": "3", "Điểm đi kèm": "92,57",
        "Nguồn đi kèm": "https://hanoitimes.vn/hanoi-urges-improvements-to-retain-top-spot-in-governance-index.730143.html"}]


def test_the_restore_action_rolls_back_the_last_import(app_db, tmp_path):
    assert load_files(app_db, [write(tmp_path, "scores_a.csv", HEAD + "SIPAS,2023,20,79.3\n")]).ok
    at = open_page("app_pages/7_du_lieu.py")
    at.radio(key="restore_how").set_value("previous").run()
    at.checkbox(key="restore_sure").check().run()
    at.button(key="restore").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert rows(app_db, "SELECT batch_id, undone_at IS NOT NULL FROM batch WHERE kind = 'user'") == [(3, True)]
