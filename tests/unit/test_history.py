"""Predecessors of a merged province. In the reference data vn34 '08' Tuyên Quang was formed
from vn63 '08' Tuyên Quang and '02' Hà Giang (successor_code 08 on both)."""
from __future__ import annotations

import csv

import pytest

from analysis import db, history
from analysis.paths import BUNDLED_DATA_DIR
from tests.unit import fixtures_org as F


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    path = F.org_db(tmp_path_factory.mktemp("org") / "org.duckdb")
    with db.open_read(path) as connection:
        yield connection


def test_reference_data_merges_ha_giang_into_tuyen_quang():
    with open(BUNDLED_DATA_DIR / "reference" / "units.csv", encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh)
                if r["geography"] == "vn63" and r["successor_code"] == "08"]
    assert sorted((r["unit_code"], r["name"]) for r in rows) == [("02", "Hà Giang"),
                                                                 ("08", "Tuyên Quang")]


def test_predecessors_latest_score_before_the_merger(con):
    # 02: 2022 16.0 (2/5), 2023 15.5 (2/6), 2024 12.0 (3/3); 08: 2021, 2023, 2024 14.0 (2/3).
    assert history.predecessors(con, F.INDEX, "08") == [
        {"code": "02", "name": "Hà Giang", "year": 2024, "score": 12.0, "rank": 3, "of": 3},
        {"code": "08", "name": "Tuyên Quang", "year": 2024, "score": 14.0, "rank": 2, "of": 3},
    ]


def test_predecessor_without_score_is_listed_empty(con):
    # vn34 20 Lạng Sơn kept its territory: its one predecessor (vn63 20) was last scored in 2023;
    # on PAR_SO (departments only) it has no province score at all.
    assert history.predecessors(con, F.INDEX, "20") == [
        {"code": "20", "name": "Lạng Sơn", "year": 2023, "score": pytest.approx(13.4),
         "rank": 4, "of": 6}]
    assert history.predecessors(con, F.INTERNAL, "20") == [
        {"code": "20", "name": "Lạng Sơn", "year": None, "score": None, "rank": None,
         "of": None}]


def test_not_a_vn34_province(con):
    assert history.predecessors(con, F.INDEX, "02") is None          # Hà Giang is gone in vn34
    assert history.predecessors(con, F.INDEX, "08", geography="vn63") is None
    assert history.predecessors(con, F.INDEX, "20.SNV") is None
    assert history.predecessor_series(con, F.INDEX, "02").empty


def test_predecessor_series(con):
    out = history.predecessor_series(con, F.INDEX, "08")
    assert list(out.columns) == history.SERIES_COLUMNS
    assert list(zip(out.unit_code, out.year, out.score)) == [
        ("02", 2022, 16.0), ("02", 2023, 15.5), ("02", 2024, 12.0),
        ("08", 2021, 11.0), ("08", 2023, 10.0), ("08", 2024, 14.0)]
    assert list(out["rank"]) == [2, 2, 3, 2, 6, 2]
