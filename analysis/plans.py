"""Remediation plans (kế hoạch khắc phục): what each lead agency committed to do about a weak
item of a result, whether it did, and whether the item moved in the next result.

Rules (data contract, §2 `plans`, and issue 15):
- a plan is overdue when its deadline has passed (the deadline is before the day `on`) and its
  status is not `hoan_thanh`;
- the weak items of a result are the "giải trình" list (`agencies.accountability_list`): the
  lowest-level criteria below the threshold or among the weakest;
- an item's follow-up state: `missing` (no plan), `overdue` (some plan overdue), `done` (every
  plan done), else `in_progress`;
- movement: the item's pct and rank in the next year's result against the planned year's, for
  the same criterion (same code and name) in the same geography; none across the 2025 merger.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import datetime as dt

import duckdb

from analysis.agencies import WEAKEST_N, accountability_rows, criteria_rows, previous_year
from analysis.geo import geography_of_year
from analysis.queries import read_plans as q
from analysis.values import clean, code_key, frame, records, rounded, same_name

if TYPE_CHECKING:
    import pandas as pd

STATUSES = ("chua_thuc_hien", "dang_thuc_hien", "hoan_thanh")
DONE = "hoan_thanh"
STATES = ("missing", "overdue", "in_progress", "done")
# Plans answering the result of year Y are due by 31 May of Y + 1 (the usual provincial rule).
PLAN_DUE_MONTH_DAY = (5, 31)

PLAN_COLUMNS = ["criterion_code", "name", "agency_code", "agency_name", "action", "deadline",
                "status", "evidence", "updated_at", "overdue", "batch_id"]
FOLLOW_UP_COLUMNS = ["agency_code", "agency_name", "criterion_code", "name", "weak", "pct",
                     "points_lost", "plans", "done", "overdue", "state", "deadline", "next_year",
                     "next_pct", "delta_pct", "rank", "next_rank", "delta_rank"]
PROGRESS_COLUMNS = ["agency_code", "agency_name", "weak_items", "with_plan", "done", "overdue",
                    "missing", "improved", "declined"]
MISSING_COLUMNS = ["agency_code", "agency_name", "criterion_code", "name", "pct", "points_lost", "due"]


def plan_due(year: int) -> dt.date:
    """The day plans answering the result of `year` are due."""
    return dt.date(int(year) + 1, *PLAN_DUE_MONTH_DAY)


def has_plans_table(con: duckdb.DuckDBPyConnection) -> bool:
    """False on a database made before plans existed (its next write adds the table)."""
    return con.execute(q.HAS_PLAN_TABLE).fetchall()[0][0] > 0


def plan_years(con: duckdb.DuckDBPyConnection, index_code: str, province_code: str) -> list[int]:
    """The result years a province has plans for, newest first."""
    if not has_plans_table(con):
        return []
    return [int(y) for (y,) in con.execute(q.PLAN_YEARS, {"index_code": index_code.upper(),
                                                         "province_code": province_code}).fetchall()]


def followed_year(con: duckdb.DuckDBPyConnection, index_code: str, year: int, province_code: str) -> int:
    """The result whose plans a meeting on `year` follows: the newest with plans up to `year`,
    else `year` itself (its plans are being made)."""
    earlier = [y for y in plan_years(con, index_code, province_code) if y <= int(year)]
    return max(earlier) if earlier else int(year)


def plans(con: duckdb.DuckDBPyConnection, index_code: str, year: int, province_code: str,
          on: dt.date | None = None) -> pd.DataFrame:
    """The plans answering the result of `year` for a province, in tree order: PLAN_COLUMNS
    (status one of STATUSES; overdue as of `on`, default today)."""
    rows = plan_rows(con, index_code, year, province_code, on)
    if not rows:
        return frame(columns=PLAN_COLUMNS)
    df = frame(rows, PLAN_COLUMNS, {"batch_id": "int32"})  # DuckDB's INTEGER, as before
    for col in ("name", "evidence"):
        df[col] = df[col].astype(object).where(df[col].notna(), None)
    return df


def plan_rows(con: duckdb.DuckDBPyConnection, index_code: str, year: int, province_code: str,
              on: dt.date | None = None) -> list[dict]:
    """`plans` as dicts (dates as dates)."""
    if not has_plans_table(con):
        return []
    rows = records(con.execute(q.PLANS, {"index_code": index_code.upper(), "year": int(year),
                                         "province_code": province_code,
                                         "on": on or dt.date.today()}))
    for r in rows:
        r["deadline"], r["updated_at"] = _date(r["deadline"]), _date(r["updated_at"])
    return sorted(rows, key=lambda r: (code_key(r["criterion_code"]), _last(r["agency_name"]),
                                       _last(r["action"])))


def _last(text) -> tuple:
    """A sort key putting a missing text after every other."""
    return (text is None, text or "")


CONTRACT_COLUMNS = ["province_code", "index_code", "result_year", "criterion_code", "agency_code",
                    "action", "deadline", "status", "evidence", "updated_at"]


def all_plans(con: duckdb.DuckDBPyConnection, index_code: str | None = None, year: int | None = None,
              province_code: str | None = None) -> pd.DataFrame:
    """Stored plans in the contract's columns (dates as 2024-05-31), so the table loads back as
    it is; filtered by index, result year and province when given."""
    if not has_plans_table(con):
        return frame(columns=CONTRACT_COLUMNS)
    return con.execute(q.ALL_PLANS, {"index_code": index_code.upper() if index_code else None,
                                     "result_year": int(year) if year is not None else None,
                                     "province_code": province_code}).df()[CONTRACT_COLUMNS]


def _date(x) -> dt.date | None:
    x = clean(x)
    return x.date() if isinstance(x, dt.datetime) else x


def state_of(statuses: list[str], overdue: list[bool]) -> str:
    """The follow-up state of one item from its plans' statuses and overdue flags."""
    if not statuses:
        return "missing"
    if any(overdue):
        return "overdue"
    if all(s == DONE for s in statuses):
        return "done"
    return "in_progress"


def follow_up(con: duckdb.DuckDBPyConnection, index_code: str, year: int, province_code: str,
              on: dt.date | None = None, threshold: float = 70.0,
              n: int = WEAKEST_N) -> pd.DataFrame:
    """`follow_up_rows` as a frame of FOLLOW_UP_COLUMNS."""
    return frame(follow_up_rows(con, index_code, year, province_code, on, threshold, n),
                 FOLLOW_UP_COLUMNS)


def follow_up_rows(con: duckdb.DuckDBPyConnection, index_code: str, year: int,
                   province_code: str, on: dt.date | None = None, threshold: float = 70.0,
                   n: int = WEAKEST_N) -> list[list]:
    """One row per weak item of the result of `year` and agency, and per planned item that is
    not weak: FOLLOW_UP_COLUMNS. A weak item is under the agencies that sent a plan for it, else
    under its lead (state `missing`). plans / done / overdue count its plans; deadline is the
    earliest deadline of its plans not done; next_* are the next year's figures when that result
    is in (delta_pct in percentage points, delta_rank positive = moved up)."""
    year = int(year)
    weak = accountability_rows(con, index_code, year, province_code, threshold, n)
    planned = plan_rows(con, index_code, year, province_code, on)
    now = _by_code(criteria_rows(con, index_code, year, province_code, geography_of_year(year)))
    nxt = _next_year(con, index_code, year, province_code)
    later = (_by_code(criteria_rows(con, index_code, nxt, province_code, geography_of_year(year)))
             if nxt is not None else {})
    rows = []
    weak_codes = {item["criterion_code"] for item in weak}
    for item in weak:
        code = item["criterion_code"]
        mine = _groups([p for p in planned if p["criterion_code"] == code],
                       ("agency_code", "agency_name"))
        if not mine:
            rows.append(_row(item["lead_code"], item["lead_name"], code, item["name"], True, [],
                             now, later, nxt))
        for (agency, agency_name), group in mine.items():
            rows.append(_row(agency, agency_name, code, item["name"], True, group, now, later, nxt))
    others = _groups([p for p in planned if p["criterion_code"] not in weak_codes],
                     ("criterion_code", "agency_code", "agency_name"))
    for (code, agency, agency_name), group in others.items():
        rows.append(_row(agency, agency_name, code, group[0]["name"], False, group, now, later, nxt))
    # agencies by name, unassigned last; weak items first within each, in tree order
    return sorted(rows, key=lambda r: (r[0] is None, *_last(r[1]), not r[4], code_key(r[2])))


def _groups(rows: list[dict], by: tuple[str, ...]) -> dict[tuple, list[dict]]:
    """Rows grouped by the values of `by`, groups in order of first appearance (rows with a
    missing key left out, as a frame's groupby does)."""
    groups: dict[tuple, list[dict]] = {}
    for r in rows:
        key = tuple(r[c] for c in by)
        if all(k is not None for k in key):
            groups.setdefault(key, []).append(r)
    return groups


def _by_code(rows: list[dict]) -> dict:
    return {r["criterion_code"]: r for r in rows}


def _next_year(con, index_code: str, year: int, province_code: str) -> int | None:
    """The next result's year when it is in and comparable (same geography)."""
    found = previous_year(con, index_code, year + 1, province_code, geography_of_year(year + 1))
    return year + 1 if found == year else None


def _row(agency, agency_name, code, name, weak, group, now, later, nxt) -> list:
    statuses = [p["status"] for p in group]
    overdue = [bool(p["overdue"]) for p in group]
    open_deadlines = [p["deadline"] for p in group if p["deadline"] is not None and p["status"] != DONE]
    cur = now.get(code)
    nxt_row = later.get(code)
    if nxt_row is not None and (cur is None or not same_name(nxt_row["name"], cur["name"])):
        nxt_row = None  # renumbered or renamed: not the same item
    pct = rounded(cur["pct"]) if cur is not None else None
    next_pct = rounded(nxt_row["pct"]) if nxt_row is not None else None
    rank = _int(cur["rank"]) if cur is not None else None
    next_rank = _int(nxt_row["rank"]) if nxt_row is not None else None
    return [agency, agency_name, code, name, weak, pct,
            rounded(cur["points_lost"]) if cur is not None else None,
            len(statuses), sum(s == DONE for s in statuses), sum(overdue),
            state_of(statuses, overdue), min(open_deadlines) if open_deadlines else None,
            nxt if nxt_row is not None else None, next_pct,
            rounded(next_pct - pct) if pct is not None and next_pct is not None else None,
            rank, next_rank, rank - next_rank if rank is not None and next_rank is not None else None]


def _int(x) -> int | None:
    x = clean(x)
    return None if x is None else int(x)


def agency_progress(con: duckdb.DuckDBPyConnection, index_code: str, year: int,
                    province_code: str, on: dt.date | None = None,
                    threshold: float = 70.0, n: int = WEAKEST_N) -> pd.DataFrame:
    """Per agency, over the weak items of the result of `year`: PROGRESS_COLUMNS (how many had a
    plan, were done, are overdue or missing; how many moved up or down in the next result).
    Agencies with most weak items first; unassigned items last."""
    items = follow_up(con, index_code, year, province_code, on, threshold, n)
    items = items[items["weak"]] if not items.empty else items
    if items.empty:
        return frame(columns=PROGRESS_COLUMNS)
    rows = []
    for (agency, name), g in items.groupby(["agency_code", "agency_name"], dropna=False, sort=False):
        rows.append([clean(agency), clean(name), len(g),
                     int((g["plans"] > 0).sum()), int((g["state"] == "done").sum()),
                     int((g["state"] == "overdue").sum()), int((g["state"] == "missing").sum()),
                     int((g["delta_pct"] > 0).sum()), int((g["delta_pct"] < 0).sum())])
    out = frame(rows, PROGRESS_COLUMNS)
    keyed = out.assign(_unassigned=out["agency_code"].isna())
    keyed = keyed.sort_values(["_unassigned", "weak_items", "agency_name"],
                              ascending=[True, False, True], kind="mergesort")
    return keyed[PROGRESS_COLUMNS].reset_index(drop=True)


def plans_missing(con: duckdb.DuckDBPyConnection, index_code: str, year: int,
                  province_code: str, threshold: float = 70.0, n: int = WEAKEST_N) -> pd.DataFrame:
    """The weak items of the result of `year` no agency has sent a plan for, under their lead,
    with the day plans are due: MISSING_COLUMNS (the reminder list)."""
    items = follow_up(con, index_code, year, province_code, None, threshold, n)
    if items.empty:
        return frame(columns=MISSING_COLUMNS)
    missing = items[items["weak"] & (items["state"] == "missing")]
    return missing.assign(due=plan_due(year))[MISSING_COLUMNS].reset_index(drop=True)


def plan_summary(con: duckdb.DuckDBPyConnection, index_code: str, year: int, province_code: str,
                 on: dt.date | None = None, threshold: float = 70.0,
                 n: int = WEAKEST_N) -> dict | None:
    """The plans answering the result of `year` in one JSON-ready dict (for `summary --json` and
    the presentation): counts of weak items (an item sent to several agencies counts once: done
    when all are done, overdue when one is), and every row of `follow_up`; None when the
    result has neither weak items nor plans."""
    items = [dict(zip(FOLLOW_UP_COLUMNS, r))
             for r in follow_up_rows(con, index_code, year, province_code, on, threshold, n)]
    if not items:
        return None
    by_item: dict[str, list[dict]] = {}
    for r in items:
        if r["weak"]:
            by_item.setdefault(r["criterion_code"], []).append(r)
    states = [_item_state([r["state"] for r in rows]) for rows in by_item.values()]
    # an item's movement: its first known one (every agency's row of it has the same)
    moved = [next((r["delta_pct"] for r in rows if r["delta_pct"] is not None), None)
             for rows in by_item.values()]
    next_years = [int(r["next_year"]) for r in items if r["next_year"] is not None]
    return {
        "result_year": int(year), "due": plan_due(year).isoformat(),
        "weak_items": len(states), "with_plan": sum(s != "missing" for s in states),
        "done": states.count("done"), "overdue": states.count("overdue"),
        "missing": states.count("missing"),
        "next_year": max(next_years) if next_years else None,
        "improved": sum(m is not None and m > 0 for m in moved),
        "declined": sum(m is not None and m < 0 for m in moved),
        "items": [_json_item(r) for r in items],
    }


def _item_state(states: list[str]) -> str:
    """One weak item's state over the agencies it was sent to."""
    found = set(states)
    for state in ("overdue", "missing", "in_progress"):
        if state in found:
            return state
    return "done"


def _json_item(r) -> dict:
    def num(x):
        x = clean(x)
        return None if x is None else round(x, 2)
    return {"criterion_code": r["criterion_code"], "name": r["name"],
            "agency": None if clean(r["agency_code"]) is None
            else {"code": r["agency_code"], "name": r["agency_name"]},
            "weak": bool(r["weak"]), "state": r["state"], "plans": int(r["plans"]),
            "done": int(r["done"]), "overdue": int(r["overdue"]),
            "deadline": r["deadline"].isoformat() if r["deadline"] else None,
            "pct": num(r["pct"]), "next_pct": num(r["next_pct"]), "delta_pct": num(r["delta_pct"]),
            "rank": num(r["rank"]), "next_rank": num(r["next_rank"]),
            "delta_rank": num(r["delta_rank"])}
