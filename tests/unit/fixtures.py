"""A small in-code database builder for the analysis tests.

Rows go straight into the stored tables (`unit`, `criterion`, `score`, `responsibility`,
`target`) through `analysis.db.write_transaction(path, create=True)`, then `fact` is derived with
`analysis.derive.refresh_all`, exactly as an import would leave it. Rows are dicts; missing
columns take the defaults below, so a test spells out only what it is about.
"""
from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from analysis import db, derive
from analysis.queries import render, schema
from analysis.units import match_name

_DEFAULTS = {
    "unit": {"name_en": None, "level": "province", "parent_code": None, "region": None,
             "successor_code": None, "geography": "vn63", "batch_id": 1},
    "criterion": {"valid_to": None, "name_en": None, "max_score": None, "aggregate": "sum",
                  "batch_id": 1},
    "score": {"criterion_code": "", "max_score": None, "rank": None, "source": None,
              "batch_id": 1},
    "responsibility": {"valid_from": None, "valid_to": None, "lead_geography": "vn63",
                       "support_codes": None, "batch_id": 1},
    "target": {"criterion_code": "", "target_score": None, "target_rank": None, "note": None,
               "batch_id": 1},
}


def _geography(year: int) -> str:
    return "vn63" if year <= 2024 else "vn34"


def _complete(table: str, row: dict) -> dict:
    full = dict(_DEFAULTS[table])
    full.update(row)
    if table == "unit":
        full.setdefault("match_name", match_name(full["name"]))
    if table in ("score", "target"):
        full.setdefault("geography", _geography(int(full["year"])))
        if table == "score":
            full["index_code"] = full["index_code"].upper()
    return full


def _insert(con, table: str, rows: Iterable[dict]) -> None:
    columns = schema.table_columns(table)
    rows = [_complete(table, r) for r in rows]
    if not rows:
        return
    placeholders = ", ".join("?" for _ in columns)
    # Table names come from our own schema constant, through the identifier allow-list.
    con.executemany(render("INSERT INTO {t} VALUES (", t=table) + placeholders + ")",
                    [[r.get(c) for c in columns] for r in rows])


def build(path: Path, *, units: Iterable[dict] = (), criteria: Iterable[dict] = (),
          scores: Iterable[dict] = (), responsibilities: Iterable[dict] = (),
          targets: Iterable[dict] = ()) -> Path:
    """Write the rows into a new database at `path` and derive `fact`."""
    with db.write_transaction(path, create=True) as con:
        _insert(con, "unit", units)
        _insert(con, "criterion", criteria)
        _insert(con, "score", scores)
        _insert(con, "responsibility", responsibilities)
        _insert(con, "target", targets)
        derive.refresh_all(con)
    return path


def provinces(codes: Iterable[str], geography: str = "vn63", region: str | None = None) -> list[dict]:
    """Province units named 'Tỉnh <code>'-style placeholders: 'P01', 'P02', ..."""
    return [{"unit_code": c, "name": f"P{c}", "geography": geography, "region": region}
            for c in codes]


def overall(index_code: str, year: int, scores: dict[str, float],
            ranks: dict[str, int] | None = None, **extra) -> list[dict]:
    """Overall scores of one index-year, {unit_code: score}, optionally with published ranks."""
    ranks = ranks or {}
    return [{"index_code": index_code, "year": year, "unit_code": u, "criterion_code": "",
             "score": s, "rank": ranks.get(u), **extra} for u, s in scores.items()]


def facts(path: Path, sql_where: str = "TRUE", params: list | None = None):
    """Rows of `fact` as a DataFrame (test helper; `sql_where` is a literal from the test)."""
    with db.open_read(path) as con:
        return con.execute(
            "SELECT * FROM fact WHERE " + sql_where
            + " ORDER BY index_code, year, criterion_code, geography, unit_code",
            params or []).df()


# --- the review scenario used by the headline, ledger, narrative and summary tests ---------------
#
# Index PAR_INDEX (points, total max 100), two tree periods:
#   2021      1 (50) = 1.1 (20) + 1.2 (30);  2 (50) = 2.1 "Xây dựng văn bản QPPL" (25) + 2.2 (25)
#   2022-     the same, but 2.1 is renamed "Theo dõi thi hành pháp luật" (a method break)
# Leaves given; fields and the overall are computed by sum. Overall (= pct, max 100):
#            2021   2022   2023          ranks 2023: 01 1, 20 2, 79 3, 48 4 (of 4)
#   01 HN    92.5   92.5   97.5          ranks 2022: 01 1, 48 2, 20 3 (of 3; 79 has no score)
#   20 LS    75.0   82.5   91.25
#   79 HCM   82.5    -     90.0
#   48 DN    60.0   85.0   80.0
# 2025 (vn34): Lạng Sơn 88.0, Hà Nội 95.0 (overall only; no tree rows needed: same index tree).
# SIPAS (no tree, percentages): 2022 LS 75.44, HN 85.0 (rank 1 published);
#                               2023 LS 79.30, HN 86.0 (rank 1 published) -> LS has no rank.
# Lạng Sơn's leads: 1 -> Sở Nội vụ, 2 -> Sở Tư pháp, 2.2 -> Văn phòng UBND tỉnh.
# Targets of Lạng Sơn 2023: overall >= 95 and top 2; criterion 1.1 >= 15.
REVIEW_LEAVES = {
    2021: {"01": (20, 27.5, 22.5, 22.5), "20": (15, 22.5, 20, 17.5),
           "79": (17.5, 25, 20, 20), "48": (10, 20, 15, 15)},
    2022: {"01": (20, 27.5, 22.5, 22.5), "20": (17.5, 25, 20, 20),
           "48": (15, 25, 22.5, 22.5)},
    2023: {"01": (20, 30, 25, 22.5), "20": (12.5, 30, 25, 23.75),
           "79": (17.5, 27.5, 22.5, 22.5), "48": (20, 25, 17.5, 17.5)},
}
LEAF_CODES = ("1.1", "1.2", "2.1", "2.2")


def review_criteria() -> list[dict]:
    rows = []
    for valid_from, valid_to, name_21 in ((2021, 2021, "Xây dựng văn bản QPPL"),
                                          (2022, None, "Theo dõi thi hành pháp luật")):
        for code, name, mx in (("1", "Công tác chỉ đạo, điều hành CCHC", None),
                               ("1.1", "Kế hoạch CCHC", 20), ("1.2", "Tuyên truyền CCHC", 30),
                               ("2", "Cải cách thể chế", None), ("2.1", name_21, 25),
                               ("2.2", "Kiểm tra, rà soát văn bản", 25)):
            rows.append({"index_code": "PAR_INDEX", "valid_from": valid_from,
                         "valid_to": valid_to, "criterion_code": code, "name": name,
                         "max_score": mx})
    return rows


def review_db(path: Path) -> Path:
    units = [
        {"unit_code": "01", "name": "Hà Nội", "name_en": "Ha Noi", "region": "RRD",
         "successor_code": "01"},
        {"unit_code": "20", "name": "Lạng Sơn", "name_en": "Lang Son", "region": "NMM",
         "successor_code": "20"},
        {"unit_code": "79", "name": "Thành phố Hồ Chí Minh", "name_en": "Ho Chi Minh City",
         "region": "SE", "successor_code": "79"},
        {"unit_code": "48", "name": "Đà Nẵng", "name_en": "Da Nang", "region": "NCC",
         "successor_code": "48"},
        {"unit_code": "01", "name": "Hà Nội", "name_en": "Ha Noi", "region": "RRD",
         "geography": "vn34"},
        {"unit_code": "20", "name": "Lạng Sơn", "name_en": "Lang Son", "region": "NMM",
         "geography": "vn34"},
    ] + [{"unit_code": c, "name": n, "level": "department", "parent_code": "20"}
         for c, n in (("20.SNV", "Sở Nội vụ"), ("20.STP", "Sở Tư pháp"),
                      ("20.VP", "Văn phòng UBND tỉnh"))]
    scores = [{"index_code": "PAR_INDEX", "year": y, "unit_code": u, "criterion_code": c,
               "score": float(s)}
              for y, by_unit in REVIEW_LEAVES.items() for u, leaves in by_unit.items()
              for c, s in zip(LEAF_CODES, leaves)]
    scores += overall("PAR_INDEX", 2025, {"20": 88.0, "01": 95.0})
    scores += overall("SIPAS", 2022, {"20": 75.44, "01": 85.0}, ranks={"01": 1})
    scores += overall("SIPAS", 2023, {"20": 79.30, "01": 86.0}, ranks={"01": 1})
    responsibilities = [
        {"province_code": "20", "index_code": "PAR_INDEX", "criterion_code": c, "lead_code": lead}
        for c, lead in (("1", "20.SNV"), ("2", "20.STP"), ("2.2", "20.VP"))]
    targets = [
        {"unit_code": "20", "index_code": "PAR_INDEX", "year": 2023, "criterion_code": "",
         "target_score": 95.0, "target_rank": 2},
        {"unit_code": "20", "index_code": "PAR_INDEX", "year": 2023, "criterion_code": "1.1",
         "target_score": 15.0},
    ]
    return build(path, units=units, criteria=review_criteria(), scores=scores,
                 responsibilities=responsibilities, targets=targets)
