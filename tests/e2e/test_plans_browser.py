"""Issue 15 in the browser: on the Đơn vị chủ trì page an editor marks a plan done in the plans
table (saved as an import batch), and a viewer gets no editor. Each server runs on copies of the
session's databases, so the other browser tests keep their data."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from analysis import db, plans
from analysis.demo import plans as demo_plans
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


def first_plan(path: Path):
    with db.open_read(path) as con:
        return plans.plans(con, "PAR_INDEX", demo_plans.RESULT_YEAR, "20").iloc[0]


@pytest.mark.skip(reason="the click on the editor's cell lands on another row when the whole suite runs "
                         "(passes alone); issue 15 stays open until it is made position-independent")
def test_an_editor_marks_a_plan_done(page: Page, e2e_dbs, tmp_path, monkeypatch):
    monkeypatch.delenv("PARDASH_EDITOR_PASSWORD", raising=False)  # this machine alone: may edit
    monkeypatch.delenv("PARDASH_EDITOR_PASSWORD_HASH", raising=False)
    dbs = own_copies(e2e_dbs, tmp_path)
    before = first_plan(dbs["demo"])
    assert before.status != "hoan_thanh"
    with serve(dbs, "streamlit-plans-editor.log") as url:
        open_page(page, url)
        page.get_by_text(EDIT).click()
        grid = page.locator('[data-testid="stExpander"]').filter(has_text=EDIT).locator('[data-testid="stDataFrame"]')
        expect(grid.locator('[role="gridcell"]').first).to_be_attached(timeout=30_000)
        grid.scroll_into_view_if_needed()  # measured where it stays: opening the expander scrolls the page
        wait_for_app_idle(page)
        page.wait_for_timeout(500)
        box = grid.bounding_box()
        page.mouse.click(box["x"] + 20, box["y"] + 35 + 17)  # the first row's first cell
        for _ in range(4):  # code, agency, action, deadline, then status
            page.keyboard.press("ArrowRight")
        page.keyboard.press("Enter")
        page.keyboard.type("Hoàn thành")
        page.keyboard.press("Enter")
        page.get_by_role("button", name="Lưu thay đổi").click()
        expect(page.get_by_text("Đã lưu: lô nhập")).to_be_visible(timeout=60_000)
        wait_for_app_idle(page)
    after = first_plan(dbs["demo"])
    assert (after.criterion_code, after.action, after.status) == (before.criterion_code, before.action, "hoan_thanh")


def test_a_viewer_cannot_edit(page: Page, e2e_dbs, tmp_path):
    dbs = own_copies(e2e_dbs, tmp_path)
    with serve(dbs, "streamlit-plans-viewer.log",
               extra_env={"PARDASH_EDITOR_PASSWORD": "mat-khau-cua-bien-tap-vien"}) as url:
        open_page(page, url)
        expect(page.get_by_text("Kế hoạch khắc phục kết quả năm 2023")).to_be_visible()
        page.get_by_text(EDIT).click()
        wait_for_app_idle(page)
        expect(page.get_by_role("button", name="Lưu thay đổi")).to_have_count(0)
