"""Ranks recomputed from the bundled real PAPI data, checked against values looked up by hand in
data/papi/scores.csv (loaded through the importer with data/reference/units.csv and
data/papi/criteria.csv)."""
from __future__ import annotations

from pathlib import Path

import pytest

from analysis import db
from analysis.headline import headline
from tests.unit import fixtures as fx

DATA = Path(__file__).resolve().parents[2] / "data"


@pytest.fixture(scope="module")
def papi_db(tmp_path_factory):
    from analysis.importer import load_files

    path = tmp_path_factory.mktemp("papi") / "papi.duckdb"
    with db.write_transaction(path, create=True):
        pass
    result = load_files(path, [DATA / "reference" / "units.csv", DATA / "papi" / "criteria.csv",
                               DATA / "papi" / "scores.csv"])
    assert result.ok, result.problems
    return path


def _fact(path, year, unit, code):
    df = fx.facts(path, "index_code = 'PAPI' AND year = ? AND unit_code = ? AND criterion_code = ?",
                  [year, unit, code])
    assert len(df) == 1
    return df.iloc[0]


def test_given_dimension_2016(papi_db):
    # Rows `PAPI,2016,<unit>,1,<score>` (dimension 1, given), sorted by score:
    #   42 6.809286594  -> 6.81, highest          -> rank 1
    #   27 6.720572948  -> 6.72, second           -> rank 2
    #   24 6.399518490  -> 6.40, third            -> rank 3
    #   84 4.429068088  -> 4.43, lowest of 63     -> rank 63
    #   74 4.470521450  -> 4.47, second lowest    -> rank 62
    # All 63 provinces have a 2016 score, none published a rank: of = 63.
    for unit, rank in (("42", 1), ("27", 2), ("24", 3), ("84", 63), ("74", 62)):
        f = _fact(papi_db, 2016, unit, "1")
        assert (int(f["rank"]), int(f.rank_of), bool(f.computed)) == (rank, 63, False), unit
    assert _fact(papi_db, 2016, "42", "1").score == pytest.approx(6.809286594390869)


def test_computed_dimension_2024_with_a_tie_at_two_decimals(papi_db):
    # 2024 gives sub-dimensions only; dimension 6 = 6.1 + 6.2 + 6.3 + 6.4 (max 4 x 2.5 = 10).
    # Rows `PAPI,2024,<unit>,6.x,<score>`:
    #   22: 1.889129162 + 2.11402154  + 2.344445467 + 2.07224369  = 8.419839859 -> 8.42, rank 1
    #   27: 2.015512705 + 2.099492788 + 2.292014837 + 1.993945003 = 8.400965333 -> 8.40, rank 2
    #   80: 1.806907058 + 0.996901691 + 1.990486383 + 1.89765954  = 6.691954672 -> 6.69, last (61)
    #   20: 1.959565401 + 2.033733368 + 1.921368122 + 1.947181106 = 7.861847997 -> 7.86
    #   24: 1.937621117 + 1.878644586 + 2.105505466 + 1.935891986 = 7.857663155 -> 7.86
    # 20 and 24 tie at two decimals; 14 provinces are above 7.86 (the 14th, 44, has 7.9080),
    # so both rank 15. 61 provinces have 2024 scores: of = 61.
    expected = {"22": (8.419839859, 1), "27": (8.400965333, 2), "80": (6.691954672, 61),
                "20": (7.861847997, 15), "24": (7.857663155, 15)}
    for unit, (score, rank) in expected.items():
        f = _fact(papi_db, 2024, unit, "6")
        assert f.score == pytest.approx(score, abs=1e-8), unit
        assert (int(f["rank"]), int(f.rank_of), bool(f.computed), f.max_score) == (
            rank, 61, True, pytest.approx(10.0, abs=1e-5)), unit


def test_overall_2016_and_headline(papi_db):
    # Lạng Sơn (20) 2016 dimensions 1..6: 5.086269379 + 5.168102264 + 4.723731041 + 5.861180782
    # + 6.762071610 + 6.999878407 = 34.601233483; the file also gives the overall row
    # `PAPI,2016,20,,34.60123348236084`, which is used as given (max 6 x 10 = 60).
    f = _fact(papi_db, 2016, "20", "")
    assert (f.score, f.max_score, bool(f.computed)) == (pytest.approx(34.60123348236084), 60.0,
                                                        False)
    with db.open_read(papi_db) as con:
        h = headline(con, "PAPI", 2016, "20")
    assert (h.score, h.rank_of, h.previous_year) == (pytest.approx(34.60123348236084), 63, 2015)
