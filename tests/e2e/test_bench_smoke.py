"""A smoke run of the browser benchmark (benchmarks/browser_bench.py, issue 14): one repeat, one
timing per row. It must run and write its table, not be fast: no time is asserted."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e.conftest import CHROMIUM, ROOT

pytestmark = [pytest.mark.e2e,
              pytest.mark.skipif(not Path(CHROMIUM).exists() and not shutil.which(CHROMIUM),
                                 reason="chromium not installed")]


def test_browser_benchmark_runs_once_and_writes_its_table(tmp_path):
    results, raw = tmp_path / "RESULTS.md", tmp_path / "raw.json"
    results.write_text("# Benchmark results\n\nearlier sections stay\n", encoding="utf-8")
    # its own process: pytest-playwright's event loop is running in this one
    subprocess.run([sys.executable, "benchmarks/browser_bench.py", "--repeat", "1", "--warm", "1",
                    "--results", str(results), "--json", str(raw)], cwd=ROOT, check=True, timeout=900)
    text = results.read_text(encoding="utf-8")
    assert text.startswith("# Benchmark results\n\nearlier sections stay\n")
    for what in ("So sánh page (map), warm", "change province (not yet viewed)", "click a ledger row → its detail",
                 "Tổng quan, warm", "first page after start", "`summary --json` (process)"):
        assert f"| {what} |" in text
    samples = json.loads(raw.read_text(encoding="utf-8"))["samples"]
    for name in ("app", "floor"):  # every row timed once on each side
        assert all(len(values) == 1 for values in samples[name].values()), samples[name]
    assert "load average" in text


def test_browser_profile_runs_once_and_splits_each_page(tmp_path):
    """benchmarks/browser_profile.py (where a page visit's time goes): one round, with the JS
    profile; every phase of every page is measured on both sides."""
    raw = tmp_path / "profile.json"
    done = subprocess.run([sys.executable, "benchmarks/browser_profile.py", "--rounds", "1", "--cpu-profile",
                           "--json", str(raw)], cwd=ROOT, check=True, timeout=900, capture_output=True, text=True)
    for title in ("Tổng quan, warm", "So sánh, warm", "first page after start"):
        assert title in done.stdout
    results = json.loads(raw.read_text(encoding="utf-8"))
    for name in ("app", "floor"):
        for view in ("first", "overview", "compare"):
            for visit in results[name][view]:
                assert all(visit[k] is not None and visit[k] >= 0 for k in
                           ("to_dcl", "dcl_to_ws", "ws_to_first_msg", "first_to_last_msg", "last_msg_to_drawn"))
                assert visit["msgs"] > 0 and visit["ScriptDuration"] > 0
        assert results[name]["compare_cpu"][0]["chunks"]  # JS self time per bundle chunk
    # the app's So sánh has the map: its renderer (vega-embed) shows in the profile
    assert results["app"]["compare_cpu"][0]["chunks"].get("embed", 0) > 0


def test_interaction_split_runs_once_and_splits_both_interactions():
    """benchmarks/interaction_split.py (where a click's time goes): one start per side, one click
    of each kind; every row of its table has a wall time, the server's CPU and the browser's."""
    done = subprocess.run([sys.executable, "benchmarks/interaction_split.py", "--repeat", "1", "--warm", "1"],
                          cwd=ROOT, check=True, timeout=900, capture_output=True, text=True)
    rows = [line for line in done.stdout.splitlines() if line.startswith(("| province |", "| ledger_row |"))]
    assert len(rows) == 4, done.stdout
    for row in rows:
        cells = [c.strip() for c in row.strip("|").split("|")]
        assert cells[1] in ("app", "floor") and all(c.endswith(" s") for c in cells[2:5]), row
