"""A small province database for the export tests: one PAR-like tree (2 fields, 4 sub-criteria),
five provinces scored in 2022 and 2023, lead agencies for Lạng Sơn (20) and a target."""
from __future__ import annotations

from pathlib import Path

import fixtures

PROVINCES = [("01", "Hà Nội", "RRD"), ("20", "Lạng Sơn", "NMM"), ("15", "Yên Bái", "NMM"),
             ("10", "Lào Cai", "NMM"), ("02", "Hà Giang", "NMM")]
AGENCIES = [("20.SNV", "Sở Nội vụ"), ("20.STP", "Sở Tư pháp"), ("20.STTTT", "=Sở Thông tin")]
TREE = [("1", "Công tác chỉ đạo, điều hành CCHC", 10.0), ("1.1", "Kế hoạch CCHC", 4.0),
        ("1.2", "Tuyên truyền CCHC", 6.0), ("2", "Cải cách thủ tục hành chính", 20.0),
        ("2.1", "Công khai TTHC", 10.0), ("2.2", "Giải quyết hồ sơ đúng hạn", 10.0)]
# leaf scores per (year, province): 1.1, 1.2, 2.1, 2.2
LEAVES = {
    2022: {"01": (3.5, 5.0, 9.0, 8.0), "20": (2.0, 4.0, 6.0, 7.0), "15": (3.0, 4.5, 7.0, 6.5),
           "10": (2.5, 5.5, 8.0, 5.0), "02": (1.5, 3.0, 5.0, 6.0)},
    2023: {"01": (3.75, 5.5, 9.5, 8.5), "20": (3.0, 3.5, 8.5, 7.25), "15": (3.0, 4.0, 7.5, 6.0),
           "10": (2.0, 5.0, 8.0, 5.5), "02": (2.5, 3.0, 6.5, 6.0)},
}


def build(path: Path) -> Path:
    units = [{"unit_code": c, "name": n, "region": r} for c, n, r in PROVINCES]
    units += [{"unit_code": c, "name": n, "level": "department", "parent_code": "20"} for c, n in AGENCIES]
    criteria = [{"index_code": "PAR_INDEX", "valid_from": 2022, "criterion_code": c, "name": n,
                 "max_score": m} for c, n, m in TREE]
    scores = []
    for year, by_unit in LEAVES.items():
        for unit, values in by_unit.items():
            for code, value in zip(("1.1", "1.2", "2.1", "2.2"), values):
                scores.append({"index_code": "PAR_INDEX", "year": year, "unit_code": unit,
                               "criterion_code": code, "score": value, "source": f"QĐ thử {year}"})
    responsibilities = [
        {"province_code": "20", "index_code": "PAR_INDEX", "criterion_code": "1", "lead_code": "20.SNV"},
        {"province_code": "20", "index_code": "PAR_INDEX", "criterion_code": "2", "lead_code": "20.STP"},
        {"province_code": "20", "index_code": "PAR_INDEX", "criterion_code": "2.2", "lead_code": "20.STTTT"},
    ]
    targets = [{"unit_code": "20", "index_code": "PAR_INDEX", "year": 2023, "target_score": 25.0,
                "target_rank": 2}]
    return fixtures.build(path, units=units, criteria=criteria, scores=scores,
                          responsibilities=responsibilities, targets=targets)
