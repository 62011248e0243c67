"""A bounded smoke version of the load test (benchmarks/load_test.py): 3 headless Chromium
sessions for 30 s on 127.0.0.1 while `load` and `undo` cycle on the app's database. No page may
fail, and none may show a data version (or figures) that was not live while it loaded."""
from __future__ import annotations

import concurrent.futures
import importlib.util
import shutil
import sys
from pathlib import Path

import pytest

from tests.e2e.conftest import CHROMIUM, ROOT

pytestmark = [pytest.mark.e2e,
              pytest.mark.skipif(not Path(CHROMIUM).exists() and not shutil.which(CHROMIUM),
                                 reason="chromium not installed")]


def _load_test_module():
    spec = importlib.util.spec_from_file_location("load_test", ROOT / "benchmarks" / "load_test.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["load_test"] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_three_sessions_for_thirty_seconds_while_load_and_undo_cycle(tmp_path):
    load_test = _load_test_module()
    # its own thread: the browser tests before it leave pytest-playwright's event loop running in
    # this one, and the load test starts an asyncio loop of its own
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        result = pool.submit(load_test.run, 3, 30, pause=1.5, folder=tmp_path).result()
    assert result["errors"] == []
    assert result["stale"] == []
    # the run really exercised the switch: several views, switches, and both states seen
    assert result["views"] >= 6 and result["switches"] >= 2
    assert len(result["versions_seen"]) >= 2, result["versions_seen"]
