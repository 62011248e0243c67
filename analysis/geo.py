"""The map side of the province lists: which geography a year uses, who borders whom, and the
boundary files for maps.

Neighbours are derived once from the bundled boundaries by `scripts/derive_neighbours.py` and
kept as CSV in data/reference, so the app never does geometry at run time.
"""
from __future__ import annotations

import csv
import functools
import hashlib
import json
from pathlib import Path

from analysis.paths import BUNDLED_DATA_DIR, PROJECT_DIR

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


# ---- the map as the browser gets it --------------------------------------------------------------
# The screen's map references its geometry by URL instead of carrying it in every chart spec:
# static/maps/<geography>.json (Streamlit's static serving, `enableStaticServing` in
# .streamlit/config.toml), made from data/geo by `python -m scripts.build_map_files`. Only the
# scores travel with the page; exports put the same geometry inline (`inline_screen_maps`).
SCREEN_MAP_DIR = PROJECT_DIR / "static" / "maps"
_SCREEN_URL_PREFIX = "app/static/maps/"
_SCREEN_DIGITS = 4  # ~11 m: finer than a pixel of a national map, half the bytes


def ring_area(ring: list) -> float:
    """Planar signed area (lon as x, lat as y): negative for a clockwise ring."""
    return sum(x1 * y2 - x2 * y1 for (x1, y1, *_), (x2, y2, *_) in zip(ring, ring[1:])) / 2.0


def _orient(rings: list) -> list:
    # d3-geo (Vega) reads rings spherically: an exterior ring must be clockwise, or the polygon
    # becomes "the whole globe minus the province" and the map renders as a filled rectangle.
    # GeoJSON (RFC 7946) files use the opposite winding, so every ring is turned as needed.
    out = []
    for i, ring in enumerate(rings):
        clockwise_now = ring_area(ring) < 0
        wanted = i == 0  # exterior clockwise, holes counter-clockwise
        out.append(ring if clockwise_now == wanted else ring[::-1])
    return out


def _map_geometry(geometry: dict, rings) -> dict:
    kind = geometry.get("type")
    if kind == "Polygon":
        return {**geometry, "coordinates": rings(geometry["coordinates"])}
    if kind == "MultiPolygon":
        return {**geometry, "coordinates": [rings(p) for p in geometry["coordinates"]]}
    return geometry


def clockwise(feature: dict) -> dict:
    """The feature with its rings wound as d3-geo expects (exterior clockwise)."""
    return {**feature, "geometry": _map_geometry(feature.get("geometry") or {}, _orient)}


def _rounded_ring(ring: list) -> list:
    points = [[round(p[0], _SCREEN_DIGITS), round(p[1], _SCREEN_DIGITS)] for p in ring]
    kept = [p for i, p in enumerate(points) if i == 0 or p != points[i - 1]]
    if len(kept) >= 4 and ring_area(kept) != 0:
        return kept
    # A tiny island that rounding flattens to a line keeps its full precision: a ring of no
    # area has no winding, and d3-geo may read it as the whole globe.
    return [[p[0], p[1]] for p in ring]


def feature_name(feature: dict) -> str:
    props = feature.get("properties", {})
    return str(props.get("name_vi") or props.get("shapeName") or props.get("unit_code") or "").strip()


def screen_geojson(geography: str) -> dict:
    """The boundaries the screen's map draws: clockwise rings rounded to 4 decimals, and only
    the properties the map reads (unit_code, name)."""
    features = []
    for feature in geojson(geography)["features"]:
        rounded = _map_geometry(feature.get("geometry") or {}, lambda rings: [_rounded_ring(r) for r in rings])
        features.append(clockwise({"type": "Feature", "geometry": rounded,
                                   "properties": {"unit_code": feature["properties"]["unit_code"],
                                                  "name": feature_name(feature)}}))
    return {"type": "FeatureCollection", "features": features}


def screen_geojson_text(geography: str) -> str:
    """static/maps/<geography>.json, byte for byte (compact JSON, one line)."""
    return json.dumps(screen_geojson(geography), ensure_ascii=False, separators=(",", ":")) + "\n"


def screen_map_path(geography: str) -> Path:
    return SCREEN_MAP_DIR / f"{_check(geography)}.json"


@functools.cache
def screen_map_url(geography: str) -> str:
    """The map file's address relative to the page, with its content hash so a browser never
    keeps an older drawing after an update."""
    digest = hashlib.sha256(screen_map_path(geography).read_bytes()).hexdigest()[:12]
    return f"{_SCREEN_URL_PREFIX}{geography}.json?v={digest}"


@functools.cache
def _regions(geography: str) -> tuple[tuple[str, str], ...]:
    return tuple((f["properties"]["unit_code"], feature_name(f)) for f in geojson(_check(geography))["features"])


def regions(geography: str) -> list[dict]:
    """Every shape of the geography's map as {unit_code, name}, in file order (no geometry)."""
    return [{"unit_code": code, "name": name} for code, name in _regions(geography)]


@functools.cache
def _screen_features_text(geography: str) -> str:
    return json.dumps(screen_geojson(geography)["features"], ensure_ascii=False)


def inline_screen_maps(spec):
    """A chart spec (dict) with every reference to a screen map file replaced by the geometry
    itself, for renderers that fetch nothing (PNG/SVG exports). Other data is left as is."""
    if isinstance(spec, list):
        return [inline_screen_maps(item) for item in spec]
    if not isinstance(spec, dict):
        return spec
    url = spec.get("url")
    if isinstance(url, str) and url.startswith(_SCREEN_URL_PREFIX):
        geography = url[len(_SCREEN_URL_PREFIX):].split(".json", 1)[0]
        rest = {k: v for k, v in spec.items() if k not in ("url", "format")}
        return {**rest, "values": json.loads(_screen_features_text(geography))}
    return {key: inline_screen_maps(value) for key, value in spec.items()}
