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
