"""Every figure true (issue 12), checked on the bundled real data built exactly as the app builds
it (`bundle.ensure_app_database`). Expected values were read by hand from data/papi/*.csv,
data/published/scores.csv and data/reference/units.csv; each test says which rows."""
from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest

from analysis import bundle, db, headline as hl, summary as sm
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def real_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("real") / "app.duckdb"
    bundle.ensure_app_database(path)
    return path


@pytest.fixture
def con(real_db):
    with db.open_read(real_db) as c:
        yield c


def cli(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "analysis", *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)


# --- 1. corrected data --------------------------------------------------------------------------

def test_papi_2014_unsurveyed_provinces_have_no_score_and_ranks_are_of_61(con):
    # data/papi/scores.csv has no `PAPI,2014,24,...` nor `PAPI,2014,87,...` row (Bắc Giang and
    # Đồng Tháp, data/reference/units.csv, were not surveyed; the upstream total of 0 is gone).
    # The other 61 vn63 provinces have 2014 rows, and no PAPI row publishes a rank: of = 61.
    assert con.execute("SELECT count(*) FROM fact WHERE index_code = 'PAPI' AND year = 2014 "
                       "AND unit_code IN ('24', '87')").fetchall() == [(0,)]
    ofs = con.execute("SELECT DISTINCT rank_of FROM fact WHERE index_code = 'PAPI' "
                      "AND year = 2014 AND criterion_code = ''").fetchall()
    assert ofs == [(61,)]
    assert con.execute("SELECT count(*), max(rank) FROM fact WHERE index_code = 'PAPI' "
                       "AND year = 2014 AND criterion_code = ''").fetchall() == [(61, 61)]


def test_papi_tree_2011_2015_differs_from_2016_2017_in_3_2_and_3_3(con):
    # data/papi/criteria.csv: 2011-2015 3.2 "Ban thanh tra nhân dân", 3.3 "Ban Giám sát đầu tư
    # cộng đồng"; 2016-2017 3.2 "Đáp ứng kiến nghị của người dân", 3.3 "Hiệu quả của Ban Thanh
    # tra Nhân dân". Same codes, other names: no change 2015 -> 2016, the break is flagged;
    # 3.1 keeps its name, so it is compared (Lạng Sơn, 20, has both years).
    df = hl.component_changes(con, "PAPI", 2016, "20", depth=2).set_index("criterion_code")
    for code in ("3.2", "3.3"):
        assert pd.isna(df.loc[code, "delta_score"]) and pd.isna(df.loc[code, "delta_rank"])
        assert "2015 → 2016" in df.loc[code, "break_note"]
    assert not pd.isna(df.loc["3.1", "delta_score"])
    assert df.loc["3.2", "name"] == "Đáp ứng kiến nghị của người dân"


# --- 2. missing is never zero -------------------------------------------------------------------

def test_summary_papi_2014_bac_giang_says_no_score_in_one_line(real_db):
    out = cli("summary", "--db", real_db, "--index", "PAPI", "--year", 2014, "--unit", 24, "--json")
    assert out.returncode == 1 and out.stdout == ""
    assert len(out.stderr.strip().splitlines()) == 1
    assert "no PAPI score" in out.stderr and "0,00" not in out.stderr and "0.0" not in out.stderr


def test_summary_papi_2015_bac_giang_has_no_change_because_2014_has_no_score(con):
    # Bắc Giang (24) has PAPI 2015 and 2013 rows but none in 2014: the change would be against
    # 2013 (today "+42 places"); the contract compares only with the year before.
    answer = sm.summary(con, "PAPI", 2015, "24")
    assert answer["score"] is not None and answer["of"] == 63
    assert answer["previous"] is None
    assert answer["delta_rank"] is None and answer["delta_score"] is None
    assert all(c["delta_rank"] is None for c in answer["components"])
    assert "năm gần nhất có số liệu: 2013" in answer["narrative"]
    assert "so với năm 2013" not in answer["narrative"]


def test_summary_answers_for_partial_data_papi_2018_quang_ninh(con):
    # PAPI 2018, Quảng Ninh (22): data/papi/scores.csv has sub-dimensions of dimensions 1, 3, 5,
    # 6, 7, 8 but not 2 and 4, so neither 2, 4 nor the total can be computed: no score, no rank,
    # not counted in `of` (61 of the 63 have a 2018 total); the six dimensions are still shown.
    answer = sm.summary(con, "PAPI", 2018, "22")
    assert (answer["score"], answer["rank"], answer["of"]) == (None, None, None)
    assert answer["delta_rank"] is None and answer["delta_score"] is None
    assert [c["code"] for c in answer["components"]] == ["1", "3", "5", "6", "7", "8"]
    assert all(c["of"] == 63 for c in answer["components"])
    assert answer["weakest"]
    assert "chưa có điểm tổng hợp" in answer["narrative"]
    assert "2, 4" in answer["narrative"]


# --- 3. a change is only against the year before ------------------------------------------------

def test_no_change_across_a_gap_in_any_published_row(con):
    # data/published/scores.csv: PAR INDEX years 2012, 2016, 2018, 2019, 2021-2024; SIPAS 2019,
    # 2021-2024. Every overall row whose year before has no row for the same province must have
    # no change: e.g. PAR 2016 Đà Nẵng (48) vs 2012, PAR 2021 Quảng Ninh (22) vs 2019, SIPAS 2021.
    from analysis import compare
    for index, year in (("PAR_INDEX", 2016), ("PAR_INDEX", 2018), ("PAR_INDEX", 2021),
                        ("SIPAS", 2021)):
        table = compare.league_table(con, index, year)
        assert table["delta_rank"].isna().all(), (index, year)
        assert table["previous_year"].isna().all(), (index, year)
    h = hl.headline(con, "PAR_INDEX", 2021, "22")
    assert (h.previous_year, h.delta_score, h.delta_rank, h.last_year) == (None, None, None, 2019)
    # PAR 2019 vs 2018 is a true year-on-year change: 90.09 - 89.60 = +0.49, ranks 1 and 1.
    h = hl.headline(con, "PAR_INDEX", 2019, "22")
    assert (h.previous_year, h.delta_score, h.delta_rank) == (2018, pytest.approx(0.49), 0)


def test_papi_2019_is_not_compared_with_2017(con):
    # PAPI 2018 Quảng Ninh (22) has no total (dimensions 2 and 4 missing), so its 2019 total has
    # no change (today it is compared with 2017); its 2019 dimension 1 has a 2018 score and
    # is compared with 2018 only.
    h = hl.headline(con, "PAPI", 2019, "22")
    assert (h.previous_year, h.delta_rank, h.last_year) == (None, None, 2017)
    fields = hl.component_changes(con, "PAPI", 2019, "22").set_index("criterion_code")
    assert pd.isna(fields.loc["2", "delta_rank"])
    assert not pd.isna(fields.loc["1", "previous_rank"])
