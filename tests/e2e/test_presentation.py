"""Presentation mode at 1920×1080 (issue 13) in headless Chromium: the sidebar stays closed, no
chrome, banner or button in the top 250 px, KPI figures of at least 72 px, nothing moves between
slides (element positions compared), ← → PageUp PageDown step through the slides, and the
"Xong: …" sentinel is in the page but never shown."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import ARTIFACTS, CHROMIUM
from tests.e2e.test_browser import publish, wait_for_app_idle, wait_for_visuals

pytestmark = [pytest.mark.e2e,
              pytest.mark.skipif(not Path(CHROMIUM).exists() and not shutil.which(CHROMIUM),
                                 reason="chromium not installed")]

TOP_FREE = 250  # px at the top of a 1920×1080 screen where only the slide may be
# What counts as chrome: Streamlit's header and toolbar, any button or link, banners (alerts),
# page titles, and the sidebar with its expand control.
CHROME = ('header[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stSidebar"], '
          '[data-testid="stExpandSidebarButton"], [data-testid="stSidebarCollapsedControl"], '
          'button, a, [data-testid="stAlert"], h1')
# What must not move between slides: the slide frame and title, and the navigation.
STILL = {"frame": ".st-key-present_slide",
         "title": '[data-testid="stHeading"] h2',
         "previous": ".st-key-present_previous button", "next": ".st-key-present_next button",
         "position": ".st-key-present_bar [data-testid='stMarkdownContainer'] p"}

VISIBLE_IN_TOP = """([selector, limit]) => [...document.querySelectorAll(selector)].filter(el => {
  const r = el.getBoundingClientRect(), s = getComputedStyle(el);
  return r.width > 0 && r.height > 0 && s.visibility !== "hidden" && r.top < limit && r.bottom > 0;
}).map(el => (el.getAttribute("data-testid") || el.tagName) + ": " + (el.innerText || "").slice(0, 40))"""


# The computed font size of every element inside a KPI figure that itself holds text.
TEXT_SIZES = """els => els.flatMap(el => [el, ...el.querySelectorAll("*")])
  .filter(e => [...e.childNodes].some(c => c.nodeType === 3 && c.textContent.trim()))
  .map(e => parseFloat(getComputedStyle(e).fontSize))"""


def position_text(page: Page):
    return page.locator(STILL["position"]).filter(has_text=re.compile(r"^Trang \d+/\d+$"))


def at_slide(page: Page, n: int, total: int) -> None:
    expect(page.get_by_text(f"Trang {n}/{total}", exact=True)).to_be_visible(timeout=30_000)
    wait_for_app_idle(page)
    wait_for_visuals(page)
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)


def boxes(page: Page) -> dict[str, tuple[int, int]]:
    """Top-left corner of each element that must stay still, rounded to the pixel."""
    found = {}
    for name, selector in STILL.items():
        box = page.locator(selector).first.bounding_box()
        assert box is not None, f"{name} ({selector}) not on the page"
        found[name] = (round(box["x"]), round(box["y"]))
    return found


def test_presentation_mode_at_1920x1080(page: Page, warm_app):
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.goto(f"{warm_app}/trinh-chieu?ws=demo&year=2024")
    wait_for_app_idle(page)
    expect(position_text(page)).to_be_visible(timeout=60_000)
    total = int(position_text(page).inner_text().split("/")[1])
    assert total >= 6
    at_slide(page, 1, total)

    # the sentinel is there for tests, never for the room
    sentinel = page.get_by_text("Xong: trình chiếu", exact=True)
    expect(sentinel).to_be_attached()
    expect(sentinel).to_be_hidden()
    # the sidebar stays closed and cannot be opened from the slide
    expect(page.get_by_test_id("stSidebar")).to_be_hidden()
    expect(page.get_by_test_id("stExpandSidebarButton")).to_be_hidden()

    first = boxes(page)
    kpi_sizes: list[float] = []
    for n in range(1, total + 1):
        if n > 1:
            page.keyboard.press("PageDown")  # what a clicker sends
            at_slide(page, n, total)
        page.wait_for_timeout(300)  # let a chart finish its layout before measuring
        assert page.evaluate(VISIBLE_IN_TOP, [CHROME, TOP_FREE]) == [], f"chrome in the top {TOP_FREE} px, slide {n}"
        assert boxes(page) == first, f"slide {n} moved something"
        kpi_sizes += page.locator('[data-testid="stMetricValue"]').evaluate_all(TEXT_SIZES)
        page.screenshot(path=str(ARTIFACTS / f"present-1920-{n}.png"))
        expect(sentinel).to_be_hidden()
    assert kpi_sizes and min(kpi_sizes) >= 72, kpi_sizes
    # the clicker's PageDown at the last slide stays there; PageUp, ← and → step
    page.keyboard.press("PageDown")
    at_slide(page, total, total)
    page.keyboard.press("PageUp")
    at_slide(page, total - 1, total)
    page.keyboard.press("ArrowLeft")
    at_slide(page, total - 2, total)
    page.keyboard.press("ArrowRight")
    at_slide(page, total - 1, total)
    assert f"slide={total - 1}" in page.url
    publish("present-1920-2.png", "presentation.png")
    # the way out (the sidebar is hidden here) keeps the selection
    page.get_by_role("button", name="Thoát trình chiếu").click()
    expect(page.get_by_text("Xong: tổng quan", exact=True)).to_be_visible(timeout=60_000)
    assert "ws=demo" in page.url and "unit=20" in page.url
    expect(page.get_by_test_id("stSidebar")).to_be_visible()
