"""Trình chiếu for a province with no score says what is missing and how to load it, instead of
seven empty slides (issue 13)."""
from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.app.conftest import APP
from ui.layout import md_escape


def test_present_page_refuses_a_unit_without_score(workspaces):
    at = AppTest.from_file(APP, default_timeout=30)
    for key, value in {"ws": "real", "index": "PAR_INDEX", "year": "2024", "unit": "20"}.items():
        at.query_params[key] = value
    at.run()
    at.switch_page("app_pages/present.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert [i.value for i in at.info] == [md_escape(
        "Không có gì để trình bày: Lạng Sơn chưa có điểm Chỉ số CCHC (PAR INDEX) năm 2024 trong cơ sở "
        "dữ liệu này. Tải điểm lên bằng «python -m analysis load TỆP» hoặc ở trang Dữ liệu, rồi tạo lại.")]
    assert not at.button  # no slide navigation, no deck to download
