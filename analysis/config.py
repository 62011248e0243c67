"""Settings of the analysis that a province may want to change: the bands of each index and the
thresholds that mark a criterion as weak.

Bands are (lower bound in %, label) pairs, highest first; a pct falls in the first band whose
bound it reaches. PAR INDEX groups follow the ministry's announcements (group A >= 90 %, group B
80 - < 90 %). Other indices have no official bands: a province sets its own with `set_bands`, or
in a JSON file `bands.json` in PARDASH_HOME (`{"SIPAS": [[80, "Tốt"], [0, "Chưa đạt"]]}`).
"""
from __future__ import annotations

import json
import math

from analysis import paths

Bands = tuple[tuple[float, str], ...]

DEFAULT_BANDS: dict[str, Bands] = {
    "PAR_INDEX": ((90.0, "A"), (80.0, "B"), (0.0, "dưới 80%")),
}

# Internal indices of departments and districts (Tốt / Khá / Trung bình / Yếu). Provinces set
# their own thresholds in their annual decision; these defaults are a common choice, not a rule.
INTERNAL_BANDS: Bands = ((90.0, "Tốt"), (80.0, "Khá"), (65.0, "Trung bình"), (0.0, "Yếu"))

# A criterion below this achievement (pct) is "weak" in ledgers, lists and follow-ups.
WEAK_THRESHOLD = 70.0

# A headline card shows a national (rank-group) mean only when at least this share of the
# group's units has a score: a mean of 3 of 63 provinces (the published PAR INDEX and SIPAS
# figures are the top and bottom few) says nothing about the country, and read aloud beside a
# province's score it would mislead. Below it the card says why the mean is not shown; tables,
# maps and exports still state "trung bình của 3/63 tỉnh có số liệu" wherever they show one.
MEAN_MIN_COVERAGE = 0.8

_overrides: dict[str, Bands] = {}


def set_bands(index_code: str, bands: Bands | None) -> None:
    """Set (or with None, clear) this process's bands of an index."""
    if bands is None:
        _overrides.pop(index_code.upper(), None)
    else:
        _overrides[index_code.upper()] = tuple(sorted(((float(b), str(n)) for b, n in bands),
                                                      reverse=True))


def _file_bands() -> dict[str, Bands]:
    path = paths.var_dir() / "bands.json"
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return {}
    return {code.upper(): tuple(sorted(((float(b), str(n)) for b, n in pairs), reverse=True))
            for code, pairs in raw.items()}


def bands_for(index_code: str) -> Bands:
    """The bands of an index: this process's setting, else bands.json, else the default, else ()."""
    code = index_code.upper()
    if code in _overrides:
        return _overrides[code]
    return _file_bands().get(code) or DEFAULT_BANDS.get(code, ())


def band(index_code: str, pct: float | None) -> str | None:
    """The band label of an achievement in % (compared at two decimals), None without bands."""
    if pct is None or (isinstance(pct, float) and math.isnan(pct)):
        return None
    return band_in(bands_for(index_code), pct)


def band_in(bands: Bands, pct: float | None) -> str | None:
    if pct is None or (isinstance(pct, float) and math.isnan(pct)):
        return None
    value = round(float(pct), 2)
    for lower, label in bands:
        if value >= lower:
            return label
    return None
