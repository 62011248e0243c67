"""Targets: was the commitment met, by how much did it miss, and what would it have taken.

Scores are compared at two decimals, as published, and ranks are competition ranks (ties share
the better rank), the same rules `fact` is built with.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import duckdb

from analysis.agencies import unit_criteria
from analysis.catalog import fact_geography
from analysis.queries import read_org as q
from analysis.values import code_key, frame, rounded

if TYPE_CHECKING:
    import pandas as pd

GAINS_COLUMNS = ["criterion_code", "name", "score", "max_score", "gain", "recoverable",
                 "cumulative_gain"]


def _unit_fact(con, index_code: str, year: int, unit_code: str, criterion_code: str = ""):
    """(geography, score, rank, rank_of, level, parent_code) of a unit's fact, or the geography
    and Nones when it has no score."""
    geography = fact_geography(con, index_code, year, unit_code)
    rows = con.execute(q.UNIT_FACT, {"index_code": index_code.upper(), "year": int(year),
                                     "geography": geography, "unit_code": unit_code,
                                     "criterion_code": criterion_code}).fetchall()
    score, _max, _pct, rank, rank_of, level, parent = rows[0] if rows else (None,) * 7
    return geography, score, rank, rank_of, level, parent


def _all_reached(checks: list[bool | None]) -> bool | None:
    """Met when every given target is reached. A target known to be missed decides it (False)
    even if another one cannot be checked; otherwise a value that is missing makes it None."""
    if any(c is False for c in checks):
        return False
    if any(c is None for c in checks):
        return None
    return True


def target_status(con: duckdb.DuckDBPyConnection, index_code: str, year: int, unit_code: str,
                  criterion_code: str = "") -> dict | None:
    """The unit's target for an index-year (and criterion; '' = overall) against its result:
    dict target_score, target_rank, met (bool|None), gap (target_score - score at two decimals,
    negative = above the target), rank_gap (rank - target_rank, positive = places still to
    climb), note, plus score and rank. None when no target was set."""
    geography, score, rank, _of, _level, _parent = _unit_fact(con, index_code, year, unit_code,
                                                              criterion_code)
    return status_of(target_row(con, index_code, year, unit_code, geography, criterion_code),
                     score, rank)


def target_row(con, index_code: str, year: int, unit_code: str, geography: str,
               criterion_code: str = "") -> tuple | None:
    """(target_score, target_rank, note) set for the unit, or None."""
    rows = con.execute(q.TARGET, {"geography": geography, "unit_code": unit_code,
                                  "index_code": index_code.upper(), "year": int(year),
                                  "criterion_code": criterion_code}).fetchall()
    return rows[0] if rows else None


def status_of(target: tuple | None, score, rank) -> dict | None:
    """`target_status` from a target row (target_score, target_rank, note) and the unit's
    score and rank already at hand."""
    if target is None:
        return None
    target_score, target_rank, note = target
    checks: list[bool | None] = []
    gap = rank_gap = None
    if target_score is not None:
        if score is None:
            checks.append(None)
        else:
            gap = rounded(round(target_score, 2) - round(score, 2), 2)
            checks.append(gap <= 0)
    if target_rank is not None:
        if rank is None:
            checks.append(None)
        else:
            rank_gap = int(rank) - int(target_rank)
            checks.append(rank_gap <= 0)
    return {"target_score": target_score, "target_rank": target_rank,
            "met": _all_reached(checks), "gap": gap, "rank_gap": rank_gap, "note": note,
            "score": score, "rank": rank}


def score_for_rank(con: duckdb.DuckDBPyConnection, index_code: str, year: int, unit_code: str,
                   target_rank: int) -> float | None:
    """The overall score that would have given the unit `target_rank` (or better) this year,
    everyone else's score unchanged.

    With competition ranking a unit's rank is 1 + the number of others strictly above it, so it
    suffices to equal (at two decimals) the score of the other unit in place `target_rank`.
    When fewer others than that are ranked, any score reaches it: 0.0. None when the unit is
    unknown or target_rank < 1."""
    if target_rank < 1:
        return None
    geography, _score, _rank, _of, level, parent = _unit_fact(con, index_code, year, unit_code)
    if level is None:
        rows = con.execute(q.UNIT_LEVEL,
                           {"geography": geography, "unit_code": unit_code}).fetchall()
        if not rows:
            return None
        level, parent = rows[0]
    others = [s for (s,) in con.execute(q.OTHER_SCORES, {
        "index_code": index_code.upper(), "year": int(year), "geography": geography,
        "level": level, "unit_code": unit_code, "parent_code": parent}).fetchall()]
    if target_rank > len(others):
        return 0.0
    return round(others[target_rank - 1], 2)


def gains_to_close(con: duckdb.DuckDBPyConnection, index_code: str, year: int, unit_code: str,
                   points: float) -> pd.DataFrame:
    """The smallest set of lowest-level criterion gains that closes a gap of `points`.

    Greedy by recoverable points (max - score, largest first; ties in tree order): each
    criterion gains at most what it lost, the last one only what is still missing. Columns:
    criterion_code, name, score, max_score, gain, recoverable, cumulative_gain. The total is
    the last cumulative_gain; if everything recoverable is less than `points`, every criterion
    is listed and the total falls short."""
    crit = unit_criteria(con, index_code, year, unit_code)
    if crit.empty or points is None or points <= 0:
        empty = frame(columns=GAINS_COLUMNS)
        empty.attrs["total"] = 0.0
        return empty
    crit = crit[crit["is_lowest"] & crit["points_lost"].notna() & (crit["points_lost"] > 0)]
    crit = (crit.assign(_k=crit["criterion_code"].map(code_key))
            .sort_values(["points_lost", "_k"], ascending=[False, True], kind="mergesort"))
    rows, total = [], 0.0
    for r in crit.itertuples():
        remaining = points - total
        if remaining <= 1e-9:
            break
        gain = min(r.points_lost, remaining)
        total += gain
        rows.append([r.criterion_code, r.name, r.score, r.max_score, rounded(gain),
                     rounded(r.points_lost), rounded(total)])
    out = frame(rows, GAINS_COLUMNS)
    out.attrs["total"] = rounded(total)  # convenience; the last cumulative_gain says the same
    return out
