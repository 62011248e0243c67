"""The drill-down ledger on screen: the columns a Sở acts on come first with fixed widths (so they
fit a 1366-px laptop, see tests/e2e/test_fit_on_screen.py); every column stays in the export."""
from __future__ import annotations

import json
from pathlib import Path

from tests.app.conftest import APP
from tests.app.test_pages import open_page

FIRST = ["Mã", "Tên", "Tỷ lệ đạt", "Điểm bị mất", "Chênh với TB", "Chênh với mục tiêu", "Đơn vị chủ trì"]


def _page_constants() -> dict:
    """The page's column tables, read without running the page (it would draw at import)."""
    path = Path(APP).parent / "app_pages" / "2_phan_tich.py"
    source = path.read_text(encoding="utf-8")
    head = source[:source.index("\ndef body")]
    scope: dict = {}
    exec(compile("\n".join(l for l in head.splitlines() if not l.startswith(("import", "from"))), str(path), "exec"),
         scope)
    return scope


def test_ledger_shows_what_matters_first_with_fixed_widths(workspaces):
    at = open_page("drilldown", ws="demo")
    grid = at.dataframe[0]
    assert list(grid.value.columns)[:len(FIRST)] == FIRST
    config = json.loads(grid.proto.columns)
    widths = {name: config[name]["width"] for name in FIRST}
    assert all(isinstance(w, int) for w in widths.values()), widths
    # the grid of a 1366-px window with the sidebar open is 906 px wide; the row checkboxes take ~33
    assert sum(widths.values()) + 33 <= 906


def test_ledger_export_keeps_every_column():
    scope = _page_constants()
    shown, export = scope["LEDGER_COLUMNS"], scope["LEDGER_EXPORT"]
    assert set(export) == set(shown) and export == {k: shown[k] for k in export}
    assert list(export)[:3] == ["criterion_code", "name", "score"]  # the ledger's own order
