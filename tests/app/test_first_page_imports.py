"""A server's first page draws its charts from the stored templates
(analysis/chart_templates.json): it imports no Altair (a quarter of a second of the first
request) and draws no chart, in either language; nor does So sánh after it. Run in a fresh
process, since this one has imported Altair long ago."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.app.conftest import APP

FIRST_PAGE = """
import json, sys
from streamlit.testing.v1 import AppTest
at = AppTest.from_file(sys.argv[1], default_timeout=60)
at.query_params["ws"] = "demo"
at.query_params["lang"] = sys.argv[2]
at.run()
if len(sys.argv) > 3:
    at.switch_page(sys.argv[3]).run()
print(json.dumps({"errors": [e.value for e in at.exception], "charts": len(at.get("vega_lite_chart")),
                  "captions": [c.value for c in at.caption], "altair": "altair" in sys.modules}))
"""


def _first_pages(lang: str, *then: str) -> dict:
    done = subprocess.run([sys.executable, "-c", FIRST_PAGE, APP, lang, *then], capture_output=True, text=True,
                          timeout=180, env=dict(os.environ), cwd=os.path.dirname(APP))
    assert done.returncode == 0, done.stderr[-2000:]
    got = json.loads(done.stdout.strip().splitlines()[-1])
    assert got["errors"] == []
    return got


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_first_page_imports_no_altair(workspaces, lang):
    got = _first_pages(lang)
    assert got["charts"] >= 1  # the trend at least: charts were drawn, from templates
    assert any(c in ("Xong: tổng quan", "Done: overview") for c in got["captions"])
    assert got["altair"] is False


def test_so_sanh_after_it_imports_no_altair_either(workspaces):
    # the heat table, the ranks and the map: stored templates too
    got = _first_pages("vi", "app_pages/4_so_sanh.py")
    assert got["charts"] >= 3 and "Xong: so sánh" in got["captions"]
    assert got["altair"] is False
