"""Internal index of province 20's departments (PAR_SO, percentages):
2022: SNV 88, STP 86, VP 80, STTTT 70;  2023: SNV 92, STP 85, VP 85, STTTT 70, SYT 60.
A district of province 01 (99 in 2023) must stay out."""
from __future__ import annotations

import pytest

from analysis import db, internal
from tests.unit import fixtures_org as F


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    path = F.org_db(tmp_path_factory.mktemp("org") / "org.duckdb")
    with db.open_read(path) as connection:
        yield connection


def test_internal_ranking(con):
    out = internal.internal_ranking(con, F.INTERNAL, 2023, "20", "department")
    assert list(out.columns) == internal.RANKING_COLUMNS
    assert list(out["unit_code"]) == ["20.SNV", "20.STP", "20.VP", "20.STTTT", "20.SYT"]
    assert list(out["rank"]) == [1, 2, 2, 4, 5]
    assert list(out["name"][:2]) == ["Sở Nội vụ", "Sở Tư pháp"]
    assert list(out["delta_score"][:4]) == [4.0, -1.0, 5.0, 0.0]
    assert out["delta_score"].isna().tolist() == [False] * 4 + [True]
    # 2022 ranks 1, 2, 3, 4: VP moved up one place.
    assert list(out["delta_rank"][:4]) == [0, 0, 1, 0]
    assert out["delta_rank"].isna().iloc[4]
    assert list(out["band"]) == ["Tốt", "Khá", "Khá", "Trung bình", "Yếu"]


def test_internal_ranking_level_alias_and_other_levels(con):
    assert len(internal.internal_ranking(con, F.INTERNAL, 2023, "20", "so")) == 5
    assert internal.internal_ranking(con, F.INTERNAL, 2023, "20", "district").empty
    districts = internal.internal_ranking(con, F.INTERNAL, 2023, "01", "district")
    assert list(districts["unit_code"]) == ["01.D1"]


def test_internal_summary(con):
    s = internal.internal_summary(con, F.INTERNAL, 2023, "20")
    assert s["units"] == 5
    assert s["mean"] == pytest.approx(78.4)            # (92 + 85 + 85 + 70 + 60) / 5
    assert s["previous_year"] == 2022
    assert s["previous_mean"] == pytest.approx(81.0)   # (88 + 86 + 80 + 70) / 4
    assert s["delta_mean"] == pytest.approx(-2.6)
    assert (s["improved"], s["declined"], s["unchanged"], s["new"]) == (2, 1, 1, 1)
    assert s["bands"] == {"Tốt": 1, "Khá": 2, "Trung bình": 1, "Yếu": 1}
    assert list(s["bands"]) == ["Tốt", "Khá", "Trung bình", "Yếu"]


def test_configurable_band_thresholds(con):
    bands = ((85.0, "Tốt"), (70.0, "Khá"), (0.0, "Yếu"))
    s = internal.internal_summary(con, F.INTERNAL, 2023, "20", bands=bands)
    assert s["bands"] == {"Tốt": 3, "Khá": 1, "Yếu": 1}


@pytest.mark.parametrize("pct, band", [(90.0, "Tốt"), (89.999, "Tốt"), (89.99, "Khá"),
                                       (80.0, "Khá"), (65.0, "Trung bình"), (64.99, "Yếu"),
                                       (0.0, "Yếu"), (None, None)])
def test_default_bands_at_two_decimals(pct, band):
    assert internal.band_of(pct) == band


def test_first_year_has_no_previous(con):
    s = internal.internal_summary(con, F.INTERNAL, 2022, "20")
    assert s["previous_mean"] is None and s["delta_mean"] is None
    assert (s["improved"], s["declined"], s["new"]) == (0, 0, 4)
