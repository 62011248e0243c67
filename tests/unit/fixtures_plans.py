"""In-code database for the remediation plan tests: two provinces scored on the leaves of a
small tree in 2022 and 2023 (so every leaf has a rank), the leads of province 20, and plans
answering its 2022 result. Every figure is made up; the expected values in
tests/unit/test_plans.py are worked out by hand from the comments.

The index 'TEST' (points, valid from 2020): 1 = 1.1 (4) + 1.2 (6); 2 = 2.1 (5) + 2.2 (5).
Leads in province 20: field 1 Sở Nội vụ (20.SNV), field 2 Sở Tư pháp (20.STP).
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from analysis import db
from analysis.queries import render, schema
from tests.unit import fixtures

INDEX = "TEST"


def _leaves(year: int, unit: str, values: dict[str, float]) -> list[dict]:
    return [{"index_code": INDEX, "year": year, "unit_code": unit, "criterion_code": c, "score": s}
            for c, s in values.items()]


def plan(criterion: str, agency: str, action: str, deadline: dt.date | None, status: str,
         province: str = "20", year: int = 2022, batch_id: int = 2) -> dict:
    return {"geography": "vn63", "province_code": province, "index_code": INDEX,
            "result_year": year, "criterion_code": criterion, "agency_geography": "vn63",
            "agency_code": agency, "action": action, "deadline": deadline, "plan_status": status,
            "evidence": None, "updated_at": dt.date(2023, 1, 15), "batch_id": batch_id}


PLANS = [
    # 1.1 (weak, 50%): done. 1.2 (weak, 50%): in progress, due 31/3/2023.
    plan("1.1", "20.SNV", "Ban hành kế hoạch CCHC đúng hạn", dt.date(2023, 5, 31), "hoan_thanh"),
    plan("1.2", "20.SNV", "Kiểm tra đủ 30% cơ quan", dt.date(2023, 3, 31), "dang_thuc_hien"),
    # 2.2 (80%) is not weak: a plan all the same.
    plan("2.2", "20.STP", "Mở rộng thanh toán trực tuyến", None, "chua_thuc_hien"),
    # Neither another province's plan nor one answering another year may leak in.
    plan("2.1", "01.STP", "Việc của Hà Nội", None, "chua_thuc_hien", province="01"),
    plan("2.1", "20.STP", "Việc của năm 2023", None, "chua_thuc_hien", year=2023),
]


def plans_db(path: Path, plans: list[dict] = PLANS) -> Path:
    tree = [("1", "Chỉ đạo điều hành", 10), ("1.1", "Kế hoạch CCHC", 4), ("1.2", "Kiểm tra CCHC", 6),
            ("2", "Chính quyền số", 10), ("2.1", "Dịch vụ công trực tuyến", 5),
            ("2.2", "Thanh toán trực tuyến", 5)]
    units = [{"unit_code": "20", "name": "Lạng Sơn"}, {"unit_code": "01", "name": "Hà Nội"},
             {"unit_code": "20.SNV", "name": "Sở Nội vụ", "level": "department", "parent_code": "20"},
             {"unit_code": "20.STP", "name": "Sở Tư pháp", "level": "department", "parent_code": "20"},
             {"unit_code": "01.STP", "name": "Sở Tư pháp", "level": "department", "parent_code": "01"}]
    scores = (
        # 2022, province 20: 1.1 50% (rank 2), 1.2 50% (rank 1), 2.1 60% (rank 2), 2.2 80% (rank 1)
        _leaves(2022, "20", {"1.1": 2, "1.2": 3, "2.1": 3, "2.2": 4})
        + _leaves(2022, "01", {"1.1": 3, "1.2": 2, "2.1": 5, "2.2": 3})
        # 2023, province 20: 1.1 87.5% (rank 1), 1.2 40% (rank 2), 2.1 80% (rank 2), 2.2 80% (rank 1)
        + _leaves(2023, "20", {"1.1": 3.5, "1.2": 2.4, "2.1": 4, "2.2": 4})
        + _leaves(2023, "01", {"1.1": 3, "1.2": 3, "2.1": 5, "2.2": 3}))
    responsibilities = [
        {"province_code": "20", "index_code": INDEX, "criterion_code": "1", "lead_code": "20.SNV"},
        {"province_code": "20", "index_code": INDEX, "criterion_code": "2", "lead_code": "20.STP"}]
    fixtures.build(path, units=units, scores=scores, responsibilities=responsibilities,
                   criteria=[{"index_code": INDEX, "valid_from": 2020, "criterion_code": c, "name": n,
                              "max_score": m} for c, n, m in tree])
    if not plans:
        return path
    columns = schema.table_columns("plan")
    with db.write_transaction(path) as con:
        con.executemany(render("INSERT INTO {t} VALUES (", t="plan") + ", ".join("?" for _ in columns) + ")",
                        [[p[c] for c in columns] for p in plans])
    return path
