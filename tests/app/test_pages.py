"""An AppTest for every page: it renders without an exception, ends with its sentinel, and the
numbers it shows are the ones analysis/ computes for the same selection."""
from __future__ import annotations

import json
import re

import pytest
from streamlit.testing.v1 import AppTest

from analysis import agencies, catalog, compare, db, fmt, headline, internal, ledger, targets
from analysis.demo.org import PROVINCE
from analysis.i18n import t
from ui.layout import md_escape
from tests.app.conftest import APP

PAGES = {
    "overview": ("app_pages/1_tong_quan.py", "Xong: tổng quan"),
    "drilldown": ("app_pages/2_phan_tich.py", "Xong: phân tích"),
    "agencies": ("app_pages/3_don_vi_chu_tri.py", "Xong: đơn vị chủ trì"),
    "compare": ("app_pages/4_so_sanh.py", "Xong: so sánh"),
    "targets": ("app_pages/5_muc_tieu.py", "Xong: mục tiêu"),
    "internal": ("app_pages/6_khoi_so_huyen.py", "Xong: khối sở, huyện"),
    "data": ("app_pages/7_du_lieu.py", "Xong: dữ liệu"),
    "about": ("app_pages/8_gioi_thieu.py", "Xong: giới thiệu"),
}


def open_page(name: str, **params) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    for key, value in params.items():
        at.query_params[key] = str(value)
    at.run()  # the first run must come before switch_page (TOOLCHAIN §3)
    if name != "overview":
        at.switch_page(PAGES[name][0]).run()
    assert not at.exception, [e.value for e in at.exception]
    sentinel = PAGES[name][1] if params.get("lang", "vi") == "vi" else t("done." + name, "en")
    assert sentinel in [c.value for c in at.caption]
    return at


def metric(at: AppTest, label: str) -> list[str]:
    return [m.value for m in at.metric if m.label == label]


def score_text(h, lang: str = "vi") -> str:
    return fmt.percent(h.score, lang=lang) if h.is_percent else fmt.number(h.score, lang=lang)


@pytest.fixture(scope="module")
def demo(workspaces):
    return workspaces["demo"]


@pytest.mark.parametrize("name", list(PAGES))
@pytest.mark.parametrize("ws", ["demo", "real"])
def test_every_page_renders(workspaces, name, ws):
    at = open_page(name, ws=ws)
    banner = [w.value for w in at.warning]
    assert ("Dữ liệu minh họa — không phải số liệu thật" in banner) == (ws == "demo")


def test_overview_cards_match_headline(demo):
    at = open_page("overview", ws="demo")
    with db.open_read(demo) as con:
        year = max(catalog.years(con, "PAR_INDEX"))
        par = headline.headline(con, "PAR_INDEX", year, PROVINCE)
        sipas = headline.headline(con, "SIPAS", year, PROVINCE)
    assert at.selectbox(key="w_unit_code").value == PROVINCE
    assert metric(at, "Điểm") == [score_text(par), score_text(sipas)]
    assert metric(at, "Xếp hạng") == [f"{par.rank}/{par.rank_of}", f"{sipas.rank}/{sipas.rank_of}"]
    assert any(f"Năm {year}" in m.value for m in at.markdown)  # the narrative paragraph


def test_overview_follows_year_and_writes_url(demo):
    at = open_page("overview", ws="demo")
    with db.open_read(demo) as con:
        year = min(catalog.years(con, "PAR_INDEX"))
        h = headline.headline(con, "PAR_INDEX", year, PROVINCE)
    at.selectbox(key="w_year").set_value(year).run()
    assert not at.exception
    assert metric(at, "Điểm")[0] == score_text(h)
    assert at.query_params["year"] == str(year)
    assert at.query_params["unit"] == PROVINCE


def test_shared_url_reopens_the_same_view(demo):
    with db.open_read(demo) as con:
        h = headline.headline(con, "SIPAS", 2022, "01")
    at = open_page("overview", ws="demo", index="SIPAS", year=2022, unit="01", lang="en")
    assert at.selectbox(key="w_index_code").value == "SIPAS"
    assert at.selectbox(key="w_year").value == 2022
    assert at.selectbox(key="w_unit_code").value == "01"
    assert at.title[0].value == "Overview"
    assert metric(at, "Score")[1] == score_text(h, "en")  # cards: PAR INDEX, then SIPAS, decimal point


def test_drilldown_ledger_and_detail(demo):
    at = open_page("drilldown", ws="demo")
    with db.open_read(demo) as con:
        year = max(catalog.years(con, "PAR_INDEX"))
        frame = ledger.ledger(con, "PAR_INDEX", year, PROVINCE)
    deepest = int(frame["depth"].max())
    leaves = frame[frame["depth"] == deepest].sort_values(["pct", "points_lost", "criterion_code"],
                                                          ascending=[True, False, True])
    table = at.dataframe[0].value
    assert len(table) == len(leaves)
    assert list(table["Mã"]) == list(leaves["criterion_code"])  # weakest first
    assert table["Điểm bị mất"].iloc[0] == fmt.number(leaves["points_lost"].iloc[0])
    # the points-lost chart carries the same rows
    spec = json.loads(at.get("vega_lite_chart")[0].proto.spec)
    assert spec["params"][0]["name"] == "pick"
    # pick the weakest row: the detail opens and the URL remembers it
    at.session_state["ledger"] = {"selection": {"rows": [0], "columns": [], "cells": []}}
    at.run()
    assert not at.exception
    code = leaves["criterion_code"].iloc[0]
    assert any(s.value.startswith(f"Chi tiết: {md_escape(code)} ") for s in at.subheader)
    assert at.query_params["crit"] == code


def test_drilldown_bar_click_opens_detail(demo):
    at = open_page("drilldown", ws="demo")
    with db.open_read(demo) as con:
        year = max(catalog.years(con, "PAR_INDEX"))
        frame = ledger.ledger(con, "PAR_INDEX", year, PROVINCE)
        code = frame[frame["depth"] == frame["depth"].max()]["criterion_code"].iloc[-1]
        lead = ledger.criterion_detail(con, "PAR_INDEX", year, PROVINCE, code)["lead"]
    at.session_state["bars"] = {"selection": {"pick": [{"criterion_code": code}]}}
    at.run()
    assert not at.exception
    assert any(s.value.startswith(f"Chi tiết: {md_escape(code)} ") for s in at.subheader)
    if lead:
        assert any(f"Đơn vị chủ trì: {md_escape(lead['lead_name'])}" in m.value for m in at.markdown)


def test_agencies_points_lost(demo):
    at = open_page("agencies", ws="demo")
    with db.open_read(demo) as con:
        year = max(catalog.years(con, "PAR_INDEX"))
        summary = agencies.agency_summary(con, "PAR_INDEX", year, PROVINCE)
        items = agencies.accountability_list(con, "PAR_INDEX", year, PROVINCE)
    shown = at.dataframe[0].value
    assert list(shown["Đơn vị chủ trì"]) == list(summary["lead_name"])
    assert list(shown["Điểm bị mất"]) == [fmt.number(v) for v in summary["points_lost"]]
    assert len(at.dataframe[1].value) == len(items)
    # one agency only
    first = summary["lead_name"].iloc[0]
    at.selectbox(key="agency").set_value(first).run()
    assert set(at.dataframe[1].value["Đơn vị chủ trì"]) == {first}
    assert at.get("download_button")


def test_compare_league_and_map(demo):
    at = open_page("compare", ws="demo")
    with db.open_read(demo) as con:
        year = max(catalog.years(con, "PAR_INDEX"))
        league = compare.league_table(con, "PAR_INDEX", year)
        groups = compare.peer_groups(con, year, PROVINCE)
    table = at.dataframe[0].value
    assert len(table) == len(league)
    assert list(table["Điểm"][:3]) == [fmt.number(v) for v in league["score"][:3]]
    specs = [json.loads(c.proto.spec) for c in at.get("vega_lite_chart")]
    assert any("geoshape" in json.dumps(s) for s in specs)
    assert at.query_params["peers"] == ",".join(c for c in groups["region"] if c != PROVINCE)
    at.radio(key="w_peer_mode").set_value("custom").run()
    at.multiselect(key="w_peers").set_value(["01", "79"]).run()
    assert not at.exception
    assert at.query_params["peers"] == "01,79"


def test_targets_page_matches_target_status(demo):
    at = open_page("targets", ws="demo")
    with db.open_read(demo) as con:
        year = max(catalog.years(con, "PAR_INDEX"))
        status = targets.target_status(con, "PAR_INDEX", year, PROVINCE)
        h = headline.headline(con, "PAR_INDEX", year, PROVINCE)
        wanted = at.number_input(key="rank_wanted").value
        needed = targets.score_for_rank(con, "PAR_INDEX", year, PROVINCE, wanted)
    assert metric(at, "Điểm") == [score_text(h)]
    if status and status.get("target_rank") is not None:
        assert metric(at, "Hạng mục tiêu") == [fmt.integer(status["target_rank"])]
    if needed is not None:
        assert any(fmt.number(needed) in m.value for m in at.markdown)


def test_internal_ranking(demo):
    at = open_page("internal", ws="demo")
    index_code = at.selectbox(key="w_internal_index").value
    year = at.selectbox(key="w_year").value
    with db.open_read(demo) as con:
        ranking = internal.internal_ranking(con, index_code, year, PROVINCE, "department")
        summary = internal.internal_summary(con, index_code, year, PROVINCE, "department")
    if len(ranking) == 0:  # a district index: the page offers districts instead
        with db.open_read(demo) as con:
            ranking = internal.internal_ranking(con, index_code, year, PROVINCE, "district")
            summary = internal.internal_summary(con, index_code, year, PROVINCE, "district")
    assert len(at.dataframe[0].value) == len(ranking)
    assert metric(at, "Điểm trung bình") == [fmt.number(summary["mean"])]


def test_data_page_upload_then_undo(workspaces):
    at = open_page("data", ws="real")
    keys = {b.proto.id.rsplit("-", 1)[-1] for b in at.get("download_button")}
    assert {f"tpl_{kind}_{table}" for kind in ("csv", "xlsx")
            for table in ("units", "criteria", "scores", "responsibilities", "targets")} | {"tpl_xlsx_all"} <= keys
    # a bad file: the importer's own FILE:LINE:COLUMN message, and nothing written
    before = db.database_version(workspaces["real"])
    bad = b"unit_code,index_code,year,target_score\n01,PAR_INDEX,2024,abc\n"
    at.get("file_uploader")[0].set_value(("targets_bad.csv", bad, "text/csv")).run()
    assert any(md_escape("targets_bad.csv") in e.label for e in at.expander)  # the preview
    at.button(key="load").click().run()
    assert not at.exception
    assert any(e.value.startswith("Không nhập được: 1 lỗi") for e in at.error)
    # the location as the importer writes it, the message in the page's language
    assert 'targets_bad.csv:2:target_score: không phải số: "abc"' in at.code[0].value
    assert db.database_version(workspaces["real"]) == before
    # a good file is stored as a new batch ...
    good = b"unit_code,index_code,year,target_score,note\n01,PAR_INDEX,2024,95,apptest\n"
    at.get("file_uploader")[0].set_value(("targets_ok.csv", good, "text/csv")).run()
    at.button(key="load").click().run()
    assert not at.exception
    # the report in Vietnamese: "lần nhập 3: thêm 1 dòng, thay 0 dòng", not "batch 3: 1 rows added"
    assert any(re.fullmatch(r"Đã nhập: lần nhập \d+: thêm 1 dòng, thay 0 dòng", s.value.replace("\\", ""))
               for s in at.success)  # (without md_escape's backslashes)
    with db.open_read(workspaces["real"]) as con:
        status = targets.target_status(con, "PAR_INDEX", 2024, "01")
        newest = con.execute("SELECT max(batch_id) FROM batch").fetchall()[0][0]
    assert status["target_score"] == 95.0
    assert at.dataframe[0].value.iloc[0]["Lần tải"] == str(newest)
    # ... and undone again
    at.checkbox(key="undo_sure").check().run()
    at.button(key="undo").click().run()
    assert not at.exception
    with db.open_read(workspaces["real"]) as con:
        assert targets.target_status(con, "PAR_INDEX", 2024, "01") is None


def test_language_switch_translates_labels(demo):
    at = open_page("overview", ws="demo")
    at.radio(key="w_lang").set_value("en").run()
    assert not at.exception
    assert at.title[0].value == "Overview"
    assert metric(at, "Score")
    assert "Done: overview" in [c.value for c in at.caption]


def test_real_workspace_without_score_shows_empty_state(workspaces):
    with db.open_read(workspaces["real"]) as con:
        provinces = catalog.units(con, "PAR_INDEX", 2024)
        scored = {str(r[0]) for r in con.execute(
            "SELECT unit_code FROM fact WHERE index_code = 'PAR_INDEX' AND year = 2024").fetchall()}
    missing = next(c for c in provinces["unit_code"] if c not in scored)
    at = open_page("targets", ws="real", index="PAR_INDEX", year=2024, unit=missing)
    assert any("chưa có điểm" in i.value for i in at.info)


def test_drilldown_last_pick_wins(demo):
    at = open_page("drilldown", ws="demo")
    codes = list(at.dataframe[0].value["Mã"])
    at.session_state["ledger"] = {"selection": {"rows": [1], "columns": [], "cells": []}}
    at.run()
    assert at.query_params["crit"] == codes[1]
    at.session_state["bars"] = {"selection": {"pick": [{"criterion_code": codes[3]}]}}
    at.run()
    assert at.query_params["crit"] == codes[3]
    at.session_state["ledger"] = {"selection": {"rows": [2], "columns": [], "cells": []}}
    at.run()
    assert not at.exception
    assert at.query_params["crit"] == codes[2]
    assert any(s.value.startswith(f"Chi tiết: {md_escape(codes[2])} ") for s in at.subheader)


def _peers_of(at: AppTest) -> list[str]:
    return [c for c in at.query_params.get("peers", "").split(",") if c] if "peers" in at.query_params else []


@pytest.mark.parametrize("mode", ["region", "neighbours", "top", "custom"])
def test_every_peer_mode_gives_its_group(demo, mode):
    # Expected groups from analysis.compare.peer_groups with the page's own index and year; "top"
    # is the N best-ranked provinces on the selected index (5 by default, the unit itself
    # excluded). On today's main "top" was always empty: the sidebar passed no index.
    at = open_page("compare", ws="demo")
    with db.open_read(demo) as con:
        year = max(catalog.years(con, "PAR_INDEX"))
        groups = compare.peer_groups(con, year, PROVINCE, index_code="PAR_INDEX", top_n=15)
    at.radio(key="w_peer_mode").set_value(mode).run()
    if mode == "custom":
        at.multiselect(key="w_peers").set_value(["01", "79"]).run()
    assert not at.exception, [e.value for e in at.exception]
    expected = {"region": groups["region"], "neighbours": groups["neighbours"],
                "top": groups["top"][:5], "custom": ["01", "79"]}[mode]
    assert expected, mode
    assert _peers_of(at) == expected
    if mode == "top":
        at.slider(key="w_top_n").set_value(8).run()
        assert _peers_of(at) == groups["top"][:8] and len(groups["top"][:8]) == 8
    # the comparison chart holds the unit and its peers
    specs = [json.loads(c.proto.spec) for c in at.get("vega_lite_chart")]
    assert specs


def test_overview_and_compare_state_coverage_on_partial_real_data(workspaces):
    # data/published/scores.csv: PAR INDEX 2024 has 3 provinces (31 Hải Phòng, 01, 75), so the
    # card shows no national mean (3/63 < config.MEAN_MIN_COVERAGE) and says why; the compare
    # page states coverage above the league table and under the map.
    at = open_page("overview", ws="real", index="PAR_INDEX", year=2024, unit="31")
    captions = " ".join(c.value for c in at.caption)
    assert "3/63 tỉnh có số liệu" in captions
    assert "Trung bình cả nước" not in captions
    at = open_page("compare", ws="real", index="PAR_INDEX", year=2024, unit="31")
    captions = [c.value for c in at.caption]
    assert any(c.startswith("Bảng xếp hạng chỉ gồm 3/63 tỉnh có số liệu năm 2024") for c in captions)
    assert any(c.startswith("Bản đồ: 3/63 tỉnh có số liệu") for c in captions)


def test_overview_shows_a_source_disagreement(workspaces):
    # PAR INDEX 2019 Quảng Ninh: +0,49 from the stored scores, the cited page says +1.03.
    at = open_page("overview", ws="real", index="PAR_INDEX", year=2019, unit="22")
    captions = " ".join(c.value for c in at.caption).replace("\\", "")  # Markdown escapes
    assert "Ghi chú nguồn" in captions and "+0,49" in captions and "1.03" in captions


def test_clicking_a_province_on_the_map_selects_it(workspaces):
    # AppTest has no click: the map's selection event is injected (TOOLCHAIN §3). Lạng Sơn (20)
    # has no PAR INDEX 2024 score in data/published: a click on its grey shape selects it too.
    at = open_page("compare", ws="real", index="PAR_INDEX", year=2024, unit="31")
    at.session_state["map"] = {"selection": {"province_nd": [{"unit_code": "20"}]}}
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.query_params["unit"] == "20"


def test_overview_shows_partial_data_papi_2018_quang_ninh(workspaces):
    # PAPI 2018 Quảng Ninh (22): dimensions 2 and 4 missing in data/papi/scores.csv, so no total
    # and no rank; the page says so and still shows the six dimensions it has (on today's main
    # it stopped with "no score"). PAPI's own word: "chỉ số nội dung".
    at = open_page("overview", ws="real", index="PAPI", year=2018, unit="22")
    warning = " ".join(w.value for w in at.warning).replace("\\", "")
    assert "chưa có điểm tổng hợp" in warning and "chỉ số nội dung 2, 4" in warning
    assert "Thay đổi thứ hạng các chỉ số nội dung" in [s.value for s in at.subheader]
    fields = at.dataframe[0].value
    assert len(fields) == 6
