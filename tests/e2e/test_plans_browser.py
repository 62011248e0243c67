"""Issue 15 in the browser: on the Đơn vị chủ trì page an editor marks a plan done in the plans
table (saved as an import batch), and a viewer gets no editor. Each server runs on copies of the
session's databases, so the other browser tests keep their data."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from pandas.testing import assert_frame_equal
from playwright.sync_api import Locator, Page, expect

from analysis import db, plans
from analysis.demo import plans as demo_plans
from analysis.plan_edits import KEY
from tests.e2e.conftest import CHROMIUM, serve
from tests.e2e.test_browser import wait_for_app_idle

pytestmark = [pytest.mark.e2e,
              pytest.mark.skipif(not Path(CHROMIUM).exists() and not shutil.which(CHROMIUM),
                                 reason="chromium not installed")]

SENTINEL = "Xong: đơn vị chủ trì"
EDIT = "Cập nhật tiến độ kế hoạch"


def open_page(page: Page, url: str) -> None:
    """The page, idle, without an exception (its editor table stays folded until opened)."""
    page.goto(f"{url}/don-vi-chu-tri?ws=demo")
    wait_for_app_idle(page)
    expect(page.get_by_text(SENTINEL, exact=True)).to_be_visible(timeout=60_000)
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)


def own_copies(e2e_dbs, folder: Path) -> dict[str, Path]:
    copies = {"home": folder}
    for name in ("real", "demo"):
        copies[name] = folder / e2e_dbs[name].name
        shutil.copyfile(e2e_dbs[name], copies[name])
    return copies


def stored_plans(path: Path):
    """Province 20's plans answering the demo's result year, indexed by the plan's key."""
    with db.open_read(path) as con:
        return plans.plans(con, "PAR_INDEX", demo_plans.RESULT_YEAR, "20").set_index(KEY, drop=False)


def column(grid: Locator, title: str) -> int:
    """A column's place in the grid (column_order; no row markers, so aria-colindex counts from 1).
    The accessible table is hidden from sight, so it is read by selector, not by role."""
    headers = grid.locator('[role="columnheader"]').evaluate_all(
        "els => els.map(e => [e.textContent, Number(e.getAttribute('aria-colindex'))])")
    return dict(headers)[title] - 1


def grid_row(grid: Locator, plan) -> int:
    """The row of the editor that shows `plan`, read from the grid's accessible table (the canvas
    has no elements; the cell of column C, row R is glide-cell-C-R)."""
    cells = grid.locator('[role="gridcell"]').evaluate_all("els => els.map(e => [e.id, e.textContent])")
    text = {tuple(int(n) for n in cell_id.split("-")[2:]): value for cell_id, value in cells}
    code, action = column(grid, "Mã"), column(grid, "Biện pháp")
    rows = [r for (c, r), value in text.items()
            if c == code and value == plan.criterion_code and text.get((action, r)) == plan.action]
    assert len(rows) == 1, (plan.criterion_code, plan.action, cells)
    return rows[0]


def select_cell(grid: Locator, col: int, row: int) -> None:
    """Select one cell by focusing its accessible twin: no pixel offsets, so nothing depends on where
    the grid sits on the page. The grid's first focus selects its first cell, hence the retries."""
    cell = grid.locator(f"#glide-cell-{col}-{row}")
    for attempt in range(10):
        cell.focus()
        try:
            expect(cell).to_have_attribute("aria-selected", "true", timeout=1_000)
            return
        except AssertionError:
            if attempt == 9:
                raise


def test_an_editor_marks_a_plan_done(page: Page, e2e_dbs, tmp_path, monkeypatch):
    monkeypatch.delenv("PARDASH_EDITOR_PASSWORD", raising=False)  # this machine alone: may edit
    monkeypatch.delenv("PARDASH_EDITOR_PASSWORD_HASH", raising=False)
    dbs = own_copies(e2e_dbs, tmp_path)
    before = stored_plans(dbs["demo"])
    # a plan not started and not in the first row, so neither the row nor the status is the default
    picked = before.iloc[1:].query("status == 'chua_thuc_hien'").index[0]
    plan = before.loc[picked]
    with serve(dbs, "streamlit-plans-editor.log") as url:
        open_page(page, url)
        page.get_by_text(EDIT).click()
        grid = page.locator('[data-testid="stExpander"]').filter(has_text=EDIT).locator('[data-testid="stDataFrame"]')
        expect(grid.locator('[role="gridcell"]').first).to_be_attached(timeout=30_000)
        wait_for_app_idle(page)
        status, row = column(grid, "Trạng thái"), grid_row(grid, plan)
        select_cell(grid, status, row)
        page.keyboard.press("Enter")  # opens the status's list, its search box focused
        expect(page.locator('#portal [role="combobox"]')).to_be_focused()
        page.keyboard.type("Hoàn thành")
        page.keyboard.press("Enter")
        expect(grid.locator(f"#glide-cell-{status}-{row}")).to_have_text("Hoàn thành")
        page.get_by_role("button", name="Lưu thay đổi").click()
        saved = page.get_by_text(re.compile(r"^Đã lưu: lô nhập \d+\."))
        expect(saved).to_be_visible(timeout=60_000)
        wait_for_app_idle(page)
        batch = int(re.search(r"\d+", saved.text_content()).group())
    after = stored_plans(dbs["demo"])
    assert after.loc[picked, "batch_id"] == batch  # the batch the page names holds the edit
    kept = ["criterion_code", "name", "agency_code", "agency_name", "action", "deadline", "evidence"]
    assert after.loc[picked, "status"] == "hoan_thanh"
    assert after.loc[picked, kept].to_dict() == plan[kept].to_dict()
    assert_frame_equal(after.drop(index=picked), before.drop(index=picked))  # every other plan as it was


def test_a_viewer_cannot_edit(page: Page, e2e_dbs, tmp_path):
    dbs = own_copies(e2e_dbs, tmp_path)
    with serve(dbs, "streamlit-plans-viewer.log",
               extra_env={"PARDASH_EDITOR_PASSWORD": "mat-khau-cua-bien-tap-vien"}) as url:
        open_page(page, url)
        expect(page.get_by_text("Kế hoạch khắc phục kết quả năm 2023")).to_be_visible()
        page.get_by_text(EDIT).click()
        wait_for_app_idle(page)
        expect(page.get_by_role("button", name="Lưu thay đổi")).to_have_count(0)
