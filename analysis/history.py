"""Merger-aware history: a `vn34` province (from 2025) is shown beside the `vn63` provinces it
was formed from, with their scores up to 2024. No rank change is ever computed across the
merger; this is what is shown instead.

The link is `unit.successor_code` of the vn63 provinces (reference data). Codes are never joined
across the merger by themselves: seven vn34 codes belonged to another province before.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import duckdb

from analysis.geo import LAST_VN63_YEAR
from analysis.queries import read_org as q
from analysis.values import clean, frame, records, rounded

if TYPE_CHECKING:
    import pandas as pd

SERIES_COLUMNS = ["unit_code", "name", "year", "score", "rank", "pct", "rank_of"]


def _is_vn34_province(con: duckdb.DuckDBPyConnection, unit_code: str) -> bool:
    return con.execute(q.IS_VN34_PROVINCE, {"unit_code": unit_code}).fetchall()[0][0] > 0


def _scores(con, index_code: str, unit_code: str) -> list[dict]:
    return records(con.execute(q.PREDECESSOR_SCORES, {
        "index_code": index_code.upper(), "unit_code": unit_code,
        "last_vn63_year": LAST_VN63_YEAR}))


def predecessors(con: duckdb.DuckDBPyConnection, index_code: str, unit_code: str,
                 geography: str = "vn34") -> list[dict] | None:
    """The vn63 predecessors of a vn34 province with their latest score before the merger:
    [{"code", "name", "year", "score", "rank", "of"}], by code; year/score/rank/of are None for
    a predecessor never scored on the index. None when the unit is not a vn34 province (pass
    the geography of the year being shown: anything but 'vn34' answers None)."""
    scores = merger_scores(con, index_code, unit_code, geography)
    return None if scores is None else latest_of(scores)


def merger_history(con: duckdb.DuckDBPyConnection, index_code: str, unit_code: str,
                   geography: str) -> tuple[list[dict] | None, pd.DataFrame | None]:
    """(`predecessors`, `predecessor_series`) of a unit shown in `geography`, from one read of
    the predecessors' scores; (None, None) for a unit that is not a vn34 province."""
    scores = merger_scores(con, index_code, unit_code, geography)
    return (None, None) if scores is None else (latest_of(scores), series_of(scores))


def merger_scores(con: duckdb.DuckDBPyConnection, index_code: str, unit_code: str,
                  geography: str) -> list[dict] | None:
    """The predecessors' overall scores (unit_code, name, year, score, pct, rank, rank_of; a
    predecessor never scored has one row without a year) of a unit shown in `geography`; None
    for a unit that is not a vn34 province."""
    if geography != "vn34" or not _is_vn34_province(con, unit_code):
        return None
    return _scores(con, index_code, unit_code)


def latest_of(scores: list[dict]) -> list[dict]:
    """`predecessors` from `merger_scores`: each predecessor's latest score, by code."""
    out = []
    for code in sorted({r["unit_code"] for r in scores}):
        rows = [r for r in scores if r["unit_code"] == code]
        scored = sorted((r for r in rows if r["year"] is not None), key=lambda r: r["year"])
        latest = scored[-1] if scored else None
        out.append({
            "code": code,
            "name": rows[0]["name"],
            "year": None if latest is None else _int(latest["year"]),
            "score": None if latest is None else rounded(latest["score"]),
            "rank": None if latest is None else _int(latest["rank"]),
            "of": None if latest is None else _int(latest["rank_of"]),
        })
    return out


def _int(x) -> int | None:
    x = clean(x)
    return None if x is None else int(x)


def predecessor_series(con: duckdb.DuckDBPyConnection, index_code: str,
                       unit_code: str) -> pd.DataFrame:
    """Every vn63 overall score of the predecessors of a vn34 province, for a chart beside the
    province's own series: unit_code, name, year, score, rank (+ pct, rank_of). Empty for a
    unit that is not a vn34 province."""
    if not _is_vn34_province(con, unit_code):
        return frame(columns=SERIES_COLUMNS)
    return series_of(_scores(con, index_code, unit_code))


def series_of(scores: list[dict]) -> pd.DataFrame:
    """`predecessor_series` from `merger_scores`."""
    return frame([r for r in scores if r["year"] is not None], SERIES_COLUMNS, SERIES_DTYPES)


SERIES_DTYPES = {"year": "Int64", "rank": "Int64", "rank_of": "Int64", "score": "float64",
                 "pct": "float64"}
