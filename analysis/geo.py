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
