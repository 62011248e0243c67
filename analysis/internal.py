"""Internal indices: a province's own ranking of its departments (level `department`, e.g.
PAR_SO) or districts (level `district`, e.g. PAR_HUYEN).

Ranks come from `fact`, where units below a province are ranked within their parent province.
Each unit is compared with its own score the year before (none across a gap); the block average is the
mean of the units scored that year, against the mean of the units scored the block's previous
year.
"""
from __future__ import annotations

import duckdb
import pandas as pd

from analysis import config
from analysis.queries import read_org as q
from analysis.values import rounded

# (lower bound in % of max, label), highest first; the first bound reached gives the band.
# One setting for the whole project: analysis.config.INTERNAL_BANDS.
DEFAULT_BANDS = config.INTERNAL_BANDS

LEVELS = {"department": "department", "so": "department", "district": "district",
          "huyen": "district", "commune": "commune", "xa": "commune", "agency": "agency",
          "co_quan": "agency"}

RANKING_COLUMNS = ["rank", "unit_code", "name", "score", "pct", "previous_score", "delta_score",
                   "delta_rank", "band", "previous_rank", "previous_year"]


def band_of(pct: float | None, bands=DEFAULT_BANDS) -> str | None:
    """The band of an achievement in % (compared at two decimals); None without a score."""
    if pct is None or pd.isna(pct):
        return None
    value = round(float(pct), 2)
    for lower, label in sorted(bands, key=lambda b: b[0], reverse=True):
        if value >= lower:
            return label
    return None


def internal_ranking(con: duckdb.DuckDBPyConnection, index_code: str, year: int,
                     province_code: str, level: str = "department",
                     bands=DEFAULT_BANDS) -> pd.DataFrame:
    """The province's units of one level on an internal index, best first: rank, unit_code,
    name, score, pct, previous_score, delta_score, delta_rank (positive = moved up), band
    (+ previous_rank, previous_year)."""
    df = con.execute(q.INTERNAL_BLOCK, {"index_code": index_code.upper(), "year": int(year),
                                        "province_code": province_code,
                                        "level": LEVELS.get(level, level)}).df()
    ints = {c: df[c].astype("Int64") for c in ("rank", "previous_rank", "previous_year")}
    df = df.assign(**ints,
                   delta_score=[rounded(s - p) if not pd.isna(p) else None
                                for s, p in zip(df["score"], df["previous_score"])],
                   delta_rank=ints["previous_rank"] - ints["rank"],
                   band=[band_of(p, bands) for p in df["pct"]])
    return df[RANKING_COLUMNS].reset_index(drop=True)


def internal_summary(con: duckdb.DuckDBPyConnection, index_code: str, year: int,
                     province_code: str, level: str = "department",
                     bands=DEFAULT_BANDS) -> dict:
    """The block at a glance: units, mean score and pct, previous_mean (mean of the units that
    were scored in the previous year the block has), delta_mean, improved / declined / unchanged
    (against each unit's own previous score, at two decimals), new (no previous score), bands
    ({label: count}, every label, highest first)."""
    now = internal_ranking(con, index_code, year, province_code, level, bands)
    prev_year = con.execute(q.INTERNAL_PREVIOUS_YEAR, {
        "index_code": index_code.upper(), "year": int(year), "province_code": province_code,
        "level": LEVELS.get(level, level)}).fetchall()[0][0]
    previous_mean = None
    if prev_year is not None:
        before = internal_ranking(con, index_code, prev_year, province_code, level, bands)
        previous_mean = rounded(before["score"].mean())
    mean = rounded(now["score"].mean()) if len(now) else None
    deltas = now["delta_score"].dropna().astype(float).round(2)
    counts = now["band"].value_counts().to_dict()
    return {
        "units": len(now),
        "mean": mean,
        "mean_pct": rounded(now["pct"].mean()) if len(now) else None,
        "previous_year": prev_year,
        "previous_mean": previous_mean,
        "delta_mean": rounded(mean - previous_mean) if None not in (mean, previous_mean) else None,
        "improved": int((deltas > 0).sum()),
        "declined": int((deltas < 0).sum()),
        "unchanged": int((deltas == 0).sum()),
        "new": int(now["previous_score"].isna().sum()),
        "bands": {label: int(counts.get(label, 0))
                  for _lower, label in sorted(bands, key=lambda b: b[0], reverse=True)},
    }
