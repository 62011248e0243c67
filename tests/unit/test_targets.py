"""Targets: met / not met / unknown, gap signs, the score for a rank with ties, and the capped
greedy gains. TEST 2023 overall: 01 18.0 (1), 02 15.5 (2), 04 15.5 (2), 06 13.4 (4), 20 13.4 (4),
08 10.0 (6); max 20."""
from __future__ import annotations

import pytest

from analysis import db, targets
from tests.unit import fixtures_org as F


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    path = F.org_db(tmp_path_factory.mktemp("org") / "org.duckdb")
    with db.open_read(path) as connection:
        yield connection


def test_target_missed_on_score_and_rank(con):
    st = targets.target_status(con, F.INDEX, 2023, "20")
    assert st["target_score"] == 14.0 and st["target_rank"] == 2
    assert st["met"] is False
    assert st["gap"] == pytest.approx(0.6)       # 14 - 13.4: still to gain
    assert st["rank_gap"] == 2                    # rank 4, target 2
    assert st["note"] == "Nghị quyết tỉnh"
    assert (st["score"], st["rank"]) == (pytest.approx(13.4), 4)


def test_target_met_exactly(con):
    st = targets.target_status(con, F.INDEX, 2023, "01")
    assert st["met"] is True
    assert st["gap"] == 0.0 and st["rank_gap"] == 0


def test_gap_is_negative_above_target(con):
    st = targets.target_status(con, F.INDEX, 2023, "02")
    assert st["met"] is True
    assert st["gap"] == pytest.approx(-0.5)
    assert st["rank_gap"] is None and st["target_rank"] is None


def test_target_compared_at_two_decimals(con):
    # 15.5 against 15.504: equal as published.
    st = targets.target_status(con, F.INDEX, 2023, "04")
    assert st["met"] is True and st["gap"] == 0.0


def test_criterion_target(con):
    st = targets.target_status(con, F.INDEX, 2023, "20", "2")
    # field 2 scored 6.5 against 6.0
    assert st["met"] is True and st["gap"] == pytest.approx(-0.5)


def test_target_unknown_without_score(con):
    st = targets.target_status(con, F.INDEX, 2022, "08")  # 08 has no 2022 score
    assert st["met"] is None and st["rank_gap"] is None and st["gap"] is None


def test_no_target(con):
    assert targets.target_status(con, F.INDEX, 2022, "20") is None
    assert targets.target_status(con, F.INDEX, 2023, "20", "1") is None


@pytest.mark.parametrize("rank, needed", [(1, 18.0), (2, 15.5), (3, 15.5), (4, 13.4), (5, 10.0),
                                          (6, 0.0)])
def test_score_for_rank_with_ties(con, rank, needed):
    # Others: 18.0, 15.5, 15.5, 13.4, 10.0. Equalling 15.5 ties the two units in place 2, so it
    # reaches rank 2; place 3 needs the same score (nobody is alone in place 3).
    assert targets.score_for_rank(con, F.INDEX, 2023, "20", rank) == needed


def test_score_for_rank_excludes_the_unit_itself(con):
    # For 01 the others are 15.5, 15.5, 13.4, 13.4, 10.0.
    assert targets.score_for_rank(con, F.INDEX, 2023, "01", 1) == 15.5
    assert targets.score_for_rank(con, F.INDEX, 2023, "01", 4) == 13.4
    assert targets.score_for_rank(con, F.INDEX, 2023, "01", 0) is None


def test_score_for_rank_within_a_province_for_departments(con):
    # PAR_SO 2023 departments of 20: 92, 85, 85, 70, 60; 01.D1 (99, another province) not counted.
    assert targets.score_for_rank(con, F.INTERNAL, 2023, "20.SYT", 1) == 92.0
    assert targets.score_for_rank(con, F.INTERNAL, 2023, "20.SNV", 1) == 85.0


def test_gains_to_close_greedy_capped_last_partial(con):
    # Recoverable 2023: 2.1 3.0, 1.2.1 1.5, 1.1 1.0, 1.2.2 0.6, 2.2 0.5.
    out = targets.gains_to_close(con, F.INDEX, 2023, "20", 4.0)
    assert list(out.columns) == targets.GAINS_COLUMNS
    assert list(out["criterion_code"]) == ["2.1", "1.2.1"]
    assert list(out["gain"]) == pytest.approx([3.0, 1.0])
    assert list(out["cumulative_gain"]) == pytest.approx([3.0, 4.0])
    assert list(out["max_score"]) == [5.0, 3.0]
    assert out.attrs["total"] == pytest.approx(4.0)


def test_gains_to_close_never_exceeds_max(con):
    out = targets.gains_to_close(con, F.INDEX, 2023, "20", 10.0)
    assert list(out["criterion_code"]) == ["2.1", "1.2.1", "1.1", "1.2.2", "2.2"]
    assert all(out["score"] + out["gain"] <= out["max_score"] + 1e-9)
    assert out["cumulative_gain"].iloc[-1] == pytest.approx(6.6)  # falls short of 10


def test_gains_to_close_nothing_to_close(con):
    assert targets.gains_to_close(con, F.INDEX, 2023, "20", 0).empty


@pytest.mark.parametrize("target_score, met, gap", [(40.0, None, -10.0), (60.0, False, 10.0)])
def test_missing_rank_makes_met_unknown_unless_the_score_already_misses(tmp_path, target_score,
                                                                         met, gap):
    # 01 has a published rank, 02 none: 02 gets no rank at all (never a computed one beside
    # published ones), so its rank target cannot be checked. A missed score target still
    # decides: not met.
    scores = [{"index_code": "Y", "year": 2023, "unit_code": "01", "score": 70.0, "rank": 1},
              {"index_code": "Y", "year": 2023, "unit_code": "02", "score": 50.0}]
    tgt = [{"unit_code": "02", "index_code": "Y", "year": 2023, "target_score": target_score,
            "target_rank": 1},
           {"unit_code": "02", "index_code": "Y", "year": 2023, "criterion_code": "1",
            "target_rank": 1}]
    path = F.build(tmp_path / "y.duckdb", score=scores, target=tgt,
                   unit=[{"unit_code": "01", "name": "A"}, {"unit_code": "02", "name": "B"}],
                   criterion=[{"index_code": "Y", "valid_from": 2020, "criterion_code": "1",
                               "name": "C"}])
    with db.open_read(path) as con:
        st = targets.target_status(con, "Y", 2023, "02")
        assert st["rank"] is None
        assert st["met"] is met and st["gap"] == pytest.approx(gap)
        # A target on a criterion the unit has no score for: unknown.
        assert targets.target_status(con, "Y", 2023, "02", "1")["met"] is None
