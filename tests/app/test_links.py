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
