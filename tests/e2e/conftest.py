"""A real app in headless Chromium: build the two workspaces, start `streamlit run app.py` on a
free port against them, wait for its health check, and drive Debian's chromium with Playwright."""
from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or "chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--no-first-run", "--disable-default-apps", "--disable-extensions"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def e2e_dbs(tmp_path_factory) -> dict[str, Path]:
    from analysis import bundle, demo

    home = tmp_path_factory.mktemp("e2e-home")
    real, fake = home / "dashboard.duckdb", home / "demo.duckdb"
    bundle.ensure_app_database(real)
    demo.build_demo_database(fake)
    return {"home": home, "real": real, "demo": fake}


@contextlib.contextmanager
def serve(dbs: dict[str, Path], log_name: str = "streamlit.log", extra_env: dict | None = None,
          script: str = "app.py"):
    """A fresh `streamlit run app.py` (or `script`) on a free port (its URL), stopped on exit."""
    port = _free_port()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    log = open(ARTIFACTS / log_name, "w")
    env = {**os.environ, "PARDASH_HOME": str(dbs["home"]), "PARDASH_DB": str(dbs["real"]),
           "PARDASH_DEMO_DB": str(dbs["demo"]), **(extra_env or {})}
    cmd = [sys.executable, "-m", "streamlit", "run", script, "--server.headless", "true",
           "--server.address", "127.0.0.1", "--server.port", str(port), "--browser.gatherUsageStats", "false",
           "--server.fileWatcherType", "none", "--client.toolbarMode", "viewer"]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    try:
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"streamlit exited with {proc.returncode}; see {log.name}")
            try:
                with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if time.time() > deadline:
                raise RuntimeError("streamlit did not become healthy in 60 s")
            time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@pytest.fixture(scope="session")
def app_url(e2e_dbs):
    with serve(e2e_dbs) as url:
        yield url


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1400, "height": 1700}, "locale": "vi-VN"}


@pytest.fixture(scope="session")
def warm_app(app_url, browser):
    """One page visit first, so the first test does not pay for imports and database builds."""
    page = browser.new_page()
    page.goto(app_url + "/tong-quan?ws=demo")
    page.wait_for_selector('[data-testid="stApp"][data-test-connection-state="CONNECTED"]'
                           '[data-test-script-state="notRunning"]', timeout=90_000)
    page.close()
    return app_url
