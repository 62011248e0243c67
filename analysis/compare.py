"""Comparisons: peer groups (region, neighbours on the map, the top of the table), the league
table, units side by side on each field, and rank histories.

A rank change compares only with the year before in the same geography (contract section 3), so
nothing is compared across a gap in the series or across the 2025 merger (the predecessors' history is in `analysis.history`).
"""
from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd

from analysis import config, geo
from analysis.queries import read_org as q
from analysis.values import code_key

LEAGUE_COLUMNS = ["rank", "unit_code", "name", "score", "pct", "previous_rank", "delta_rank",
                  "band", "region", "rank_of", "previous_year"]
COMPONENT_COLUMNS = ["unit_code", "name", "criterion_code", "criterion_name", "score", "pct",
                     "depth", "max_score", "rank"]
HISTORY_COLUMNS = ["unit_code", "name", "year", "rank", "score", "pct", "rank_of"]


@dataclass(frozen=True)
class Coverage:
    """How many units of a group have a score (`n_scored`) out of how many it has (`n_units`)."""
    n_scored: int
    n_units: int

    @property
    def partial(self) -> bool:
        return self.n_scored < self.n_units

    @property
    def share(self) -> float:
        return self.n_scored / self.n_units if self.n_units else 0.0


def coverage(con: duckdb.DuckDBPyConnection, index_code: str, year: int, criterion_code: str = "",
             unit_codes: list[str] | tuple[str, ...] | None = None) -> Coverage:
    """Provinces with a score on `criterion_code` in the index-year, out of the provinces of the
    year's geography (or out of `unit_codes`, a peer group)."""
    row = con.execute(q.COVERAGE, {"index_code": index_code.upper(), "year": int(year),
                                   "geography": geo.geography_of_year(year),
                                   "criterion_code": criterion_code,
                                   "unit_codes": None if unit_codes is None else list(unit_codes)}
                      ).fetchall()[0]
    return Coverage(int(row[0]), int(row[1]))


def peer_groups(con: duckdb.DuckDBPyConnection, year: int, unit_code: str,
                index_code: str | None = None, top_n: int = 10) -> dict[str, list[str]]:
    """Candidate peers of a province in the geography of `year`, never including itself:
    region (same socio-economic region), neighbours (bordering on the map), top (ranked 1..top_n
    on the overall `index_code` that year; empty without an index), all (every province)."""
    geography = geo.geography_of_year(year)
    provinces = con.execute(q.PROVINCES, {"geography": geography}).fetchall()
    region_of = {code: region for code, _name, region in provinces}
    own_region = region_of.get(unit_code)
    top: list[str] = []
    if index_code:
        top = [c for (c,) in con.execute(q.TOP_RANKED, {
            "index_code": index_code.upper(), "year": int(year), "geography": geography,
            "top_n": int(top_n)}).fetchall()]
    return {
        "region": [c for c, r in region_of.items()
                   if own_region is not None and r == own_region and c != unit_code],
        "neighbours": [c for c in geo.neighbours(geography, unit_code) if c != unit_code],
        "top": [c for c in top if c != unit_code],
        "all": [c for c in region_of if c != unit_code],
    }


def league_table(con: duckdb.DuckDBPyConnection, index_code: str, year: int) -> pd.DataFrame:
    """Every province with an overall score in the index-year, best first: rank, unit_code,
    name, score, pct, previous_rank (the year before, same geography; none when that year has no score),
    delta_rank (previous_rank - rank, positive = up), band, region, rank_of, previous_year."""
    index_code = index_code.upper()
    df = con.execute(q.LEAGUE, {"index_code": index_code, "year": int(year),
                                "geography": geo.geography_of_year(year),
                                "level": "province"}).df()
    return _with_changes(df, index_code)[LEAGUE_COLUMNS]


def _with_changes(df: pd.DataFrame, index_code: str) -> pd.DataFrame:
    """delta_rank and band; whole-number columns as nullable integers (missing = <NA>)."""
    ints = {c: df[c].astype("Int64") for c in ("rank", "previous_rank", "previous_year",
                                                "rank_of")}
    return df.assign(
        **ints,
        delta_rank=ints["previous_rank"] - ints["rank"],
        band=[config.band(index_code, None if pd.isna(p) else float(p)) for p in df["pct"]],
    )


def compare_components(con: duckdb.DuckDBPyConnection, index_code: str, year: int,
                       unit_codes: list[str] | tuple[str, ...]) -> pd.DataFrame:
    """Long table of the overall (criterion_code '', criterion_name None: the page labels it)
    and the top-level fields of the given units: unit_code, name, criterion_code,
    criterion_name, score, pct (+ depth, max_score, rank). Units in the order given, fields in
    tree order."""
    df = con.execute(q.COMPONENTS, {"index_code": index_code.upper(), "year": int(year),
                                    "geography": geo.geography_of_year(year),
                                    "unit_codes": list(unit_codes)}).df()
    order = {code: i for i, code in enumerate(unit_codes)}
    df = (df.assign(_u=df["unit_code"].map(order), _k=df["criterion_code"].map(code_key))
          .sort_values(["_u", "_k"], kind="mergesort").drop(columns=["_u", "_k"]))
    return df[COMPONENT_COLUMNS].reset_index(drop=True)


def rank_history(con: duckdb.DuckDBPyConnection, index_code: str,
                 unit_codes: list[str] | tuple[str, ...], geography: str) -> pd.DataFrame:
    """Overall rank and score of the given units in every year of one geography: unit_code,
    name, year, rank, score (+ pct, rank_of)."""
    df = con.execute(q.RANK_HISTORY, {"index_code": index_code.upper(),
                                      "unit_codes": list(unit_codes),
                                      "geography": geography}).df()
    return df[HISTORY_COLUMNS]
