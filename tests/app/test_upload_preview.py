"""The upload preview (issue 9, points 6 and 9): computed once per file, reading the first rows
only, and a file the importer refuses outright previews as the importer's message."""
from __future__ import annotations

import io

import openpyxl
import pytest

from analysis.importer import read
from tests.unit.test_import_hostile_files import _cfb, _sheet_xml, _xlsx_with_sheet
from ui import upload


@pytest.fixture(autouse=True)
def _fresh_cache():
    cached = getattr(upload, "_preview_cached", None)   # the cache other tests may have filled
    if cached:
        cached.clear()
    yield
    if cached:
        cached.clear()


def _book(n_rows: int) -> bytes:
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "scores"
    ws.append(["index_code", "year", "unit_code", "score"])
    for i in range(n_rows):
        ws.append(["PAR_INDEX", 2000 + i, "20", 50])
    hidden = book.create_sheet("diem_an")
    hidden.sheet_state = "hidden"
    hidden.append(["index_code"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_preview_is_computed_once_per_file(monkeypatch):
    calls = []
    real = openpyxl.load_workbook
    monkeypatch.setattr(openpyxl, "load_workbook", lambda *a, **k: calls.append(1) or real(*a, **k))
    content = _book(3)
    first = upload.preview("book.xlsx", content)
    again = upload.preview("book.xlsx", content)   # a widget change reruns the page
    assert len(calls) == 1
    assert [(label, table) for label, table, _ in again] == [(label, table) for label, table, _ in first]
    assert again[0][2].equals(first[0][2])
    upload.preview("book.xlsx", _book(4))          # another file is read
    assert len(calls) == 2


def test_preview_reads_the_first_rows_only_and_skips_hidden_sheets(monkeypatch):
    seen = []
    real = read.cell_text
    monkeypatch.setattr(read, "cell_text", lambda cell: seen.append(1) or real(cell))
    [(label, table, frame)] = upload.preview("book.xlsx", _book(2_000))
    assert (label, table) == ("book.xlsx[scores]", "scores")
    assert len(frame) == upload.PREVIEW_ROWS
    assert frame.iloc[0].tolist() == ["PAR_INDEX", "2000", "20", "50"]
    assert len(seen) <= 4 * (upload.PREVIEW_ROWS + 1)


@pytest.mark.parametrize("content, start", [
    (lambda: _xlsx_with_sheet(_sheet_xml(1_500_000)), "the workbook expands to "),
    (lambda: _cfb(["EncryptionInfo", "EncryptedPackage"]), "the workbook is password-protected"),
    (lambda: b"<!DOCTYPE html><html><body><table></table></body></html>", "this is a web page (HTML)"),
])
def test_preview_of_a_refused_workbook_shows_the_message(content, start):
    [(label, table, frame)] = upload.preview("book.xlsx", content())
    assert (label, table) == ("book.xlsx", None)
    assert frame.iloc[0, 0].startswith(start)


def test_preview_of_a_mixed_line_ending_csv():
    content = b"index_code,year,unit_code,score\r\nPAR_INDEX,2023,20,81\nPAR_INDEX,2023,01,80\r\n"
    [(label, table, frame)] = upload.preview("scores.csv", content)
    assert frame.values.tolist() == [["PAR_INDEX", "2023", "20", "81"], ["PAR_INDEX", "2023", "01", "80"]]


def test_data_page_lists_the_hidden_sheets_it_skipped(workspaces):
    from streamlit.testing.v1 import AppTest

    from tests.app.conftest import APP
    from ui.layout import md_escape

    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "muc_tieu"
    ws.append(["unit_code", "index_code", "year", "target_score", "note"])
    ws.append(["01", "PAR_INDEX", 2024, 93, "hidden-sheet apptest"])
    hidden = book.create_sheet("muc_tieu_cu")
    hidden.sheet_state = "veryHidden"
    hidden.append(["unit_code", "index_code", "year", "target_score"])
    hidden.append(["01", "PAR_INDEX", 2024, 10])
    content = io.BytesIO()
    book.save(content)
    at = AppTest.from_file(APP, default_timeout=30)
    at.query_params["ws"] = "real"
    at.run()
    at.switch_page("app_pages/7_du_lieu.py").run()
    at.get("file_uploader")[0].set_value(("targets.xlsx", content.getvalue(), "application/octet-stream")).run()
    # the preview shows the visible sheet only
    assert [e.label for e in at.expander if e.label.startswith("Xem trước")] == [
        "Xem trước: " + md_escape("targets.xlsx[muc_tieu]") + " → targets"]
    at.button(key="load").click().run()
    assert not at.exception
    assert any(s.value.startswith("Đã nhập: lần nhập") for s in at.success)
    assert "Bỏ qua, không nhập: " + md_escape("targets.xlsx[muc_tieu_cu] (sheet ẩn)") in [c.value for c in at.caption]
    # leave the shared workspace as it was for the other page tests
    at.checkbox(key="undo_sure").check().run()
    at.button(key="undo").click().run()
    assert not at.exception


def test_data_page_previews_a_refused_workbook_as_its_message(workspaces):
    from streamlit.testing.v1 import AppTest

    from tests.app.conftest import APP

    at = AppTest.from_file(APP, default_timeout=30)
    at.query_params["ws"] = "real"
    at.run()
    at.switch_page("app_pages/7_du_lieu.py").run()
    at.get("file_uploader")[0].set_value(
        ("book.xlsx", _cfb(["EncryptionInfo", "EncryptedPackage"]), "application/octet-stream")).run()
    assert not at.exception
    assert [w.value for w in at.warning if "password\\-protected" in w.value]
