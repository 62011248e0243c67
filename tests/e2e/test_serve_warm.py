"""`streamlit run serve.py` (what scripts/run.sh starts, issue 14): app.py's pages behind an
st.App whose start-up does the one-time work (serve.up) before the server answers. The server
must serve the same pages, links, static map file and settings as `streamlit run app.py`."""
from __future__ import annotations

import urllib.request

import pytest

from tests.e2e.conftest import ARTIFACTS, serve

pytestmark = pytest.mark.e2e
READY = ('[data-testid="stApp"][data-test-connection-state="CONNECTED"]'
         '[data-test-script-state="notRunning"]')


def test_serve_py_warms_up_then_serves_the_pages(e2e_dbs, browser):
    log_name = "streamlit-serve.log"
    with serve(e2e_dbs, log_name=log_name, script="serve.py") as url:
        log = (ARTIFACTS / log_name).read_text(encoding="utf-8")
        # done before the health check answered, every step
        assert "warm-up: {'imports'" in log and "'databases'" in log
        assert "failed" not in log and "Traceback" not in log
        # .streamlit/config.toml is read (static serving is set there only, not on the command line)
        with urllib.request.urlopen(url + "/app/static/maps/vn63.json") as r:
            assert r.status == 200 and r.read(30).startswith(b'{"type":"FeatureCollection"')
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        asked = []
        page.on("request", lambda r: asked.append(r.url))
        try:
            page.goto(url + "/so-sanh?ws=demo&year=2024")  # a shared link, the first visit after start
            page.wait_for_selector(READY, timeout=90_000)
            page.get_by_text("Xong: so sánh", exact=True).wait_for(timeout=90_000)
            assert page.locator("h1").first.inner_text().startswith("So sánh")
            assert page.get_by_text("Page not found").count() == 0
            # the page asked for the server at its root at once, never below its own address
            assert url + "/_stcore/health" in asked
            assert not [a for a in asked if a.startswith(url + "/so-sanh/")]
            page.get_by_test_id("stSidebarNav").get_by_role("link", name="Tổng quan").click()
            page.get_by_text("Xong: tổng quan", exact=True).wait_for(timeout=90_000)
            assert "ws=demo" in page.url and "year=2024" in page.url  # the selection kept in the URL
            page.reload()  # the overview's own address (/), reloaded: the same page
            page.get_by_text("Xong: tổng quan", exact=True).wait_for(timeout=90_000)
            page.goto(url + "/phan-tich?ws=demo&year=2024")
            page.get_by_text("Xong: phân tích", exact=True).wait_for(timeout=90_000)
            assert page.url.split("?")[0] == url + "/phan-tich"
        finally:
            page.close()
        assert "Traceback" not in (ARTIFACTS / log_name).read_text(encoding="utf-8")


@pytest.mark.parametrize("pathname, page_path, root", [
    ("/so-sanh", "/so-sanh", "https://x.vn/"),            # served at /
    ("/", "/", "https://x.vn/"),
    ("/dash/so-sanh", "/so-sanh", "https://x.vn/dash/"),  # a proxy serving the app under /dash
    ("/base/so-sanh", "/so-sanh", "https://x.vn/base/"),  # server.baseUrlPath = base
    ("/other", "/so-sanh", None),                          # not ours to guess: Streamlit looks as before
])
def test_the_hint_names_the_root_before_the_page_path(browser, pathname, page_path, root):
    import serve

    script = serve.base_url_hint(page_path).decode()
    body = script[len("<script>"):-len("</script>")].replace("location.", "L.")
    page = browser.new_page()
    try:
        page.set_content("<html><body></body></html>")
        got = page.evaluate("([pathname, body]) => { window.__streamlit = undefined; "
                            "const L = {pathname, origin: 'https://x.vn'}; eval(body); "
                            "return window.__streamlit ? window.__streamlit.BACKEND_BASE_URL : null; }",
                            [pathname, body])
        assert got == root
    finally:
        page.close()
