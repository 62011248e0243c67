"""Derive which provinces border each other from the bundled boundary files.

Run once (the outputs are committed): `.venv/bin/python scripts/derive_neighbours.py`.
Writes data/reference/neighbours_vn63.csv and neighbours_vn34.csv (unit_code, neighbour_code,
both directions, sorted).

The boundaries are simplified independently per province, so shared borders do not coincide
exactly: two provinces count as neighbours when at least MIN_CLOSE_VERTICES vertices of one lie
within TOLERANCE degrees of a boundary segment of the other. Requiring a few vertices rather
than one keeps provinces that merely meet at a corner point from counting. Pure Python: a grid
hash of segments keeps it to a second or two.
"""
from __future__ import annotations

import csv
import json
import math
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TOLERANCE = 0.02  # degrees, about 2 km
MIN_CLOSE_VERTICES = 2
CELL = 0.05  # grid cell size for the segment hash, > TOLERANCE

SOURCES = {
    "vn63": ("data/geo/vn63.geojson", "gso_code"),
    "vn34": ("data/geo/vn34.geojson", "code"),
}


def rings(geometry: dict) -> list[list[tuple[float, float]]]:
    """Every ring (outer and holes) of a Polygon or MultiPolygon as (x, y) tuples."""
    coords = geometry["coordinates"]
    polygons = [coords] if geometry["type"] == "Polygon" else coords
    return [[(float(x), float(y)) for x, y, *_ in ring] for polygon in polygons for ring in polygon]


def point_segment_distance(p, a, b) -> float:
    (px, py), (ax, ay), (bx, by) = p, a, b
    dx, dy = bx - ax, by - ay
    length2 = dx * dx + dy * dy
    t = 0.0 if length2 == 0 else max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / length2))
    return math.hypot(px - (ax + t * dx), py - (ay + t * dy))


def _cells_of_segment(a, b):
    """Grid cells covered by a segment's bounding box grown by the tolerance."""
    x0, x1 = sorted((a[0], b[0]))
    y0, y1 = sorted((a[1], b[1]))
    for i in range(math.floor((x0 - TOLERANCE) / CELL), math.floor((x1 + TOLERANCE) / CELL) + 1):
        for j in range(math.floor((y0 - TOLERANCE) / CELL),
                       math.floor((y1 + TOLERANCE) / CELL) + 1):
            yield i, j


def neighbour_pairs(shapes: dict[str, list[list[tuple[float, float]]]]) -> set[tuple[str, str]]:
    """Unordered pairs (as sorted tuples) of codes whose boundaries come within TOLERANCE."""
    grid: dict[tuple[int, int], list[tuple[str, tuple, tuple]]] = defaultdict(list)
    for code, code_rings in shapes.items():
        for ring in code_rings:
            for a, b in zip(ring, ring[1:]):
                for cell in _cells_of_segment(a, b):
                    grid[cell].append((code, a, b))
    close_vertices: dict[tuple[str, str], int] = defaultdict(int)
    for code, code_rings in shapes.items():
        for ring in code_rings:
            for p in ring:
                cell = (math.floor(p[0] / CELL), math.floor(p[1] / CELL))
                near = {other for other, a, b in grid.get(cell, ())
                        if other != code and point_segment_distance(p, a, b) <= TOLERANCE}
                for other in near:
                    close_vertices[(code, other)] += 1
    pairs = set()
    for (code, other), n in close_vertices.items():
        if n + close_vertices.get((other, code), 0) >= MIN_CLOSE_VERTICES:
            pairs.add(tuple(sorted((code, other))))
    return pairs


def load_shapes(path: Path, code_property: str) -> dict[str, list[list[tuple[float, float]]]]:
    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    return {str(f["properties"][code_property]).zfill(2): rings(f["geometry"]) for f in features}


def write_pairs(path: Path, pairs: set[tuple[str, str]]) -> None:
    rows = sorted({(a, b) for a, b in pairs} | {(b, a) for a, b in pairs})
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["unit_code", "neighbour_code"])
        writer.writerows(rows)


def main() -> None:
    for geography, (source, code_property) in SOURCES.items():
        pairs = neighbour_pairs(load_shapes(ROOT / source, code_property))
        out = ROOT / "data" / "reference" / f"neighbours_{geography}.csv"
        write_pairs(out, pairs)
        print(f"{out.relative_to(ROOT)}: {len(pairs)} borders")


if __name__ == "__main__":
    main()
