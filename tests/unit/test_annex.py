"""Annex-shaped files (issue 10): the ministry's tables load as printed; every refusal has its
exact message and leaves the database unchanged byte for byte."""
from __future__ import annotations

import shutil
import subprocess
import sys
import unicodedata
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from analysis.importer import annex_load
from analysis.importer.annex_grid import grids_of
from examples import generate as gen
from tests.unit.import_fixture import reference_db, rows, sha

ROOT = Path(__file__).resolve().parents[2]
FULL_TREE = "index_code,valid_from,criterion_code,name,max_score\n" + "".join(
    f'PAR_INDEX,2020,{i},"{full}",{mx}\n' for i, (_, full, mx) in enumerate(gen.PAR_FIELDS, start=1))


@pytest.fixture
def db(tmp_path):
    return reference_db(tmp_path)


def stored(db_path, year):
    """{(unit_code, criterion_code): (score, rank)} as stored."""
    return {(u, c): (Decimal(str(s)), r) for u, c, s, r in rows(
        db_path, "SELECT unit_code, criterion_code, score, rank FROM score WHERE index_code = 'PAR_INDEX' AND year = ?",
        [year])}


def expected(written):
    out = {}
    for row in written:
        for code, value in enumerate(row["fields"], start=1):
            out[(row["code"], str(code))] = (value, None)
        out[(row["code"], "")] = (row["total"], row["rank"])
    return out


def load_ok(db_path, files, **kw):
    done = annex_load.load(db_path, files, **kw)
    assert done.result.ok, [str(e) for e in done.result.errors]
    return done


def refused(db_path, files, **kw) -> list[str]:
    before = sha(db_path)
    done = annex_load.load(db_path, files, **kw)
    assert not done.result.ok and done.result.batch_id is None
    assert sha(db_path) == before
    return [str(e) for e in done.result.errors]


def test_two_row_merged_header_sheet_per_year_maxima_define_the_tree(tmp_path, db):
    written = gen.par_workbook(tmp_path / "phu_luc.xlsx", years=(2022, 2023))
    done = load_ok(db, [tmp_path / "phu_luc.xlsx"])
    for year in (2022, 2023):
        assert stored(db, year) == expected(written[year])  # to the cent, ranks as published
    assert rows(db, "SELECT criterion_code, name, max_score FROM criterion WHERE index_code = 'PAR_INDEX' "
                    "ORDER BY criterion_code")[1] == ("2", "Cải cách thể chế", 9.5)
    lines = done.report_lines()
    assert '  column "Chỉ số CCHC (%)" -> percentage (checked against total / maximum, not stored) (max 100) [keyword]' in lines
    assert "  rows: 4 title, 2 header, 1 column numbers, 1 maxima, 63 unit, 2 footnote" in lines


def test_full_and_abbreviated_names_match_the_tree_in_force(tmp_path, db):
    (tmp_path / "criteria.csv").write_text(FULL_TREE, encoding="utf-8")
    load_ok(db, [tmp_path / "criteria.csv"])
    written = gen.par_workbook(tmp_path / "abbr.xlsx", years=(2023,), header_rows=1)
    done = load_ok(db, [tmp_path / "abbr.xlsx"])
    assert stored(db, 2023) == expected(written[2023])
    lines = done.report_lines()
    assert ('  column "Cải cách TTHC" -> criterion 3 Cải cách thủ tục hành chính (max 10) [abbreviated name]' in lines)
    assert ('  column "Tác động của CCHC đến người dân, tổ chức và phát triển KT-XH" -> criterion 8 Tác động của cải '
            'cách hành chính đến người dân, tổ chức và phát triển kinh tế - xã hội (max 30,5) [abbreviated name]') in lines
    written = gen.par_workbook(tmp_path / "full.xlsx", years=(2021,), header_rows=3, full_names=True,
                               maxima_row=False, max_in_header=True, sections=True)
    load_ok(db, [tmp_path / "full.xlsx"])
    assert stored(db, 2021) == expected(written[2021])


def test_rank_without_total_computes_the_overall_from_the_fields(tmp_path, db):
    written = gen.par_workbook(tmp_path / "no_total.xlsx", years=(2023,), with_total=False, with_percent=False)
    load_ok(db, [tmp_path / "no_total.xlsx"])
    assert stored(db, 2023) == expected(written[2023])


def test_csv_exported_from_the_sheet_with_semicolons_in_cp1258(tmp_path, db):
    written = gen.par_workbook(tmp_path / "book.xlsx", years=(2023,))
    grid = grids_of(tmp_path / "book.xlsx", "book.xlsx")[0]
    lines = []
    for row in grid.rows:  # as Excel's "CSV (semicolon)" writes it: decimal comma, merged cells once
        lines.append(";".join("" if c is None else c.replace(".", ",") if _num(c) else c for c in _unmerge(row)))
    (tmp_path / "phu_luc_2023.csv").write_bytes(cp1258("\r\n".join(lines) + "\r\n"))
    load_ok(db, [tmp_path / "phu_luc_2023.csv"])
    assert stored(db, 2023) == expected(written[2023])


def cp1258(text: str) -> bytes:
    """Windows-1258 as Excel writes it: a letter it lacks is a letter it has (Ô, Ă, Ơ) plus the tone."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        parts = unicodedata.normalize("NFD", ch)
        shape = "".join(m for m in parts[1:] if m in "\u0302\u0306\u031b")
        tone = "".join(m for m in parts[1:] if m not in shape)
        out += unicodedata.normalize("NFC", parts[0] + shape).encode("cp1258") + tone.encode("cp1258")
    return bytes(out)


def _num(text):
    return text.replace(".", "", 1).isdigit()


def _unmerge(row):
    out, last = [], object()
    for c in row:
        out.append(None if c == last and c is not None and not _num(c) else c)
        last = c
    return out


def test_sipas_table_with_percent_text_and_capitals(tmp_path, db):
    written = gen.sipas_workbook(tmp_path / "sipas.xlsx")
    load_ok(db, [tmp_path / "sipas.xlsx"])
    got = {(u, c): (Decimal(str(s)), r) for u, c, s, r in rows(
        db, "SELECT unit_code, criterion_code, score, rank FROM score WHERE index_code = 'SIPAS' AND year = 2023")}
    assert got[("20", "")] == next((r["total"], r["rank"]) for r in written if r["code"] == "20")
    assert len(got) == 63 * 6


def test_internal_index_sheet_with_sections_and_prefixed_names(tmp_path, db):
    gen.units_file(tmp_path / "don_vi.csv")
    written = gen.internal_workbook(tmp_path / "noi_bo.xlsx")
    load_ok(db, [tmp_path / "don_vi.csv", tmp_path / "noi_bo.xlsx"], index_code="PAR_LS")
    got = dict(rows(db, "SELECT unit_code, score FROM score WHERE index_code = 'PAR_LS' AND criterion_code = ''"))
    assert got == {r["code"]: float(r["total"]) for r in written}


# ---------------------------------------------------------------------------- refusals

def test_unplaceable_column_names_sheet_column_and_closest_criteria(tmp_path, db):
    (tmp_path / "criteria.csv").write_text(FULL_TREE, encoding="utf-8")
    load_ok(db, [tmp_path / "criteria.csv"])
    gen.par_workbook(tmp_path / "pl.xlsx", years=(2023,), header_rows=1)
    book = openpyxl.load_workbook(tmp_path / "pl.xlsx")
    book["Năm 2023"]["G6"] = "Công vụ công chức"
    book.save(tmp_path / "pl.xlsx")
    assert refused(db, [tmp_path / "pl.xlsx"]) == [
        "pl.xlsx[Năm 2023]:6:Công vụ công chức: column matches no criterion of PAR_INDEX 2023 (closest: 5 Cải cách "
        "chế độ công vụ; 6 Cải cách tài chính công; 1 Công tác chỉ đạo, điều hành cải cách hành chính); rename the column or choose its criterion "
        "in the mapping"]


def test_a_sheet_that_says_no_year_needs_one(tmp_path, db):
    gen.par_workbook(tmp_path / "pl.xlsx", years=(2023,))
    book = openpyxl.load_workbook(tmp_path / "pl.xlsx")
    ws = book["Năm 2023"]
    ws.title = "Bảng 1"
    ws["A2"] = "KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH CỦA CÁC TỈNH"
    book.save(tmp_path / "pl.xlsx")
    assert refused(db, [tmp_path / "pl.xlsx"]) == [
        'pl.xlsx[Bảng 1]:6:: cannot tell the year of this table: name it in the sheet name, the title or the file '
        'name ("NĂM 2023", "SIPAS"), or choose it (--index, --year)']
    load_ok(db, [tmp_path / "pl.xlsx"], year=2023)


def test_unknown_index_code_is_refused(tmp_path, db):
    gen.par_workbook(tmp_path / "pl.xlsx", years=(2023,))
    assert refused(db, [tmp_path / "pl.xlsx"], index_code="90.42") == [
        'pl.xlsx[Năm 2023]:6:: not an index code: "90.42"']


def test_a_header_read_as_data_is_refused(tmp_path, db):
    gen.par_workbook(tmp_path / "pl.xlsx", years=(2023,), header_rows=1)
    book = openpyxl.load_workbook(tmp_path / "pl.xlsx")
    book["Năm 2023"]["B10"] = "90,42"
    book.save(tmp_path / "pl.xlsx")
    assert refused(db, [tmp_path / "pl.xlsx"]) == [
        'pl.xlsx[Năm 2023]:10:Tỉnh, thành phố: "90,42" is a number, not a unit: is the header one row off?']


def test_maximum_in_the_file_differing_from_the_tree(tmp_path, db):
    (tmp_path / "criteria.csv").write_text(FULL_TREE.replace(",9.5\n", ",10\n"), encoding="utf-8")
    load_ok(db, [tmp_path / "criteria.csv"])
    gen.par_workbook(tmp_path / "pl.xlsx", years=(2023,))
    out = refused(db, [tmp_path / "pl.xlsx"])
    assert out[0] == ("pl.xlsx[Năm 2023]:9:Điểm đạt được của các lĩnh vực / Cải cách thể chế: the file's maximum 9,5 "
                      "differs from the tree's 10 for criterion 2 Cải cách thể chế (PAR_INDEX tree from 2020)")


def test_scanned_pdf_has_a_clear_message(tmp_path, db):
    from PIL import Image

    Image.new("RGB", (600, 800), "white").save(tmp_path / "scan.pdf")
    assert refused(db, [tmp_path / "scan.pdf"]) == [
        "scan.pdf:1:: the PDF has no text layer (a scanned image): the table cannot be read; ask for the original "
        ".xlsx or a PDF with text, or type the table into the template"]


@pytest.mark.skipif(not shutil.which("chromium"), reason="needs chromium to print the PDF")
def test_pdf_with_a_text_layer(tmp_path, db):
    written = gen.par_pdf(tmp_path / "phu_luc_par_index_2023.pdf")
    done = load_ok(db, [tmp_path / "phu_luc_par_index_2023.pdf"])
    assert stored(db, 2023) == expected(written) | {(r["code"], ""): (r["total"], r["rank"]) for r in written}
    assert any("phu_luc_par_index_2023.pdf: PAR_INDEX 2023" in line for line in done.report_lines())


def test_inspect_shows_the_mapping_and_writes_nothing(tmp_path, db):
    gen.par_workbook(tmp_path / "phu_luc.xlsx", years=(2023,))
    before = sha(db)
    out = subprocess.run([sys.executable, "-m", "analysis", "inspect", "--db", str(db), str(tmp_path / "phu_luc.xlsx")],
                         cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    assert 'line 7: "TỈNH QUẢNG NINH"' in out.stdout or "(folded name)" in out.stdout
    assert '  column "Xếp hạng" -> published rank of the overall score [keyword]' in out.stdout
    assert "phu_luc.xlsx[Năm 2023]: scores: 567 rows would be read, 567 new" in out.stdout
    assert sha(db) == before


def test_a_confirmed_mapping_is_saved_and_reused_for_next_years_annex(tmp_path, db):
    from analysis.importer import annex_mapping

    (tmp_path / "criteria.csv").write_text(FULL_TREE, encoding="utf-8")
    load_ok(db, [tmp_path / "criteria.csv"])
    for year in (2022, 2023):
        gen.par_workbook(tmp_path / f"pl_{year}.xlsx", years=(year,), header_rows=1)
        book = openpyxl.load_workbook(tmp_path / f"pl_{year}.xlsx")
        book[f"Năm {year}"]["G6"] = "Công vụ, công chức"
        book.save(tmp_path / f"pl_{year}.xlsx")
    assert refused(db, [tmp_path / "pl_2022.xlsx"])[0].startswith("pl_2022.xlsx[Năm 2022]:6:Công vụ, công chức: column")
    chosen = annex_mapping.override("PAR_INDEX", "Công vụ, công chức", "5")
    done = load_ok(db, [tmp_path / "pl_2022.xlsx"], mapping=chosen)
    annex_mapping.save(db, done.files)
    done = load_ok(db, [tmp_path / "pl_2023.xlsx"], mapping=annex_mapping.saved(db))
    assert ('  column "Công vụ, công chức" -> criterion 5 Cải cách chế độ công vụ (max 13) [saved mapping]'
            in done.report_lines())
    assert rows(db, "SELECT count(*) FROM score WHERE year = 2023 AND criterion_code = '5'") == [(63,)]


def test_a_percentage_that_is_not_total_over_maximum_is_refused(tmp_path, db):
    written = gen.par_workbook(tmp_path / "pl.xlsx", years=(2023,), header_rows=1)
    book = openpyxl.load_workbook(tmp_path / "pl.xlsx")
    book["Năm 2023"]["L9"] = "90,42"  # the first province's "Chỉ số CCHC (%)"
    book.save(tmp_path / "pl.xlsx")
    total = format(written[2023][0]["total"], "f").replace(".", ",")
    assert refused(db, [tmp_path / "pl.xlsx"]) == [
        f"pl.xlsx[Năm 2023]:9:Chỉ số CCHC (%): percentage 90,42 is not total / maximum ({total} / 100 = {total} %)"]


def test_a_table_whose_rows_hold_no_unit_stores_nothing_and_says_so(tmp_path, db):
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Năm 2023"
    ws.append(["KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2023"])
    ws.append(["STT", "Tỉnh, thành phố", "Tổng điểm", "Xếp hạng"])
    ws.append([None, "Trung bình cả nước", 80.17, None])
    book.save(tmp_path / "pl.xlsx")
    assert refused(db, [tmp_path / "pl.xlsx"]) == [
        "pl.xlsx[Năm 2023]:3:: no row of this table holds a unit's figures: nothing would be stored"]


def test_contract_wide_form_with_rank_and_no_total_computes_the_overall(tmp_path, db):
    (tmp_path / "criteria.csv").write_text(
        "index_code,valid_from,criterion_code,name,max_score\nPAR_INDEX,2022,1,Chỉ đạo,40\n"
        "PAR_INDEX,2022,2,Thể chế,60\n", encoding="utf-8")
    (tmp_path / "diem_2023.csv").write_text(
        "index_code,year,unit_code,rank,1,2\nPAR_INDEX,2023,20,2,\"30,25\",40.5\nPAR_INDEX,2023,01,1,35.1,50.02\n",
        encoding="utf-8")
    load_ok(db, [tmp_path / "criteria.csv", tmp_path / "diem_2023.csv"])
    assert rows(db, "SELECT unit_code, criterion_code, score, rank FROM score ORDER BY unit_code, criterion_code") == [
        ("01", "", 85.12, 1), ("01", "1", 35.1, None), ("01", "2", 50.02, None),
        ("20", "", 70.75, 2), ("20", "1", 30.25, None), ("20", "2", 40.5, None)]
    (tmp_path / "diem_2024.csv").write_text(
        "index_code,year,unit_code,rank,1,2\nPAR_INDEX,2024,20,2,31,\nPAR_INDEX,2024,01,1,35,x\n", encoding="utf-8")
    assert refused(db, [tmp_path / "diem_2024.csv"]) == [
        "diem_2024.csv:2:rank: a rank without a total: the overall score cannot be computed from this row "
        "(every field of the tree needs a score)",
        "diem_2024.csv:3:rank: a rank without a total: the overall score cannot be computed from this row "
        "(every field of the tree needs a score)"]


def test_the_report_lists_every_column_of_a_contract_file_too(tmp_path, db):
    (tmp_path / "seed.csv").write_text("index_code,year,unit_code,score,Ghi chú\nPAR_INDEX,2023,20,50,x\n",
                                       encoding="utf-8")
    done = load_ok(db, [tmp_path / "seed.csv"])
    assert done.report_lines() == [
        "seed.csv: scores (recognised by its columns)", '  column "index_code" -> index_code',
        '  column "year" -> year', '  column "unit_code" -> unit_code', '  column "score" -> score',
        '  column "Ghi chú" -> ignored: not a column of scores']


def test_an_annex_import_is_replayed_when_the_database_is_rebuilt(tmp_path, db):
    from analysis import bundle

    written = gen.par_workbook(tmp_path / "phu_luc.xlsx", years=(2023,))
    load_ok(db, [tmp_path / "phu_luc.xlsx"])
    rebuilt = reference_db(tmp_path, "rebuilt.duckdb")
    report = bundle.BuildReport(rebuilt, "rebuilt")
    bundle._replay_all(db, rebuilt, report, drop_unreplayable=False)
    assert report.failed == [] and len(report.replayed) == 1
    assert stored(rebuilt, 2023) == expected(written[2023])


def test_an_unknown_index_without_a_tree_is_refused_once(tmp_path, db):
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Năm 2023"
    ws.append(["KẾT QUẢ ĐÁNH GIÁ NĂM 2023"])
    ws.append(["STT", "Tỉnh, thành phố", "Tổng điểm", "Xếp hạng"])
    ws.append([1, "TỈNH LẠNG SƠN", 80.17, 1])
    book.save(tmp_path / "pl.xlsx")
    assert refused(db, [tmp_path / "pl.xlsx"], index_code="PAR_XX") == [
        'pl.xlsx[Năm 2023]:2:: unknown index "PAR_XX" (known: PAPI, PAR_INDEX, PCI, SIPAS; a new index needs its '
        'criteria tree: maxima in the table, or a criteria file in the same load)']


def test_a_tree_loaded_in_the_same_call_places_the_annex_columns(tmp_path, db):
    (tmp_path / "tieu_chi.csv").write_text(FULL_TREE, encoding="utf-8")
    written = gen.par_workbook(tmp_path / "pl.xlsx", years=(2023,), header_rows=1)
    done = load_ok(db, [tmp_path / "tieu_chi.csv", tmp_path / "pl.xlsx"])
    assert stored(db, 2023) == expected(written[2023])
    assert '  column "Cải cách TTHC" -> criterion 3 Cải cách thủ tục hành chính (max 10) [abbreviated name]' \
        in done.report_lines()
