"""Reading: encodings, separators, Vietnamese numbers, headers, wide form, xlsx."""
from __future__ import annotations

import openpyxl
import pytest

from analysis.importer import load_files
from analysis.importer.headers import table_of_name
from tests.unit.import_fixture import TREE, reference_db, rows, write

SCORES_SQL = ("SELECT geography, unit_code, criterion_code, score, rank FROM score "
              "ORDER BY year, unit_code, criterion_code")


@pytest.fixture
def db(tmp_path):
    path = reference_db(tmp_path)
    assert load_files(path, [write(tmp_path, "criteria.csv", TREE)]).ok
    return path


@pytest.mark.parametrize("encoding, sep", [
    ("utf-8", ","), ("utf-8-sig", ";"), ("utf-16", "\t"), ("utf-16-le", "\t"), ("cp1258", ";"),
])
def test_each_encoding_and_separator_reads_vietnamese_names(tmp_path, db, encoding, sep):
    text = sep.join(["chi_so", "Năm", "Tên đơn vị", "Mã tiêu chí", "Điểm"]) + "\r\n" + \
        sep.join(["PAR_INDEX", "2023", "Tỉnh Lạng Sơn", "1.1", '"3,5"' if sep == "," else "3,5"]) + "\r\n" + \
        sep.join(["PAR_INDEX", "2023", "Thành phố Hồ Chí Minh", "1.2", "5.25"]) + "\r\n"
    result = load_files(db, [write(tmp_path, "diem_2023.csv", text, encoding)])
    assert result.ok, [str(e) for e in result.errors]
    assert rows(db, SCORES_SQL) == [("vn63", "20", "1.1", 3.5, None), ("vn63", "79", "1.2", 5.25, None)]


def test_cp1252_file_is_read_when_cp1258_cannot_decode_it(tmp_path, db):
    # 0x8A is Š in Windows-1252 and undefined in Windows-1258
    text = "index_code,year,unit_code,criterion_code,score,source\nPAR_INDEX,2023,01,2,12,Šource é\n"
    assert load_files(db, [write(tmp_path, "scores.csv", text, "cp1252")]).ok
    assert rows(db, "SELECT source FROM score") == [("Šource é",)]


def test_a_file_saved_again_in_another_encoding_is_detected_again(tmp_path):
    # a load detects each file's encoding once; the answer belongs to that version of the file
    from analysis.importer.read import detect_encoding

    path = write(tmp_path, "scores.csv", "index_code,year,unit_code,score\nPAR_INDEX,2023,01,Đà\n", "utf-8")
    assert detect_encoding(path) == "utf-8"
    write(tmp_path, "scores.csv", "index_code,year,unit_code,score\nPAR_INDEX,2023,01,Đà\n", "utf-16")
    assert detect_encoding(path) == "utf-16"


def test_cp1258_combining_marks_are_stored_as_nfc(tmp_path, db):
    text = "index_code,year,unit_name,criterion_code,score,source\nPAR_INDEX,2023,Lạng Sơn,2,12,Quyết định số 1\n"
    raw = write(tmp_path, "scores.csv", text, "cp1258").read_bytes()
    assert b"a\xf2" in raw  # Windows-1258 writes ạ as a + combining dot below
    assert load_files(db, [tmp_path / "scores.csv"]).ok
    assert rows(db, "SELECT unit_code, source FROM score") == [("20", "Quyết định số 1")]


@pytest.mark.parametrize("cell, value", [
    ("85,57", 85.57), ("85.57", 85.57), ("79,30%", 79.30), (" 79,30 % ", 79.30), ("1,234", 1.234),
    ("1.234,5", 1234.5), ("1,234.5", 1234.5), ("0", 0.0), ("100", 100.0),
])
def test_vietnamese_number_formats(tmp_path, db, cell, value):
    text = f'index_code;year;unit_code;score\nSIPAS;2023;20;{cell}\n'
    if "1234" in str(value).replace(".", ""):
        text = f'index_code;year;unit_code;max_score;score\nSIPAS;2023;20;5000;{cell}\n'
    result = load_files(db, [write(tmp_path, "scores.csv", text)])
    assert result.ok, [str(e) for e in result.errors]
    assert rows(db, "SELECT score FROM score") == [(pytest.approx(value),)]


def test_headers_without_diacritics_and_with_spaces_hyphens(tmp_path, db):
    text = "CHI-SO,nam,ma don vi,ma_tieu_chi,DIEM,STT\npar index,2023,1,2,15,1\n"
    assert load_files(db, [write(tmp_path, "Diem PAR 2023.csv", text)]).ok
    assert rows(db, "SELECT index_code, unit_code, criterion_code, score FROM score") == [("PAR_INDEX", "01", "2", 15.0)]


def test_wide_form_is_unpivoted_and_rank_goes_to_the_total(tmp_path, db):
    text = ("chi_so;Năm;Tỉnh, thành phố;Xếp hạng;1. Công tác chỉ đạo, điều hành CCHC;2 Cải cách thể chế;Tổng điểm\n"
            "PAR_INDEX;2023;Hà Nội;2;8,5;17;25,5\n"
            "PAR_INDEX;2023;TP. Hồ Chí Minh;1;9;;26\n")
    result = load_files(db, [write(tmp_path, "Diem PAR INDEX 2023.csv", text)])
    assert result.ok, [str(e) for e in result.errors]
    assert rows(db, SCORES_SQL) == [
        ("vn63", "01", "", 25.5, 2), ("vn63", "01", "1", 8.5, None), ("vn63", "01", "2", 17.0, None),
        ("vn63", "79", "", 26.0, 1), ("vn63", "79", "1", 9.0, None)]
    assert result.stored["scores"].rows_added == 5


def test_xlsx_percent_cells_sheet_names_and_skipped_sheets(tmp_path, db):
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Điểm SIPAS"
    ws.append(["index_code", "year", "unit_code", "score"])
    ws.append(["SIPAS", 2023, 20, 0.793])
    ws["D2"].number_format = "0.00%"
    ws.append(["SIPAS", 2023, "79", 81.5])
    ws.append([None, None, None, None])
    notes = book.create_sheet("Ghi chú")
    notes.append(["anything"])
    book.save(tmp_path / "book.xlsx")
    result = load_files(db, [tmp_path / "book.xlsx"])
    assert result.ok, [str(e) for e in result.errors]
    assert rows(db, "SELECT unit_code, score FROM score ORDER BY unit_code") == [("20", 79.3), ("79", 81.5)]
    assert result.skipped == [("book.xlsx[Ghi chú]", "neither the sheet name nor its columns name a table")]
    assert [(f.label, f.table, f.rows_added) for f in result.files] == [("book.xlsx[Điểm SIPAS]", "scores", 2)]


def test_table_of_name():
    assert table_of_name("scores_2023") == "scores"
    assert table_of_name("Diem PAR 2023") == "scores"
    assert table_of_name("Mục tiêu chỉ số CCHC") == "targets"
    assert table_of_name("Phân công đơn vị chủ trì") == "responsibilities"
    assert table_of_name("tieu_chi_PAR") == "criteria"
    assert table_of_name("Đơn vị") == "units"
    assert table_of_name("regions") is None
    assert table_of_name("ranks_without_score") is None
