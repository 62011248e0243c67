"""What the deck's slides look like (issue 13): no labels over values, a peer chart that shows
the differences, titles that say what is on them, no pointer to a file the deck does not carry,
no target card holding only a dash. On the bundled PAPI (14 years, three method breaks) and the
demo workspace."""
from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from pptx import Presentation

from analysis import bundle, db
from analysis.__main__ import main
from analysis.export.deck_charts import peer_dots, trend_slide
from analysis.export.slides import story
from analysis.headline import trend


@pytest.fixture(scope="module")
def real():
    return bundle.ensure_app_database().path


def _marks(spec: dict) -> list[dict]:
    return [layer for layer in spec["layer"]]


def test_long_trend_labels_only_the_telling_points_and_explains_breaks_under_the_chart(real):
    with db.open_read(real) as con:
        series = trend(con, "PAPI", "20", "vn63")
    assert len(series) >= 12
    spec = trend_slide(series, lang="vi", export=True).to_dict()
    texts = [m for m in _marks(spec) if (m["mark"]["type"] if isinstance(m["mark"], dict) else m["mark"]) == "text"]
    assert len(texts) == 4 and not [m for m in texts if "angle" in m["mark"]]  # nothing along the rules
    assert [m["mark"]["align"] for m in texts] == ["left", "left", "right", "right"]  # beside the point
    assert texts[0]["mark"]["stroke"] == "white"  # the halo under the values
    data = next(rows for rows in spec["datasets"].values() if rows and "label" in rows[0])
    labelled = [r["year"] for r in data if r["label"]]
    assert 2 <= len(labelled) <= 4 and data[-1]["label"]  # first, last, lowest, highest
    assert spec["title"]["orient"] == "bottom" and spec["title"]["text"].startswith("┆ Phương pháp mới: ")
    assert spec["layer"][1]["encoding"]["x"]["axis"]["labelOverlap"] == "greedy"  # layer 0: the break rules


def test_peer_chart_is_a_dot_plot_on_an_axis_that_does_not_start_at_zero(real):
    with db.open_read(real) as con:
        s = story(con, ("PAPI", 2024, "20"), "vi")
    peers = next(x for x in s.slides if x.key == "peers")
    assert peers.chart.kind == "peer_dots"
    spec = peers.chart.make("vi", export=True).to_dict()
    low = min(peers.chart.data["score"])
    x = spec["layer"][1]["encoding"]["x"]
    assert 0 < x["scale"]["domain"][0] < low
    assert x["title"] == f"Điểm (trục bắt đầu từ {x['scale']['domain'][0]:.0f}, không từ 0)"
    colours = peer_dots(peers.chart.data, unit_code="20").to_dict()["layer"][1]["encoding"]["color"]
    assert colours["condition"]["test"] == "datum.ours"


def test_titles_say_what_is_on_the_slide_and_no_dash_only_cards(real):
    with db.open_read(real) as con:
        s = story(con, ("PAPI", 2024, "20"), "vi")
    weakest = next(x for x in s.slides if x.key == "weakest")
    assert weakest.title == "Các nội dung thành phần yếu nhất và đơn vị chủ trì"  # PAPI's own words; leaves of any depth
    cards = [k.value for x in s.slides for k in x.kpis]
    assert "–" not in cards  # PAPI has no bands: no band card at all
    # no leads loaded: the weakest slide says so in words ("chưa phân công", issue 12), never a dash
    leads = {row[-1] for row in weakest.table.rows}
    assert leads == {"chưa phân công"}


def test_rank_target_cards_show_the_score_for_the_rank_and_the_margin(tmp_path):
    from analysis.demo import ensure_demo_database

    with db.open_read(ensure_demo_database()) as con:
        s = story(con, ("PAR_INDEX", 2024, "20"), "vi")
    cards = {k.label: k.value for k in next(x for x in s.slides if x.key == "targets").kpis}
    assert list(cards) == ["Hạng mục tiêu", "Điểm cần cho hạng 30", "Tình trạng", "Vượt mục tiêu"]
    assert [v for v in cards.values() if v == "–"] == []


def test_deck_with_workbook_writes_both_and_points_only_to_the_file_it_carries(tmp_path, capsys):
    deck, book = tmp_path / "hop.pptx", tmp_path / "hop_giai_trinh.xlsx"
    args = ["deck", "--index", "PAR_INDEX", "--year", "2024", "--unit", "20", "--demo", "-o", str(deck)]
    assert main(args) == 0 and not book.exists()
    alone = [sh.text_frame.text for sl in Presentation(str(deck)).slides for sh in sl.shapes if sh.has_text_frame]
    assert not [x for x in alone if "Excel" in x or ".xlsx" in x]
    assert "… và 2 dòng khác" in alone
    assert main([*args, "--with-workbook"]) == 0
    assert f"{book}:" in capsys.readouterr().out
    texts = [sh.text_frame.text for sl in Presentation(str(deck)).slides for sh in sl.shapes if sh.has_text_frame]
    pointers = [x for x in texts if "hop_giai_trinh.xlsx" in x]
    assert pointers == ["… và 2 dòng khác: bảng đầy đủ ở trang «So sánh» của tệp hop_giai_trinh.xlsx đi kèm",
                        "… và 2 dòng khác: bảng đầy đủ ở trang «Theo dõi năm trước» của tệp hop_giai_trinh.xlsx đi kèm"]
    wb = load_workbook(io.BytesIO(book.read_bytes()))
    assert {"So sánh", "Theo dõi năm trước", "Lĩnh vực"} <= set(wb.sheetnames)
    peers = wb["So sánh"]
    assert peers.max_row - 4 >= 14  # title, blank, header, then every peer (14 in the region)


def test_peer_table_never_cuts_our_own_row():
    """SIPAS 2024 demo: Lạng Sơn is 13th of its 14-province region; the table shows 12 rows."""
    from analysis.demo import ensure_demo_database

    with db.open_read(ensure_demo_database()) as con:
        s = story(con, ("SIPAS", 2024, "20"), "vi")
    table = next(x for x in s.slides if x.key == "peers").table
    assert len(table.rows) == 12
    assert table.rows[table.bold_rows[0]][1] == "Lạng Sơn" and table.bold_rows == (11,)
    assert table.more == "… và 2 dòng khác"
