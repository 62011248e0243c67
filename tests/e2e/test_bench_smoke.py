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
