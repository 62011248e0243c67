"""serve.py (issue 14): the server's warm-up, run before the first request (it imports what the
page scripts import and opens the workspaces' databases, so the first viewer after a start does
not wait for it), and the base-URL hint that spares a page opened at its own address a failed
look for the server under that address."""
from __future__ import annotations

import importlib
import sys
from pathlib import Path

import streamlit as st

import serve as warm

ROOT = Path(__file__).resolve().parents[2]


def test_page_modules_are_what_the_page_scripts_import_at_their_top():
    found = warm.page_modules()
    # read from the scripts themselves: the overview's and the comparison's imports are there
    for name in ("ui.layout", "ui.selection", "ui.cards", "ui.tables", "analysis.charts", "analysis.overview",
                 "analysis.compare"):
        assert name in found
    assert all(name.split(".")[0] in ("analysis", "ui") for name in found)  # not streamlit, not pandas
    assert len(found) == len(set(found))


def test_page_modules_follows_a_new_import(tmp_path):
    (tmp_path / "app_pages").mkdir()
    (tmp_path / "app.py").write_text("import streamlit as st\nfrom ui import layout\n", encoding="utf-8")
    (tmp_path / "app_pages" / "1_x.py").write_text(
        "import os\nfrom analysis.i18n import t\n\ndef f():\n    from analysis.export import xlsx\n", encoding="utf-8")
    # top-level imports only: a function-level import is lazy on purpose (openpyxl)
    assert warm.page_modules(tmp_path) == ["ui", "ui.layout", "analysis.i18n", "analysis.i18n.t"]


def test_every_page_module_is_imported_by_the_warm_up_step():
    names = warm.page_modules()
    modules = [n for n in names if warm._import(n)]
    assert modules and all(m in sys.modules for m in modules)
    # what is not a module is a name in one (`from analysis.i18n import t`)
    for name in set(names) - set(modules):
        parent, attr = name.rsplit(".", 1)
        assert hasattr(importlib.import_module(parent), attr), name


def test_up_opens_both_workspaces_and_reports_each_step(tmp_path, monkeypatch):
    from analysis import bundle, demo

    real, fake = tmp_path / "dashboard.duckdb", tmp_path / "demo.duckdb"
    bundle.ensure_app_database(real)
    demo.build_demo_database(fake)
    monkeypatch.setenv("PARDASH_DB", str(real))
    monkeypatch.setenv("PARDASH_DEMO_DB", str(fake))
    failed = []
    monkeypatch.setattr(warm._log, "warning", lambda *a, **k: failed.append(a))
    spent = warm.up()
    assert set(spent) == {"imports", "emoji", "altair", "databases"}
    assert failed == []
    from streamlit import emojis  # noqa: F401  (imported by the emoji step)
    # the databases' instances and first question are cached: asking again builds nothing
    from ui import data

    assert data._instance(str(real), data.version("real")) is data._instance(str(real), data.version("real"))


def test_a_failing_step_is_logged_and_the_rest_still_run(monkeypatch):
    failed = []
    monkeypatch.setattr(warm._log, "warning", lambda *a, **k: failed.append(a[1]))
    monkeypatch.setattr(warm, "_databases", lambda: 1 / 0)
    spent = warm.up()
    assert failed == ["databases"] and "altair" in spent


def test_serve_py_is_an_app_of_app_py_that_streamlit_run_finds():
    # app.py's pages, the warm-up at start and the base-URL hint (below) in every page
    from streamlit.web.server.app_discovery import discover_asgi_app

    found = discover_asgi_app(ROOT / "serve.py")
    assert found.is_asgi_app and found.import_string.endswith(":app")
    assert isinstance(warm.app, st.App) and Path(warm.app._script_path) == ROOT / "app.py"
    assert warm.app._user_lifespan is warm._warm
    assert [m.cls for m in warm.app._user_middleware] == [warm.BaseUrlHint]


# ---- the base-URL hint in every page the server sends ---------------------------------------------

def _call(middleware, *, accept: bytes, content_type: bytes, body_parts: list[bytes], method: str = "GET",
          status: int = 200):
    import asyncio
    import concurrent.futures

    seen_scope = {}

    async def inner(scope, receive, send):
        seen_scope.update(scope)
        await send({"type": "http.response.start", "status": status,
                    "headers": [(b"content-type", content_type), (b"content-length", b"999"), (b"etag", b'"f"')]})
        for i, part in enumerate(body_parts):
            await send({"type": "http.response.body", "body": part, "more_body": i < len(body_parts) - 1})

    sent = []

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "method": method, "path": "/so-sanh",
             "headers": [(b"accept", accept), (b"accept-encoding", b"gzip")]}
    # in a thread of its own: in a whole-suite run pytest-playwright's event loop is already
    # running in this one, and asyncio.run refuses to start inside it
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, middleware(inner)(scope, None, send)).result()
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return sent, body, seen_scope


def test_a_page_gets_the_hint_first_in_its_head_with_its_length():
    sent, body, scope = _call(warm.BaseUrlHint, accept=b"text/html,application/xhtml+xml", content_type=b"text/html",
                              body_parts=[b"<!doctype html><html><he", b"ad><title>x</title></head></html>"])
    hint = warm.base_url_hint("/so-sanh")  # the request's path
    assert body == b"<!doctype html><html><head>" + hint + b"<title>x</title></head></html>"
    assert dict(sent[0]["headers"])[b"content-length"] == str(len(body)).encode()
    assert b"etag" not in dict(sent[0]["headers"])  # the file's ETag would name another body
    assert b"accept-encoding" not in dict(scope["headers"])  # asked uncompressed, to be edited
    assert b'var s="/so-sanh"' in hint and b"BACKEND_BASE_URL" in hint


def test_anything_but_a_page_passes_untouched():
    for accept, content_type, method, status in [(b"*/*", b"application/json", "GET", 200),
                                                 (b"text/html", b"application/json", "GET", 200),
                                                 (b"text/html", b"text/html", "POST", 200),
                                                 (b"text/html", b"text/html", "GET", 304)]:
        sent, body, scope = _call(warm.BaseUrlHint, accept=accept, content_type=content_type,
                                  body_parts=[b"<head>", b"{}"], method=method, status=status)
        assert body == b"<head>{}"
        assert dict(sent[0]["headers"])[b"content-length"] == b"999"
    _, _, scope = _call(warm.BaseUrlHint, accept=b"*/*", content_type=b"text/html", body_parts=[b"x"])
    assert dict(scope["headers"])[b"accept-encoding"] == b"gzip"  # compression kept for the rest


def test_the_page_path_leaves_the_configured_base_path_out():
    assert warm.page_path("/so-sanh", "") == "/so-sanh"
    assert warm.page_path("/", "") == "/"
    assert warm.page_path("/base/so-sanh", "base") == "/so-sanh"
    assert warm.page_path("/base", "/base/") == "/"
    assert warm.page_path("/basement/x", "base") == "/basement/x"  # a longer name is not the base


def test_the_requested_path_stays_a_string_in_the_script():
    hint = warm.base_url_hint('/</script><script>alert(1)</script>"&')
    assert hint.count(b"<script>") == 1 and hint.count(b"</script>") == 1
    assert b"alert(1)" in hint and b"<" not in hint[len(b"<script>"):-len(b"</script>")]
