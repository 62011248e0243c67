"""The Dữ liệu page's annex flow (issue 10): upload the example annex → the mapping table → the
figures as they will be stored → confirm → stored; the confirmed mapping is saved for next year."""
from __future__ import annotations

import json
import shutil
from decimal import Decimal

from analysis import db
from analysis.importer import annex_mapping
from analysis.paths import PROJECT_DIR
from examples import generate as gen
from tests.app.test_pages import open_page

EXAMPLE = PROJECT_DIR / "examples" / "phu_luc_par_index_2022_2023.xlsx"


def test_upload_annex_shows_mapping_and_preview_then_stores_the_figures(workspaces, tmp_path, monkeypatch):
    # a copy of the shared app database: the import must not change what the other tests see
    live = tmp_path / "dashboard.duckdb"
    shutil.copyfile(workspaces["real"], live)
    monkeypatch.setenv("PARDASH_DB", str(live))
    at = open_page("data", ws="real")
    content = EXAMPLE.read_bytes()
    at.get("file_uploader")[0].set_value((EXAMPLE.name, content, "application/vnd.ms-excel")).run()
    assert not at.exception
    mapping = at.dataframe[0].value  # the mapping table (an editor: a code may be typed in)
    tthc = mapping[mapping["Cột trong phụ lục"].str.endswith("Cải cách TTHC")].iloc[0]
    assert (tthc["Trở thành"], tthc["Mã"], tthc["Điểm tối đa"]) == ("tiêu chí", "3", "10")
    assert "tỷ lệ %: chỉ để kiểm tra, không lưu" in set(mapping["Trở thành"])
    texts = " ".join(c.value for c in at.caption)
    assert "PAR_INDEX năm 2023" in texts and "Đơn vị nhận ra: 63 (63 theo tên)" in texts
    preview = at.dataframe[1].value
    assert list(preview.columns) == ["Dòng", "Đơn vị (như ghi)", "Đơn vị nhận ra", "Mã", "Điểm", "Xếp hạng"]
    assert preview.iloc[0]["Dòng"] == 10 and preview.iloc[0]["Đơn vị (như ghi)"].isupper()
    at.checkbox(key="replace").check().run()  # the bundled data has published PAR INDEX 2022-23 overall scores
    at.button(key="load").click().run()
    assert not at.exception
    assert any(s.value.startswith("Đã nhập: lần nhập") for s in at.success), [e.value for e in at.error]
    written = {r["code"]: r for r in gen.par_rows(2023)}
    with db.open_read(live) as con:
        got = con.execute("SELECT criterion_code, score, rank FROM score WHERE index_code = 'PAR_INDEX' "
                          "AND year = 2023 AND unit_code = '20' ORDER BY criterion_code").fetchall()
    assert got[0] == ("", float(written["20"]["total"]), written["20"]["rank"])
    assert [Decimal(str(s)) for _, s, _ in got[1:]] == written["20"]["fields"]
    saved = json.loads(annex_mapping.mapping_path(live).read_text(encoding="utf-8"))
    assert saved["PAR_INDEX"]["diem dat duoc cua cac linh vuc cai cach tthc"] == {"becomes": "criterion", "code": "3"}
