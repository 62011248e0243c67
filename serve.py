"""The dashboard's server: app.py's pages behind an `st.App` whose start-up does, before the first
request, the one-time work the first page after a start would otherwise do while its viewer
waits (issue 14): import the modules the page scripts import, Streamlit's emoji table (read by
every icon and the page icon), Altair's chart machinery, and each workspace's database file and
DuckDB instance. scripts/run.sh runs `streamlit run serve.py`; `streamlit run app.py` serves the
same pages without the warm-up (the tests' servers do).

Measured (benchmarks/browser_profile.py): the first script run after a start took 1.3 s against
0.15 s warm, nearly all of it one-time work: imports, the emoji regex (0.25 s), Altair's first
chart, opening the databases.
"""
from __future__ import annotations

import ast
import importlib
import sys
import time
from contextlib import asynccontextmanager
from pathlib import Path

import streamlit as st
from streamlit.logger import get_logger
from streamlit.string_util import is_emoji

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))  # uvicorn imports this file as a module, from any folder

from analysis import catalog  # noqa: E402
from ui import data  # noqa: E402

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
    for workspace in ("real", "demo"):
        path = data.db_path(workspace)  # built here if missing, as the first page would
        version = data.version(workspace)
        if version is not None:
            data._instance(str(path), version)
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


app = st.App(str(ROOT / "app.py"), lifespan=_warm)
