"""The round trip of issue 15: export the giải trình workbook, fill the plans in it as an agency
would (openpyxl), import it, see the plans; what goes out comes back in unchanged."""
from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from analysis import db, plans
from analysis.export.xlsx import accountability_workbook
from analysis.importer import load_files
from tests.unit.import_fixture import TREE, reference_db, write

SHEET = "Kế hoạch khắc phục"
UNITS = ("ma_don_vi,ten_don_vi,cap,ma_cap_tren\n"
         "20.SKHDT,Sở Kế hoạch và Đầu tư,so,20\n20.STP,Sở Tư pháp,so,20\n")
SCORES = ("index_code,year,unit_code,criterion_code,score\n"
          "PAR_INDEX,2023,20,1.1,2\nPAR_INDEX,2023,20,1.2,3\nPAR_INDEX,2023,20,2,15\n"
          "PAR_INDEX,2023,01,1.1,3\nPAR_INDEX,2023,01,1.2,5\nPAR_INDEX,2023,01,2,18\n")
# Field 1 is led by the planning department: its sheet is named "Sở Kế hoạch và Đầu tư", which
# names the plans table ("ke_hoach"); the import must still read only the plans sheet.
RESP = ("province_code,index_code,criterion_code,lead_unit\n"
        "20,PAR_INDEX,1,Sở Kế hoạch và Đầu tư\n20,PAR_INDEX,2,Sở Tư pháp\n")


@pytest.fixture
def loaded(tmp_path):
    path = reference_db(tmp_path)
    files = [write(tmp_path, n, text) for n, text in (
        ("tieu_chi.csv", TREE), ("don_vi.csv", UNITS), ("diem.csv", SCORES), ("phan_cong.csv", RESP))]
    result = load_files(path, files)
    assert result.ok, [str(e) for e in result.errors]
    return path


def export(path, folder, name="giai_trinh.xlsx"):
    with db.open_read(path) as con:
        data = accountability_workbook(con, "PAR_INDEX", 2023, "20", lang="vi")
    out = folder / name
    out.write_bytes(data)
    return out


def sheet_rows(book_path):
    ws = openpyxl.load_workbook(book_path)[SHEET]
    return [[c.value for c in row] for row in ws.iter_rows()]


def test_export_fill_import_and_see_the_plans(loaded, tmp_path):
    book_path = export(loaded, tmp_path)
    rows = sheet_rows(book_path)
    assert rows[0][:10] == ["Mã tỉnh", "Chỉ số", "Năm kết quả", "Mã tiêu chí", "Mã đơn vị chủ trì",
                            "Biện pháp", "Thời hạn", "Trạng thái", "Minh chứng", "Ngày cập nhật"]
    # one prefilled row per weak item, under its lead, nothing of the plan written yet
    assert [r[:6] + r[10:12] for r in rows[1:]] == [
        ["20", "PAR_INDEX", 2023, "1.1", "20.SKHDT", None, "Kế hoạch CCHC", "Sở Kế hoạch và Đầu tư"],
        ["20", "PAR_INDEX", 2023, "1.2", "20.SKHDT", None, "Tuyên truyền CCHC", "Sở Kế hoạch và Đầu tư"],
        ["20", "PAR_INDEX", 2023, "2", "20.STP", None, "Cải cách thể chế", "Sở Tư pháp"]]

    # the agencies fill two rows and leave one
    book = openpyxl.load_workbook(book_path)
    ws = book[SHEET]
    ws["F2"], ws["G2"], ws["H2"] = "Ban hành kế hoạch CCHC trước 15/12", dt.datetime(2024, 5, 31), "Đang thực hiện"
    ws["F4"], ws["H4"], ws["I4"] = "Rà soát văn bản QPPL", "Hoàn thành", "Báo cáo 45/BC-STP"
    book.save(book_path)
    result = load_files(loaded, [book_path])
    assert result.ok, [str(e) for e in result.errors]
    assert [(f.label, f.table, f.rows_added) for f in result.files] == [(f"giai_trinh.xlsx[{SHEET}]", "plans", 2)]
    assert ("giai_trinh.xlsx[Sở Kế hoạch và Đầu tư]", "neither the sheet name nor its columns name a table") \
        in result.skipped

    with db.open_read(loaded) as con:
        got = plans.plans(con, "PAR_INDEX", 2023, "20", on=dt.date(2024, 6, 1))
        follow = plans.follow_up(con, "PAR_INDEX", 2023, "20", on=dt.date(2024, 6, 1))
    assert [(p.criterion_code, p.agency_code, p.deadline, p.status, p.evidence, p.overdue)
            for p in got.itertuples()] == [
        ("1.1", "20.SKHDT", dt.date(2024, 5, 31), "dang_thuc_hien", None, True),
        ("2", "20.STP", None, "hoan_thanh", "Báo cáo 45/BC-STP", False)]
    assert [(r.criterion_code, r.state) for r in follow.itertuples()] == [
        ("1.1", "overdue"), ("1.2", "missing"), ("2", "done")]

    # exported again, the workbook holds the stored plans; sent back unchanged, it changes nothing
    again = export(loaded, tmp_path, "giai_trinh_2.xlsx")
    assert [(r[3], r[5], r[7]) for r in sheet_rows(again)[1:]] == [
        ("1.1", "Ban hành kế hoạch CCHC trước 15/12", "Đang thực hiện"), ("1.2", None, None),
        ("2", "Rà soát văn bản QPPL", "Hoàn thành")]
    reloaded = load_files(loaded, [again])
    assert reloaded.ok and reloaded.batch_id is None, [str(e) for e in reloaded.errors]


def test_a_wrong_cell_in_the_filled_sheet_is_reported_where_the_agency_typed_it(loaded, tmp_path):
    book_path = export(loaded, tmp_path)
    book = openpyxl.load_workbook(book_path)
    ws = book[SHEET]
    ws["D3"], ws["F3"], ws["H3"] = "1.9", "Tập huấn", "sắp xong"
    book.save(book_path)
    result = load_files(loaded, [book_path])
    assert [str(e) for e in result.errors] == [
        f'giai_trinh.xlsx[{SHEET}]:3:Mã tiêu chí: unknown criterion "1.9" for PAR_INDEX 2023',
        f'giai_trinh.xlsx[{SHEET}]:3:Trạng thái: unknown value "sắp xong" (use chua_thuc_hien, '
        'dang_thuc_hien, hoan_thanh: chưa thực hiện, đang thực hiện, hoàn thành)']


def test_a_hand_made_workbook_keeps_every_row_required(loaded, tmp_path):
    """Only the app's own workbook may carry unfilled rows: elsewhere an empty action is an error."""
    book = openpyxl.Workbook()
    book.active.title = "ke_hoach"
    book.active.append(["ma_tinh", "chi_so", "nam_ket_qua", "ma_tieu_chi", "ma_don_vi_chu_tri", "bien_phap"])
    book.active.append(["20", "PAR_INDEX", 2023, "1.1", "20.SKHDT", None])
    book.save(tmp_path / "kh.xlsx")
    result = load_files(loaded, [tmp_path / "kh.xlsx"])
    assert [str(e) for e in result.errors] == ["kh.xlsx[ke_hoach]:2:bien_phap: value required"]


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_export_what_plans_loads_back_unchanged(loaded, tmp_path, suffix, capsys):
    from analysis.export import cli

    # a workbook keeps a formula-like text as text; a CSV for Excel neutralises it (export/safety.py)
    action = "=Sửa quy chế" if suffix == "xlsx" else "Sửa quy chế"
    filled = write(tmp_path, "ke_hoach.csv",
                   "ma_tinh,chi_so,nam_ket_qua,ma_tieu_chi,ma_don_vi_chu_tri,bien_phap,thoi_han,trang_thai\n"
                   f"20,PAR_INDEX,2023,1.1,20.SKHDT,{action},31/5/2024,hoàn thành\n"
                   "20,PAR_INDEX,2023,2,Sở Tư pháp,Tập huấn,,\n")
    assert load_files(loaded, [filled]).ok
    out = tmp_path / f"plans.{suffix}"
    assert cli.main_export(["--db", str(loaded), "--what", "plans", "--index", "par_index",
                            "--year", "2023", "--unit", "20", "-o", str(out)]) == 0
    if suffix == "csv":
        lines = out.read_bytes().decode("utf-8-sig").splitlines()
        assert lines[0] == ("province_code,index_code,result_year,criterion_code,agency_code,action,"
                            "deadline,status,evidence,updated_at")
        assert lines[2].startswith("20,PAR_INDEX,2023,2,20.STP,Tập huấn,,chua_thuc_hien,,")
    again = load_files(loaded, [out])
    assert again.ok and again.batch_id is None, [str(e) for e in again.errors]
    assert again.stored["plans"].rows_unchanged == 2


def test_an_edit_in_the_app_is_a_batch_with_its_source_and_is_undone(loaded, tmp_path):
    from analysis import plan_edits
    from analysis.importer import history, undo_last

    sent = write(tmp_path, "ke_hoach.csv",
                 "ma_tinh,chi_so,nam_ket_qua,ma_tieu_chi,ma_don_vi_chu_tri,bien_phap,thoi_han,trang_thai\n"
                 "20,PAR_INDEX,2023,2,Sở Tư pháp,Tập huấn,30/6/2024,đang thực hiện\n")
    assert load_files(loaded, [sent]).ok
    with db.open_read(loaded) as con:
        before = plans.plans(con, "PAR_INDEX", 2023, "20")
    after = before.copy()
    after.loc[0, "status"], after.loc[0, "evidence"] = "hoan_thanh", "Báo cáo 7/BC-STP"
    edits = plan_edits.changed_rows(before, after)
    assert list(edits["criterion_code"]) == ["2"]
    assert plan_edits.changed_rows(before, before.copy()).empty

    saved = plan_edits.save_plans(loaded, "PAR_INDEX", 2023, "20", edits, source="Sửa trên ứng dụng",
                                  today=dt.date(2024, 7, 1))
    assert saved.ok and saved.stored["plans"].rows_replaced == 1, [str(e) for e in saved.errors]
    newest = history(loaded)[0]
    assert (newest["batch_id"], newest["source"], newest["files"]) == (
        saved.batch_id, "Sửa trên ứng dụng", ["ke_hoach_chinh_sua.csv"])
    with db.open_read(loaded) as con:
        got = plans.plans(con, "PAR_INDEX", 2023, "20").iloc[0]
    assert (got.status, got.evidence, got.deadline, got.updated_at) == (
        "hoan_thanh", "Báo cáo 7/BC-STP", dt.date(2024, 6, 30), dt.date(2024, 7, 1))

    assert undo_last(loaded, saved.batch_id)["batch_id"] == saved.batch_id
    with db.open_read(loaded) as con:
        back = plans.plans(con, "PAR_INDEX", 2023, "20")
    assert back.drop(columns="batch_id").equals(before.drop(columns="batch_id"))
