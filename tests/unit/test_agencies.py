"""Lead agencies: inheritance, validity years, points lost without double counting, the
accountability list and the follow-up. Expected values are worked out by hand from
fixtures_org (see the comments there)."""
from __future__ import annotations

import pandas as pd
import pytest

from analysis import agencies, db
from tests.unit import fixtures_org as F


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    path = F.org_db(tmp_path_factory.mktemp("org") / "org.duckdb")
    with db.open_read(path) as connection:
        yield connection


def _by_code(df):
    return {r.criterion_code: r for r in df.itertuples()}


def test_leads_inherit_down_the_tree_and_own_row_overrides(con):
    rows = _by_code(agencies.leads(con, F.INDEX, 2023, "20"))
    assert list(rows) == ["1", "1.1", "1.2", "1.2.1", "1.2.2", "2", "2.1", "2.2"]
    # 1.2.1 has no row: it inherits from field 1, two levels up.
    assert (rows["1.2.1"].lead_code, rows["1.2.1"].lead_name, rows["1.2.1"].assigned_at) == (
        "20.SNV", "Sở Nội vụ", "1")
    assert rows["1.2.1"].support_codes == ["20.STP", "20.VP"]
    assert rows["1.2.1"].support_names == "Sở Tư pháp; Văn phòng UBND tỉnh"
    # 1.2.2 has its own row, which overrides the parent's (and brings no supporters).
    assert (rows["1.2.2"].lead_code, rows["1.2.2"].assigned_at) == ("20.STP", "1.2.2")
    assert rows["1.2.2"].support_codes == []
    assert pd.isna(rows["1.2.2"].support_names)


def test_leads_follow_validity_years(con):
    # Field 2: Văn phòng 2021-2022, then Thông tin và Truyền thông from 2023.
    for year, lead in [(2021, "20.VP"), (2022, "20.VP"), (2023, "20.STTTT"), (2024, "20.STTTT")]:
        rows = _by_code(agencies.leads(con, F.INDEX, year, "20"))
        assert rows["2"].lead_code == lead, year
        assert rows["2.2"].lead_code == lead, year
    # Before the first row starts, field 2 has no lead; field 1 (always valid) still has one.
    rows = _by_code(agencies.leads(con, F.INDEX, 2020, "20"))
    assert pd.isna(rows["2.1"].lead_code) and pd.isna(rows["2.1"].assigned_at)
    assert rows["1.1"].lead_code == "20.SNV"


def test_leads_are_per_province(con):
    rows = _by_code(agencies.leads(con, F.INDEX, 2023, "01"))
    assert rows["2.1"].lead_code == "20.SYT"
    assert pd.isna(rows["2.2"].lead_code)
    assert pd.isna(rows["1"].lead_code)


def test_agency_summary_counts_lowest_level_only(con):
    out = agencies.agency_summary(con, F.INDEX, 2023, "20")
    assert list(out.columns) == agencies.SUMMARY_COLUMNS
    rows = {r.lead_code: r for r in out.itertuples()}
    # Nội vụ leads 1, 1.1, 1.2, 1.2.1 after inheritance; only the leaves 1.1 (1.0) and 1.2.1
    # (1.5) count, not field 1 (3.1) or 1.2 (2.1), which would count them twice.
    assert rows["20.SNV"].criteria_led == 2
    assert rows["20.SNV"].points_lost == pytest.approx(2.5)
    # 2022: 1.1 lost 2.0, 1.2.1 lost 1.5.
    assert rows["20.SNV"].previous_points_lost == pytest.approx(3.5)
    assert rows["20.SNV"].delta_points_lost == pytest.approx(-1.0)
    assert rows["20.SNV"].weakest_items == "Tỷ lệ kiểm tra; Kế hoạch CCHC"
    assert rows["20.STP"].points_lost == pytest.approx(0.6)
    assert rows["20.STP"].previous_points_lost == pytest.approx(0.0)
    assert rows["20.STP"].delta_points_lost == pytest.approx(0.6)
    # Thông tin và Truyền thông led nothing in 2022 (Văn phòng did): no previous figure.
    assert rows["20.STTTT"].points_lost == pytest.approx(3.5)
    assert pd.isna(rows["20.STTTT"].previous_points_lost)
    assert pd.isna(rows["20.STTTT"].delta_points_lost)
    assert rows["20.STTTT"].weakest_items == "Dịch vụ công trực tuyến; Thanh toán trực tuyến"
    assert list(out["lead_code"]) == ["20.STTTT", "20.SNV", "20.STP"]
    # Nothing counted twice: the agencies' points add up to the province's total points lost.
    assert out["points_lost"].sum() == pytest.approx(20 - 13.4)


def test_accountability_list_groups_weak_items_by_agency(con):
    out = agencies.accountability_list(con, F.INDEX, 2023, "20", threshold=60.0, n=3)
    assert list(out.columns) == agencies.ACCOUNTABILITY_COLUMNS
    # Below 60 %: 2.1 (40 %) and 1.2.1 (50 %); among the 3 weakest also 1.1 (75 %).
    # Thông tin và Truyền thông (3.0 points) is read out before Nội vụ (2.5).
    assert list(out["criterion_code"]) == ["2.1", "1.2.1", "1.1"]
    assert list(out["lead_name"]) == ["Sở Thông tin và Truyền thông", "Sở Nội vụ", "Sở Nội vụ"]
    assert list(out["points_lost"]) == pytest.approx([3.0, 1.5, 1.0])
    assert list(out["delta_score"]) == pytest.approx([-1.0, 0.0, 1.0])
    assert list(out["pct"]) == pytest.approx([40.0, 50.0, 75.0])


def test_accountability_list_default_threshold_takes_ten_weakest(con):
    out = agencies.accountability_list(con, F.INDEX, 2023, "20")
    assert sorted(out["criterion_code"]) == ["1.1", "1.2.1", "1.2.2", "2.1", "2.2"]


def test_follow_up_says_whether_last_years_weak_items_improved(con):
    out = agencies.follow_up(con, F.INDEX, 2023, "20", threshold=70.0, n=2)
    assert list(out.columns) == agencies.FOLLOW_UP_COLUMNS
    rows = _by_code(out)
    # 2022 below 70 %: 1.1 (50), 1.2.1 (50), 2.1 (60). 2.2 (80) and 1.2.2 (100) are not weak.
    assert sorted(rows) == ["1.1", "1.2.1", "2.1"]
    assert (rows["1.1"].previous_pct, rows["1.1"].pct, rows["1.1"].delta) == (50.0, 75.0, 25.0)
    assert rows["1.1"].improved is True
    assert rows["1.2.1"].delta == 0.0 and rows["1.2.1"].improved is False
    assert rows["2.1"].delta == pytest.approx(-20.0) and rows["2.1"].improved is False
    # Judged under the agency that led it last year.
    assert rows["2.1"].lead_code == "20.VP"
    assert set(out["previous_year"]) == {2022}


def test_follow_up_without_previous_year_is_empty(con):
    assert agencies.follow_up(con, F.INDEX, 2022, "20").empty


def test_renamed_criterion_is_not_compared(tmp_path):
    """A new tree from 2023 keeps code 2.1 but gives it another name: no delta, no follow-up."""
    tree = [{"index_code": "X", "valid_from": 2022, "valid_to": 2022, "criterion_code": c,
             "name": n, "max_score": 10} for c, n in [("1", "A"), ("2", "B"), ("2.1", "B1")]]
    tree += [{"index_code": "X", "valid_from": 2023, "criterion_code": c, "name": n,
              "max_score": 10} for c, n in [("1", "A"), ("2", "B"), ("2.1", "Mới")]]
    scores = [{"index_code": "X", "year": y, "unit_code": "20", "criterion_code": c, "score": s}
              for y, c, s in [(2022, "1", 4), (2022, "2.1", 3), (2023, "1", 5), (2023, "2.1", 6)]]
    path = F.build(tmp_path / "x.duckdb",
                   unit=[{"unit_code": "20", "name": "Lạng Sơn"},
                         {"unit_code": "20.SNV", "name": "Sở Nội vụ", "level": "department",
                          "parent_code": "20"}],
                   criterion=tree, score=scores,
                   responsibility=[{"province_code": "20", "index_code": "X",
                                    "criterion_code": "", "lead_code": "20.SNV"}])
    with db.open_read(path) as con:
        acc = _by_code(agencies.accountability_list(con, "X", 2023, "20", threshold=100.0))
        assert acc["1"].delta_score == pytest.approx(1.0)
        assert pd.isna(acc["2.1"].delta_score)
        # A row for the whole index ('') is inherited by every criterion.
        assert acc["2.1"].lead_name == "Sở Nội vụ"
        fu = _by_code(agencies.follow_up(con, "X", 2023, "20", threshold=100.0))
        assert fu["1"].improved is True
        assert pd.isna(fu["2.1"].pct) and fu["2.1"].improved is None
