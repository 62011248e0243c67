"""The map side of the province lists: which geography a year uses, who borders whom, and the
boundary files for maps.

Neighbours are derived once from the bundled boundaries by `scripts/derive_neighbours.py` and
kept as CSV in data/reference, so the app never does geometry at run time.
"""
from __future__ import annotations

import csv
import functools
import json

from analysis.paths import BUNDLED_DATA_DIR

GEOGRAPHIES = ("vn63", "vn34")
LAST_VN63_YEAR = 2024  # the 2025 merger: scores from 2025 on refer to the 34 provinces

# The property of each boundary file's features that holds the GSO province code.
_CODE_PROPERTY = {"vn63": "gso_code", "vn34": "code"}


def geography_of_year(year: int) -> str:
    """'vn63' for scores up to 2024, 'vn34' from 2025."""
    return "vn63" if int(year) <= LAST_VN63_YEAR else "vn34"


def _check(geography: str) -> str:
    if geography not in GEOGRAPHIES:
        raise ValueError(f"unknown geography {geography!r}; expected one of {GEOGRAPHIES}")
    return geography


@functools.cache
def _neighbour_map(geography: str) -> dict[str, tuple[str, ...]]:
    path = BUNDLED_DATA_DIR / "reference" / f"neighbours_{_check(geography)}.csv"
    pairs: dict[str, list[str]] = {}
    with open(path, newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            pairs.setdefault(row["unit_code"], []).append(row["neighbour_code"])
    return {code: tuple(sorted(others)) for code, others in pairs.items()}


def neighbours(geography: str, unit_code: str) -> list[str]:
    """Codes of the provinces bordering `unit_code` on the map of `geography`, sorted."""
    return list(_neighbour_map(geography).get(unit_code, ()))


@functools.cache
def _geojson_text(geography: str) -> str:
    return (BUNDLED_DATA_DIR / "geo" / f"{_check(geography)}.geojson").read_text(encoding="utf-8")


def geojson(geography: str) -> dict:
    """The province boundaries of `geography` as a GeoJSON FeatureCollection whose features all
    carry a `unit_code` property (the file's own code property, zero-padded), ready to join
    with scores. A fresh dict each call, so callers may modify it."""
    data = json.loads(_geojson_text(geography))
    prop = _CODE_PROPERTY[geography]
    for feature in data["features"]:
        feature["properties"]["unit_code"] = str(feature["properties"][prop]).zfill(2)
    return data


# Hoàng Sa belongs to Đà Nẵng (48) and Trường Sa to Khánh Hòa (56) in both province lists. The
# bundled boundary files already hold their islands as small polygons of those two provinces
# (east of 110.5° E; geoBoundaries VNM ADM1 for vn63, vnmap for vn34, see data/upstream/README.md),
# so the map draws them with their province and labels them from the same coordinates: no
# coordinate is typed in by hand.
ARCHIPELAGOS = (("hoang_sa", "48"), ("truong_sa", "56"))
_OFFSHORE_LON = 110.5


def _polygons(geometry: dict) -> list:
    if geometry.get("type") == "Polygon":
        return [geometry["coordinates"]]
    if geometry.get("type") == "MultiPolygon":
        return list(geometry["coordinates"])
    return []


@functools.cache
def _archipelagos(geography: str) -> tuple[tuple[str, str, tuple[float, float], tuple], ...]:
    out = []
    features = {f["properties"]["unit_code"]: f for f in geojson(geography)["features"]}
    for key, code in ARCHIPELAGOS:
        feature = features.get(code)
        if feature is None:
            continue
        islands = []
        for polygon in _polygons(feature["geometry"]):
            ring = polygon[0]
            lon = sum(p[0] for p in ring) / len(ring)
            lat = sum(p[1] for p in ring) / len(ring)
            if lon > _OFFSHORE_LON:
                islands.append((round(lon, 4), round(lat, 4)))
        if islands:
            centre = (round(sum(x for x, _ in islands) / len(islands), 4),
                      round(sum(y for _, y in islands) / len(islands), 4))
            out.append((key, code, centre, tuple(islands)))
    return tuple(out)


def archipelagos(geography: str) -> list[dict]:
    """Hoàng Sa and Trường Sa as drawn in the boundary file of `geography`: key ('hoang_sa',
    'truong_sa'), unit_code of their province, centre (lon, lat) and islands [(lon, lat)...]."""
    return [{"key": key, "unit_code": code, "centre": centre, "islands": list(islands)}
            for key, code, centre, islands in _archipelagos(_check(geography))]
