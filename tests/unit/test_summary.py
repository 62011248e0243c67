"""`summary`: the contract's JSON (fixture: fixtures.review_db)."""
from __future__ import annotations

import json

import pytest

from analysis import catalog, db
from analysis.summary import NoScore, summary
from tests.unit import fixtures as fx

KEYS = ["index", "year", "unit", "score", "max_score", "pct", "rank", "of", "previous",
        "delta_score", "delta_rank", "target", "predecessors", "components", "weakest",
        "narrative", "plans"]


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    path = fx.review_db(tmp_path_factory.mktemp("summary") / "review.duckdb")
    with db.open_read(path) as connection:
        yield connection


def test_summary_values(con):
    s = summary(con, "par_index", 2023, "Lạng Sơn")
    assert list(s) == KEYS
    json.dumps(s)  # plain JSON types only
    assert (s["index"], s["year"], s["unit"]) == ("PAR_INDEX", 2023, {"code": "20", "name": "Lạng Sơn"})
    assert (s["score"], s["max_score"], s["pct"], s["rank"], s["of"]) == (91.25, 100.0, 91.25, 2, 4)
    assert s["previous"] == {"year": 2022, "score": 82.5, "rank": 3}
    assert (s["delta_score"], s["delta_rank"]) == (8.75, 1)
    assert s["target"] == {"target_score": 95.0, "target_rank": 2, "met": False, "gap": 3.75}
    assert s["predecessors"] is None
    assert s["plans"] is None  # no plan was ever sent (tests/unit/test_plans.py has them)
    assert s["components"] == [
        {"code": "1", "name": "Công tác chỉ đạo, điều hành CCHC", "score": 42.5, "max_score": 50.0,
         "pct": 85.0, "rank": 4, "of": 4, "delta_rank": -2,
         "lead_unit": {"code": "20.SNV", "name": "Sở Nội vụ"}},
        {"code": "2", "name": "Cải cách thể chế", "score": 48.75, "max_score": 50.0,
         "pct": 97.5, "rank": 1, "of": 4, "delta_rank": 2,
         "lead_unit": {"code": "20.STP", "name": "Sở Tư pháp"}},
    ]
    assert [w["code"] for w in s["weakest"]] == ["1.1", "2.2", "1.2", "2.1"]
    assert s["weakest"][0] == {"code": "1.1", "name": "Kế hoạch CCHC", "score": 12.5,
                               "max_score": 20.0, "pct": 62.5, "points_lost": 7.5,
                               "lead_unit": {"code": "20.SNV", "name": "Sở Nội vụ"}}
    assert s["narrative"].startswith("Năm 2023, Chỉ số CCHC (PAR INDEX) của tỉnh Lạng Sơn đạt 91,25/100 điểm (91,25%)")


def test_same_unit_by_code_and_names(con):
    by_code = summary(con, "PAR_INDEX", 2023, "79")
    assert by_code["unit"] == {"code": "79", "name": "Thành phố Hồ Chí Minh"}
    for text in ("TP. Hồ Chí Minh", "Hồ Chí Minh", "Ho Chi Minh City"):
        assert summary(con, "PAR_INDEX", 2023, text) == by_code
    # missing 2022: no previous (a change is only against the year before), 2021 is context
    assert by_code["previous"] is None and by_code["delta_rank"] is None
    assert "năm gần nhất có số liệu: 2021" in by_code["narrative"]


def test_nulls_where_nothing_applies(con):
    s = summary(con, "SIPAS", 2023, "20")
    assert (s["rank"], s["of"], s["delta_rank"], s["delta_score"]) == (None, 4, None, 3.86)
    assert (s["target"], s["predecessors"], s["components"], s["weakest"]) == (None, None, [], [])


def test_merger_predecessors_and_no_delta(con):
    s = summary(con, "PAR_INDEX", 2025, "Lạng Sơn")
    assert (s["previous"], s["delta_score"], s["delta_rank"]) == (None, None, None)
    assert s["predecessors"] == [{"code": "20", "name": "Lạng Sơn", "year": 2023, "score": 91.25,
                                  "rank": 2, "of": 4}]


def test_errors(con):
    with pytest.raises(NoScore):
        summary(con, "PAR_INDEX", 2022, "79")
    with pytest.raises(catalog.UnknownUnit):
        summary(con, "PAR_INDEX", 2023, "Atlantis")
