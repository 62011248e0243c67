"""Lead agencies: who answers for each criterion, what each agency's criteria cost the province,
the "giải trình" list the chair reads out, and the follow-up of last year's weak items.

Rules (data contract, section 3):
- a criterion's lead is its own responsibility row valid that year, else the nearest ancestor's
  (a child inherits its parent's lead unless it has its own row); of two rows valid the same
  year the one that started latest wins;
- points lost by an agency are summed over the LOWEST-level criteria it leads (the leaves, or
  the deepest level the province has scores for), so a parent and its children never both count;
- a criterion is compared with last year by code, and only where its name is the same in both
  trees (a renumbered or renamed criterion has no change, rather than a wrong one).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import duckdb

from analysis.catalog import fact_geography
from analysis.geo import geography_of_year
from analysis.queries import read_org as q
from analysis.values import clean, code_key, frame, parent_of, records, rounded, same_name

if TYPE_CHECKING:
    import pandas as pd

LEADS_COLUMNS = ["criterion_code", "lead_code", "lead_name", "support_codes", "support_names",
                 "assigned_at", "name"]
SUMMARY_COLUMNS = ["lead_code", "lead_name", "criteria_led", "points_lost",
                   "previous_points_lost", "delta_points_lost", "weakest_items"]
ACCOUNTABILITY_COLUMNS = ["lead_name", "criterion_code", "name", "score", "max_score", "pct",
                          "points_lost", "delta_score", "lead_code"]
FOLLOW_UP_COLUMNS = ["lead_code", "lead_name", "criterion_code", "name", "previous_year",
                     "previous_score", "score", "previous_pct", "pct", "delta", "improved"]

WEAKEST_N = 10  # "among the 10 weakest" counts as weak even above the threshold


def previous_year(con: duckdb.DuckDBPyConnection, index_code: str, year: int, unit_code: str,
                  geography: str | None = None) -> int | None:
    """The year before, when the unit has a score then in the same geography (a change is only
    against the previous edition; never across the 2025 merger)."""
    geography = geography or fact_geography(con, index_code, year, unit_code)
    rows = con.execute(q.PREVIOUS_YEAR, {"index_code": index_code.upper(), "year": int(year),
                                         "geography": geography, "unit_code": unit_code}).fetchall()
    return rows[0][0] if rows else None


def unit_criteria(con: duckdb.DuckDBPyConnection, index_code: str, year: int, unit_code: str,
                  geography: str | None = None) -> pd.DataFrame:
    """Every criterion fact of a unit-year: criterion_code, name, depth, score, max_score, pct,
    points_lost, rank, rank_of, is_lowest; in tree order."""
    df = _criteria_query(con, index_code, year, unit_code, geography).df()
    return df.iloc[_tree_positions(list(df["criterion_code"]))].reset_index(drop=True)


def criteria_rows(con: duckdb.DuckDBPyConnection, index_code: str, year: int, unit_code: str,
                  geography: str | None = None) -> list[dict]:
    """`unit_criteria` as dicts."""
    rows = records(_criteria_query(con, index_code, year, unit_code, geography))
    return [rows[i] for i in _tree_positions([r["criterion_code"] for r in rows])]


def _criteria_query(con, index_code: str, year: int, unit_code: str, geography: str | None):
    geography = geography or fact_geography(con, index_code, year, unit_code)
    return con.execute(q.UNIT_CRITERIA, {"index_code": index_code.upper(), "year": int(year),
                                         "geography": geography, "unit_code": unit_code})


def _tree_positions(codes: list[str]) -> list[int]:
    return sorted(range(len(codes)), key=lambda i: code_key(codes[i]))


def weakest_first(df: pd.DataFrame) -> pd.DataFrame:
    """Lowest pct first, ties: more points lost first, then tree order."""
    return df.iloc[_weakest_first(df.to_dict("records"))]


def _weakest_first(rows: list[dict], among=None) -> list[int]:
    """Positions of `rows` (or of those `among` them) in `weakest_first` order, missing last."""
    def key(i):
        pct, lost = clean(rows[i]["pct"]), clean(rows[i]["points_lost"])
        return (pct is None, pct or 0, lost is None, -(lost or 0), code_key(rows[i]["criterion_code"]))

    return sorted(range(len(rows)) if among is None else among, key=key)


# ---- lead agencies ----------------------------------------------------------------------------

def leads(con: duckdb.DuckDBPyConnection, index_code: str, year: int,
          province_code: str) -> pd.DataFrame:
    """For every criterion of the tree in force in `year`, its lead and supporting agencies in
    `province_code` (a code of the year's geography).

    Columns: criterion_code, lead_code, lead_name, support_codes (list), support_names ("; "
    joined), assigned_at (the criterion whose row gave it: itself, or the ancestor it inherits
    from; '' = a row for the whole index), name (the criterion's). Unassigned criteria have
    None in the lead columns."""
    return frame(lead_rows(con, index_code, year, province_code), LEADS_COLUMNS)


def lead_rows(con: duckdb.DuckDBPyConnection, index_code: str, year: int,
              province_code: str) -> list[list]:
    """`leads` as rows (lists in the order of LEADS_COLUMNS), in tree order."""
    params = {"index_code": index_code.upper(), "year": int(year)}
    tree = con.execute(q.TREE_IN_FORCE, params).fetchall()
    assigned = {row[0]: row for row in con.execute(
        q.RESPONSIBILITIES_IN_FORCE, {**params, "province_code": province_code}).fetchall()}
    out = []
    for code, name, _max in sorted(tree, key=lambda r: code_key(r[0])):
        source = _nearest_assigned(code, assigned)
        if source is None:
            out.append([code, None, None, None, None, None, name])
            continue
        at, lead_code, lead_name, support_codes, support_names = source
        out.append([code, lead_code, lead_name, list(support_codes or []),
                    "; ".join(support_names) if support_names else None, at, name])
    return out


def _nearest_assigned(code: str, assigned: dict) -> tuple | None:
    """The row of the criterion itself, else of its nearest ancestor (up to the overall '')."""
    at: str | None = code
    while at is not None:
        if at in assigned:
            return assigned[at]
        at = parent_of(at)
    return None


def lowest_with_leads(con: duckdb.DuckDBPyConnection, index_code: str, year: int,
                      province_code: str) -> pd.DataFrame:
    """The province's lowest-level criteria of a year with score, pct, points lost and lead."""
    crit = unit_criteria(con, index_code, year, province_code, geography_of_year(year))
    crit = crit[crit["is_lowest"]].reset_index(drop=True)
    leads = _leads_by_code(con, index_code, year, province_code)
    return crit.assign(lead_code=[leads.get(c, (None, None))[0] for c in crit["criterion_code"]],
                       lead_name=[leads.get(c, (None, None))[1] for c in crit["criterion_code"]])


def lowest_rows(con: duckdb.DuckDBPyConnection, index_code: str, year: int,
                province_code: str) -> list[dict]:
    """`lowest_with_leads` as dicts."""
    leads = _leads_by_code(con, index_code, year, province_code)
    return [{**r, "lead_code": leads.get(r["criterion_code"], (None, None))[0],
             "lead_name": leads.get(r["criterion_code"], (None, None))[1]}
            for r in criteria_rows(con, index_code, year, province_code, geography_of_year(year))
            if r["is_lowest"]]


def _leads_by_code(con, index_code: str, year: int, province_code: str) -> dict:
    """criterion_code -> (lead_code, lead_name)."""
    return {r[0]: (r[1], r[2]) for r in lead_rows(con, index_code, year, province_code)}


def _weak(df: pd.DataFrame, threshold: float, n: int) -> pd.DataFrame:
    return df.iloc[_weak_positions(df.to_dict("records"), threshold, n)]


def _weak_positions(rows: list[dict], threshold: float, n: int) -> list[int]:
    """Weak items: pct below the threshold (at two decimals), or among the n weakest; weakest
    first."""
    ordered = _weakest_first(rows, [i for i, r in enumerate(rows) if clean(r["pct"]) is not None])
    weakest = {rows[i]["criterion_code"] for i in ordered[:n]}
    return [i for i in ordered
            if round(rows[i]["pct"], 2) < threshold or rows[i]["criterion_code"] in weakest]


def _previous_scores(con, index_code: str, year: int, province_code: str,
                     prev_year: int | None) -> dict[str, tuple[str | None, float, float | None]]:
    """code -> (name, score, pct) of the previous year, for matching by code and name."""
    if prev_year is None:
        return {}
    prev = criteria_rows(con, index_code, prev_year, province_code, geography_of_year(year))
    return {r["criterion_code"]: (r["name"], r["score"], r["pct"]) for r in prev}


def agency_summary(con: duckdb.DuckDBPyConnection, index_code: str, year: int,
                   province_code: str, n_items: int = 3) -> pd.DataFrame:
    """Per lead agency: criteria_led (lowest-level criteria with a score), points_lost, the same
    for the previous year (with that year's tree and assignment), delta_points_lost (positive =
    lost more than last year), weakest_items (names of its n_items weakest, "; " joined).
    Largest points lost first. Criteria without a lead are left out."""
    current = lowest_with_leads(con, index_code, year, province_code)
    current = current[current["lead_code"].notna()]
    if current.empty:
        return frame(columns=SUMMARY_COLUMNS)
    prev_year = previous_year(con, index_code, year, province_code, geography_of_year(year))
    previous_lost: dict[str, float] = {}
    if prev_year is not None:
        prev = lowest_with_leads(con, index_code, prev_year, province_code)
        prev = prev[prev["lead_code"].notna()]
        previous_lost = prev.groupby("lead_code")["points_lost"].sum(min_count=1).to_dict()
    rows = []
    for lead_code, items in current.groupby("lead_code", sort=False):
        lost = rounded(items["points_lost"].sum(min_count=1))
        before = rounded(previous_lost.get(lead_code))
        weakest = weakest_first(items)["name"].head(n_items)
        rows.append([lead_code, items["lead_name"].iloc[0], len(items), lost, before,
                     rounded(lost - before) if lost is not None and before is not None else None,
                     "; ".join(str(x) for x in weakest if x is not None)])
    out = frame(rows, SUMMARY_COLUMNS)
    return out.sort_values(["points_lost", "lead_name"], ascending=[False, True],
                           na_position="last", kind="mergesort").reset_index(drop=True)


def _by_agency(df: pd.DataFrame, within: list[str], ascending: list[bool]) -> pd.DataFrame:
    return df.iloc[_by_agency_positions(df.to_dict("records"), within, ascending)
                   ].reset_index(drop=True)


def _by_agency_positions(rows: list[dict], within: list[str], ascending: list[bool]) -> list[int]:
    """Rows grouped by agency, the agency with the most points lost in the list first (the chair
    starts with the heaviest), unassigned last; `within` orders each agency's rows (missing
    values last)."""
    totals: dict = {}
    for r in rows:
        lead = clean(r["lead_code"])
        totals[lead] = totals.get(lead, 0) + (clean(r["points_lost"]) or 0)

    def key(i):
        r = rows[i]
        lead = clean(r["lead_code"])
        inner = []
        for column, up in zip(within, ascending):
            value = clean(r[column])
            inner += [value is None, 0 if value is None else (value if up else -value)]
        return (lead is None, -totals[lead], lead or "", *inner, code_key(r["criterion_code"]))

    return sorted(range(len(rows)), key=key)


def accountability_list(con: duckdb.DuckDBPyConnection, index_code: str, year: int,
                        province_code: str, threshold: float = 70.0,
                        n: int = WEAKEST_N) -> pd.DataFrame:
    """`accountability_rows` as a frame of ACCOUNTABILITY_COLUMNS."""
    rows = accountability_rows(con, index_code, year, province_code, threshold, n)
    if not rows:
        return frame(columns=ACCOUNTABILITY_COLUMNS)
    return frame(rows, ACCOUNTABILITY_COLUMNS, {c: "float64" for c in ("score", "max_score", "pct",
                                                                       "points_lost")})


def accountability_rows(con: duckdb.DuckDBPyConnection, index_code: str, year: int,
                        province_code: str, threshold: float = 70.0,
                        n: int = WEAKEST_N) -> list[dict]:
    """The "giải trình" list: one row per weak lowest-level criterion (pct below `threshold`, or
    among the `n` weakest) with its lead agency, score, max, pct, points lost and delta_score
    from the previous year (None where the criterion cannot be matched). Grouped by agency,
    most points lost first within each."""
    current = lowest_rows(con, index_code, year, province_code)
    weak = [current[i] for i in _weak_positions(current, threshold, n)]
    if not weak:
        return []
    prev_year = previous_year(con, index_code, year, province_code, geography_of_year(year))
    before = _previous_scores(con, index_code, year, province_code, prev_year)
    for r in weak:
        match = before.get(r["criterion_code"])
        ok = match is not None and same_name(match[0], r["name"])
        r["delta_score"] = rounded(r["score"] - match[1]) if ok else None
    return [weak[i] for i in _by_agency_positions(weak, ["points_lost"], [False])]


def follow_up(con: duckdb.DuckDBPyConnection, index_code: str, year: int, province_code: str,
              threshold: float = 70.0, n: int = WEAKEST_N) -> pd.DataFrame:
    """Last year's weak items (pct below `threshold` or among the `n` weakest of the previous
    year with a score) under the agency that led them then, and how they did this year:
    previous_pct, pct, delta (pct points), improved (pct higher at two decimals; None where the
    item has no comparable score this year). Empty when there is no previous year."""
    prev_year = previous_year(con, index_code, year, province_code, geography_of_year(year))
    if prev_year is None:
        return frame(columns=FOLLOW_UP_COLUMNS)
    weak = _weak(lowest_with_leads(con, index_code, prev_year, province_code), threshold, n)
    now = unit_criteria(con, index_code, year, province_code, geography_of_year(year))
    now_by_code = {r.criterion_code: r for r in now.itertuples()}
    rows = []
    for r in weak.itertuples():
        cur = now_by_code.get(r.criterion_code)
        if cur is not None and not same_name(cur.name, r.name):
            cur = None  # renumbered or renamed: not the same item
        score = cur.score if cur is not None else None
        pct = rounded(cur.pct) if cur is not None else None
        delta = rounded(pct - r.pct) if pct is not None and r.pct is not None else None
        improved = None if pct is None else bool(round(pct, 2) > round(r.pct, 2))
        rows.append([r.lead_code, r.lead_name, r.criterion_code, r.name, prev_year, r.score,
                     score, rounded(r.pct), pct, delta, improved])
    out = frame(rows, FOLLOW_UP_COLUMNS)
    out["points_lost"] = [rounded(x) for x in weak["points_lost"]]  # orders agencies, then dropped
    out = _by_agency(out, ["previous_pct"], [True])
    return out[FOLLOW_UP_COLUMNS]
