"""The overview derived in one pass gives the figures the analysis functions give one by one
(fixture: fixtures.review_db; a unit scored on some fields only: the bundled real data)."""
from __future__ import annotations

import pandas as pd
import pytest

from analysis import bundle, catalog, db, headline as hl, history, narrative as nv, targets
from analysis.overview import overview
from tests.unit import fixtures as fx


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    path = fx.review_db(tmp_path_factory.mktemp("overview") / "review.duckdb")
    with db.open_read(path) as connection:
        yield connection


def same_frame(left: pd.DataFrame, right: pd.DataFrame) -> None:
    if left.empty and right.empty:  # no rows: the column types depend on the query's filters
        assert list(left.columns) == list(right.columns)
    else:
        pd.testing.assert_frame_equal(left, right)


def assert_same_as_one_by_one(con, index_code: str, year: int, unit_code: str):
    view = overview(con, index_code, year, unit_code)
    h = hl.headline(con, index_code, year, unit_code)
    assert view.headline == h
    cards = {code: (card, status) for code, card, status in view.cards}
    for code in catalog.indices(con)["index_code"]:
        one = hl.headline(con, code, year, unit_code)
        if one is None:
            assert code not in cards
        else:
            assert cards[code] == (one, targets.target_status(con, code, year, unit_code)), code
    same_frame(view.fields, hl.component_changes(con, index_code, year, unit_code))
    for lang in ("vi", "en"):
        assert view.narrative(lang) == nv.narrative(con, index_code, year, unit_code, lang=lang)
    if h is not None:
        same_frame(view.trend, hl.trend(con, index_code, unit_code, h.geography))
        assert view.predecessors == history.predecessors(con, index_code, unit_code, h.geography)
        if h.geography == "vn34":
            same_frame(view.predecessor_series,
                                          history.predecessor_series(con, index_code, unit_code))
    return view


@pytest.mark.parametrize("index_code, year, unit_code", [
    ("PAR_INDEX", 2023, "20"),  # a change, a target missed, lead agencies
    ("PAR_INDEX", 2023, "48"),
    ("PAR_INDEX", 2021, "79"),  # no year before
    ("SIPAS", 2023, "20"),      # no tree, no published rank
    ("PAR_INDEX", 2025, "20"),  # the merger year: predecessors
])
def test_same_figures_as_one_by_one(con, index_code, year, unit_code):
    view = assert_same_as_one_by_one(con, index_code, year, unit_code)
    assert view.headline is not None and view.narrative()


def test_cards_in_report_order(con):
    codes = [code for code, _h, _status in overview(con, "SIPAS", 2023, "20").cards]
    assert codes[:2] == ["PAR_INDEX", "SIPAS"]


def test_no_score(con):
    view = assert_same_as_one_by_one(con, "PAR_INDEX", 2022, "79")
    assert view.headline is None and view.narrative() == ""


def test_partial_unit_on_real_data(tmp_path_factory):
    # PAPI 2018 Quảng Ninh (22): dimensions 2 and 4 missing, so no total (tests/unit/test_figures.py)
    path = tmp_path_factory.mktemp("real") / "app.duckdb"
    bundle.ensure_app_database(path)
    with db.open_read(path) as real:
        view = assert_same_as_one_by_one(real, "PAPI", 2018, "22")
    assert view.headline is None and view.missing == ("2", "4")
    assert "chưa có điểm tổng hợp" in view.narrative()
