"""The points-lost ledger: every criterion of a unit's index-year, what it lost, how it moved,
and how far it is from the national mean, the best unit and the unit's own target.

Gaps are all "what is missing": `gap_to_X = X - score`, so a positive gap means the unit is
behind X and a negative one means it is ahead. The weakest criteria are the lowest-level ones
the unit has a score for (the leaves, or the deepest level scored), lowest pct first (compared at
two decimals), ties: more points lost first.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from analysis import agencies, catalog, config
from analysis.headline import compared_rows, group_stats
from analysis.queries import read as q
from analysis.values import clean, code_key, frame, records

if TYPE_CHECKING:
    import pandas as pd

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


def unit_leads(con, index_code: str, year: int, unit_code: str, level: str) -> dict | None:
    """Lead agencies of a province's criteria (`agencies.leads`, a dict of its rows by
    criterion_code), None for other levels or none."""
    if level != "province":
        return None
    rows = agencies.lead_rows(con, index_code, year, unit_code)
    return {r[0]: dict(zip(agencies.LEADS_COLUMNS, r)) for r in rows} or None


def ledger(con, index_code: str, year: int, unit_code: str) -> pd.DataFrame:
    """Every scored criterion of the unit (not the overall), in tree order."""
    index_code = index_code.upper()
    geography = catalog.fact_geography(con, index_code, year, unit_code)
    return ledger_frame(ledger_rows(con, index_code, year, unit_code, geography,
                                    compared_rows(con, index_code, year, geography,
                                                  unit_code=unit_code)))


def group_of(rows: list[dict]) -> tuple:
    """(level, parent_code, region) of the unit whose `compared_rows` these are (not empty)."""
    first = rows[0]
    return clean(first["level"]), clean(first["parent_code"]), clean(first["region"])


def unit_targets(con, index_code: str, year: int, unit_code: str, geography: str) -> list[dict]:
    """criterion_code, target_score, target_rank, note: the unit's targets of the index-year."""
    return records(con.execute(q.TARGETS, {"geography": geography, "unit_code": unit_code,
                                           "index_code": index_code.upper(), "year": int(year)}))


def ledger_rows(con, index_code: str, year: int, unit_code: str, geography: str,
                rows: list[dict], *, stats: list[dict] | None = None,
                targets: list[dict] | None = None) -> list[dict]:
    """`ledger` (as dicts with LEDGER_COLUMNS) from the unit's `compared_rows` already read (all
    criteria); the group's `group_stats` (all criteria) and `unit_targets` too when the caller
    has them."""
    rows = [r for r in rows if r["criterion_code"] != ""]
    if not rows:
        return []
    level, parent, region = group_of(rows)
    if stats is None:
        stats = group_stats(con, index_code, year, geography, level, parent, region)
    if targets is None:
        targets = unit_targets(con, index_code, year, unit_code, geography)
    by_code = {"stats": {s["criterion_code"]: s for s in stats},
               "target": {t["criterion_code"]: t for t in targets},
               "lead": unit_leads(con, index_code, year, unit_code, level) or {}}
    leaf = lowest_level([r["criterion_code"] for r in rows])
    out = [_ledger_row(r, is_leaf, by_code) for r, is_leaf in zip(rows, leaf)]
    return sorted(out, key=lambda r: code_key(r["criterion_code"]))


def _ledger_row(r: dict, is_leaf: bool, by_code: dict) -> dict:
    code = r["criterion_code"]
    stats = by_code["stats"].get(code, {})
    target = clean(by_code["target"].get(code, {}).get("target_score"))
    lead = by_code["lead"].get(code, {})
    score, mean, best = clean(r["score"]), clean(stats.get("mean_score")), clean(stats.get("best_score"))
    target = None if target is None else float(target)
    return {**{c: r.get(c) for c in LEDGER_COLUMNS},
            "parent_code": criterion_parent(code), "is_leaf": is_leaf,
            "name": code if clean(r["name"]) is None else r["name"],
            "points_lost": _minus(r["max_score"], score), "national_mean": mean,
            "gap_to_mean": _minus(mean, score), "best_score": best,
            "gap_to_best": _minus(best, score), "target_score": target,
            "gap_to_target": _minus(target, score),
            "lead_code": lead.get("lead_code"), "lead_name": lead.get("lead_name"),
            "mean_of": clean(stats.get("n_units"))}


def _minus(a, b) -> float | None:
    """a - b, missing when either is (a gap to a figure nobody has is no gap)."""
    a, b = clean(a), clean(b)
    return None if a is None or b is None else a - b


LEDGER_DTYPES = {"depth": "int32", "is_leaf": "bool", "mean_of": "Int64",
                 **{c: "float64" for c in ("max_score", "score", "pct", "points_lost",
                                           "previous_score", "delta_score", "national_mean",
                                           "gap_to_mean", "best_score", "gap_to_best",
                                           "target_score", "gap_to_target")}}


def ledger_frame(rows: list[dict]) -> pd.DataFrame:
    """`ledger_rows` as the DataFrame the screens and exports show."""
    return frame(rows, LEDGER_COLUMNS, LEDGER_DTYPES)


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
    """`weakest_rows` of a ledger frame, as a frame."""
    return df.iloc[_weakest_order(df.to_dict("records"), n)].reset_index(drop=True)


def weakest_rows(rows: list[dict], n: int = 10) -> list[dict]:
    """The lowest-level rows of a ledger, lowest pct first (two decimals), then most points lost."""
    return [rows[i] for i in _weakest_order(rows, n)]


def _weakest_order(rows: list[dict], n: int) -> list[int]:
    def key(i):
        pct, lost = clean(rows[i]["pct"]), clean(rows[i]["points_lost"])
        return (pct is None, 0 if pct is None else round(pct, 2),
                lost is None, 0 if lost is None else -lost, code_key(rows[i]["criterion_code"]))

    leaves = [i for i, r in enumerate(rows) if r["is_leaf"] and clean(r["score"]) is not None]
    return sorted(leaves, key=key)[:n]


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
    leads = details["leads"] or {}
    if criterion_code in leads:
        lead = {k: plain(v) for k, v in leads[criterion_code].items()}
    return {"history": rows(details["histories"])[["year", "score", "pct", "rank"]],
            "distribution": rows(details["distributions"]), "lead": lead}


def criterion_detail(con, index_code: str, year: int, unit_code: str, criterion_code: str) -> dict:
    """history (year, score, pct, rank), distribution over the rank group (unit_code, name,
    score, pct, rank) and the lead agency (dict or None) of one criterion."""
    return detail_of(criteria_details(con, index_code, year, unit_code), criterion_code)
