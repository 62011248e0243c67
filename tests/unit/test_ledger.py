"""The points-lost ledger and its lists (fixture: fixtures.review_db, Lạng Sơn 2023 leaves
1.1 = 12.5/20, 1.2 = 30/30, 2.1 = 25/25, 2.2 = 23.75/25)."""
from __future__ import annotations

import pytest

from analysis import db
from analysis.ledger import (LEDGER_COLUMNS, below_threshold, criteria_details, criterion_detail, detail_of,
                             fell_most, ledger, lowest_level, weakest)
from tests.unit import fixtures as fx


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    path = fx.review_db(tmp_path_factory.mktemp("ledger") / "review.duckdb")
    with db.open_read(path) as connection:
        yield connection


def test_ledger_rows_and_gaps(con):
    df = ledger(con, "PAR_INDEX", 2023, "20")
    assert list(df.columns) == LEDGER_COLUMNS
    assert list(df.criterion_code) == ["1", "1.1", "1.2", "2", "2.1", "2.2"]
    assert list(df.is_leaf) == [False, True, True, False, True, True]
    assert list(df.parent_code) == ["", "1", "1", "", "2", "2"]
    r = df.set_index("criterion_code").loc["1.1"]
    # 1.1 in 2023: 01 20, 48 20, 79 17.5, 20 12.5 -> mean 17.5, best 20; target 15; 2022 17.5
    assert (r.score, r.max_score, r.pct, r.points_lost) == (12.5, 20.0, 62.5, 7.5)
    assert (r.previous_score, r.delta_score) == (17.5, -5.0)
    assert (r.national_mean, r.gap_to_mean, r.best_score, r.gap_to_best) == (17.5, 5.0, 20.0, 7.5)
    assert (r.target_score, r.gap_to_target) == (15.0, 2.5)
    assert (r.lead_code, r.lead_name) == ("20.SNV", "Sở Nội vụ")  # inherited from field 1
    r22 = df.set_index("criterion_code").loc["2.2"]
    assert (r22.lead_code, r22.points_lost) == ("20.VP", 1.25)
    assert df.set_index("criterion_code").isna().loc["2.2", "gap_to_target"]


def test_weakest_lowest_pct_then_most_points_lost(con):
    df = weakest(con, "PAR_INDEX", 2023, "20")
    # 62.5 %, 95 %, then two at 100 % with 0 points lost, in code order
    assert list(df.criterion_code) == ["1.1", "2.2", "1.2", "2.1"]
    assert list(weakest(con, "PAR_INDEX", 2023, "20", n=2).criterion_code) == ["1.1", "2.2"]


def test_weakest_ties_on_pct_more_points_lost_first(tmp_path):
    # both at 50 %: 'b' loses 5 of 10, 'a' 1 of 2 -> 'b' first
    crit = [{"index_code": "X", "valid_from": 2020, "criterion_code": c, "name": c,
             "max_score": m} for c, m in (("1", None), ("1.1", 2), ("1.2", 10), ("1.3", 4))]
    scores = [{"index_code": "X", "year": 2020, "unit_code": "01", "criterion_code": c,
               "score": s} for c, s in (("1.1", 1), ("1.2", 5), ("1.3", 1))]
    path = fx.build(tmp_path / "w.duckdb", units=fx.provinces(["01"]), criteria=crit,
                    scores=scores)
    with db.open_read(path) as con:
        assert list(weakest(con, "X", 2020, "01").criterion_code) == ["1.3", "1.2", "1.1"]


def test_fell_most_and_below_threshold(con):
    assert list(fell_most(con, "PAR_INDEX", 2023, "20").criterion_code) == ["1.1"]
    assert list(below_threshold(con, "PAR_INDEX", 2023, "20").criterion_code) == ["1.1"]
    assert list(below_threshold(con, "PAR_INDEX", 2023, "20", threshold=96).criterion_code) == [
        "1.1", "2.2"]
    # 2022 vs 2021: 2.1 is a method break, so it cannot have "fallen"
    assert fell_most(con, "PAR_INDEX", 2022, "20").empty


def test_criterion_detail(con):
    d = criterion_detail(con, "PAR_INDEX", 2023, "20", "1.1")
    assert list(d["history"].year) == [2021, 2022, 2023]
    assert [int(x) for x in d["history"]["rank"]] == [3, 2, 4]
    dist = d["distribution"]
    assert list(dist.unit_code) == ["01", "48", "79", "20"]
    assert [int(x) for x in dist["rank"]] == [1, 1, 3, 4]  # a tie for first
    assert d["lead"]["lead_code"] == "20.SNV"


def test_every_criterions_detail_asked_at_once_opens_each_row_alone(con):
    details = criteria_details(con, "PAR_INDEX", 2023, "20")
    assert list(detail_of(details, "1.1")["distribution"].unit_code) == ["01", "48", "79", "20"]
    other = detail_of(details, "2.2")
    assert list(other["history"].columns) == ["year", "score", "pct", "rank"]
    assert list(other["distribution"].columns) == ["unit_code", "name", "score", "pct", "rank"]
    assert list(other["history"].year) == sorted(set(other["history"].year))  # its own rows only
    unknown = detail_of(details, "9.9")
    assert unknown["history"].empty and unknown["distribution"].empty and unknown["lead"] is None


def test_lowest_level_is_deepest_scored():
    assert lowest_level(["1", "1.1", "1.2.1", "2"]) == [False, True, True, True]


def test_ledger_of_a_unit_without_scores_is_empty(con):
    assert ledger(con, "PAR_INDEX", 2022, "79").empty
