"""The `plans` table (kế hoạch khắc phục, docs/data-contract.md §2) as agencies write it: CSV with
Vietnamese headers, a workbook sheet `ke_hoach`, bad rows reported as FILE:LINE:COLUMN, keys,
conflicts, --replace and undo."""
from __future__ import annotations

import datetime as dt

import duckdb
import openpyxl
import pytest

from analysis.importer import load_files, undo_last
from tests.unit.import_fixture import TREE, reference_db, rows, sha, write

UNITS = ("Mã đơn vị,Tên đơn vị,Cấp,Mã cấp trên\n"
         "20.SNV,Sở Nội vụ,sở,20\n20.STP,Sở Tư pháp,sở,20\n01.SNV,Sở Nội vụ,sở,01\n")
HEAD_VI = "Mã tỉnh,Chỉ số,Năm kết quả,Mã tiêu chí,Mã đơn vị chủ trì,Biện pháp,Thời hạn,Trạng thái,Minh chứng,Ngày cập nhật\n"
PLANS_VI = HEAD_VI + (
    "20,par index,2023,1.1,Sở Nội vụ,Ban hành kế hoạch CCHC trước 31/12,31/5/2024,Đang thực hiện,,\n"
    "Lạng Sơn,PAR_INDEX,2023,1.2,20.STP,Tuyên truyền trên báo tỉnh,2024-06-30,hoan thanh,QĐ 12/QĐ-UBND,1/6/2024\n"
    "20,PAR_INDEX,2023,2,sở nội vụ,Rà soát văn bản,,,,\n")
STORED = """SELECT geography, province_code, index_code, result_year, criterion_code, agency_code, action,
                   deadline, plan_status, evidence, updated_at FROM plan ORDER BY criterion_code"""


@pytest.fixture
def db(tmp_path):
    path = reference_db(tmp_path)
    result = load_files(path, [write(tmp_path, "tieu_chi.csv", TREE), write(tmp_path, "don_vi.csv", UNITS)])
    assert result.ok, [str(e) for e in result.errors]
    return path


def problems(db, files, **kw) -> list[str]:
    result = load_files(db, files, **kw)
    assert not result.ok
    return [str(e) for e in result.errors]


def test_a_csv_with_vietnamese_headers_is_stored_resolved(tmp_path, db):
    result = load_files(db, [write(tmp_path, "Ke hoach khac phuc 2023.csv", PLANS_VI)], source="Công văn 5")
    assert result.ok, [str(e) for e in result.errors]
    assert [(f.table, f.rows_added) for f in result.files] == [("plans", 3)]
    today = dt.date.today()
    assert rows(db, STORED) == [
        ("vn63", "20", "PAR_INDEX", 2023, "1.1", "20.SNV", "Ban hành kế hoạch CCHC trước 31/12",
         dt.date(2024, 5, 31), "dang_thuc_hien", None, today),
        ("vn63", "20", "PAR_INDEX", 2023, "1.2", "20.STP", "Tuyên truyền trên báo tỉnh",
         dt.date(2024, 6, 30), "hoan_thanh", "QĐ 12/QĐ-UBND", dt.date(2024, 6, 1)),
        ("vn63", "20", "PAR_INDEX", 2023, "2", "20.SNV", "Rà soát văn bản", None, "chua_thuc_hien", None, today)]
    assert rows(db, "SELECT b.source, f.table_name FROM batch b JOIN batch_file f USING (batch_id) "
                    "WHERE b.batch_id = ?", [result.batch_id]) == [("Công văn 5", "plans")]


def test_a_file_named_by_neither_table_is_recognised_by_its_columns(tmp_path, db):
    text = ("province_code,index_code,result_year,criterion_code,agency_code,action,status\n"
            "20,PAR_INDEX,2023,1.1,20.SNV,Làm lại kế hoạch,chưa thực hiện\n")
    result = load_files(db, [write(tmp_path, "gui_so_noi_vu.csv", text)])
    assert result.ok, [str(e) for e in result.errors]
    assert result.files[0].table == "plans"


def test_a_workbook_sheet_ke_hoach_with_date_cells(tmp_path, db):
    book = openpyxl.Workbook()
    book.active.title = "Hướng dẫn"
    book.active.append(["Điền mỗi biện pháp một dòng"])
    ws = book.create_sheet("ke_hoach")
    ws.append(["STT", "Mã tỉnh", "Chỉ số", "Năm kết quả", "Mã tiêu chí", "Đơn vị chủ trì", "Biện pháp",
               "Thời hạn", "Trạng thái", "Minh chứng"])
    ws.append([1, 20, "PAR_INDEX", 2023, "1.1", "Sở Nội vụ", "Sửa quy chế", dt.datetime(2024, 5, 31),
               "Hoàn thành", "https://example.vn/qd12"])
    ws.append([2, 20, "PAR_INDEX", 2023, 2, "Sở Tư pháp", "Tập huấn", "15/7/2024", None, None])
    book.save(tmp_path / "giai_trinh.xlsx")
    result = load_files(db, [tmp_path / "giai_trinh.xlsx"])
    assert result.ok, [str(e) for e in result.errors]
    assert result.skipped == [("giai_trinh.xlsx[Hướng dẫn]", "neither the sheet name nor its columns name a table")]
    assert rows(db, "SELECT criterion_code, agency_code, deadline, plan_status, evidence FROM plan ORDER BY 1") == [
        ("1.1", "20.SNV", dt.date(2024, 5, 31), "hoan_thanh", "https://example.vn/qd12"),
        ("2", "20.STP", dt.date(2024, 7, 15), "chua_thuc_hien", None)]


def test_bad_rows_are_reported_at_their_cell_and_nothing_is_written(tmp_path, db):
    text = HEAD_VI + (
        "20,PAR_INDEX,2023,1.1,Sở Nội vụ,Sửa quy chế,31/5/2024,,,\n"
        "20,PAR_INDEX,2023,9.9,Sở Nội vụ,Việc A,31/2/2024,xong rồi,,hôm qua\n"
        "20,PAR_INDEX,2023,1.1,01.SNV,Việc B,,,,\n"
        "20,PAR_INDEX,2023,1.1,Sở Nội vụ,Sửa quy chế,,,,\n"
        "20,PAR_INDEX,2021,1.1,Sở Xây dựng,,,,,\n"
        "20,PAR_INDEX,hai nghìn,1.1,Sở Nội vụ,Việc C,,,,\n"
        "99,PAR_INDEX,2023,1.1,Sở Nội vụ,Việc D,,,,\n")
    before = sha(db)
    assert problems(db, [write(tmp_path, "ke_hoach.csv", text)]) == [
        'ke_hoach.csv:3:Mã tiêu chí: unknown criterion "9.9" for PAR_INDEX 2023',
        'ke_hoach.csv:3:Thời hạn: not a date: "31/2/2024" (use 2024-05-31 or 31/5/2024)',
        'ke_hoach.csv:3:Trạng thái: unknown value "xong rồi" (use chua_thuc_hien, dang_thuc_hien, hoan_thanh: '
        'chưa thực hiện, đang thực hiện, hoàn thành)',
        'ke_hoach.csv:3:Ngày cập nhật: not a date: "hôm qua" (use 2024-05-31 or 31/5/2024)',
        'ke_hoach.csv:4:Mã đơn vị chủ trì: agency "01.SNV" is a unit of province 01, not of 20',
        'ke_hoach.csv:5:Biện pháp: duplicate key: same as line 2',
        'ke_hoach.csv:6:Biện pháp: value required',
        'ke_hoach.csv:6:Mã đơn vị chủ trì: unknown unit "Sở Xây dựng" (closest: Sóc Trăng (94), '
        'Hải Dương (30), Lâm Đồng (68))',
        'ke_hoach.csv:6:Mã tiêu chí: unknown criterion "1.1" for PAR_INDEX 2021 '
        '(no criteria tree of PAR_INDEX covers 2021)',
        'ke_hoach.csv:7:Năm kết quả: not a number: "hai nghìn"',
        'ke_hoach.csv:8:Mã tỉnh: unknown unit "99" (closest: Yên Bái (15), Vĩnh Phúc (26), Vĩnh Long (86))',
    ]
    assert sha(db) == before


def test_a_missing_column_is_reported_on_line_1_of_the_sheet(tmp_path, db):
    book = openpyxl.Workbook()
    book.active.title = "ke_hoach"
    book.active.append(["ma_tinh", "chi_so", "nam_ket_qua", "ma_tieu_chi", "ma_don_vi_chu_tri"])
    book.active.append(["20", "PAR_INDEX", 2023, "1.1", "20.SNV"])
    book.save(tmp_path / "book.xlsx")
    assert problems(db, [tmp_path / "book.xlsx"]) == ["book.xlsx[ke_hoach]:1:action: required column missing"]


def test_reload_is_a_no_op_a_change_needs_replace_and_undo_restores(tmp_path, db):
    first = write(tmp_path, "ke_hoach.csv", PLANS_VI)
    loaded = load_files(db, [first])
    assert loaded.ok
    stored = rows(db, STORED)
    before = sha(db)
    again = load_files(db, [first])
    assert again.ok and again.batch_id is None and sha(db) == before
    assert again.stored["plans"].rows_unchanged == 3

    done = write(tmp_path, "ke_hoach_cap_nhat.csv", HEAD_VI +
                 "20,PAR_INDEX,2023,1.1,20.SNV,Ban hành kế hoạch CCHC trước 31/12,31/5/2024,hoàn thành,QĐ 7,\n")
    assert problems(db, [done]) == [
        'ke_hoach_cap_nhat.csv:2:Trạng thái: conflicts with the stored value "dang_thuc_hien" '
        f'(batch {loaded.batch_id}); use --replace to replace it']
    assert sha(db) == before
    replaced = load_files(db, [done], replace=True)
    assert replaced.ok and replaced.stored["plans"].rows_replaced == 1
    assert rows(db, "SELECT plan_status, evidence FROM plan WHERE criterion_code = '1.1'") == [("hoan_thanh", "QĐ 7")]
    assert rows(db, "SELECT plan_status, replaced_by FROM plan_history") == [("dang_thuc_hien", replaced.batch_id)]

    assert undo_last(db)["restored"]["plan"] == 1
    assert rows(db, STORED) == stored
    # the undone row is kept, taken away by its own batch
    assert rows(db, "SELECT plan_status, batch_id, replaced_by FROM plan_history") == [
        ("hoan_thanh", replaced.batch_id, replaced.batch_id)]


def test_a_database_made_before_plans_gets_the_table_on_its_next_write(tmp_path, db):
    con = duckdb.connect(str(db))
    con.execute("DROP TABLE plan")
    con.execute("DROP TABLE plan_history")
    con.close()
    result = load_files(db, [write(tmp_path, "ke_hoach.csv", PLANS_VI)])
    assert result.ok, [str(e) for e in result.errors]
    assert rows(db, "SELECT count(*) FROM plan") == [(3,)]
