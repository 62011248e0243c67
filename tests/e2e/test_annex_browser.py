"""In headless Chromium (issue 10): the example annex uploaded on the Dữ liệu page shows its
column mapping and the figures before anything is stored; confirmed, its figures are on the
overview. Screenshots land in tests/artifacts/ (docs/nhap-phu-luc.md uses them)."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from analysis import fmt, importer
from analysis.export.context import DataVersion
from analysis.i18n import t
from examples import generate as gen
from tests.e2e.conftest import ARTIFACTS, CHROMIUM, ROOT
from tests.e2e.test_browser import open_view, wait_for_app_idle, wait_for_visuals

pytestmark = [pytest.mark.e2e,
              pytest.mark.skipif(not Path(CHROMIUM).exists() and not shutil.which(CHROMIUM),
                                 reason="chromium not installed")]

EXAMPLE = ROOT / "examples" / "phu_luc_par_index_2022_2023.xlsx"


def wait_for_import(page: Page, batch: int) -> None:
    """Wait until the Dữ liệu page reports this import and its footer reads the new batch.

    Not any text containing "đã nhập": Playwright matches text case-insensitively as a substring,
    and the restore panel's "... các tệp đã nhập được lưu trữ" is on the page before the click.
    Nor the app's idle state alone: on a loaded machine the server may not have started the rerun
    when it is checked, and a page opened then reads the database from before the import."""
    report = re.compile("^" + re.escape(t("data.ok", "vi", stored="")))
    expect(page.get_by_text(report)).to_be_visible(timeout=90_000)
    footer = re.compile("^" + re.escape(DataVersion(batch, None, False).label("vi")) + " ·")
    expect(page.get_by_text(footer)).to_be_visible(timeout=30_000)
    wait_for_app_idle(page)


def test_example_annex_upload_mapping_confirm_then_overview(page: Page, warm_app, e2e_dbs, tmp_path):
    page.set_viewport_size({"width": 1400, "height": 2600})
    open_view(page, f"{warm_app}/du-lieu?ws=real", "Xong: dữ liệu")
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(EXAMPLE))
    expect(page.get_by_text("1. Cột → dữ liệu").first).to_be_visible(timeout=60_000)
    wait_for_app_idle(page)
    wait_for_visuals(page)
    expect(page.get_by_text("PAR_INDEX năm 2023 (chỉ số lấy từ tiêu đề, năm lấy từ tên sheet)").first).to_be_visible()
    expect(page.get_by_text("Đơn vị nhận ra: 63 (63 theo tên)").first).to_be_visible()
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    page.screenshot(path=str(ARTIFACTS / "annex-mapping.png"))
    # the bundled data holds published PAR INDEX 2022-2023 overall scores: these illustrative ones replace them
    page.get_by_text("Cho phép thay thế giá trị đã có (--replace)").click()
    wait_for_app_idle(page)
    batch = max(b["batch_id"] for b in importer.history(e2e_dbs["real"])) + 1
    page.get_by_role("button", name="Nhập vào cơ sở dữ liệu").click()
    wait_for_import(page, batch)
    page.screenshot(path=str(ARTIFACTS / "annex-imported.png"))

    lang_son = next(r for r in gen.par_rows(2023) if r["code"] == "20")
    open_view(page, f"{warm_app}/tong-quan?ws=real&index=PAR_INDEX&year=2023&unit=20", "Xong: tổng quan")
    expect(page.get_by_text(fmt.number(float(lang_son["total"])), exact=False).first).to_be_visible(timeout=30_000)
    expect(page.get_by_text(f"{lang_son['rank']}/63", exact=False).first).to_be_visible()
    wait_for_visuals(page)
    page.screenshot(path=str(ARTIFACTS / "annex-overview.png"))

    # next year's annex names a field differently: the page says so and offers the closest criteria
    import openpyxl

    odd = tmp_path / "phu_luc_2024.xlsx"
    gen.par_workbook(odd, years=(2024,), header_rows=1)
    book = openpyxl.load_workbook(odd)
    book["Năm 2024"]["G6"] = "Công vụ, công chức"
    book.save(odd)
    open_view(page, f"{warm_app}/du-lieu?ws=real", "Xong: dữ liệu")
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(odd))
    expect(page.locator('[data-testid="stCode"]').first).to_contain_text(
        "phu_luc_2024.xlsx[Năm 2024]:6:Công vụ, công chức: column matches no criterion of PAR_INDEX 2024 "
        "(closest: 5 Cải cách chế độ công vụ", timeout=60_000)
    expect(page.get_by_role("button", name="Nhập vào cơ sở dữ liệu")).to_be_disabled()
    wait_for_app_idle(page)
    wait_for_visuals(page)
    page.screenshot(path=str(ARTIFACTS / "annex-unplaced.png"))
