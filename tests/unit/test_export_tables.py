"""The generic table exports: .xlsx layout, number formats, formula guard; CSV encoding and
Vietnamese separators."""
from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook

from analysis.export import safety
from analysis.export.labels import column_label
from analysis.export.tables import table_to_csv
from analysis.export.xlsx import DECIMAL, PLAIN_INTEGER, SIGNED_INTEGER, sheet_title, table_to_xlsx


@pytest.fixture
def frame() -> pd.DataFrame:
    return pd.DataFrame({
        "rank": pd.array([1, 2, None], dtype="Int64"),
        "name": ["Hà Nội", '=HYPERLINK("http://x","y")', "-3 điểm"],
        "score": [85.567, np.nan, 1234.5],
        "delta_rank": [3, -2, 0],
        "year": [2023, 2023, 2023],
    })


def _sheet(data: bytes, index: int = 0):
    return load_workbook(io.BytesIO(data)).worksheets[index]


def test_xlsx_layout_title_header_freeze_filter_and_footer(frame):
    ws = _sheet(table_to_xlsx(frame, title="Bảng xếp hạng SIPAS 2023", demo=True, source_note="QĐ 1001"))
    assert ws["A1"].value == "Bảng xếp hạng SIPAS 2023"
    assert ws["A2"].value == "Dữ liệu minh họa"
    header = [c.value for c in ws[4]]
    assert header == [column_label(c) for c in frame.columns]
    assert header[2] in ("Điểm", "Điểm số")  # Vietnamese words, whichever catalogue worded them
    assert all(c.font.bold and c.fill.fgColor.rgb.endswith("1F4E79") for c in ws[4])
    assert ws.freeze_panes == "A5"
    assert ws.auto_filter.ref == "A4:E7"
    assert ws["A9"].value == "Nguồn: QĐ 1001"
    assert ws["A10"].value == "Dữ liệu minh họa"
    assert ws.column_dimensions["B"].width >= len('=HYPERLINK("http://x","y")')


def test_xlsx_numbers_stay_numbers_with_formats_and_missing_is_empty(frame):
    ws = _sheet(table_to_xlsx(frame))
    # no title: header on row 1
    assert ws.freeze_panes == "A2"
    assert ws["C2"].value == 85.567 and ws["C2"].number_format == DECIMAL
    assert ws["C3"].value is None  # NaN is an empty cell, never 0
    assert ws["A4"].value is None
    assert ws["A2"].value == 1 and ws["A2"].number_format == PLAIN_INTEGER
    assert ws["D3"].value == -2 and ws["D3"].number_format == SIGNED_INTEGER
    assert ws["E2"].value == 2023 and ws["E2"].number_format == PLAIN_INTEGER


def test_xlsx_formula_like_text_is_stored_as_quoted_text(frame):
    ws = _sheet(table_to_xlsx(frame, source_note="=cmd|' /C calc'!A0"))
    cell = ws["B3"]
    assert cell.value == '=HYPERLINK("http://x","y")'
    assert cell.data_type == "s" and cell.quotePrefix
    assert ws["B4"].data_type == "s" and ws["B4"].quotePrefix
    assert ws["B2"].quotePrefix is False
    # nothing in the workbook is a formula
    assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)


def test_xlsx_several_sheets_labels_and_formats_override(frame):
    data = table_to_xlsx({"Tổng hợp": frame, "Sở Nội vụ/Tư pháp": frame.head(1)},
                         column_labels={"score": "Điểm 2023"}, number_formats={"score": "0.0"})
    wb = load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["Tổng hợp", "Sở Nội vụ Tư pháp"]
    ws = wb.worksheets[1]
    assert ws["C1"].value == "Điểm 2023"
    assert ws["C2"].number_format == "0.0"


def test_sheet_titles_are_valid_and_unique():
    taken: set[str] = set()
    long = "Sở Thông tin và Truyền thông tỉnh Lạng Sơn"
    first, second = sheet_title(long, taken), sheet_title(long, taken)
    assert first == long[:31] and len(second) <= 31 and second.endswith(" (2)")
    assert sheet_title("a[b]:c*?", taken) == "a b  c"


def test_csv_utf8_bom_and_plain_separators(frame):
    data = table_to_csv(frame)
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8-sig").split("\r\n")
    assert lines[0] == "rank,name,score,delta_rank,year"
    assert lines[1] == "1,Hà Nội,85.57,3,2023"
    assert lines[3] == ",'-3 điểm,1234.50,0,2023"


def test_csv_vietnamese_separators_and_formula_guard(frame):
    text = table_to_csv(frame, vietnamese=True, column_labels={"name": "Tên"}).decode("utf-8-sig")
    lines = text.split("\r\n")
    assert lines[0] == "rank;Tên;score;delta_rank;year"
    assert lines[1] == "1;Hà Nội;85,57;3;2023"
    assert lines[2] == "2;\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\";;-2;2023"
    assert pd.read_csv(io.StringIO(text), sep=";", decimal=",")["score"].tolist()[::2] == [85.57, 1234.5]


@pytest.mark.parametrize("text,guarded", [("=1+1", True), ("+84 912", True), ("-", True), ("@SUM(A1)", True),
                                          ("\t=1", True), ("Hà Nội", False), ("1-2", False), ("", False)])
def test_formula_guard(text, guarded):
    assert safety.is_formula_like(text) is guarded
    assert safety.neutralise(text) == ("'" + text if guarded else text)


def test_csv_numbers_are_written_at_the_precision_shown():
    """7.409999999999999 (a sum of floats) is shown 7,41 and written 7,41; ranks that became
    floats beside a missing value are written as whole numbers."""
    frame = pd.DataFrame({"score": [7.409999999999999, 0.1 + 0.2], "rank": [23.0, np.nan],
                          "delta_rank": [-3.0, np.nan], "delta_score": [-0.001, 1.625]})
    lines = table_to_csv(frame, vietnamese=True).decode("utf-8-sig").split("\r\n")
    assert lines[1:3] == ["7,41;23;-3;0,00", "0,30;;;1,62"]
