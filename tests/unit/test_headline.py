"""Headline, trend, rank changes per field and for all units (fixture: fixtures.review_db; the
expected figures are worked out in the comment above REVIEW_LEAVES)."""
from __future__ import annotations

import pandas as pd
import pytest

from analysis import catalog, config, db
from analysis.headline import compare_previous, component_changes, headline, movers, trend
from tests.unit import fixtures as fx


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    path = fx.review_db(tmp_path_factory.mktemp("review") / "review.duckdb")
    with db.open_read(path) as connection:
        yield connection


def test_headline_of_a_unit(con):
    h = headline(con, "PAR_INDEX", 2023, "20")
    assert (h.score, h.max_score, h.pct, h.rank, h.rank_of, h.rank_published) == (
        91.25, 100.0, 91.25, 2, 4, False)
    assert (h.previous_year, h.previous_score, h.previous_rank) == (2022, 82.5, 3)
    assert (h.delta_score, h.delta_rank, h.band) == (8.75, 1, "A")
    # mean of 97.5, 91.25, 90, 80; median of the middle two; Lạng Sơn is alone in its region
    assert (h.national_mean, h.national_median, h.region_mean) == (89.6875, 90.625, 91.25)
    assert (h.leader_code, h.leader_name, h.leader_score) == ("01", "Hà Nội", 97.5)
    assert (h.unit_name, h.geography, h.is_percent) == ("Lạng Sơn", "vn63", False)


def test_no_score_gives_none(con):
    assert headline(con, "PAR_INDEX", 2022, "79") is None


def test_a_missing_year_gives_no_change_only_context(con):
    # Hồ Chí Minh City has no 2022 score: a change is only against the year before (contract
    # section 3), so 2023 has none; 2021 (82.5, rank 2) is the latest year with data, context only.
    h = headline(con, "PAR_INDEX", 2023, "79")
    assert (h.previous_year, h.previous_score, h.previous_rank) == (None, None, None)
    assert (h.delta_score, h.delta_rank, h.last_year) == (None, None, 2021)


def test_first_year_has_no_previous(con):
    h = headline(con, "PAR_INDEX", 2021, "20")
    assert (h.previous_year, h.previous_score, h.delta_score, h.delta_rank) == (None,) * 4
    assert (h.rank, h.rank_of) == (3, 4)


def test_no_change_across_the_merger(con):
    h = headline(con, "PAR_INDEX", 2025, "20")
    assert (h.geography, h.score, h.rank, h.rank_of) == ("vn34", 88.0, 2, 2)
    assert (h.previous_year, h.delta_score, h.delta_rank) == (None, None, None)
    assert h.band == "B"


def test_published_rank_missing_for_the_unit(con):
    # SIPAS 2023: Hà Nội's rank 1 was published, so Lạng Sơn gets no computed rank.
    h = headline(con, "SIPAS", 2023, "20")
    assert (h.rank, h.rank_of, h.rank_published, h.delta_rank) == (None, 4, False, None)
    assert (h.delta_score, h.max_score, h.band) == (pytest.approx(3.86), 100.0, None)
    hn = headline(con, "SIPAS", 2023, "01")
    assert (hn.rank, hn.rank_published, hn.delta_rank) == (1, True, 0)


def test_renamed_criterion_is_a_break_and_kept_names_compare(con):
    df = component_changes(con, "PAR_INDEX", 2022, "20", depth=2).set_index("criterion_code")
    assert list(df.index) == ["1.1", "1.2", "2.1", "2.2"]
    # 2.1 was renamed in the 2022 tree: no change, and the break is said
    assert df.loc["2.1", "break_note"] == "Tiêu chí thay đổi giữa hai kỳ phương pháp (2021 → 2022)"
    assert df.isna().loc["2.1", "delta_score"] and df.isna().loc["2.1", "delta_rank"]
    assert df.loc["2.1", "previous_rank"] == 2  # the previous values themselves are shown
    # 1.1 kept code and name: compared (15 -> 17.5; rank 3 of 4 -> 2 of 3)
    assert (df.loc["1.1", "delta_score"], df.loc["1.1", "delta_rank"]) == (2.5, 1)
    assert df.loc["1.1", "break_note"].startswith("Phương pháp thay đổi (2021 → 2022)")


def test_field_changes_within_one_period(con):
    df = component_changes(con, "PAR_INDEX", 2023, "20").set_index("criterion_code")
    assert list(df.columns) == ["name", "name_en", "score", "max_score", "pct", "rank", "rank_of",
                                "previous_rank", "delta_rank", "previous_score", "delta_score",
                                "break_note"]
    # field 1: 42.5 (2023, 4th of 4) vs 42.5 (2022, 2nd of 3); field 2: 48.75 1st vs 40 3rd
    assert (df.loc["1", "score"], df.loc["1", "rank"], df.loc["1", "delta_rank"]) == (42.5, 4, -2)
    assert (df.loc["2", "delta_score"], df.loc["2", "delta_rank"]) == (8.75, 2)
    assert df.break_note.isna().all()


def test_changed_maximum_gives_rank_change_only():
    row = {"criterion_code": "1", "name": "A", "previous_name": "A", "score": 8.0,
           "previous_score": 6.0, "max_score": 10.0, "previous_max": 8.0, "rank": 3,
           "previous_rank": 5, "previous_year": 2017, "period": 2018, "previous_period": 2011}
    assert compare_previous(row, 2018) == (None, 2, "Điểm tối đa thay đổi (8,00 → 10,00, 2017 → 2018)")


def test_movers_biggest_rise_first(con):
    df = movers(con, "PAR_INDEX", 2023)
    assert list(df.columns) == ["unit_code", "name", "score", "rank", "previous_rank", "delta_rank"]
    # 79 has no 2022 score, so no change (last, among the units without one).
    assert list(df.unit_code) == ["20", "01", "48", "79"]
    assert [None if x is pd.NA else int(x) for x in df.delta_rank] == [1, 0, -2, None]


def test_trend(con):
    df = trend(con, "PAR_INDEX", "20", "vn63")
    assert list(df.year) == [2021, 2022, 2023]
    assert list(df.score) == [75.0, 82.5, 91.25]
    assert [int(r) for r in df["rank"]] == [3, 3, 2]


def test_catalog(con):
    idx = catalog.indices(con).set_index("index_code")
    assert idx.loc["PAR_INDEX"].tolist() == [2021, 2025, True, False]
    assert idx.loc["SIPAS"].tolist() == [2022, 2023, False, True]
    assert catalog.years(con, "sipas") == [2022, 2023]
    assert list(catalog.units(con, "PAR_INDEX", 2025).unit_code) == ["01", "20"]
    assert catalog.resolve_unit(con, "TP. Hồ Chí Minh", 2023) == ("vn63", "79")
    assert catalog.resolve_unit(con, "Lang Son", 2025) == ("vn34", "20")
    assert catalog.resolve_unit(con, "1", 2023) == ("vn63", "01")
    with pytest.raises(catalog.UnknownUnit) as err:
        catalog.resolve_unit(con, "Lạng Sonn", 2023)
    assert "Lạng Sơn (20)" in str(err.value)


def test_bands():
    assert [config.band("PAR_INDEX", p) for p in (90.0, 89.996, 89.99, 80.0, 79.99)] == [
        "A", "A", "B", "B", "dưới 80%"]
    assert config.band("SIPAS", 95.0) is None
    config.set_bands("SIPAS", [(0, "Chưa đạt"), (80, "Đạt")])
    try:
        assert (config.band("sipas", 80.0), config.band("SIPAS", 79.3)) == ("Đạt", "Chưa đạt")
    finally:
        config.set_bands("SIPAS", None)


def test_delta_score_from_the_two_decimal_figures():
    # 42.8149 shows as 42,81 and 41.7751 as 41,78: the change reads 1,03 (raw 1.0398 would be 1,04)
    row = {"criterion_code": "", "score": 42.8149, "previous_score": 41.7751, "max_score": 80.0,
           "previous_max": 80.0, "rank": 41, "previous_rank": 36, "previous_year": 2023,
           "period": 2021, "previous_period": 2021}
    assert compare_previous(row, 2024) == (1.03, -5, None)
