"""Links that reopen a view (issue 13): the drill-down's level and field filter travel in the
URL, and the app opens on the configured home province and index when the URL names none."""
from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.app.conftest import APP

DRILL = "app_pages/2_phan_tich.py"


def _drilldown(params: dict) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    for key, value in params.items():
        at.query_params[key] = str(value)
    at.run()
    at.switch_page(DRILL).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _ledger_codes(at: AppTest) -> list[str]:
    return [str(c) for c in at.dataframe[0].value["Mã"]]


def test_copied_link_keeps_drilldown_level_and_field(workspaces):
    at = _drilldown({"ws": "demo"})
    assert at.radio(key="w_x:level").value == 3  # opens on the deepest level, all fields
    assert at.selectbox(key="w_x:field").value == ""
    at.radio(key="w_x:level").set_value(2).run()
    at.selectbox(key="w_x:field").set_value("2").run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.query_params["level"] == "2" and at.query_params["field"] == "2"
    shown = _ledger_codes(at)
    assert shown and all(code.startswith("2.") and code.count(".") == 1 for code in shown), shown

    link = {key: at.query_params[key] for key in at.query_params}  # what "copy link" carries
    again = _drilldown(link)  # a new session opened from the copied link
    assert again.radio(key="w_x:level").value == 2
    assert again.selectbox(key="w_x:field").value == "2"
    assert _ledger_codes(again) == shown


def _overview(params: dict | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    for key, value in (params or {}).items():
        at.query_params[key] = str(value)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_without_a_setting_the_real_workspace_opens_on_the_first_province(workspaces, monkeypatch):
    monkeypatch.delenv("PARDASH_HOME_UNIT", raising=False)
    monkeypatch.delenv("PARDASH_HOME_INDEX", raising=False)
    at = _overview()
    assert at.selectbox(key="w_index_code").value == "PAR_INDEX"
    assert at.selectbox(key="w_unit_code").value == "01"  # Hà Nội: what a Sở Nội vụ saw before


def test_the_app_opens_on_the_home_province_and_index(workspaces, monkeypatch):
    monkeypatch.setenv("PARDASH_HOME_UNIT", "tỉnh Lạng Sơn")  # a name, written as people write it
    monkeypatch.setenv("PARDASH_HOME_INDEX", "papi")
    at = _overview()
    assert at.selectbox(key="w_index_code").value == "PAPI"
    assert at.selectbox(key="w_unit_code").value == "20"
    assert at.query_params["unit"] == "20" and at.query_params["index"] == "PAPI"  # its links say so
    # a link that names a province and index still opens on them
    linked = _overview({"unit": "01", "index": "PAR_INDEX"})
    assert linked.selectbox(key="w_unit_code").value == "01"
    assert linked.selectbox(key="w_index_code").value == "PAR_INDEX"


def test_a_home_province_by_code_and_a_wrong_one_says_so(workspaces, monkeypatch):
    monkeypatch.setenv("PARDASH_HOME_UNIT", "20")
    assert _overview().selectbox(key="w_unit_code").value == "20"
    monkeypatch.setenv("PARDASH_HOME_UNIT", "Lạng Sơnn")
    at = _overview()
    assert at.selectbox(key="w_unit_code").value == "01"
    assert any("PARDASH_HOME_UNIT=Lạng Sơnn không khớp tỉnh nào" in c.value for c in at.sidebar.caption)


def test_the_about_page_shows_the_home_setting_and_how_to_change_it(workspaces, monkeypatch):
    monkeypatch.setenv("PARDASH_HOME_UNIT", "Lạng Sơn")
    monkeypatch.setenv("PARDASH_HOME_INDEX", "SIPAS")
    at = _overview()
    at.switch_page("app_pages/8_gioi_thieu.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert "Tỉnh và chỉ số mặc định" in [s.value for s in at.subheader]
    text = " ".join(m.value for m in at.markdown)
    assert "ứng dụng mở **Lạng Sơn**, chỉ số **" in text and "SIPAS" in text
    assert "PARDASH_HOME_UNIT" in text and "PARDASH_HOME_INDEX" in text
    assert any("PARDASH_HOME_UNIT=" in c.value for c in at.code)
