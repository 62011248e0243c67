"""Merger-aware history: a `vn34` province (from 2025) is shown beside the `vn63` provinces it
was formed from, with their scores up to 2024. No rank change is ever computed across the
merger; this is what is shown instead.

The link is `unit.successor_code` of the vn63 provinces (reference data). Codes are never joined
across the merger by themselves: seven vn34 codes belonged to another province before.
"""
from __future__ import annotations

import duckdb
import pandas as pd

from analysis.geo import LAST_VN63_YEAR
from analysis.queries import read_org as q
from analysis.values import rounded

SERIES_COLUMNS = ["unit_code", "name", "year", "score", "rank", "pct", "rank_of"]


def _is_vn34_province(con: duckdb.DuckDBPyConnection, unit_code: str) -> bool:
    return con.execute(q.IS_VN34_PROVINCE, {"unit_code": unit_code}).fetchall()[0][0] > 0


def _scores(con, index_code: str, unit_code: str) -> pd.DataFrame:
    return con.execute(q.PREDECESSOR_SCORES, {"index_code": index_code.upper(), "unit_code": unit_code,
                                              "last_vn63_year": LAST_VN63_YEAR}).df()


def _int(x) -> int | None:
    return None if pd.isna(x) else int(x)


def predecessors(con: duckdb.DuckDBPyConnection, index_code: str, unit_code: str,
                 geography: str = "vn34") -> list[dict] | None:
    """The vn63 predecessors of a vn34 province with their latest score before the merger:
    [{"code", "name", "year", "score", "rank", "of"}], by code; year/score/rank/of are None for
    a predecessor never scored on the index. None when the unit is not a vn34 province (pass
    the geography of the year being shown: anything but 'vn34' answers None)."""
    return merger_history(con, index_code, unit_code, geography)[0]


def merger_history(con: duckdb.DuckDBPyConnection, index_code: str, unit_code: str,
                   geography: str) -> tuple[list[dict] | None, pd.DataFrame | None]:
    """(`predecessors`, `predecessor_series`) of a unit shown in `geography`, from one read of
    the predecessors' scores; (None, None) for a unit that is not a vn34 province."""
    if geography != "vn34" or not _is_vn34_province(con, unit_code):
        return None, None
    df = _scores(con, index_code, unit_code)
    return _latest(df), _series(df)


def _latest(df: pd.DataFrame) -> list[dict]:
    out = []
    for code, rows in df.groupby("unit_code", sort=True):
        scored = rows[rows["year"].notna()]
        latest = scored.sort_values("year").iloc[-1] if len(scored) else None
        out.append({
            "code": code,
            "name": rows["name"].iloc[0],
            "year": None if latest is None else _int(latest["year"]),
            "score": None if latest is None else rounded(latest["score"]),
            "rank": None if latest is None else _int(latest["rank"]),
            "of": None if latest is None else _int(latest["rank_of"]),
        })
    return out


def predecessor_series(con: duckdb.DuckDBPyConnection, index_code: str,
                       unit_code: str) -> pd.DataFrame:
    """Every vn63 overall score of the predecessors of a vn34 province, for a chart beside the
    province's own series: unit_code, name, year, score, rank (+ pct, rank_of). Empty for a
    unit that is not a vn34 province."""
    if not _is_vn34_province(con, unit_code):
        return pd.DataFrame(columns=SERIES_COLUMNS)
    return _series(_scores(con, index_code, unit_code))


def _series(df: pd.DataFrame) -> pd.DataFrame:
    df = df[df["year"].notna()]
    ints = {c: df[c].astype("Int64") for c in ("year", "rank", "rank_of")}
    return df.assign(**ints)[SERIES_COLUMNS].reset_index(drop=True)
