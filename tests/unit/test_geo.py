"""The year -> geography rule (scores up to 2024 refer to the 63 provinces, from 2025 to the 34)
in its Python home and its SQL twin, and the geography of a unit's facts."""
from __future__ import annotations

import duckdb
import pytest

from analysis import catalog, db, geo
from analysis.queries import schema
from analysis.selection import Selection
from tests.unit import fixtures as F

YEARS = [(2015, "vn63"), (2023, "vn63"), (2024, "vn63"), (2025, "vn34"), (2026, "vn34"), (2040, "vn34")]


@pytest.mark.parametrize("year, geography", YEARS)
def test_the_year_gives_the_geography(year, geography):
    assert geo.geography_of_year(year) == geography
    assert geo.geography_of_year(str(year)) == geography  # a year read from text
    assert Selection(year=year).geography == geography


@pytest.fixture
def macro_con():
    con = duckdb.connect(":memory:")
    con.execute(schema.GEOGRAPHY_OF_YEAR)
    yield con
    con.close()


@pytest.mark.parametrize("year, geography", YEARS)
def test_the_sql_macro_agrees_with_the_python_rule(macro_con, year, geography):
    assert macro_con.execute("SELECT geography_of_year(?::BIGINT)", [year]).fetchone()[0] == geography


def test_a_missing_year_counts_as_the_63_provinces_in_sql(macro_con):
    # the importer's default geography for a row whose year could not be read
    assert macro_con.execute("SELECT geography_of_year(NULL::BIGINT)").fetchone()[0] == "vn63"


def test_every_write_connection_has_the_macro(tmp_path):
    with db.write_transaction(tmp_path / "x.duckdb", create=True) as con:
        assert con.execute("SELECT geography_of_year(2024), geography_of_year(2025)").fetchone() == ("vn63", "vn34")


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    path = F.build(
        tmp_path_factory.mktemp("geo") / "geo.duckdb",
        units=[*F.provinces(["20", "48"]), *F.provinces(["20", "48"], geography="vn34"),
               {"unit_code": "20.SNV", "name": "Sở Nội vụ", "level": "department", "parent_code": "20"}],
        scores=[*F.overall("PAR_INDEX", 2024, {"20": 80.0, "48": 70.0}),
                *F.overall("PAR_INDEX", 2025, {"20": 82.0, "48": 75.0}),
                # a department of the 63-province list, scored after the merger
                *F.overall("PAR_SO", 2025, {"20.SNV": 90.0}, geography="vn63"),
                # a code with facts in both lists in one index-year: the year's own wins
                *F.overall("PAR_SO", 2025, {"48": 60.0}, geography="vn63"),
                *F.overall("PAR_SO", 2025, {"48": 61.0})])
    with db.open_read(path) as connection:
        yield connection


@pytest.mark.parametrize("index_code, year, unit_code, geography", [
    ("PAR_INDEX", 2024, "20", "vn63"),
    ("PAR_INDEX", 2025, "20", "vn34"),
    ("par_index", 2025, "20", "vn34"),
    ("PAR_SO", 2025, "20.SNV", "vn63"),   # the list the department was loaded with
    ("PAR_SO", 2025, "99", "vn34"),       # no facts: the year's own
])
def test_the_geography_of_a_units_facts(con, index_code, year, unit_code, geography):
    assert catalog.fact_geography(con, index_code, year, unit_code) == geography


def test_the_years_own_geography_wins_over_another_with_facts(con):
    rows = con.execute("SELECT DISTINCT geography FROM fact WHERE index_code = 'PAR_SO' AND year = 2025"
                       " AND unit_code = '48'").fetchall()
    assert sorted(rows) == [("vn34",), ("vn63",)]
    assert catalog.fact_geography(con, "PAR_SO", 2025, "48") == "vn34"
