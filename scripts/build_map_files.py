"""Write the map files the browser fetches: static/maps/vn63.json and vn34.json, made from the
bundled boundaries (data/geo) by `analysis.geo.screen_geojson`.

Run after a change to data/geo (the outputs are committed; a unit test fails while they differ):
`.venv/bin/python scripts/build_map_files.py`.
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analysis import geo  # noqa: E402


def main() -> None:
    geo.SCREEN_MAP_DIR.mkdir(parents=True, exist_ok=True)
    for geography in geo.GEOGRAPHIES:
        path = geo.screen_map_path(geography)
        path.write_text(geo.screen_geojson_text(geography), encoding="utf-8")
        print(f"{path.relative_to(geo.SCREEN_MAP_DIR.parents[1])}: {path.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
