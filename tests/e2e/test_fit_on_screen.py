"""What a laptop and a projector show without scrolling: at 1366×768 the drill-down ledger shows
the columns that matter (points lost, gaps, lead agency) inside the grid; at 1920×1080 the field
heatmap of five provinces has one readable row per province."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from tests.e2e.conftest import ARTIFACTS, CHROMIUM
from tests.e2e.test_browser import open_view

pytestmark = [pytest.mark.e2e,
              pytest.mark.skipif(not Path(CHROMIUM).exists() and not shutil.which(CHROMIUM),
                                 reason="chromium not installed")]


def _headers(grid) -> list[str]:
    """Column titles of the glide grid's accessibility table, which lists only the columns in
    the grid's visible region (a partly visible one included)."""
    return [h.inner_text().strip() for h in grid.locator('[role="columnheader"]').all()]


def test_drilldown_ledger_shows_the_lead_agency_at_1366(browser: Browser, warm_app):
    page = browser.new_page(viewport={"width": 1366, "height": 768}, locale="vi-VN")
    try:
        open_view(page, f"{warm_app}/phan-tich?ws=demo&index=PAR_INDEX&year=2024&unit=01", "Xong: phân tích")
        grid = page.get_by_test_id("stDataFrame").first
        grid.scroll_into_view_if_needed()
        page.wait_for_timeout(400)  # let the canvas paint before the screenshot
        page.screenshot(path=str(ARTIFACTS / "drilldown_1366.png"))
        headers = _headers(grid)
        assert headers[0] == "Mã"  # not scrolled sideways
        for wanted in ("Điểm bị mất", "Chênh với TB", "Đơn vị chủ trì"):
            assert wanted in headers, (wanted, headers)
        # A column after the lead agency's starts inside the viewport, so the lead column ends inside it.
        assert headers.index("Đơn vị chủ trì") < len(headers) - 1, headers
        expect(grid).to_contain_text("chưa phân công")
    finally:
        page.close()


def test_field_heatmap_of_five_provinces_at_1920(browser: Browser, warm_app):
    page = browser.new_page(viewport={"width": 1920, "height": 1080}, locale="vi-VN")
    try:
        url = f"{warm_app}/so-sanh?ws=demo&index=PAR_INDEX&year=2024&unit=01&peer_mode=custom&peers=02,04,06,08"
        open_view(page, url, "Xong: so sánh")
        heat = page.get_by_test_id("stVegaLiteChart").first
        heat.scroll_into_view_if_needed()
        page.screenshot(path=str(ARTIFACTS / "field_heatmap_5.png"))
        box = heat.locator("svg").first.bounding_box()
        # 5 rows of 24 px, the field axis on top and the legend below: never squeezed into a strip.
        assert box["height"] >= 5 * 24
        for name in ("Hà Nội ◀", "Hà Giang", "Cao Bằng", "Bắc Kạn", "Tuyên Quang"):
            expect(heat.locator("svg").first).to_contain_text(name)
    finally:
        page.close()
