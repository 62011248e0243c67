"""The meeting deck: opened with python-pptx and checked against the analysis functions."""
from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.util import Inches

import export_fixture
from analysis import db, fmt
from analysis.agencies import follow_up
from analysis.compare import league_table
from analysis.headline import component_changes, headline
from analysis.ledger import weakest
from analysis.narrative import narrative
from analysis.export.deck import build_deck
from analysis.export.slides import SLIDE_KEYS, WEAKEST_ROWS, story

INDEX, YEAR, UNIT = "PAR_INDEX", 2023, "20"


@pytest.fixture(scope="module")
def db_path(tmp_path_factory) -> Path:
    return export_fixture.build(tmp_path_factory.mktemp("deck") / "deck.duckdb")


@pytest.fixture(scope="module")
def deck(db_path) -> Presentation:
    with db.open_read(db_path) as con:
        data = build_deck(con, (INDEX, YEAR, UNIT), lang="vi", demo=True)
    return Presentation(io.BytesIO(data))


def _texts(slide) -> list[str]:
    return [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]


def _table(slide):
    tables = [shape.table for shape in slide.shapes if shape.has_table]
    assert len(tables) == 1
    return [[cell.text for cell in row.cells] for row in tables[0].rows]


def test_deck_is_16_9_with_nine_slides_in_meeting_order(deck):
    assert (deck.slide_width, deck.slide_height) == (Inches(13.333), Inches(7.5))
    assert len(deck.slides) == len(SLIDE_KEYS) == 9
    titles = [s.shapes.title.text_frame.text for s in deck.slides]
    assert titles == ["Chỉ số CCHC (PAR INDEX) 2023",
                      "Kết quả Chỉ số CCHC (PAR INDEX) 2023: Lạng Sơn",
                      "Các lĩnh vực và thay đổi thứ hạng",
                      "Các tiêu chí yếu nhất và đơn vị chủ trì",
                      "So sánh với các tỉnh cùng nhóm",
                      "Mục tiêu và những gì cần để đạt",
                      "Theo dõi các tiêu chí yếu năm trước",
                      "Kết quả thực hiện kế hoạch khắc phục (kết quả năm 2023)",
                      "Phụ lục: bản đồ Chỉ số CCHC (PAR INDEX) năm 2023"]
    # the title placeholder sits inside the wide slide, not at its 4:3 position
    title = deck.slides[1].shapes.title
    assert title.left + title.width <= deck.slide_width and title.width > Inches(12)


def test_headline_figures_and_narrative_match_the_analysis(deck, db_path):
    with db.open_read(db_path) as con:
        h = headline(con, INDEX, YEAR, UNIT)
        text = narrative(con, INDEX, YEAR, UNIT, lang="vi")
    texts = _texts(deck.slides[1])
    assert any(t.startswith("Điểm\n" + fmt.number(h.score)) for t in texts)       # 22,25
    assert any(f"\n{h.rank}/{h.rank_of}\n" in t for t in texts)                   # 2/5
    assert any(fmt.signed(h.delta_score) in t and "tăng 2 bậc" in t for t in texts)  # +3,25
    assert text in texts
    assert fmt.number(h.score) == "22,25" and (h.rank, h.rank_of, h.delta_rank) == (2, 5, 2)


def test_field_table_is_a_real_table_with_the_component_changes(deck, db_path):
    with db.open_read(db_path) as con:
        fields = component_changes(con, INDEX, YEAR, UNIT, depth=1)
    rows = _table(deck.slides[2])
    assert rows[0][0] == "Mã"
    assert [r[0] for r in rows[1:]] == list(fields["criterion_code"])
    assert rows[1][2] == fmt.number(fields["score"].iloc[0])                       # 6,50
    assert rows[2][4] == f"{fields['rank'].iloc[1]}/{fields['rank_of'].iloc[1]}"   # 2/5
    assert rows[2][5] == "+1"
    assert any(shape.shape_type == 13 for shape in deck.slides[2].shapes)  # the chart picture


def test_weakest_table_lists_the_weakest_with_their_lead_agency(deck, db_path):
    with db.open_read(db_path) as con:
        weak = weakest(con, INDEX, YEAR, UNIT, n=WEAKEST_ROWS)
    rows = _table(deck.slides[3])
    assert [r[0] for r in rows[1:]] == list(weak["criterion_code"])
    assert rows[1] == ["1.2", "Tuyên truyền CCHC", "3,50/6,00", "58,3%", "2,50", "Sở Nội vụ"]
    assert rows[2][5] == "=Sở Thông tin"  # text in a pptx table is never a formula


def test_peers_table_is_the_region_from_the_league_table(deck, db_path):
    with db.open_read(db_path) as con:
        league = league_table(con, INDEX, YEAR)
    rows = _table(deck.slides[4])
    expected = league[league["unit_code"].isin(["20", "15", "10", "02"])]
    assert [r[1] for r in rows[1:]] == list(expected["name"])
    assert rows[1][:4] == ["2", "Lạng Sơn", "22,25", "+2"]


def test_targets_slide_shows_status_gap_and_gains(deck):
    slide = deck.slides[5]
    texts = _texts(slide)
    assert any("Điểm mục tiêu\n25,00" in t for t in texts)
    assert any("Chưa đạt" in t for t in texts)
    assert any("Còn thiếu\n2,75" in t for t in texts)
    rows = _table(slide)
    assert rows[1][0] == "2.2" and rows[1][4] == "2,75"


def test_follow_up_counts_improved_items(deck, db_path):
    with db.open_read(db_path) as con:
        items = follow_up(con, INDEX, YEAR, UNIT)
    texts = _texts(deck.slides[6])
    assert f"{int(items['improved'].sum())}/{len(items)} tiêu chí đã cải thiện" in texts
    rows = _table(deck.slides[6])
    assert len(rows) == len(items) + 1
    assert rows[2][3:] == ["66,7%", "58,3%", "Chưa"]


def test_every_slide_has_footer_with_demo_marker_and_speaker_notes(deck):
    for number, slide in enumerate(deck.slides, start=1):
        texts = _texts(slide)
        assert "Dữ liệu minh họa" in texts
        assert f"{number}/9" in texts
        assert any(t.startswith("Phiên bản dữ liệu") for t in texts)
        notes = slide.notes_slide.notes_text_frame.text
        assert "Nguồn số liệu" in notes and "QĐ thử 2023" in notes and "lô 1" in notes


def test_no_demo_marker_on_real_data_and_english_deck(db_path):
    with db.open_read(db_path) as con:
        data = build_deck(con, {"index_code": INDEX, "year": YEAR, "unit_code": UNIT}, lang="en")
    prs = Presentation(io.BytesIO(data))
    assert all("Dữ liệu minh họa" not in _texts(s) and "Demonstration data" not in _texts(s) for s in prs.slides)
    assert prs.slides[2].shapes.title.text_frame.text == "Fields and rank changes"
    assert _table(prs.slides[2])[0][0] == "Code"


def test_empty_steps_keep_the_order_with_a_message(db_path):
    with db.open_read(db_path) as con:
        s = story(con, (INDEX, 2022, UNIT))  # first year: nothing to follow up, no target
    assert [x.key for x in s.slides] == list(SLIDE_KEYS)
    assert s.slides[6].empty == "Chưa có năm trước để theo dõi."
    assert s.slides[5].text == "Chưa đặt mục tiêu" and s.slides[5].table is None


@pytest.mark.skipif(__import__("analysis.export.pdf", fromlist=["x"]).libreoffice_binary() is None,
                    reason="LibreOffice is not installed (the PDF route needs it)")
def test_deck_converts_to_a_nine_page_pdf(db_path):
    from analysis.export.pdf import deck_to_pdf

    with db.open_read(db_path) as con:
        pdf = deck_to_pdf(build_deck(con, (INDEX, YEAR, UNIT)))
    assert pdf.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 9


def test_pdf_route_says_none_without_libreoffice(monkeypatch):
    from analysis.export import pdf

    monkeypatch.setattr(pdf.shutil, "which", lambda name: None)
    assert pdf.deck_to_pdf(b"not used") is None
