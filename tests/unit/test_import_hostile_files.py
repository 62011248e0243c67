"""Small hostile files are refused quickly with a message (issue 9, point 6), and workbooks that
are not what their name says are named for what they are (point 9). Every file is generated here."""
from __future__ import annotations

import io
import struct
import zipfile

import openpyxl
import pytest

from analysis import config
from analysis.importer import load_files
from tests.unit.import_fixture import reference_db, rows, sha


def _refused(db, files) -> list[str]:
    before = sha(db)
    result = load_files(db, files)
    assert not result.ok and result.batch_id is None
    assert sha(db) == before
    return [str(p) for p in result.errors]


# ---------------------------------------------------------------- limits (point 6)

def test_csv_with_10000_columns_is_refused_at_the_header(tmp_path):
    """The issue's file: 149 kB, 10,000 columns; it held the writer lock for minutes."""
    db = reference_db(tmp_path)
    path = tmp_path / "scores.csv"
    header = ["index_code", "year", "unit_code", "score"] + [f"x{i}" for i in range(9_996)]
    body = ",".join(["PAR_INDEX", "2023", "20", "81"] + ["1"] * 9_996)
    path.write_text(",".join(header) + "\n" + (body + "\n") * 2, encoding="utf-8")
    assert _refused(db, [path]) == [
        f"scores.csv:1:: too many columns: 10000 (the limit is {config.MAX_COLUMNS})"]


def test_csv_row_and_cell_limits(tmp_path, monkeypatch):
    db = reference_db(tmp_path)
    path = tmp_path / "scores.csv"
    path.write_text("index_code,year,unit_code,score\n" + "PAR_INDEX,2023,20,81\n" * 30, encoding="utf-8")
    monkeypatch.setattr(config, "MAX_ROWS", 25)
    assert _refused(db, [path]) == ["scores.csv:1:: too many rows: 30 (the limit is 25)"]
    monkeypatch.setattr(config, "MAX_ROWS", 1000)
    monkeypatch.setattr(config, "MAX_CELLS", 100)
    assert _refused(db, [path]) == ["scores.csv:1:: too many cells: 30 rows x 4 columns = 120 (the limit is 100)"]


def _sheet_xml(n_rows: int) -> bytes:
    head = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
            b'<row r="1"><c r="A1" t="inlineStr"><is><t>index_code</t></is></c>'
            b'<c r="B1" t="inlineStr"><is><t>year</t></is></c><c r="C1" t="inlineStr"><is><t>unit_code</t></is></c>'
            b'<c r="D1" t="inlineStr"><is><t>score</t></is></c></row>')
    rows_xml = (b'<row><c t="inlineStr"><is><t>PAR_INDEX</t></is></c><c><v>2023</v></c>'
                b'<c><v>20</v></c><c><v>81</v></c></row>') * n_rows
    return head + rows_xml + b"</sheetData></worksheet>"


def _xlsx_with_sheet(sheet: bytes) -> bytes:
    """A real workbook (openpyxl writes it) whose one sheet, `scores`, is replaced by `sheet`."""
    book = openpyxl.Workbook()
    book.active.title = "scores"
    book.active.append(["index_code"])
    small = io.BytesIO()
    book.save(small)
    out = io.BytesIO()
    with zipfile.ZipFile(small) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = sheet if item.filename == "xl/worksheets/sheet1.xml" else src.read(item.filename)
            dst.writestr(item.filename, data)
    return out.getvalue()


def test_xlsx_expanding_to_hundreds_of_megabytes_is_refused_before_reading(tmp_path):
    """Like the issue's 633 kB workbook of 1.5 M rows: refused from the zip directory alone."""
    db = reference_db(tmp_path)
    path = tmp_path / "book.xlsx"
    path.write_bytes(_xlsx_with_sheet(_sheet_xml(1_500_000)))
    assert path.stat().st_size < 2_000_000
    [message] = _refused(db, [path])
    assert message.startswith("book.xlsx:1:: the workbook expands to ")
    assert message.endswith(f"MB when unzipped (the limit is {config.MAX_XLSX_EXPANDED_MB} MB); "
                            "save large tables as CSV")


def test_xlsx_sheet_row_and_cell_limits_stop_reading(tmp_path, monkeypatch):
    db = reference_db(tmp_path)
    path = tmp_path / "book.xlsx"
    path.write_bytes(_xlsx_with_sheet(_sheet_xml(50)))
    monkeypatch.setattr(config, "MAX_SHEET_CELLS", 100)
    assert _refused(db, [path]) == [
        "book.xlsx[scores]:26:: too many cells: more than 100 (the limit of a sheet); save large tables as CSV"]
    monkeypatch.setattr(config, "MAX_SHEET_CELLS", 10_000)
    monkeypatch.setattr(config, "MAX_SHEET_ROWS", 20)
    assert _refused(db, [path]) == [
        "book.xlsx[scores]:21:: too many rows: more than 20 (the limit of a sheet); save large tables as CSV"]


def test_reading_time_limit(tmp_path, monkeypatch):
    db = reference_db(tmp_path)
    path = tmp_path / "book.xlsx"
    path.write_bytes(_xlsx_with_sheet(_sheet_xml(50)))
    monkeypatch.setattr(config, "MAX_READ_SECONDS", 0)
    [message] = _refused(db, [path])
    assert message.startswith("book.xlsx[scores]:") and message.endswith(
        ":: reading stopped after 0 s (the limit); save large tables as CSV")


# ---------------------------------------------------------------- what a workbook is (point 9)

def test_hidden_and_very_hidden_sheets_are_skipped_and_listed(tmp_path):
    db = reference_db(tmp_path)
    book = openpyxl.Workbook()
    visible = book.active
    visible.title = "scores"
    visible.append(["index_code", "year", "unit_code", "score"])
    visible.append(["PAR_INDEX", 2023, "20", 81])
    for title, state in (("diem_cu", "hidden"), ("diem_nhap", "veryHidden")):
        ws = book.create_sheet(title)
        ws.sheet_state = state
        ws.append(["index_code", "year", "unit_code", "score"])
        ws.append(["PAR_INDEX", 2023, "01", 99])
    path = tmp_path / "book.xlsx"
    book.save(path)
    result = load_files(db, [path])
    assert result.ok, [str(p) for p in result.errors]
    assert ("book.xlsx[diem_cu]", "hidden sheet") in result.skipped
    assert ("book.xlsx[diem_nhap]", "hidden sheet") in result.skipped
    assert rows(db, "SELECT unit_code, score FROM score WHERE index_code = 'PAR_INDEX'") == [("20", 81.0)]


def _cfb(stream_names: list[str]) -> bytes:
    """A minimal OLE compound file (the container of encrypted Office documents and .xls):
    header, one FAT sector, one directory sector naming the streams."""
    sector = 512
    header = bytearray(sector)
    header[0:8] = bytes.fromhex("D0CF11E0A1B11AE1")
    struct.pack_into("<HHHHH", header, 24, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<I", header, 44, 1)           # FAT sectors
    struct.pack_into("<I", header, 48, 1)           # first directory sector
    struct.pack_into("<I", header, 56, 4096)        # mini stream cutoff
    struct.pack_into("<I", header, 60, 0xFFFFFFFE)  # no mini FAT
    struct.pack_into("<I", header, 68, 0xFFFFFFFE)  # no DIFAT sectors
    struct.pack_into("<I", header, 76, 0)           # FAT in sector 0
    for i in range(1, 109):
        struct.pack_into("<I", header, 76 + 4 * i, 0xFFFFFFFF)
    fat = bytearray(b"\xff" * sector)
    struct.pack_into("<II", fat, 0, 0xFFFFFFFD, 0xFFFFFFFE)
    directory = bytearray(sector)
    for i, name in enumerate(["Root Entry", *stream_names][:4]):
        entry = bytearray(128)
        raw = (name + "\0").encode("utf-16-le")
        entry[0:len(raw)] = raw
        struct.pack_into("<H", entry, 64, len(raw))
        entry[66] = 5 if i == 0 else 2
        struct.pack_into("<III", entry, 68, 0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF)
        directory[128 * i:128 * (i + 1)] = entry
    return bytes(header) + bytes(fat) + bytes(directory)


@pytest.mark.parametrize("content, expected", [
    (_cfb(["EncryptionInfo", "EncryptedPackage"]),
     "book.xlsx:1:: the workbook is password-protected (encrypted); open it in Excel, "
     "remove the password (File > Info > Protect Workbook) and save it again"),
    (_cfb(["Workbook", "\x05SummaryInformation"]),
     "book.xlsx:1:: this is an old Excel 97-2003 workbook (.xls) named .xlsx; open it in Excel and "
     "save it as .xlsx"),
    ("<html><head><meta charset='utf-8'></head><body><table><tr><td>index_code</td></tr></table>"
     "</body></html>".encode("utf-8"),
     "book.xlsx:1:: this is a web page (HTML) named .xlsx, not a workbook; open it in Excel and "
     "save it as .xlsx, or save the table as CSV"),
    (b"index_code,year,unit_code,score\nPAR_INDEX,2023,20,81\n",
     "book.xlsx:1:: this is a text file named .xlsx, not a workbook; name it .csv if it is a CSV table"),
    (b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + b"\x00" * 40,
     "book.xlsx:1:: the workbook is damaged (not a complete .xlsx file); save it again from Excel"),
    (b"", "book.xlsx:1:: file is empty"),
])
def test_a_file_named_xlsx_says_what_it_is(tmp_path, content, expected):
    db = reference_db(tmp_path)
    path = tmp_path / "book.xlsx"
    path.write_bytes(content)
    assert _refused(db, [path]) == [expected]
