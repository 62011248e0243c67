"""In-code database for the organisational analysis tests (agencies, targets, compare, internal,
history).

Rows go into the stored tables through `analysis.db.write_transaction(path, create=True)` and
`fact` is derived by `analysis.derive.refresh_all`, exactly as an import leaves it. Every figure
below is made up for the tests; the expected values in the tests are worked out by hand from them
(see the comments).

The index 'TEST' (points, valid from 2020):
    1 (10)  = 1.1 (4) + 1.2 (6);  1.2 = 1.2.1 (3) + 1.2.2 (3)
    2 (10)  = 2.1 (5) + 2.2 (5)
Province 20 (vn63) scores the leaves in 2022 and 2023; the others give only their overall.
"""
from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from tests.unit import fixtures

INDEX = "TEST"
INTERNAL = "PAR_SO"

def build(path: Path, **tables: Iterable[dict]) -> Path:
    """Write rows (keyword = stored table name) into a new database and derive `fact`, through
    the shared builder of tests/unit/fixtures.py."""
    return fixtures.build(path, units=tables.get("unit", ()), criteria=tables.get("criterion", ()),
                          scores=tables.get("score", ()),
                          responsibilities=tables.get("responsibility", ()),
                          targets=tables.get("target", ()))


def _tree() -> list[dict]:
    rows = [("1", "Chỉ đạo điều hành", 10), ("1.1", "Kế hoạch CCHC", 4),
            ("1.2", "Kiểm tra CCHC", 6), ("1.2.1", "Tỷ lệ kiểm tra", 3),
            ("1.2.2", "Xử lý sau kiểm tra", 3), ("2", "Chính quyền số", 10),
            ("2.1", "Dịch vụ công trực tuyến", 5), ("2.2", "Thanh toán trực tuyến", 5)]
    return [{"index_code": INDEX, "valid_from": 2020, "criterion_code": c, "name": n,
             "max_score": m} for c, n, m in rows]


def _leaves(year: int, unit: str, values: dict[str, float]) -> list[dict]:
    return [{"index_code": INDEX, "year": year, "unit_code": unit, "criterion_code": c,
             "score": s} for c, s in values.items()]


def _overall(index: str, year: int, values: dict[str, float]) -> list[dict]:
    return [{"index_code": index, "year": year, "unit_code": u, "score": s}
            for u, s in values.items()]


AGENCIES = {"20.SNV": "Sở Nội vụ", "20.STP": "Sở Tư pháp", "20.VP": "Văn phòng UBND tỉnh",
            "20.STTTT": "Sở Thông tin và Truyền thông", "20.SYT": "Sở Y tế"}


def org_db(path: Path) -> Path:
    units = [
        {"unit_code": "01", "name": "Hà Nội", "region": "RRD", "successor_code": "01"},
        {"unit_code": "02", "name": "Hà Giang", "region": "NMM", "successor_code": "08"},
        {"unit_code": "04", "name": "Cao Bằng", "region": "NMM", "successor_code": "04"},
        {"unit_code": "06", "name": "Bắc Kạn", "region": "NMM", "successor_code": "19"},
        {"unit_code": "08", "name": "Tuyên Quang", "region": "NMM", "successor_code": "08"},
        {"unit_code": "20", "name": "Lạng Sơn", "region": "NMM", "successor_code": "20"},
        {"unit_code": "01", "name": "Hà Nội", "region": "RRD", "geography": "vn34"},
        {"unit_code": "08", "name": "Tuyên Quang", "region": "NMM", "geography": "vn34"},
        {"unit_code": "20", "name": "Lạng Sơn", "region": "NMM", "geography": "vn34"},
        # A district of another province: must never show among province 20's departments.
        {"unit_code": "01.D1", "name": "Quận Ba Đình", "level": "district", "parent_code": "01"},
    ] + [{"unit_code": c, "name": n, "level": "department", "parent_code": "20"}
         for c, n in AGENCIES.items()]

    responsibilities = [
        # Field 1 led by Nội vụ (always), 1.2.2 overridden by Tư pháp.
        {"province_code": "20", "index_code": INDEX, "criterion_code": "1",
         "lead_code": "20.SNV", "support_codes": ["20.STP", "20.VP"]},
        {"province_code": "20", "index_code": INDEX, "criterion_code": "1.2.2",
         "lead_code": "20.STP"},
        # Field 2: Văn phòng until 2022, Thông tin và Truyền thông from 2023.
        {"province_code": "20", "index_code": INDEX, "criterion_code": "2", "valid_from": 2021,
         "valid_to": 2022, "lead_code": "20.VP"},
        {"province_code": "20", "index_code": INDEX, "criterion_code": "2", "valid_from": 2023,
         "lead_code": "20.STTTT"},
        # Another province's row must not leak into province 20.
        {"province_code": "01", "index_code": INDEX, "criterion_code": "2.1",
         "lead_code": "20.SYT"},
    ]

    scores = (
        # 2022: lost 1.1 2, 1.2.1 1.5, 1.2.2 0, 2.1 2, 2.2 1; overall 13.5.
        _leaves(2022, "20", {"1.1": 2, "1.2.1": 1.5, "1.2.2": 3, "2.1": 3, "2.2": 4})
        # 2023: lost 1.1 1, 1.2.1 1.5, 1.2.2 0.6, 2.1 3, 2.2 0.5; overall 13.4.
        + _leaves(2023, "20", {"1.1": 3, "1.2.1": 1.5, "1.2.2": 2.4, "2.1": 2, "2.2": 4.5})
        + _overall(INDEX, 2021, {"01": 12.0, "08": 11.0})
        + _overall(INDEX, 2022, {"01": 17.0, "02": 16.0, "04": 12.0, "06": 14.0})
        + _overall(INDEX, 2023, {"01": 18.0, "02": 15.5, "04": 15.5, "06": 13.4, "08": 10.0})
        + _overall(INDEX, 2024, {"01": 16.0, "02": 12.0, "08": 14.0})
        + _overall(INDEX, 2025, {"01": 15.0, "08": 13.0})
        # Departments of province 20 on an internal percentage index (no tree).
        + _overall(INTERNAL, 2022, {"20.SNV": 88, "20.STP": 86, "20.VP": 80, "20.STTTT": 70})
        + _overall(INTERNAL, 2023, {"20.SNV": 92, "20.STP": 85, "20.VP": 85, "20.STTTT": 70,
                                    "20.SYT": 60, "01.D1": 99})
    )

    targets = [
        {"unit_code": "20", "index_code": INDEX, "year": 2023, "target_score": 14,
         "target_rank": 2, "note": "Nghị quyết tỉnh"},
        {"unit_code": "01", "index_code": INDEX, "year": 2023, "target_score": 18,
         "target_rank": 1},
        {"unit_code": "02", "index_code": INDEX, "year": 2023, "target_score": 15},
        {"unit_code": "04", "index_code": INDEX, "year": 2023, "target_score": 15.504},
        {"unit_code": "20", "index_code": INDEX, "year": 2023, "criterion_code": "2",
         "target_score": 6.0},
        # Rank target of a province without a score that year: met unknown.
        {"unit_code": "08", "index_code": INDEX, "year": 2022, "target_rank": 3},
    ]

    return build(path, unit=units, criterion=_tree(), score=scores,
                 responsibility=responsibilities, target=targets)
