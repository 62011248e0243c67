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


# --- 4. coverage always stated ------------------------------------------------------------------

def test_coverage_of_partial_published_indices(con):
    # data/published/scores.csv: PAR_INDEX 2024 has rows for 31, 01, 75 (3 provinces); SIPAS 2024
    # for 31 and 01 (2); vn63 has 63 provinces (data/reference/units.csv). PAPI 2016: all 63.
    from analysis import compare
    assert compare.coverage(con, "PAR_INDEX", 2024) == compare.Coverage(3, 63)
    assert compare.coverage(con, "SIPAS", 2024) == compare.Coverage(2, 63)
    assert not compare.coverage(con, "PAPI", 2016).partial
    assert compare.coverage(con, "PAR_INDEX", 2024, "", ("31", "01", "20")) == compare.Coverage(2, 3)


def test_headline_card_hides_a_national_mean_of_2_of_63_and_says_why(con):
    # SIPAS 2024: the mean of Hải Phòng 90.59 and Hà Nội 86.50 (88,55%) is not a national mean.
    from analysis import config
    from ui.cards import national_line

    h = hl.headline(con, "SIPAS", 2024, "31")
    assert (h.n_scored, h.n_units) == (2, 63)
    assert h.national_mean == pytest.approx((90.59 + 86.5) / 2)
    line = national_line(h, "vi")
    assert "2/63 tỉnh có số liệu" in line and "Trung bình cả nước" not in line
    assert "88,55" not in line and f"{100 * config.MEAN_MIN_COVERAGE:.0f}%" in line
    # PAPI 2024: 61 of 63 provinces (>= the threshold): the mean is shown, with its coverage.
    h = hl.headline(con, "PAPI", 2024, "20")
    line = national_line(h, "vi")
    assert "Trung bình của 61/63 tỉnh có số liệu" in line


def test_exports_and_deck_state_coverage(con):
    import io

    import openpyxl

    from analysis.export import slides
    from analysis.export.cli import export_bytes

    book = openpyxl.load_workbook(io.BytesIO(export_bytes(con, "league", "PAR_INDEX", 2024, None)))
    cells = [str(c.value) for row in book.active.iter_rows() for c in row if c.value]
    assert any("3/63 tỉnh có số liệu" in c for c in cells)
    story = slides.story(con, ("PAR_INDEX", 2024, "31", ("01", "20")), "vi")
    by_key = {s.key: s for s in story.slides}
    assert "3/63 tỉnh có số liệu" in by_key["headline"].text
    assert "2/3 tỉnh có số liệu" in (by_key["peers"].table.more or "")


# --- 6. words -----------------------------------------------------------------------------------

def _depth(text: str) -> int:
    deepest = level = 0
    for ch in text:
        level += {"(": 1, ")": -1}.get(ch, 0)
        deepest = max(deepest, level)
    return deepest


def test_narrative_says_shared_rank(con):
    # PAPI 2018 totals: Lạng Sơn (20) 47.0533 and Bến Tre (83) 47.0502 are both 47.05 at two
    # decimals, the highest: both rank 1.
    from analysis.narrative import narrative
    text = narrative(con, "PAPI", 2018, "20")
    assert "xếp thứ 1/61 tỉnh, thành phố (đồng hạng 1 với Bến Tre)" in text


def test_narratives_have_no_nested_brackets_and_end_sentences_with_a_full_stop(con):
    from analysis.narrative import narrative
    cases = [("PAPI", y, u) for y in (2015, 2016, 2018, 2019) for u in ("20", "22", "24", "87")]
    cases += [("PAR_INDEX", 2019, "22"), ("PAR_INDEX", 2021, "22"), ("SIPAS", 2024, "31")]
    for index, year, unit in cases:
        text = narrative(con, index, year, unit)
        if not text:
            continue
        assert _depth(text) <= 1, (index, year, unit, text)
        assert text.endswith("."), (index, year, unit, text)
        assert ". (" not in text and ") ." not in text, text


def test_papi_speaks_of_dimensions_not_fields(con):
    from analysis.narrative import narrative
    text = narrative(con, "PAPI", 2016, "20")
    assert "Chỉ số nội dung đạt cao nhất" in text and "nội dung thành phần đạt thấp nhất" in text
    assert "Lĩnh vực" not in text and "tiêu chí" not in text


def test_missing_lead_reads_chua_phan_cong_on_the_slide(con):
    # The bundled data has no responsibilities: every weakest row has no lead agency.
    from analysis.export import slides
    story = slides.story(con, ("PAPI", 2024, "20", ()), "vi")
    table = {s.key: s for s in story.slides}["weakest"].table
    leads = {row[-1] for row in table.rows}
    assert leads == {"chưa phân công"}


# --- 7. published figures that disagree with their own source ----------------------------------

def test_source_disagreements_are_shown_not_corrected(con):
    # PAR 2019 Quảng Ninh: stored 90.09 (2019) and 89.60 (2018): +0.49; the 2019 row's source
    # says "up 1.03 points". SIPAS 2024 Hải Phòng: 90.59 - 88.09 = +2.50; the 2023 row's source
    # says vccinews implies 88.90 (90.59 - 1.69).
    from analysis.export import context
    h = hl.headline(con, "PAR_INDEX", 2019, "22")
    assert h.delta_score == pytest.approx(0.49)
    note = hl.source_note(h, "vi")
    assert "+0,49" in note and "90,09" in note and "89,60" in note and "1.03" in note
    h = hl.headline(con, "SIPAS", 2024, "31")
    assert h.delta_score == pytest.approx(2.50)
    note = hl.source_note(h, "vi")
    assert "+2,50" in note and "1.69" in note and "năm 2023 ghi khác" in note
    assert any("1.69" in line for line in context.figure_sources(con, "SIPAS", 2024, "31"))
    # a figure whose sources agree has no such note
    assert hl.source_note(hl.headline(con, "PAPI", 2024, "20"), "vi") is None


# --- 8. demo data never enters the real database ------------------------------------------------

@pytest.fixture(scope="module")
def demo_out(tmp_path_factory):
    from analysis.demo import write_demo_files
    return write_demo_files(tmp_path_factory.mktemp("demo-files"))


def test_every_demo_row_of_every_table_carries_the_label(demo_out):
    # Each CSV data row, and each data row of every sheet of the workbook, has a cell reading
    # "Dữ liệu minh họa" (units, trees and responsibilities in the extra `nhan_du_lieu` column).
    import csv

    from openpyxl import load_workbook

    from analysis.demo.files import SOURCE_LABEL
    for path in demo_out:
        if path.suffix == ".csv":
            text = path.read_text(encoding="utf-8")
            delimiter = ";" if text.splitlines()[0].count(";") > text.splitlines()[0].count(",") else ","
            rows = list(csv.reader(text.splitlines(), delimiter=delimiter))[1:]
            sheets = {path.name: rows}
        else:
            wb = load_workbook(path, read_only=True)
            sheets = {ws.title: [list(map(str, r)) for r in ws.iter_rows(values_only=True)][1:]
                      for ws in wb.worksheets if ws.title != "Ghi chú"}
        for name, rows in sheets.items():
            assert rows, name
            unlabelled = [r for r in rows if not any(SOURCE_LABEL in str(c) for c in r)]
            assert not unlabelled, (path.name, name, unlabelled[:2])


def test_load_refuses_demo_files_into_the_real_database(real_db, demo_out, tmp_path):
    # Today the demo's 2025 PAR INDEX file loads into the real database; with --replace its
    # 2024 file overwrote 17 published values (Hải Phòng PAR 2024 96.17 rank 1).
    import shutil

    from tests.unit.import_fixture import sha
    copy = tmp_path / "real.duckdb"
    shutil.copy(real_db, copy)
    before = sha(copy)
    by_name = {p.name: p for p in demo_out}
    out = cli("load", "--db", copy, "--replace", by_name["scores_par_index_2024.csv"],
              by_name["don_vi_lang_son.csv"], by_name["chi_so_noi_bo_lang_son.xlsx"])
    assert out.returncode == 1
    lines = out.stderr.splitlines()
    assert lines[0].startswith('scores_par_index_2024.csv:2:source: demo data ("Dữ liệu minh họa") is refused')
    assert any(x.startswith("don_vi_lang_son.csv:2:nhan_du_lieu: demo data") for x in lines)
    assert any(x.startswith("chi_so_noi_bo_lang_son.xlsx[") for x in lines)
    assert sha(copy) == before
    with db.open_read(copy) as c:
        assert c.execute("SELECT score, rank FROM score WHERE index_code = 'PAR_INDEX' AND year = 2024 "
                         "AND unit_code = '31' AND criterion_code = ''").fetchall() == [(96.17, 1)]


def test_demo_workspace_accepts_its_files_and_build_refuses_it(tmp_path, demo_out):
    from analysis import demo
    from analysis.importer import load_files
    target = demo.build_demo_database(tmp_path / "demo.duckdb")
    assert load_files(target, [p for p in demo_out if p.name == "scores_par_index_2025.csv"]).ok
    out = cli("build", "--db", target)
    assert out.returncode == 1 and "demo workspace" in out.stderr


def test_demo_database_rows_all_say_demo(tmp_path):
    # Every score and every fact (computed totals included) of the demo workspace carries the
    # label in its source, and every non-reference batch is a demo batch labelled the same.
    from analysis import demo
    from analysis.demo.files import SOURCE_LABEL
    target = demo.build_demo_database(tmp_path / "demo.duckdb")
    with db.open_read(target) as c:
        unlabelled = c.execute("SELECT count(*) FROM fact WHERE coalesce(source, '') NOT LIKE ?",
                               [f"%{SOURCE_LABEL}%"]).fetchall()[0][0]
        computed = c.execute("SELECT count(*) FROM fact WHERE computed").fetchall()[0][0]
        batches = c.execute("SELECT DISTINCT kind, source LIKE ? FROM batch WHERE kind <> 'reference'",
                            [f"%{SOURCE_LABEL}%"]).fetchall()
    assert computed > 0 and unlabelled == 0
    assert batches == [("demo", True)]


# --- 9. the map ---------------------------------------------------------------------------------

def test_map_draws_every_province_and_labels_the_archipelagos(con):
    # data/geo/vn63.geojson has 63 features; PAR INDEX 2024 has scores for 3 of them (31, 01,
    # 75), so 60 are drawn in the neutral colour, named "chưa có số liệu" in legend and tooltip
    # (on today's main they were left out of the lookup and not drawn). The Đà Nẵng (48) feature
    # has 6 polygons east of 110.5° E (Hoàng Sa), the Khánh Hòa (56) one 7 (Trường Sa).
    import json

    from analysis import charts, compare, geo, theme
    league = compare.league_table(con, "PAR_INDEX", 2024)
    spec = charts.choropleth(geo.geojson("vn63")["features"], league, highlight="31",
                             archipelagos=geo.archipelagos("vn63")).to_dict()
    empty, scored = spec["layer"][0], spec["layer"][1]
    assert len(empty["data"]["values"]) == 60 and len(scored["data"]["values"]) == 3
    assert {f["status"] for f in empty["data"]["values"]} == {"chưa có số liệu"}
    assert {f["score_text"] for f in empty["data"]["values"]} == {"chưa có số liệu"}
    assert all(f["score"] is None for f in empty["data"]["values"])
    assert empty["encoding"]["color"]["scale"] == {"domain": ["chưa có số liệu"], "range": [theme.NO_DATA]}
    assert sorted(f["unit_code"] for f in scored["data"]["values"]) == ["01", "31", "75"]
    params = {p["name"] for p in spec.get("params", [])}  # Altair lifts layer params to the top
    assert params == {charts.MAP_PICK, charts.MAP_PICK_EMPTY}
    islands = {a["key"]: len(a["islands"]) for a in geo.archipelagos("vn63")}
    assert islands == {"hoang_sa": 6, "truong_sa": 7}
    text = json.dumps(spec, ensure_ascii=False)
    assert "QĐ. Hoàng Sa\\n(Đà Nẵng)" in text and "QĐ. Trường Sa\\n(Khánh Hòa)" in text
    # the same on the 34-province map (data/geo/vn34.geojson)
    assert {a["unit_code"] for a in geo.archipelagos("vn34")} == {"48", "56"}


def test_screen_map_names_its_geometry_by_url_and_carries_only_values(con):
    # On screen the map's spec must not carry the boundaries (1.5 MB per run before issue 14):
    # the shapes come from static/maps/vn63.json, the 63 provinces' values travel inline.
    import json

    from analysis import charts, compare, geo
    league = compare.league_table(con, "PAR_INDEX", 2024)
    spec = charts.screen_map(league, geography="vn63", highlight="31")
    text = json.dumps(spec, ensure_ascii=False)
    assert "coordinates" not in text and len(text) < 100_000
    shapes = [layer for layer in spec["layer"] if "url" in layer.get("data", {})]
    assert len(shapes) == 3  # no data, scored, the selected province's outline
    url = shapes[0]["data"]["url"]
    assert url.split("?")[0] == "app/static/maps/vn63.json"
    assert (ROOT / "static" / "maps" / "vn63.json").exists()
    values = shapes[0]["transform"][0]["from"]["data"]["values"]
    assert len(values) == 63 and sorted(v["unit_code"] for v in values if v["score"] is not None) == ["01", "31", "75"]
    assert [v["unit_code"] for v in values if v["ours"]] == ["31"]
    assert {p["name"] for p in spec.get("params", [])} == {charts.MAP_PICK, charts.MAP_PICK_EMPTY}
    assert "QĐ. Hoàng Sa\\n(Đà Nẵng)" in text and "QĐ. Trường Sa\\n(Khánh Hòa)" in text
    # exports (vl-convert fetches nothing) get the geometry back inline
    inline = geo.inline_screen_maps(spec)
    assert "url" not in json.dumps(inline) and len(inline["layer"][0]["data"]["values"]) == 63


def test_served_map_files_are_made_from_the_bundled_boundaries():
    # static/maps/*.json are committed; scripts/build_map_files.py rewrites them after a change to data/geo
    from analysis import geo
    for geography in geo.GEOGRAPHIES:
        assert geo.screen_map_path(geography).read_text(encoding="utf-8") == geo.screen_geojson_text(geography)
        for feature in geo.screen_geojson(geography)["features"]:
            geometry = feature["geometry"]
            polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
            assert all(geo.ring_area(polygon[0]) < 0 for polygon in polygons)  # clockwise for d3-geo


def test_screen_map_png_renders_with_its_geometry_inline(con):
    from analysis import charts, compare
    from analysis.export import images
    from ui import downloads
    league = compare.league_table(con, "SIPAS", 2024)
    spec = downloads.export_spec(charts.screen_map(league, geography="vn63"))
    png = images.chart_png(downloads._Spec(spec), scale=2)
    width, height = images.png_size(png)
    assert width >= 700 and height >= 1200


def test_map_png_renders_with_labels(con):
    from analysis import charts, compare, geo
    from analysis.export import images
    league = compare.league_table(con, "SIPAS", 2024)
    chart = charts.choropleth(geo.geojson("vn63")["features"], league, export=True,
                              archipelagos=geo.archipelagos("vn63"))
    png = images.chart_png(chart, scale=2)
    width, height = images.png_size(png)
    assert width >= 700 and height >= 1200


def test_deck_speaks_papi_words_for_papi(con):
    from analysis.export import slides
    by_key = {s.key: s for s in slides.story(con, ("PAPI", 2024, "20", ()), "vi").slides}
    assert by_key["fields"].title == "Các chỉ số nội dung và thay đổi thứ hạng"
    assert by_key["fields"].table.headers[1] == "Chỉ số nội dung"
    assert by_key["weakest"].title == "Các nội dung thành phần yếu nhất và đơn vị chủ trì"
    assert by_key["weakest"].table.headers[1] == "Nội dung thành phần"


def test_demo_label_found_across_a_read_boundary(tmp_path, monkeypatch):
    # The streamed search must see a label that straddles two reads (8 MB in production).
    from analysis.demo import guard
    monkeypatch.setattr(guard, "_CHUNK", 16)
    path = tmp_path / "scores.csv"
    path.write_text("index_code,year,unit_code,score,source\nSIPAS,2024,20,80,Dữ liệu minh họa\n",
                    encoding="utf-8")
    assert guard.labelled(path) == ("", 2, "source")
    path.write_text("index_code,year,unit_code,score,source\nSIPAS,2024,20,80,QĐ 1001\n", encoding="utf-8")
    assert guard.labelled(path) is None


def test_ledger_workbook_states_coverage(con):
    # PAR INDEX 2024 Hải Phòng: the ledger's national mean rests on 3/63 provinces.
    import io

    import openpyxl

    from analysis.export.xlsx import ledger_workbook
    book = openpyxl.load_workbook(io.BytesIO(ledger_workbook(con, "PAR_INDEX", 2024, "31")))
    cells = [str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value]
    assert any("3/63 tỉnh có số liệu" in c for c in cells)


def test_deck_map_slide_on_partial_data(con):
    # PAR INDEX 2024: the map slide draws the 63 provinces (60 grey), labels the archipelagos and
    # says 3/63 have data; its PNG renders (the slide picture).
    import json

    from analysis.export import images, slides
    by_key = {s.key: s for s in slides.story(con, ("PAR_INDEX", 2024, "31", ()), "vi").slides}
    s = by_key["map"]
    assert s.title == "Phụ lục: bản đồ Chỉ số CCHC (PAR INDEX) năm 2024"
    assert "3/63 tỉnh có số liệu" in s.text
    chart = s.chart.make("vi", export=True)
    spec = json.dumps(chart.to_dict(), ensure_ascii=False)
    assert "QĐ. Trường Sa" in spec and "chưa có số liệu" in spec
    assert images.png_size(images.chart_png(chart, scale=2))[1] > 1000


def test_the_truong_sa_name_fits_between_the_coast_and_its_islands():
    # The deck's English map slide wrote "Truong Sa archipelago" right-aligned west of the islands
    # and its first letters ran over the Mekong coast; the Vietnamese "QĐ. Trường Sa" (13
    # characters) clears it. A line of the name may be no longer than that, in either language.
    from analysis.i18n import t
    for lang in ("vi", "en"):
        lines = t("map.truong_sa", lang).replace(" (", "\n(").split("\n")
        assert max(len(line) for line in lines) <= len("QĐ. Trường Sa") + 4, lang
