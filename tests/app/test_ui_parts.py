"""The pure parts under the pages: charts (asserted on their Vega-Lite dict), the theme's
Vietnamese locale, the text catalogue, table formatting and the import templates."""
from __future__ import annotations

import io

import openpyxl
import pandas as pd

from analysis import charts, geo, i18n, theme
from analysis.importer import headers
from ui import columns, tables, upload


def test_theme_sets_vietnamese_number_locale_and_font():
    spec = charts.trend(pd.DataFrame({"year": [2023, 2024], "score": [85.5, 87.25], "rank": [30, 23],
                                      "rank_of": [63, 63]})).to_dict()
    assert spec["config"]["locale"]["number"]["decimal"] == ","
    assert spec["config"]["locale"]["number"]["thousands"] == "."
    assert spec["config"]["font"] == theme.FONT_SCREEN
    exported = charts.trend(pd.DataFrame({"year": [2024], "score": [1.0], "rank": [1], "rank_of": [63]}),
                            export=True).to_dict()
    assert exported["config"]["font"] == "DejaVu Sans"


def test_points_lost_chart_orders_most_lost_first_and_is_clickable():
    df = pd.DataFrame({"criterion_code": ["1.1", "1.2", "2.1"], "name": ["a", "b", "c"],
                       "points_lost": [0.5, 2.0, None], "pct": [90.0, 60.0, None],
                       "score": [4.5, 3.0, None], "max_score": [5.0, 5.0, 5.0]})
    spec = charts.points_lost(df, selected="1.2").to_dict()
    rows = next(iter(spec["datasets"].values()))
    assert [r["criterion_code"] for r in rows] == ["1.2", "1.1"]  # missing scores left out
    assert [r["chosen"] for r in rows] == [True, False]
    assert spec["params"][0]["name"] == charts.PICK
    assert spec["params"][0]["select"]["fields"] == ["criterion_code"]
    assert spec["encoding"]["x"]["axis"]["format"] == theme.AXIS


def test_points_lost_flagged_after_the_build_is_the_chart_built_with_the_choice():
    df = pd.DataFrame({"criterion_code": ["1.1", "1.2", "2.1"], "name": ["a", "b", "c"],
                       "points_lost": [0.5, 2.0, 1.0], "pct": [90.0, 60.0, 70.0],
                       "score": [4.5, 3.0, 4.0], "max_score": [5.0, 5.0, 5.0]})
    unflagged = charts.points_lost(df).to_dict()

    def rows_and_rest(spec):  # Altair names a dataset by its content's hash
        return list(spec["datasets"].values()), {k: v for k, v in spec.items() if k not in ("datasets", "data")}
    for code in ("2.1", None):
        assert rows_and_rest(charts.points_lost_chosen(unflagged, code)) == \
            rows_and_rest(charts.points_lost(df, selected=code).to_dict())
    assert not any(r["chosen"] for rows in unflagged["datasets"].values() for r in rows)  # not changed in place
    assert charts.points_lost_chosen(unflagged, "2.1") != unflagged


def test_choropleth_turns_rings_clockwise_and_joins_on_unit_code():
    ccw = [[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]  # RFC 7946 winding
    features = [{"type": "Feature", "properties": {"unit_code": "20"},
                 "geometry": {"type": "Polygon", "coordinates": [ccw]}}]
    scores = pd.DataFrame({"unit_code": ["20"], "name": ["Lạng Sơn"], "score": [87.32], "rank": [23]})
    spec = charts.choropleth(features, scores, highlight="20").to_dict()
    shapes = spec["layer"][0]
    feature = shapes["data"]["values"][0]
    ring = feature["geometry"]["coordinates"][0]
    assert geo.ring_area(ring) < 0  # clockwise for d3-geo
    assert ring == ccw[::-1]
    assert (feature["unit_code"], feature["name"], feature["score"], feature["score_text"]) == (
        "20", "Lạng Sơn", 87.32, "87,32")
    assert len(spec["layer"]) == 2  # the selected province outlined


def test_compare_fields_leaves_out_the_overall_row():
    df = pd.DataFrame({"unit_code": ["20", "20", "01"], "name": ["Lạng Sơn", "Lạng Sơn", "Hà Nội"],
                       "criterion_code": ["", "1", "1"], "criterion_name": [None, "Chỉ đạo", "Chỉ đạo"],
                       "score": [87.0, 7.0, 8.0], "pct": [87.0, 70.0, 80.0]})
    spec = charts.compare_fields(df, highlight="20").to_dict()
    rows = next(iter(spec["datasets"].values()))
    assert [(r["unit"], r["field"]) for r in rows] == [("Lạng Sơn ◀", "1"), ("Hà Nội", "1")]


def test_catalogue_has_both_languages_for_every_key():
    for key, (vi, en) in i18n.TEXT.items():
        assert vi.strip() and en.strip(), key
    assert i18n.t("ov.delta_places_up", "vi", n=4) == "tăng 4 bậc"
    assert i18n.t("ov.delta_places_down", "en", n=2) == "down 2 places"
    assert i18n.index_name("PAR_INDEX", "vi") == "Chỉ số CCHC (PAR INDEX)"
    assert i18n.index_name("PAR_XA") == "PAR_XA"
    assert i18n.band_name("A") == "Nhóm A" and i18n.band_name("Tốt") == "Tốt"
    for key in columns.TITLES.values():
        assert key in i18n.TEXT


def test_tables_format_numbers_the_vietnamese_way():
    df = pd.DataFrame({"criterion_code": ["1.2"], "score": [1234.5], "pct": [79.3], "delta_score": [-1.2],
                       "delta_rank": [4.0], "improved": [True], "lead_name": [None]})
    shown = tables.formatted(df, {"criterion_code": "text", "score": "num", "pct": "pct", "delta_score": "signed",
                                  "delta_rank": "signed_int", "improved": "bool", "lead_name": "text"}, "vi")
    assert shown.iloc[0].to_dict() == {"Mã": "1.2", "Điểm": "1.234,50", "Tỷ lệ đạt": "79,3%",
                                       "Thay đổi điểm": "\u22121,20", "Thay đổi hạng": "+4", "Đã cải thiện": "Có",
                                       "Đơn vị chủ trì": ""}


def test_templates_carry_the_contract_columns():
    book = openpyxl.load_workbook(io.BytesIO(upload.template_xlsx()))
    assert book.sheetnames == list(headers.TABLES)
    for table, columns in headers.TABLES.items():
        header = [c.value for c in book[table][1]]
        assert header == [c.key for c in columns]
        assert upload.template_csv(table).decode("utf-8-sig").strip().split(",") == [c.key for c in columns]
        assert headers.table_of_name(f"{table}.csv") == table  # the importer recognises the file


def test_preview_reads_semicolon_windows_1258_csv():
    # Windows-1258 has no precomposed "ạ": Excel writes a + combining dot below
    content = "ma_don_vi;ten_don_vi;diem\n20;La\u0323ng Sơn;85,57\n".encode("cp1258")
    [(label, table, frame)] = upload.preview("diem_2023.csv", content)
    assert (label, table) == ("diem_2023.csv", "scores")
    assert list(frame.columns) == ["ma_don_vi", "ten_don_vi", "diem"]
    assert frame.iloc[0].tolist() == ["20", "Lạng Sơn", "85,57"]


def test_rank_axes_tick_whole_places_only():
    """Rank changes and ranks are whole numbers: no repeated '1 1 2 2' ticks on small ranges."""
    df = pd.DataFrame({"criterion_code": ["1", "2"], "name": ["A", "B"], "delta_rank": [-1, 2],
                       "rank": [3, 5], "rank_of": [63, 63]})
    spec = charts.rank_changes(df).to_dict()
    assert spec["encoding"]["x"]["axis"]["tickMinStep"] == 1


def test_trend_breaks_its_line_where_the_method_changed():
    df = pd.DataFrame({"year": [2016, 2017, 2018, 2019], "score": [35.0, 34.9, 47.1, 44.1],
                       "rank": [10, 12, 5, 9], "rank_of": [63] * 4, "period": [2011, 2011, 2018, 2019]})
    spec = charts.trend(df).to_dict()
    line = next(layer for layer in spec["layer"] if layer["mark"]["type"] == "line")
    # the line's detail is the run: one per period and per stretch of consecutive years
    assert line["encoding"]["detail"]["field"] == "run"
    rows = spec["datasets"][spec["data"]["name"]] if "data" in spec else next(iter(spec["datasets"].values()))
    assert len({r["run"] for r in rows}) == 3  # 2016-2017 (tree of 2011), 2018, 2019
    rules = [layer for layer in spec["layer"] if layer["mark"]["type"] == "rule"]
    assert len(rules) == 1
    starts = spec["datasets"][rules[0]["data"]["name"]]
    assert [row["year"] for row in starts] == [2018, 2019]


def test_points_lost_chart_keeps_the_tables_weakest_first_order_and_names_it():
    # 1.1 lost more points (3.0 of 10, pct 70) but 2.1 is weaker (pct 50, 1.0 of 2): the ledger
    # table lists 2.1 first (lowest pct first, contract section 3), so must the chart. On today's
    # main the chart sorted by points lost and put 1.1 first.
    from ui import views

    df = pd.DataFrame({"criterion_code": ["1.1", "2.1", "2.2"], "name": ["a", "b", "c"], "depth": [2, 2, 2],
                       "points_lost": [3.0, 1.0, 1.5], "pct": [70.0, 50.0, 50.0],
                       "score": [7.0, 1.0, 1.5], "max_score": [10.0, 2.0, 3.0]})
    table = views.ledger_level(df, 2, None)
    spec = charts.points_lost(table).to_dict()
    rows = next(iter(spec["datasets"].values()))
    # 2.1 and 2.2 tie at 50 %: more points lost first (2.2 lost 1.5)
    assert list(table["criterion_code"]) == ["2.2", "2.1", "1.1"]
    assert [r["criterion_code"] for r in rows] == ["2.2", "2.1", "1.1"]
    assert spec["encoding"]["y"]["sort"] == {"field": "order", "order": "ascending"}
    assert "yếu nhất trước" in spec["title"] and "yếu nhất trước" in i18n.t("dd.ledger")


def test_a_missing_lead_agency_reads_chua_phan_cong():
    # A criterion with no assignment (lead_name None/NaN) was shown blank; it reads "chưa phân công".
    df = pd.DataFrame({"lead_name": ["Sở Nội vụ", None, float("nan")]})
    shown = tables.formatted(df, {"lead_name": "lead"}, "vi")
    assert list(shown.iloc[:, 0]) == ["Sở Nội vụ", "chưa phân công", "chưa phân công"]
    assert list(tables.formatted(df, {"lead_name": "lead"}, "en").iloc[:, 0])[1] == "not assigned"


def test_lines_join_consecutive_years_only():
    # PAR INDEX Quảng Ninh (data/published): 2012, 2018, 2019, 2021, 2022: a line 2012-2018 or
    # 2019-2021 would draw a change the contract does not give; runs: {2012}, {2018, 2019},
    # {2021, 2022}. On today's main one line joined all five.
    df = pd.DataFrame({"unit_code": ["22"] * 5, "name": ["Quảng Ninh"] * 5, "year": [2012, 2018, 2019, 2021, 2022],
                       "rank": [19, 1, 1, 1, 1], "score": [80.21, 89.6, 90.09, 91.14, 90.1], "rank_of": [63] * 5})
    for spec in (charts.bump(df).to_dict(), charts.trend(df).to_dict()):
        rows = next(iter(spec["datasets"].values()))
        runs = [r["run"] for r in rows]
        assert runs[1] == runs[2] and runs[3] == runs[4]
        assert len(set(runs)) == 3


def test_a_region_is_named_in_the_screens_language():
    # The league table showed the region's code (MRD, NCC) on Vietnamese and English pages alike.
    df = pd.DataFrame({"region": ["MRD", "NCC", None, "XYZ"]})
    vi = list(tables.formatted(df, {"region": "text"}, "vi").iloc[:, 0])
    en = list(tables.formatted(df, {"region": "text"}, "en").iloc[:, 0])
    assert vi == ["Đồng bằng sông Cửu Long", "Bắc Trung Bộ và Duyên hải miền Trung", "–", "XYZ"]
    assert en[:2] == ["Mekong River Delta", "North Central and Central Coast"]
