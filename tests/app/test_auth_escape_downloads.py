"""Editors only on the data page (PARDASH_EDITOR_PASSWORD), user text shown literally (never as
Markdown or HTML), and the download menus under every table and chart with the bytes they make."""
from __future__ import annotations

import io
import re

import openpyxl
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from analysis import charts
from analysis.export.images import png_size
from tests.app.test_pages import open_page
from ui import downloads
from ui.layout import md_escape

EVIL = "**X** <img src=x onerror=alert(1)> [a](javascript:alert(1))"
SINGLE_USER = ("Chế độ một người dùng: ai mở ứng dụng cũng có thể nhập dữ liệu. "
               "Đặt PARDASH_EDITOR_PASSWORD để giới hạn.")


# ---- editors only -------------------------------------------------------------------------------

def _data_page() -> AppTest:
    return open_page("data", ws="real")


def sign_in(at: AppTest, password: str) -> None:
    """Type into the form and submit it in the same run (a form commits its values on submit)."""
    at.text_input(key="editor_password").input(password)
    at.button[[b.label for b in at.button].index("Đăng nhập biên tập")].click().run()


def test_without_a_password_everyone_may_edit_and_is_told(workspaces, monkeypatch):
    monkeypatch.delenv("PARDASH_EDITOR_PASSWORD", raising=False)
    at = _data_page()
    assert SINGLE_USER in [c.value for c in at.caption]
    assert len(at.get("file_uploader")) == 1
    assert any("không hoàn tác được ở đây" in c.value for c in at.caption)  # the undo section


def test_with_a_password_viewers_see_history_and_templates_only(workspaces, monkeypatch):
    monkeypatch.setenv("PARDASH_EDITOR_PASSWORD", "bí-mật 2026")
    at = _data_page()
    assert SINGLE_USER not in [c.value for c in at.caption]
    assert len(at.get("file_uploader")) == 0
    assert not [c for c in at.checkbox if c.key == "undo_sure"]
    assert not [b for b in at.button if b.key == "undo"]
    assert not any("không hoàn tác được ở đây" in c.value for c in at.caption)
    keys = {b.proto.id.rsplit("-", 1)[-1] for b in at.get("download_button")}
    assert "tpl_xlsx_all" in keys  # the templates stay
    assert at.dataframe  # the history stays
    # a wrong password keeps the controls hidden
    sign_in(at, "sai")
    assert not at.exception
    assert "Sai mật khẩu." in [e.value for e in at.error]
    assert len(at.get("file_uploader")) == 0
    # the right one shows upload and undo
    sign_in(at, "bí-mật 2026")
    assert not at.exception
    assert len(at.get("file_uploader")) == 1
    assert any("không hoàn tác được ở đây" in c.value for c in at.caption)  # the undo section
    assert "Đã đăng nhập với quyền biên tập." in [c.value for c in at.caption]


def test_password_from_secrets_when_no_environment_variable(monkeypatch):
    from analysis import access
    from ui import auth

    monkeypatch.delenv("PARDASH_EDITOR_PASSWORD", raising=False)
    monkeypatch.delenv("PARDASH_EDITOR_PASSWORD_HASH", raising=False)
    assert auth.editor_password() is None  # no secrets file here: no crash, editing open
    monkeypatch.setenv("PARDASH_EDITOR_PASSWORD", "abc")
    stored = auth.editor_password()  # only its salted hash is kept
    assert stored != "abc" and access.verify_password("abc", stored) and not access.verify_password("abd", stored)


# ---- user text is never Markdown or HTML --------------------------------------------------------

def test_md_escape_backslashes_every_markdown_and_html_character():
    escaped = md_escape(EVIL)
    assert escaped == (r"\*\*X\*\* \<img src\=x onerror\=alert\(1\)\> "
                       r"\[a\]\(javascript\:alert\(1\)\)")
    assert re.sub(r"\\(.)", r"\1", escaped) == EVIL  # nothing lost: shown exactly as typed


def _evil_script():
    from types import SimpleNamespace

    from ui import cards, layout

    evil = "**X** <img src=x onerror=alert(1)> [a](javascript:alert(1))"
    h = SimpleNamespace(delta_score=1.5, previous_year=2023, score=80.0, is_percent=False, rank=3, rank_of=63,
                        delta_rank=2, rank_published=True, band=evil, national_mean=70.0, leader_name=evil,
                        leader_score=90.0)
    cards.headline_card(evil, h, None, "vi")
    layout.empty_state("vi", "empty.no_score", link=False, unit=evil, index=evil, year=2024)


def test_names_in_cards_and_empty_states_are_escaped():
    at = AppTest.from_function(_evil_script, default_timeout=30).run()
    assert not at.exception
    texts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [i.value for i in at.info]
    assert f"**{md_escape(EVIL)}**" in texts  # the card's (index) title: bold, name literal
    assert any(f"Nhóm: **{md_escape(EVIL)}**" in c for c in texts)
    assert any(f"Dẫn đầu: {md_escape(EVIL)} (90,00)" in c for c in texts)
    assert any(c.startswith(md_escape(EVIL) + " chưa có điểm") for c in texts)
    assert not any(EVIL in c for c in texts)  # never the raw text


# ---- downloads ----------------------------------------------------------------------------------

def _keys(at: AppTest) -> set[str]:
    return {b.proto.id.rsplit("-", 1)[-1] for b in at.get("download_button")}


@pytest.mark.parametrize("page,expected", [
    ("overview", {"dl_xlsx_linh_vuc", "dl_csv_linh_vuc", "dl_png_dien_bien", "dl_svg_dien_bien"}),
    ("drilldown", {"dl_xlsx_bang_diem", "dl_csv_bang_diem", "dl_png_diem_bi_mat", "dl_svg_diem_bi_mat",
                   "dl_book_bang_diem_gui_don_vi"}),
    ("agencies", {"dl_xlsx_don_vi_chu_tri", "dl_xlsx_giai_trinh", "dl_csv_giai_trinh",
                  "dl_png_diem_mat_theo_don_vi", "dl_book_giai_trinh_gui_don_vi"}),
    ("compare", {"dl_xlsx_xep_hang", "dl_csv_xep_hang", "dl_png_ban_do", "dl_svg_ban_do", "dl_png_so_sanh_linh_vuc",
                 "dl_png_thu_hang_qua_cac_nam"}),
    ("targets", {"dl_xlsx_tieu_chi_co_the_tang", "dl_png_co_the_tang"}),
    ("internal", {"dl_png_xep_hang_department", "dl_xlsx_xep_hang_department"}),
    ("data", {"dl_xlsx_lich_su_nhap", "dl_csv_du_lieu_dang_co"}),
])
def test_every_table_and_chart_has_downloads(workspaces, page, expected):
    at = open_page(page, ws="demo")
    keys = _keys(at)
    # keys carry the selection after the name (xep_hang_PAR_INDEX_2024_20): match on the prefix
    missing = {k for k in expected if not any(key == k or key.startswith(k + "_") for key in keys)}
    assert not missing, sorted(keys)


def test_table_exports_carry_title_demo_marker_labels_and_numbers(workspaces):
    frame = pd.DataFrame({"criterion_code": ["1", "2"], "name": ["Cải cách thể chế", EVIL], "score": [7.41, 5.5]})
    ctx = downloads.Context("demo", "vi", "PAR_INDEX", 2024, "20")
    frame_out, labels = downloads.export_frame(frame, {"criterion_code": "text", "name": "text", "score": "num"}, "vi")
    book = openpyxl.load_workbook(io.BytesIO(downloads.table_xlsx(frame_out, labels, "Bảng thử", ctx)))
    rows = [[c for c in r if c is not None] for r in book.active.iter_rows(values_only=True)]
    assert rows[0] == ["Bảng thử"] and rows[1] == ["Dữ liệu minh họa"]
    assert rows[3] == ["Mã", "Tên", "Điểm"]
    assert rows[4] == ["1", "Cải cách thể chế", 7.41] and rows[5] == ["2", EVIL, 5.5]
    assert any(str(r[0]).startswith("Phiên bản dữ liệu") for r in rows if r)
    text = downloads.table_csv(frame_out, labels, "vi").decode("utf-8")
    assert text.splitlines() == ["\ufeffMã;Tên;Điểm", "1;Cải cách thể chế;7,41", f"2;{EVIL};5,50"]  # at the precision shown


def test_chart_exports_png_at_twice_the_svg_size():
    chart = charts.trend(pd.DataFrame({"year": [2023, 2024], "score": [85.5, 87.25], "rank": [30, 23],
                                       "rank_of": [63, 63]}))
    spec = chart.to_json(validate=False)
    svg = downloads.chart_svg(spec).decode("utf-8")
    width, height = (float(v) for v in re.search(r'<svg[^>]* width="([\d.]+)" height="([\d.]+)"', svg).groups())
    assert "Điểm" in svg and "DejaVu Sans" in svg
    assert png_size(downloads.chart_png(spec)) == (round(2 * width), round(2 * height))
