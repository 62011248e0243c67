"""Every page says which data version its figures come from ("Phiên bản dữ liệu: lô N · ..."),
read through the same cache as the figures, so a reader and the load test can tell an import from
a stale view."""
from __future__ import annotations

import shutil

from streamlit.testing.v1 import AppTest

from analysis import importer
from tests.app.conftest import APP
from tests.app.test_pages import PAGES


def version_captions(at: AppTest) -> list[str]:
    return [c.value.replace("\\", "") for c in at.caption if "Phiên bản dữ liệu" in c.value]


def test_pages_show_the_live_data_version_after_an_import_and_an_undo(workspaces, tmp_path, monkeypatch):
    live = tmp_path / "dashboard.duckdb"
    shutil.copyfile(workspaces["real"], live)
    monkeypatch.setenv("PARDASH_DB", str(live))
    newest = importer.history(live)[0]["batch_id"]

    def seen(page: str) -> list[str]:
        at = AppTest.from_file(APP, default_timeout=30)
        at.query_params["ws"] = "real"
        at.run()
        if page != "overview":
            at.switch_page(PAGES[page][0]).run()
        assert not at.exception, [e.value for e in at.exception]
        return version_captions(at)

    assert [c.startswith(f"Phiên bản dữ liệu: lô {newest} ·") for c in seen("overview")] == [True]
    csv = tmp_path / "scores_version.csv"
    csv.write_text("index_code,year,unit_code,score\nVERSIONTEST,2024,20,50\n", encoding="utf-8")
    tree = tmp_path / "criteria_version.csv"  # a made-up index brings its tree (issue 10)
    tree.write_text("index_code,valid_from,criterion_code,name\nVERSIONTEST,2000,1,Tổng hợp\n", encoding="utf-8")
    result = importer.load_files(live, [tree, csv], source="test")
    assert result.ok and result.batch_id == newest + 1
    for page in ("overview", "data", "about"):
        assert [c.startswith(f"Phiên bản dữ liệu: lô {newest + 1} ·") for c in seen(page)] == [True], page
    importer.undo_last(live)
    assert [c.startswith(f"Phiên bản dữ liệu: lô {newest} ·") for c in seen("overview")] == [True]
