"""Write analysis/chart_templates.json: the Vega-Lite drawings (without rows) of the charts the
pages show through `ui.layout.figure`, so that a server's first page fills them in instead of
importing Altair and drawing them (`analysis.charts.stored_templates_text`).

Run after a change to analysis/charts.py, theme.py, fmt.py, the text catalogue or Altair (the
output is committed; a unit test fails while it differs; until then the app builds each
template at its first use): `.venv/bin/python scripts/build_chart_templates.py`.
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analysis import charts  # noqa: E402


def main() -> None:
    charts.TEMPLATE_FILE.write_text(charts.stored_templates_text(), encoding="utf-8")
    print(f"{charts.TEMPLATE_FILE.name}: {charts.TEMPLATE_FILE.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
