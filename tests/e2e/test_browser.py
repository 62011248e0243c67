"""End to end in headless Chromium: every page renders without an exception (screenshot each),
a drill-down click opens the detail, a shared URL reopens the same view, and a file uploaded on
the data page is imported (and a bad one reported as FILE:LINE:COLUMN)."""
from __future__ import annotations

import io
import os
import re
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import ARTIFACTS, CHROMIUM, ROOT

pytestmark = [pytest.mark.e2e,
              pytest.mark.skipif(not Path(CHROMIUM).exists() and not shutil.which(CHROMIUM),
                                 reason="chromium not installed")]

SCREENSHOTS = ROOT / "docs" / "screenshots"
# The README's screenshots are refreshed only on request, so a test run leaves the repo clean.
UPDATE_SCREENSHOTS = os.environ.get("PARDASH_UPDATE_SCREENSHOTS") == "1"
PAGES = [
    ("tong-quan", "Xong: tổng quan"),
    ("phan-tich", "Xong: phân tích"),
    ("don-vi-chu-tri", "Xong: đơn vị chủ trì"),
    ("so-sanh", "Xong: so sánh"),
    ("muc-tieu", "Xong: mục tiêu"),
    ("khoi-so-huyen", "Xong: khối sở, huyện"),
    ("du-lieu", "Xong: dữ liệu"),
    ("gioi-thieu", "Xong: giới thiệu"),
]


def wait_for_app_idle(page: Page, timeout: int = 60_000) -> None:
    page.wait_for_selector('[data-testid="stApp"][data-test-connection-state="CONNECTED"]'
                           '[data-test-script-state="notRunning"]', timeout=timeout)
    expect(page.locator('[data-testid="stSkeleton"]')).to_have_count(0, timeout=timeout)
    expect(page.locator('[data-testid="stStatusWidgetRunningIcon"]')).to_have_count(0, timeout=timeout)


def wait_for_visuals(page: Page, timeout: int = 30_000) -> None:
    """Charts and grids paint after the script ends (TOOLCHAIN §4)."""
    for chart in page.locator('[data-testid="stVegaLiteChart"]').all():
        expect(chart.locator("svg").first).to_be_visible(timeout=timeout)
    for grid in page.locator('[data-testid="stDataFrame"]').all():
        if grid.is_visible():  # a grid inside a closed expander (the plans editor) paints when opened
            expect(grid.locator('[role="gridcell"]').first).to_be_attached(timeout=timeout)


def publish(artifact: str, name: str) -> None:
    """Copy a screenshot to docs/screenshots/ (for the README) when PARDASH_UPDATE_SCREENSHOTS=1."""
    if UPDATE_SCREENSHOTS:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        shutil.copy(ARTIFACTS / artifact, SCREENSHOTS / name)


def open_view(page: Page, url: str, sentinel: str) -> None:
    page.goto(url)
    wait_for_app_idle(page)
    expect(page.get_by_text(sentinel, exact=True)).to_be_visible(timeout=60_000)
    wait_for_visuals(page)
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)


@pytest.mark.parametrize("slug,sentinel", PAGES)
def test_every_page_renders(page: Page, warm_app, slug, sentinel):
    open_view(page, f"{warm_app}/{slug}?ws=demo&year=2024", sentinel)
    expect(page.get_by_text("Dữ liệu minh họa — không phải số liệu thật")).to_be_visible()
    page.wait_for_timeout(400)  # let the last grid finish painting its canvas
    page.screenshot(path=str(ARTIFACTS / f"{slug}.png"))
    if slug == "tong-quan":
        publish(f"{slug}.png", "overview.png")


@pytest.mark.parametrize("slug,sentinel", [PAGES[0], PAGES[3], PAGES[6]])
def test_real_workspace_pages_render(page: Page, warm_app, slug, sentinel):
    open_view(page, f"{warm_app}/{slug}", sentinel)
    page.screenshot(path=str(ARTIFACTS / f"real-{slug}.png"))


def test_drilldown_click_opens_detail(page: Page, warm_app):
    open_view(page, f"{warm_app}/phan-tich?ws=demo&year=2024", "Xong: phân tích")
    grid = page.get_by_test_id("stDataFrame").first
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 16, box["y"] + 35 + 17)  # the row-marker checkbox of row 0
    detail = page.get_by_role("heading", name="Chi tiết:")
    expect(detail.first).to_be_visible(timeout=30_000)
    wait_for_app_idle(page)
    wait_for_visuals(page)
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    assert "crit=" in page.url  # the opened criterion is part of the shareable link
    page.wait_for_timeout(400)
    page.screenshot(path=str(ARTIFACTS / "phan-tich-detail.png"))
    publish("phan-tich-detail.png", "drilldown.png")


def test_shared_url_reopens_the_same_view(page: Page, warm_app):
    url = f"{warm_app}/so-sanh?ws=demo&index=SIPAS&year=2022&unit=01&peer_mode=custom&peers=79,48"
    open_view(page, url, "Xong: so sánh")
    expect(page.get_by_role("combobox", name="Chỉ số")).to_have_value("Chỉ số hài lòng (SIPAS)")
    expect(page.get_by_role("combobox", name="Năm đánh giá")).to_have_value("2022")
    expect(page.get_by_role("combobox", name="Tỉnh, thành phố")).to_have_value("Hà Nội")
    peers = page.get_by_test_id("stMultiSelect")
    expect(peers).to_contain_text("Hồ Chí Minh")
    expect(peers).to_contain_text("Đà Nẵng")
    # and the URL still says so after the app rewrote it
    assert "index=SIPAS" in page.url and "year=2022" in page.url and "unit=01" in page.url


def test_upload_on_data_page(page: Page, warm_app, tmp_path):
    open_view(page, f"{warm_app}/du-lieu", "Xong: dữ liệu")
    bad = tmp_path / "targets_sai.csv"
    bad.write_text("unit_code,index_code,year,target_score\n01,PAR_INDEX,2024,abc\n", encoding="utf-8")
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(bad))
    expect(page.get_by_text("Xem trước: targets_sai.csv")).to_be_visible(timeout=30_000)
    page.get_by_role("button", name="Nhập vào cơ sở dữ liệu").click()
    expect(page.get_by_text("Không nhập được")).to_be_visible(timeout=30_000)
    expect(page.locator('[data-testid="stCode"]')).to_contain_text("targets_sai.csv:2:target_score")

    open_view(page, f"{warm_app}/du-lieu", "Xong: dữ liệu")
    good = tmp_path / "targets_e2e.csv"
    good.write_text("unit_code,index_code,year,target_score,note\n01,PAR_INDEX,2024,95,e2e\n", encoding="utf-8")
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(good))
    expect(page.get_by_text("Xem trước: targets_e2e.csv")).to_be_visible(timeout=30_000)
    page.get_by_role("button", name="Nhập vào cơ sở dữ liệu").click()
    # the report of this import ("Đã nhập: lần nhập N ..."), not other text that mentions imports
    expect(page.get_by_text("Đã nhập: lần nhập")).to_be_visible(timeout=60_000)
    wait_for_app_idle(page)
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    page.screenshot(path=str(ARTIFACTS / "du-lieu-after-upload.png"))


def slide_heading(page: Page):
    return page.locator('[data-testid="stHeading"] h2').first  # the slide title (st.header)


def test_presentation_mode_steps_through_every_slide(page: Page, warm_app, e2e_dbs):
    from analysis import db
    from analysis.export.slides import story

    page.goto(f"{warm_app}/trinh-chieu?ws=demo&year=2024")  # its "Xong" sentinel is never shown
    wait_for_app_idle(page)
    position = page.get_by_text(re.compile(r"^Trang 1/\d+$"))
    expect(position).to_be_visible(timeout=60_000)
    total = int(position.inner_text().split("/")[1])
    query = dict(p.split("=", 1) for p in page.url.split("?", 1)[1].split("&"))
    peers = tuple(c for c in query.get("peers", "").replace("%2C", ",").split(",") if c)
    with db.open_read(e2e_dbs["demo"]) as con:
        titles = [s.title for s in story(con, {"index_code": query["index"], "year": int(query["year"]),
                                                "unit_code": query["unit"], "peers": peers}).slides]
    assert total == len(titles) >= 6
    for n in range(1, total + 1):
        if n > 1:
            page.get_by_role("button", name="Tiếp").click()
        expect(page.get_by_text(f"Trang {n}/{total}", exact=True)).to_be_visible(timeout=30_000)
        expect(slide_heading(page)).to_have_text(titles[n - 1], timeout=30_000)
        wait_for_app_idle(page)
        wait_for_visuals(page)
        expect(page.locator('[data-testid="stException"]')).to_have_count(0)
        assert f"slide={n}" in page.url or n == 1
        page.wait_for_timeout(300)
        page.screenshot(path=str(ARTIFACTS / f"trinh-chieu-{n}.png"))
    expect(page.get_by_role("button", name="Tiếp")).to_be_disabled()
    # the keyboard: ← goes back one slide (the buttons' shortcuts)
    page.get_by_text(f"Trang {total}/{total}", exact=True).click()  # focus the page, not a widget
    page.keyboard.press("ArrowLeft")
    expect(page.get_by_text(f"Trang {total - 1}/{total}", exact=True)).to_be_visible(timeout=30_000)
    expect(slide_heading(page)).to_have_text(titles[total - 2], timeout=30_000)
    # docs/screenshots/presentation.png comes from tests/e2e/test_presentation.py, at 1920×1080


def test_table_and_chart_downloads(page: Page, warm_app):
    import openpyxl

    from analysis.export.images import png_size

    open_view(page, f"{warm_app}/so-sanh?ws=demo&year=2024", "Xong: so sánh")
    menus = page.get_by_role("button", name="Tải xuống")
    expect(menus.first).to_be_visible()
    menus.last.click()  # the league table's menu comes last on the page
    with page.expect_download(timeout=60_000) as info:
        page.get_by_role("button", name="Tải Excel").last.click()
    book = openpyxl.load_workbook(io.BytesIO(Path(info.value.path()).read_bytes()))
    sheet = book.active
    cells = [c.value for row in sheet.iter_rows(max_row=6) for c in row if c.value is not None]
    assert any(str(v).startswith("Bảng xếp hạng các tỉnh") for v in cells)
    assert "Dữ liệu minh họa" in cells
    assert info.value.suggested_filename.startswith("xep_hang_PAR_INDEX_2024")
    page.keyboard.press("Escape")
    menus.first.click()  # the first chart's menu
    with page.expect_download(timeout=60_000) as info:
        page.get_by_role("button", name="Ảnh PNG").first.click()
    png = Path(info.value.path()).read_bytes()
    width, height = png_size(png)
    assert width >= 400 and height >= 200
    page.screenshot(path=str(ARTIFACTS / "so-sanh-downloads.png"))


def test_user_text_is_shown_literally(page: Page, warm_app, tmp_path):
    """A file name full of Markdown and HTML is shown as typed in the preview's title."""
    evil = "**X** <img src=x onerror=alert(1)> [a](javascript:alert(1))"
    open_view(page, f"{warm_app}/du-lieu", "Xong: dữ liệu")
    upload = tmp_path / f"{evil} targets.csv"
    upload.write_text("unit_code,index_code,year,target_score\n01,PAR_INDEX,2024,90\n", encoding="utf-8")
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(upload))
    expect(page.get_by_text(f"Xem trước: {evil} targets.csv")).to_be_visible(timeout=30_000)
    expect(page.locator('[data-testid="stMain"] img[src="x"]')).to_have_count(0)
    expect(page.locator('[data-testid="stMain"] a[href^="javascript"]')).to_have_count(0)


def test_map_on_partial_data_labels_the_archipelagos_and_a_click_selects(page: Page, warm_app):
    # PAR INDEX 2024 (data/published): 3 provinces scored; the other 60 are drawn grey with
    # "chưa có số liệu" (63 shapes in all, data/geo/vn63.geojson); Hoàng Sa and Trường Sa are
    # labelled; a click on Gia Lai (64, no data) selects it.
    page.set_viewport_size({"width": 1920, "height": 1080})
    open_view(page, f"{warm_app}/so-sanh?ws=real&index=PAR_INDEX&year=2024&unit=31", "Xong: so sánh")
    shapes = page.locator('svg [aria-roledescription="geoshape"]')
    expect(shapes).to_have_count(63, timeout=30_000)
    text = " ".join(page.locator('[data-testid="stVegaLiteChart"] svg text').all_text_contents())
    assert "QĐ. Hoàng Sa" in text and "QĐ. Trường Sa" in text and "chưa có số liệu" in text
    page.screenshot(path=str(ARTIFACTS / "so-sanh-map-partial.png"))
    if page.locator('[data-testid="stDialog"]').count():  # a deep link's "page not found" notice
        page.keyboard.press("Escape")
    gia_lai = page.locator('svg [aria-roledescription="geoshape"][aria-label*="Gia Lai"]').first
    box = gia_lai.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)  # TOOLCHAIN §4
    expect(page.get_by_role("combobox", name="Tỉnh, thành phố")).to_have_value("Gia Lai", timeout=30_000)
    assert "unit=64" in page.url
