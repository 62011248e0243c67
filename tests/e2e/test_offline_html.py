"""The offline copy opens in headless Chromium with every network request blocked and shows the
meeting's slides, moving with the keys (issue 13). No app server needed."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import ARTIFACTS, CHROMIUM

pytestmark = [pytest.mark.e2e,
              pytest.mark.skipif(not Path(CHROMIUM).exists() and not shutil.which(CHROMIUM),
                                 reason="chromium not installed")]


def test_offline_html_opens_with_the_network_blocked(page: Page, tmp_path):
    from analysis.__main__ import main

    out = tmp_path / "hop.html"
    assert main(["deck", "--index", "PAR_INDEX", "--year", "2024", "--unit", "20", "--demo", "-o", str(out)]) == 0
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    # every request but the file itself is aborted (the route sees file:// too)
    page.route("**/*", lambda route: route.continue_() if route.request.url == out.as_uri() else route.abort())
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.goto(out.as_uri())
    expect(page.locator("section.slide.on h1")).to_have_text("Chỉ số CCHC (PAR INDEX) 2024")
    page.keyboard.press("ArrowRight")
    expect(page.locator("section.slide.on h1")).to_have_text("Kết quả Chỉ số CCHC (PAR INDEX) 2024: Lạng Sơn")
    expect(page.locator("section.slide.on .kpi .v").first).to_have_text("87,32")
    svg = page.locator("section.slide.on svg")
    expect(svg).to_have_count(1)
    assert svg.bounding_box()["width"] > 300  # the trend is drawn, not an empty frame
    for _ in range(3):
        page.keyboard.press("PageDown")
    expect(page.locator("section.slide.on h1")).to_have_text("So sánh với các tỉnh cùng nhóm")
    assert page.locator("section.slide.on svg text", has_text="88,69").count() == 1
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "offline-html-peers.png"))
    assert page.locator("section.slide").count() == 9
    assert set(requested) == {out.as_uri()}


def test_present_page_offers_the_offline_copy_and_refuses_a_unit_without_score(page: Page, warm_app):
    from tests.e2e.test_browser import wait_for_app_idle

    page.set_viewport_size({"width": 1920, "height": 1080})
    page.goto(f"{warm_app}/trinh-chieu?ws=demo&index=PAR_INDEX&year=2024&unit=20")
    wait_for_app_idle(page)
    button = page.get_by_role("button", name="Tải bản ngoại tuyến (.html, không cần mạng)")
    expect(button).to_be_visible()
    with page.expect_download() as got:
        button.click()
    saved = got.value
    assert saved.suggested_filename == "PAR_INDEX-2024-20.html"
    assert Path(saved.path()).read_text(encoding="utf-8").count('<section class="slide"') == 9
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "present-downloads.png"))
    page.goto(f"{warm_app}/trinh-chieu?ws=real&index=PAR_INDEX&year=2024&unit=20")
    wait_for_app_idle(page)
    expect(page.get_by_text("Không có gì để trình bày: Lạng Sơn chưa có điểm Chỉ số CCHC (PAR INDEX) năm 2024",
                            exact=False)).to_be_visible()
    expect(page.get_by_role("button", name="Tải bản trình chiếu (.pptx)")).to_have_count(0)
    page.screenshot(path=str(ARTIFACTS / "present-refusal.png"))
