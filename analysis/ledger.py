"""The points-lost ledger: every criterion of a unit's index-year, what it lost, how it moved,
and how far it is from the national mean, the best unit and the unit's own target.

Gaps are all "what is missing": `gap_to_X = X - score`, so a positive gap means the unit is
behind X and a negative one means it is ahead. The weakest criteria are the lowest-level ones
the unit has a score for (the leaves, or the deepest level scored), lowest pct first (compared at
two decimals), ties: more points lost first.
"""
from __future__ import annotations

import pandas as pd

from analysis import agencies, catalog, config
from analysis.headline import compared, group_stats_frame
from analysis.queries import read as q
from analysis.values import clean, code_key

LEDGER_COLUMNS = [
    "criterion_code", "parent_code", "depth", "name", "name_en", "is_leaf", "max_score", "score", "pct",
    "points_lost", "previous_score", "delta_score", "national_mean", "gap_to_mean", "best_score",
    "gap_to_best", "target_score", "gap_to_target", "lead_code", "lead_name", "break_note",
    "mean_of",  # how many units the national (group) mean rests on: coverage, stated where shown
]


def criterion_parent(code: str) -> str:
    """'1.2.3' -> '1.2'; '1' -> '' (the overall)."""
    return code.rsplit(".", 1)[0] if "." in code else ""


def lowest_level(codes: list[str]) -> list[bool]:
    """For each code: no other code of the list hangs under it (leaf, or deepest level scored)."""
    ancestors = set()
    for code in codes:
        while "." in code:
            code = criterion_parent(code)
            ancestors.add(code)
    return [c not in ancestors for c in codes]


def plain(value):
    """A DataFrame cell as a plain Python value (lists stay lists, NaN becomes None)."""
    if isinstance(value, (list, tuple)):
        return list(value)
    if hasattr(value, "tolist") and getattr(value, "ndim", 0) > 0:
        return value.tolist()
    return clean(value)


def unit_leads(con, index_code: str, year: int, unit_code: str, level: str) -> pd.DataFrame | None:
    """Lead agencies of a province's criteria (`agencies.leads`), None for other levels or none."""
    if level != "province":
        return None
    df = agencies.leads(con, index_code, year, unit_code)
    return df if df is not None and len(df) else None


def ledger(con, index_code: str, year: int, unit_code: str) -> pd.DataFrame:
    """Every scored criterion of the unit (not the overall), in tree order."""
    index_code = index_code.upper()
    geography = catalog.fact_geography(con, index_code, year, unit_code)
    return ledger_of(con, index_code, year, unit_code, geography,
                     compared(con, index_code, year, geography, unit_code=unit_code))


def group_of(rows: pd.DataFrame) -> tuple:
    """(level, parent_code, region) of the unit whose `compared` rows these are (not empty)."""
    first = rows.iloc[0]
    return clean(first["level"]), clean(first["parent_code"]), clean(first["region"])


def unit_targets(con, index_code: str, year: int, unit_code: str, geography: str) -> pd.DataFrame:
    """criterion_code, target_score, target_rank, note: the unit's targets of the index-year."""
    return con.execute(q.TARGETS, {"geography": geography, "unit_code": unit_code,
                                   "index_code": index_code.upper(), "year": int(year)}).df()


def ledger_of(con, index_code: str, year: int, unit_code: str, geography: str,
              rows: pd.DataFrame, *, stats: pd.DataFrame | None = None,
              targets: pd.DataFrame | None = None) -> pd.DataFrame:
    """`ledger` from the unit's `compared` rows already read (all criteria); the group's
    `group_stats_frame` (all criteria) and `unit_targets` too when the caller has them."""
    df = rows[rows.criterion_code != ""].reset_index(drop=True)
    if df.empty:
        return pd.DataFrame(columns=LEDGER_COLUMNS)
    level, parent, region = group_of(df)
    if stats is None:
        stats = group_stats_frame(con, index_code, year, geography, level, parent, region)
    df = df.merge(stats[["criterion_code", "mean_score", "best_score", "n_units"]]
                  .rename(columns={"n_units": "mean_of"}), on="criterion_code", how="left")
    df["mean_of"] = df["mean_of"].astype("Int64")
    if targets is None:
        targets = unit_targets(con, index_code, year, unit_code, geography)
    df = df.merge(targets[["criterion_code", "target_score"]], on="criterion_code", how="left")
    leads = unit_leads(con, index_code, year, unit_code, level)
    if leads is not None:
        df = df.merge(leads[["criterion_code", "lead_code", "lead_name"]], on="criterion_code",
                      how="left")
    else:
        df["lead_code"] = None
        df["lead_name"] = None
    df["name"] = df["name"].where(df["name"].notna(), df["criterion_code"])
    df["parent_code"] = [criterion_parent(c) for c in df.criterion_code]
    df["is_leaf"] = lowest_level(list(df.criterion_code))
    df["points_lost"] = df.max_score - df.score
    df["national_mean"] = df.mean_score
    df["gap_to_mean"] = df.mean_score - df.score
    df["gap_to_best"] = df.best_score - df.score
    df["target_score"] = df.target_score.astype("float64")
    df["gap_to_target"] = df.target_score - df.score
    order = sorted(range(len(df)), key=lambda i: code_key(df.criterion_code.iloc[i]))
    return df.iloc[order][LEDGER_COLUMNS].reset_index(drop=True)


def _leaves(df: pd.DataFrame) -> pd.DataFrame:
    return df[df.is_leaf & df.score.notna()]


def weakest_first(df: pd.DataFrame) -> pd.DataFrame:
    """Rows in the contract's weakest-first order: lowest pct (two decimals) first, then most
    points lost, then tree order; rows without a score last. One order for every table and
    chart that says "weakest first", so the two never disagree."""
    keyed = df.assign(_pct2=df["pct"].astype("float64").round(2),
                      _lost=df["points_lost"].astype("float64"),
                      _key=[code_key(c) for c in df["criterion_code"]])
    keyed = keyed.sort_values(["_pct2", "_lost", "_key"], ascending=[True, False, True],
                              na_position="last", kind="stable")
    return keyed.drop(columns=["_pct2", "_lost", "_key"]).reset_index(drop=True)


def weakest_of(df: pd.DataFrame, n: int = 10) -> pd.DataFrame:
    """The lowest-level rows of a ledger, lowest pct first (two decimals), then most points lost."""
    leaves = _leaves(df).copy()
    leaves["_pct2"] = leaves.pct.round(2)
    leaves["_key"] = [code_key(c) for c in leaves.criterion_code]
    leaves = leaves.sort_values(["_pct2", "points_lost", "_key"], ascending=[True, False, True],
                                kind="stable")
    return leaves.drop(columns=["_pct2", "_key"]).head(n).reset_index(drop=True)


def weakest(con, index_code: str, year: int, unit_code: str, n: int = 10) -> pd.DataFrame:
    return weakest_of(ledger(con, index_code, year, unit_code), n)


def fell_most(con, index_code: str, year: int, unit_code: str, n: int = 10) -> pd.DataFrame:
    """Lowest-level criteria that lost points since the comparable previous year, biggest fall
    first."""
    leaves = _leaves(ledger(con, index_code, year, unit_code))
    fell = leaves[leaves.delta_score.round(2) < 0].copy()
    fell["_key"] = [code_key(c) for c in fell.criterion_code]
    fell = fell.sort_values(["delta_score", "_key"], kind="stable").drop(columns="_key")
    return fell.head(n).reset_index(drop=True)


def below_threshold(con, index_code: str, year: int, unit_code: str,
                    threshold: float = config.WEAK_THRESHOLD) -> pd.DataFrame:
    """Lowest-level criteria whose pct (at two decimals) is below the threshold, weakest first."""
    df = ledger(con, index_code, year, unit_code)
    return weakest_of(df[df.pct.round(2) < threshold], n=len(df))


def criteria_details(con, index_code: str, year: int, unit_code: str) -> dict:
    """Every criterion's detail of a unit-year at once (three queries, whatever the number of
    criteria), so that a page asks it once and opens any row from it (`detail_of`):
    histories (criterion_code + `criterion_detail`'s history columns), distributions
    (criterion_code + its distribution columns) and leads (`unit_leads`)."""
    index_code = index_code.upper()
    geography = catalog.fact_geography(con, index_code, year, unit_code)
    histories = con.execute(q.HISTORIES, {"index_code": index_code, "geography": geography,
                                          "unit_code": unit_code}).df()
    unit = catalog.unit_row(con, geography, unit_code) or {}
    level = unit.get("level") or "province"
    distributions = con.execute(q.DISTRIBUTIONS, {
        "index_code": index_code, "year": int(year), "geography": geography, "level": level,
        "parent_code": unit.get("parent_code")}).df()
    return {"histories": histories, "distributions": distributions,
            "leads": unit_leads(con, index_code, year, unit_code, level)}


def detail_of(details: dict, criterion_code: str) -> dict:
    """One criterion's history (year, score, pct, rank), distribution over the rank group
    (unit_code, name, score, pct, rank) and lead agency (dict or None), from `criteria_details`."""
    def rows(frame: pd.DataFrame) -> pd.DataFrame:
        return frame[frame["criterion_code"] == criterion_code].drop(columns="criterion_code").reset_index(drop=True)
    lead = None
    leads = details["leads"]
    if leads is not None:
        chosen = leads[leads.criterion_code == criterion_code]
        if len(chosen):
            lead = {k: plain(v) for k, v in chosen.iloc[0].to_dict().items()}
    return {"history": rows(details["histories"])[["year", "score", "pct", "rank"]],
            "distribution": rows(details["distributions"]), "lead": lead}


def criterion_detail(con, index_code: str, year: int, unit_code: str, criterion_code: str) -> dict:
    """history (year, score, pct, rank), distribution over the rank group (unit_code, name,
    score, pct, rank) and the lead agency (dict or None) of one criterion."""
    return detail_of(criteria_details(con, index_code, year, unit_code), criterion_code)
