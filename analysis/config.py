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
import os
from dataclasses import dataclass

from analysis import paths, units

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

# The province and index the app opens on when a link names none: a Sở Nội vụ sets its own once,
# in the environment of the server (scripts/run.sh passes it on), so it never starts from Hà Nội.
HOME_UNIT_ENV = "PARDASH_HOME_UNIT"    # a unit code ("20") or a name ("Lạng Sơn", "tỉnh Lạng Sơn")
HOME_INDEX_ENV = "PARDASH_HOME_INDEX"  # PAR_INDEX, SIPAS, PAPI or PCI ("PAR INDEX" and "papi" do too)


@dataclass(frozen=True)
class Home:
    """The home province and index as set (None: not set)."""
    unit: str | None = None
    index_code: str | None = None


def home() -> Home:
    unit = (os.environ.get(HOME_UNIT_ENV) or "").strip() or None
    index = (os.environ.get(HOME_INDEX_ENV) or "").strip().upper().replace(" ", "_") or None
    return Home(unit, index)


def home_unit_among(wanted: str | None, names: dict[str, tuple[str, ...]]) -> str | None:
    """The code among `names` (unit code -> its names) that the setting means: the code itself, or
    a name however it is written (Lạng Sơn, Tỉnh Lạng Sơn, lang son); None when none matches."""
    if not wanted:
        return None
    if wanted in names:
        return wanted
    key = units.match_name(wanted)
    for code, written in names.items():
        if key and any(units.match_name(n) == key for n in written if isinstance(n, str)):
            return code
    return None


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


# ---- import limits ---------------------------------------------------------------------------
# A file beyond any of these is refused, with a `FILE:LINE:COLUMN: message`, before it can hold
# the writer for long: small hostile files (a 149 kB CSV of 10,000 columns, a 633 kB workbook
# unzipping to 1.5 M rows) took minutes and hundreds of MB. The bounds sit well above what the
# ministry's annexes and a province's own files hold; large tables belong in CSV, which DuckDB
# reads without holding every cell in Python (10 M rows are measured in benchmarks/RESULTS.md).

MAX_COLUMNS = 500                 # header cells of a CSV file or of a sheet
MAX_ROWS = 20_000_000             # data rows of a CSV file
MAX_CELLS = 200_000_000           # data rows x columns of a CSV file
MAX_SHEET_ROWS = 1_048_576        # rows of a worksheet (Excel's own maximum)
MAX_SHEET_CELLS = 2_000_000       # filled cells of a worksheet (each one is read into memory)
MAX_XLSX_EXPANDED_MB = 100        # all members of a workbook together, unzipped
MAX_READ_SECONDS = 120            # reading one worksheet
# DuckDB's memory on the import's private copy: beyond it, staged and typed rows spill to the
# import's temporary folder rather than grow with the file (5 M rows peaked at 2.8 GB without it).
IMPORT_MEMORY_LIMIT = "600MB"
