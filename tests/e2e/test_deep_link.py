"""A shared link opened as the very first visit of a freshly started server shows its page, with no
"Page not found" dialog over it (issue 13). Streamlit decides once per process, at its first
session, whether a `pages/` folder beside app.py means an old-style multipage app; the first run
then resolved the link against that folder's file names and showed the dialog."""
from __future__ import annotations

import pytest

from tests.e2e.conftest import ARTIFACTS, serve

pytestmark = pytest.mark.e2e
READY = ('[data-testid="stApp"][data-test-connection-state="CONNECTED"]'
         '[data-test-script-state="notRunning"]')


@pytest.mark.parametrize("link, title", [("/so-sanh?ws=demo&unit=20", "So sánh"), ("/du-lieu", "Dữ liệu")])
def test_deep_link_first_visit_after_start(e2e_dbs, browser, link, title):
    with serve(e2e_dbs, log_name="streamlit-deep-link.log") as url:  # fresh process: no session yet
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        try:
            page.goto(url + link)
            page.wait_for_selector(READY, timeout=90_000)
            page.wait_for_timeout(1000)  # a late dialog would arrive with the run's last messages
            slug = link.split("?")[0].strip("/")
            page.screenshot(path=str(ARTIFACTS / f"deep_link_{slug}.png"))
            assert page.get_by_text("Page not found").count() == 0
            assert page.locator('[role="dialog"]').count() == 0
            assert page.url.split("?")[0].endswith(link.split("?")[0])
            # the page drawn is the one linked, not the overview
            assert page.locator("h1").first.inner_text().startswith(title)
        finally:
            page.close()
