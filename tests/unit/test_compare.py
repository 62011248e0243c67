"""League table, peer groups, neighbours on the map, components and rank histories."""
from __future__ import annotations

import pandas as pd
import pytest

from analysis import compare, db, geo
from tests.unit import fixtures_org as F


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    path = F.org_db(tmp_path_factory.mktemp("org") / "org.duckdb")
    with db.open_read(path) as connection:
        yield connection


def test_league_table_ranks_changes_and_ties(con):
    out = compare.league_table(con, F.INDEX, 2023)
    assert list(out.columns) == compare.LEAGUE_COLUMNS
    assert list(out["unit_code"]) == ["01", "02", "04", "06", "20", "08"]
    assert list(out["rank"]) == [1, 2, 2, 4, 4, 6]
    # 2022 ranks: 01 1, 02 2, 06 3, 20 4, 04 5; 08 had no 2022 score (its latest is 2021): no
    # change, a change is only against the year before.
    na = lambda col: [None if v is pd.NA else int(v) for v in out[col]]  # noqa: E731
    assert na("previous_rank") == [1, 2, 5, 3, 4, None]
    assert na("delta_rank") == [0, 0, 3, -1, 0, None]
    assert na("previous_year") == [2022, 2022, 2022, 2022, 2022, None]
    assert list(out["pct"]) == pytest.approx([90.0, 77.5, 77.5, 67.0, 67.0, 50.0])
    assert out.loc[out.unit_code == "20", "name"].item() == "Lạng Sơn"
    assert set(out["rank_of"]) == {6}


def test_league_table_never_compares_across_the_merger(con):
    out = compare.league_table(con, F.INDEX, 2025)
    assert list(out["unit_code"]) == ["01", "08"]
    assert out["previous_rank"].isna().all() and out["delta_rank"].isna().all()


def test_league_table_bands_from_config(con):
    from analysis import config
    assert compare.league_table(con, F.INDEX, 2023)["band"].isna().all()
    config.set_bands(F.INDEX, ((75.0, "A"), (0.0, "C")))
    try:
        out = compare.league_table(con, F.INDEX, 2023)
        assert list(out["band"]) == ["A", "A", "A", "C", "C", "C"]
    finally:
        config.set_bands(F.INDEX, None)


def test_peer_groups(con):
    peers = compare.peer_groups(con, 2023, "20", index_code=F.INDEX, top_n=2)
    assert peers["region"] == ["02", "04", "06", "08"]          # NMM in the fixture, not itself
    assert peers["neighbours"] == ["04", "06", "19", "22", "24"]
    assert peers["top"] == ["01", "02", "04"]                   # rank <= 2, tie included
    assert peers["all"] == ["01", "02", "04", "06", "08"]
    assert compare.peer_groups(con, 2023, "01", top_n=2)["top"] == []  # no index given


@pytest.mark.parametrize("geography, code, expected", [
    # Checked by hand against the map: Hà Nội and Lạng Sơn before the merger.
    ("vn63", "01", ["17", "19", "24", "25", "26", "27", "33", "35"]),
    ("vn63", "20", ["04", "06", "19", "22", "24"]),
    ("vn63", "79", ["72", "74", "75", "77", "80", "82"]),
    ("vn63", "96", ["91", "95"]),
    # After: Hà Nội borders Thái Nguyên, Bắc Ninh, Phú Thọ, Hưng Yên, Ninh Bình.
    ("vn34", "01", ["19", "24", "25", "33", "37"]),
    ("vn34", "08", ["04", "15", "19", "25"]),
])
def test_neighbours_spot_checks(geography, code, expected):
    assert geo.neighbours(geography, code) == expected


def test_neighbours_are_symmetric_and_complete():
    for geography, n in (("vn63", 63), ("vn34", 34)):
        pairs = pd.read_csv(geo.BUNDLED_DATA_DIR / "reference" / f"neighbours_{geography}.csv",
                            dtype=str)
        as_set = set(zip(pairs.unit_code, pairs.neighbour_code))
        assert as_set == {(b, a) for a, b in as_set}
        # Every province has a land neighbour (Vietnam has no island-only province).
        assert pairs.unit_code.nunique() == n


def test_geojson_carries_unit_codes():
    shapes = geo.geojson("vn34")
    assert len(shapes["features"]) == 34
    assert {f["properties"]["unit_code"] for f in shapes["features"]} >= {"01", "08", "96"}
    with pytest.raises(ValueError):
        geo.geojson("vn99")
    assert geo.geography_of_year(2024) == "vn63" and geo.geography_of_year(2025) == "vn34"


def test_compare_components(con):
    out = compare.compare_components(con, F.INDEX, 2023, ["20", "01"])
    assert list(out.columns[:6]) == ["unit_code", "name", "criterion_code", "criterion_name",
                                     "score", "pct"]
    assert list(zip(out.unit_code, out.criterion_code)) == [("20", ""), ("20", "1"), ("20", "2"),
                                                            ("01", "")]
    assert list(out["score"]) == pytest.approx([13.4, 6.9, 6.5, 18.0])
    assert out.loc[1, "criterion_name"] == "Chỉ đạo điều hành"


def test_rank_history(con):
    out = compare.rank_history(con, F.INDEX, ["08", "20"], "vn63")
    assert list(zip(out.unit_code, out.year, out["rank"])) == [
        ("08", 2021, 2), ("08", 2023, 6), ("08", 2024, 2), ("20", 2022, 4), ("20", 2023, 4)]
    assert compare.rank_history(con, F.INDEX, ["08"], "vn34")["year"].tolist() == [2025]
