"""Every kind of bad input: the exact message, and a database unchanged byte for byte."""
from __future__ import annotations

import openpyxl
import pytest

from analysis.importer import load_files
from tests.unit.import_fixture import TREE, reference_db, rows, sha, write

HEAD = "index_code,year,unit_code,criterion_code,score\n"


@pytest.fixture
def db(tmp_path):
    path = reference_db(tmp_path)
    assert load_files(path, [write(tmp_path, "criteria.csv", TREE)]).ok
    assert load_files(path, [write(tmp_path, "scores_2022.csv", HEAD + "PAR_INDEX,2022,20,1.1,3.5\n")]).ok
    return path


def problems(db, files, **kw) -> list[str]:
    before = sha(db)
    result = load_files(db, files, **kw)
    assert not result.ok and result.batch_id is None
    assert sha(db) == before
    return [str(p) for p in result.errors]


@pytest.mark.parametrize("name, text, expected", [
    ("scores.csv", "index_code,year,unit_code,criterion_code\nPAR_INDEX,2023,20,1\n",
     ["scores.csv:1:score: required column missing"]),
    ("diem.csv", "chi_so;nam;Mã đơn vị;Điểm\nPAR_INDEX;2023;20;abc\n",
     ['diem.csv:2:Điểm: not a number: "abc"']),
    ("diem_2023.csv", "chi_so,nam,Tên đơn vị,diem\nPAR_INDEX,2023,ĐĂNG NHẬP HI88,50\n",
     ['diem_2023.csv:2:Tên đơn vị: unknown unit "ĐĂNG NHẬP HI88" (closest: Đồng Nai (75), Đồng Tháp (87), Quảng Ngãi (51))']),
    ("scores.csv", HEAD + "PAR_INDEX,2023,20,9.9,1\n",
     ['scores.csv:2:criterion_code: unknown criterion "9.9" for PAR_INDEX 2023']),
    ("scores.csv", HEAD + "PAR_INDEX,2023,20,1.1,3\nPAR_INDEX,2023,Lạng Sơn,1.1,3\n",
     ["scores.csv:3:unit_code: duplicate key: same as line 2"]),
    ("scores.csv", HEAD + "PAR_INDEX,2023,20,1.1,4.5\nPAR_INDEX,2023,20,,31\nPAR_INDEX,2023,20,2,-1\n",
     ["scores.csv:2:score: score 4.5 is above the maximum 4",
      "scores.csv:3:score: score 31 is above the maximum 30",
      "scores.csv:4:score: score -1 is below 0"]),
    ("scores.csv", HEAD + "PAR_INDEX,2022,20,1.1,3.75\n",
     ['scores.csv:2:score: conflicts with the stored value "3.5" (batch 3); use --replace to replace it']),
    ("scores.csv", "", ["scores.csv:1:: file is empty"]),
    ("scores.csv", HEAD, ["scores.csv:1:: no data rows"]),
    ("scores.csv", HEAD + "PAR_INDEX,2023,20,1.1,3,5\n",
     ["scores.csv:2:: cannot read the row: expected 5 cells, found 6"]),
    ("scores.csv", HEAD + "PAR_INDEX,2023.5,20,1.1,3\n",
     ['scores.csv:2:year: not a whole number: "2023.5"']),
])
def test_bad_csv(tmp_path, db, name, text, expected):
    assert problems(db, [write(tmp_path, name, text)]) == expected


def test_xlsx_with_a_wrong_sheet(tmp_path, db):
    book = openpyxl.Workbook()
    book.active.title = "Sheet1"
    book.active.append(["index_code", "year", "Ghi chú"])
    book.save(tmp_path / "book.xlsx")
    assert problems(db, [tmp_path / "book.xlsx"]) == [
        'book.xlsx:1:: no sheet names a table (sheets: "Sheet1"); name a sheet units, criteria, '
        'scores, responsibilities, targets, plans (or don_vi, tieu_chi, diem, phan_cong, muc_tieu, ke_hoach)']


def test_xlsx_missing_column_names_the_sheet(tmp_path, db):
    book = openpyxl.Workbook()
    book.active.title = "scores"
    book.active.append(["index_code", "year", "unit_code"])
    book.active.append(["PAR_INDEX", 2023, "20"])
    book.save(tmp_path / "book.xlsx")
    assert problems(db, [tmp_path / "book.xlsx"]) == ["book.xlsx[scores]:1:score: required column missing"]


def test_file_whose_name_and_columns_name_no_table_names_the_closest_tables(tmp_path, db):
    assert problems(db, [write(tmp_path, "ket_qua.csv", "chi_so,nam,ma_don_vi,ghi chu\nPAR_INDEX,2023,20,x\n")]) == [
        "ket_qua.csv:1:: neither the name nor the columns say which table this is (closest: targets, "
        "scores); name the file or sheet after its table or use the table's column names"]


def test_one_table_file_is_recognised_by_its_columns_whatever_its_name(tmp_path, db):
    seed = write(tmp_path, "seed.csv", "index_code,year,unit_code,score\nPAR_INDEX,2023,20,27.5\n")
    targets = write(tmp_path, "diem_cam_ket.csv", "unit_code,index_code,year,target_score\n20,PAR_INDEX,2023,28\n")
    result = load_files(db, [seed, targets])
    assert result.ok, [str(e) for e in result.errors]
    assert [(f.label, f.table) for f in result.files] == [("seed.csv", "scores"), ("diem_cam_ket.csv", "targets")]
    assert rows(db, "SELECT unit_code, score FROM score WHERE year = 2023") == [("20", 27.5)]


def test_all_problems_of_all_files_are_reported_together(tmp_path, db):
    out = problems(db, [write(tmp_path, "scores_a.csv", HEAD + "PAR_INDEX,2023,20,1.1,x\n"),
                        write(tmp_path, "scores_b.csv", HEAD + "PAR_INDEX,2023,20,1.2,7\n")])
    assert out == ['scores_a.csv:2:score: not a number: "x"',
                   "scores_b.csv:2:score: score 7 is above the maximum 6"]


def test_duplicate_across_files_names_the_other_file(tmp_path, db):
    out = problems(db, [write(tmp_path, "scores_a.csv", HEAD + "PAR_INDEX,2023,20,1.1,1\n"),
                        write(tmp_path, "scores_b.csv", HEAD + "PAR_INDEX,2023,20,1.1,1\n")])
    assert out == ["scores_b.csv:2:unit_code: duplicate key: same as scores_a.csv line 2"]


def test_many_problems_are_capped_per_file(tmp_path, db):
    body = "".join(f"PAR_INDEX,2023,20,1.1,bad{i}\n" for i in range(250))
    out = problems(db, [write(tmp_path, "scores.csv", HEAD + body)])
    assert len(out) == 201 and out[-1] == "scores.csv: ... and 50 more"


def test_criteria_tree_rules(tmp_path, db):
    text = ("index_code,valid_from,valid_to,criterion_code,name,max_score,aggregate\n"
            "PAR_INDEX,2024,,3.1,Orphan,5,sum\n"
            "SIPAS,2023,,1,A,,average\n")
    assert problems(db, [write(tmp_path, "tieu_chi.csv", text)]) == [
        'tieu_chi.csv:2:criterion_code: parent criterion "3" is missing in the tree of PAR_INDEX from 2024',
        "tieu_chi.csv:2:valid_from: the tree of PAR_INDEX from 2024 overlaps the tree from 2022 (valid to now)",
        'tieu_chi.csv:3:aggregate: unknown value "average" (use sum, mean, none)']


def test_targets_and_responsibilities_rules(tmp_path, db):
    targets = "unit_code,index_code,year,criterion_code,target_score,target_rank\n20,PAR_INDEX,2024,,,\n20,PAR_INDEX,2024,7,80,\n"
    resp = "province_code,index_code,criterion_code,lead_unit\n20,PAR_INDEX,1,Sở Không Có\n"
    out = problems(db, [write(tmp_path, "muc_tieu.csv", targets), write(tmp_path, "phan_cong.csv", resp)])
    assert out[0] == "muc_tieu.csv:2:target_score: target_score or target_rank required"
    assert out[1] == 'muc_tieu.csv:3:criterion_code: unknown criterion "7" for PAR_INDEX'
    assert out[2].startswith('phan_cong.csv:2:lead_unit: unknown unit "Sở Không Có" (closest: ')
    assert rows(db, "SELECT count(*) FROM target") == [(0,)]


def test_xlsx_sheet_named_sheet1_with_a_tables_columns_is_read(tmp_path, db):
    book = openpyxl.Workbook()
    book.active.title = "Sheet1"
    book.active.append(["index_code", "year", "unit_code", "score"])
    book.active.append(["PAR_INDEX", 2023, "20", 27.25])
    book.save(tmp_path / "book.xlsx")
    result = load_files(db, [tmp_path / "book.xlsx"])
    assert result.ok and [(f.label, f.table) for f in result.files] == [("book.xlsx[Sheet1]", "scores")]


def test_a_percentage_column_read_as_index_code_is_refused(tmp_path, db):
    # issue 10: "Chỉ số (%)" folds to the alias chi_so; its values are never index codes
    text = "Tên đơn vị,nam,Chỉ số (%),diem\nLạng Sơn,2023,\"90,42\",27.5\n"
    assert problems(db, [write(tmp_path, "diem_2023.csv", text)]) == [
        'diem_2023.csv:2:Chỉ số (%): not an index code: "90,42" (a number, a percentage or a header is never '
        'an index code; known: PAPI, PAR_INDEX, PCI, SIPAS)']


def test_an_unknown_index_without_its_tree_is_refused(tmp_path, db):
    assert problems(db, [write(tmp_path, "scores.csv", HEAD + "PAR_SO,2023,20,,50\n")]) == [
        'scores.csv:2:index_code: unknown index "PAR_SO" (known: PAPI, PAR_INDEX, PCI, SIPAS; a new index '
        'needs its criteria tree in the same load)']
