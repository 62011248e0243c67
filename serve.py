"""The dashboard's server: app.py's pages behind an `st.App` whose start-up does, before the first
request, the one-time work the first page after a start would otherwise do while its viewer
waits (issue 14): import the modules the page scripts import, Streamlit's emoji table (read by
every icon and the page icon), Altair's chart machinery, and each workspace's database file and
DuckDB instance. It also tells a page opened at a page's address (a shared link) where the
server is, so the page does not look for it under that address first. scripts/run.sh runs `streamlit run serve.py`; `streamlit run app.py` serves the
same pages without the warm-up (the tests' servers do).

Measured (benchmarks/browser_profile.py): the first script run after a start took 1.3 s against
0.15 s warm, nearly all of it one-time work: imports, the emoji regex (0.25 s), Altair's first
chart, opening the databases.
"""
from __future__ import annotations

import ast
import importlib
import json
import sys
import time
from contextlib import asynccontextmanager
from pathlib import Path

import streamlit as st
from streamlit.logger import get_logger
from streamlit.string_util import is_emoji
from starlette.middleware import Middleware

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))  # uvicorn imports this file as a module, from any folder

PROJECT_PACKAGES = ("analysis", "ui")
_log = get_logger("pardash.warm")  # Streamlit's handler: the line shows in the server log


def page_modules(root: Path = ROOT) -> list[str]:
    """The project modules app.py and the page scripts import at their top level (what a first
    run imports), read from their source: the page scripts are run, not imported."""
    found: list[str] = []
    for script in [root / "app.py", *sorted((root / "app_pages").glob("*.py"))]:
        tree = ast.parse(script.read_text(encoding="utf-8"))
        for node in tree.body:
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                # `from ui import cards` imports ui.cards; `from analysis.i18n import t` imports analysis.i18n
                names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
            for name in names:
                if name.split(".")[0] in PROJECT_PACKAGES and name not in found:
                    found.append(name)
    return found


def _import(name: str) -> bool:
    try:
        importlib.import_module(name)
        return True
    except ModuleNotFoundError as exc:  # `from pkg import function`: not a module
        if exc.name != name:
            raise
        return False


def _altair() -> None:
    import altair as alt
    import pandas as pd

    alt.Chart(pd.DataFrame({"x": [1, 2], "y": [1.0, 2.0]})).mark_line(point=True).encode(
        x="x:O", y="y:Q", tooltip=["x", "y"]).to_dict()


def _databases() -> None:
    # imported here, once the runtime runs: ui.data's caches are declared on import
    from analysis import catalog
    from ui import data

    for workspace in ("real", "demo"):
        # builds a missing file (as the first page would), opens its DuckDB instance through
        # ui.data's cache and asks the first question every page asks
        data.ask(workspace, catalog.indices)


def up() -> dict[str, float]:
    """Do the one-time work; returns seconds per step (logged). A step that fails is logged and
    left to the first page, which then does it (and shows its own error) as before."""
    steps = {"imports": lambda: [_import(m) for m in page_modules()],
             "emoji": lambda: is_emoji("📊"),
             "altair": _altair,
             "databases": _databases}
    spent: dict[str, float] = {}
    for name, step in steps.items():
        start = time.perf_counter()
        try:
            step()
        except Exception:  # a warm-up never stops the server
            _log.warning("warm-up step %s failed; the first page will do it", name, exc_info=True)
        spent[name] = round(time.perf_counter() - start, 3)
    _log.info("warm-up: %s", spent)
    return spent


@asynccontextmanager
async def _warm(_app):
    up()
    yield


# ---- a shared link's page connects at once ------------------------------------------------------
# Opened at /so-sanh, Streamlit's frontend first looks for its server under /so-sanh/_stcore/
# (as if the app were served below /so-sanh), gets 404, waits 100 ms and tries / : 130-170 ms
# of every page load at a page's address (measured, benchmarks/browser_profile.py). The page
# tells the frontend where the server is (window.__streamlit.BACKEND_BASE_URL, read when the
# bundle loads), so it asks there first, as it ends up doing anyway. The server's root is what
# the browser's address has before the page's own path: "/" here, "/base/" with
# server.baseUrlPath, "/dash/" behind a proxy that serves the app under /dash. An address that
# does not end with the page's path gets no hint (Streamlit looks as before).

def base_url_hint(page_path: str) -> bytes:
    """The script put first in a page's <head>, for a page whose path below the server's root
    (server.baseUrlPath left out) is `page_path`. The path is the requester's: JSON-quoted with
    '<' escaped, it stays a string inside the script."""
    quoted = json.dumps(page_path or "/").replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return ("<script>(function(){try{var s=" + quoted + ",p=decodeURIComponent(location.pathname);"
            "if(p.length>=s.length&&p.slice(p.length-s.length)===s){window.__streamlit=Object.assign({},"
            "window.__streamlit,{BACKEND_BASE_URL:location.origin+p.slice(0,p.length-s.length)+'/'});}"
            "}catch(e){}})();</script>").encode()


def page_path(path: str, base_url_path: str) -> str:
    """The request's path below server.baseUrlPath ('/so-sanh' of '/base/so-sanh')."""
    base = "/" + "/".join(p for p in base_url_path.split("/") if p)
    if base != "/" and (path == base or path.startswith(base + "/")):
        path = path[len(base):]
    return path or "/"


class BaseUrlHint:
    """ASGI middleware: the script of `base_url_hint` in every HTML page the server sends."""

    def __init__(self, app, base_url_path: str | None = None):
        self.app = app
        self.base = base_url_path if base_url_path is not None else str(st.get_option("server.baseUrlPath") or "")

    async def __call__(self, scope, receive, send):
        if (scope["type"] != "http" or scope.get("method") != "GET"
                or b"text/html" not in dict(scope.get("headers", [])).get(b"accept", b"")):
            return await self.app(scope, receive, send)  # not a page load: untouched
        hint = base_url_hint(page_path(scope.get("path", "/"), self.base))
        # the page uncompressed (a few kB), so that the script can be put in
        scope = {**scope, "headers": [(k, v) for k, v in scope["headers"] if k.lower() != b"accept-encoding"]}
        start: dict = {}

        async def inject(message):
            if message["type"] == "http.response.start":
                headers = dict(message.get("headers", []))
                if message.get("status") != 200 or not headers.get(b"content-type", b"").startswith(b"text/html"):
                    start["pass"] = True
                    return await send(message)
                start["message"] = message
                start["body"] = b""
                return None
            if start.get("pass") or message["type"] != "http.response.body":
                return await send(message)
            start["body"] += message.get("body", b"")
            if message.get("more_body"):
                return None
            body = start["body"].replace(b"<head>", b"<head>" + hint, 1)
            # no validators: the file's ETag does not describe this body (nor would a 304 bring the hint)
            headers = [(k, v) for k, v in start["message"].get("headers", [])
                       if k.lower() not in (b"content-length", b"etag", b"last-modified")]
            headers.append((b"content-length", str(len(body)).encode()))
            await send({**start["message"], "headers": headers})
            await send({"type": "http.response.body", "body": body})

        await self.app(scope, receive, inject)


app = st.App(str(ROOT / "app.py"), lifespan=_warm, middleware=[Middleware(BaseUrlHint)])
