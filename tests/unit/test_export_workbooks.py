"""The workbooks for the agencies and the command-line twins, checked against the analysis."""
from __future__ import annotations

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pptx import Presentation

import export_fixture
from analysis import db
from analysis.agencies import accountability_list, agency_summary
from analysis.compare import league_table
from analysis.export import cli
from analysis.export.xlsx import accountability_workbook, ledger_workbook
from analysis.ledger import ledger

INDEX, YEAR, UNIT = "PAR_INDEX", 2023, "20"


@pytest.fixture(scope="module")
def db_path(tmp_path_factory) -> Path:
    return export_fixture.build(tmp_path_factory.mktemp("books") / "books.duckdb")


def _rows(ws, first: int) -> list[tuple]:
    return [r for r in ws.iter_rows(min_row=first, values_only=True)]


def test_ledger_workbook_has_every_criterion_with_numbers_and_leads(db_path):
    with db.open_read(db_path) as con:
        expected = ledger(con, INDEX, YEAR, UNIT)
        data = ledger_workbook(con, INDEX, YEAR, UNIT)
    ws = load_workbook(io.BytesIO(data)).active
    assert ws["A1"].value == "Bảng điểm chi tiết Chỉ số CCHC (PAR INDEX) 2023 – Lạng Sơn"
    assert ws.freeze_panes == "A4" and ws["A3"].value == "Mã"
    body = _rows(ws, 4)[: len(expected)]
    assert [r[0] for r in body] == list(expected["criterion_code"])
    header = [c.value for c in ws[3]]
    score, lead = header.index("Điểm"), header.index("Đơn vị chủ trì")
    assert [r[score] for r in body] == pytest.approx(list(expected["score"]))
    assert [r[lead] for r in body] == list(expected["lead_name"])
    # fields bold, sub-criteria folded one level under them
    assert ws["A4"].font.bold and ws.row_dimensions[5].outlineLevel == 1
    # the agency named "=Sở Thông tin" stays text
    cell = ws.cell(4 + list(expected["criterion_code"]).index("2.2"), lead + 1)
    assert cell.value == "=Sở Thông tin" and cell.data_type == "s" and cell.quotePrefix
    footer = [r[0] for r in _rows(ws, 4 + len(expected)) if r[0]]
    assert footer == ["Nguồn: lô 1: QĐ thử 2023", "Phiên bản dữ liệu: –"]


def test_accountability_workbook_has_a_summary_and_one_sheet_per_agency(db_path):
    with db.open_read(db_path) as con:
        summary = agency_summary(con, INDEX, YEAR, UNIT)
        items = accountability_list(con, INDEX, YEAR, UNIT)
        data = accountability_workbook(con, INDEX, YEAR, UNIT, demo=True)
    wb = load_workbook(io.BytesIO(data))
    first = wb["Tổng hợp"]
    assert first["A2"].value == "Dữ liệu minh họa"
    body = _rows(first, 5)[: len(summary)]
    assert [r[0] for r in body] == list(summary["lead_name"])
    assert [r[2] for r in body] == pytest.approx(list(summary["points_lost"]))
    # every agency of the summary has its own sheet, in the summary's order ...
    assert wb.sheetnames[: len(summary) + 1] == ["Tổng hợp", *summary["lead_name"]]
    weak = set(items["criterion_code"])
    for agency in summary.itertuples():
        rows = [r for r in _rows(wb[agency.lead_name], 5) if r[0] is not None][: agency.criteria_led]
        # ... listing every criterion it leads (as many as the summary counts), the weak ones marked
        assert len(rows) == agency.criteria_led, agency.lead_name
        assert {r[0] for r in rows if r[7] == "Có"} == weak & {r[0] for r in rows}
    snv = _rows(wb["Sở Nội vụ"], 4)
    assert snv[0][7] == "Phải giải trình"


def test_cli_export_league_csv_and_xlsx(db_path, tmp_path, capsys):
    out = tmp_path / "league.csv"
    assert cli.main_export(["--db", str(db_path), "--what", "league", "--index", "par_index",
                            "--year", "2023", "--vietnamese-csv", "-o", str(out)]) == 0
    lines = out.read_bytes().decode("utf-8-sig").splitlines()
    with db.open_read(db_path) as con:
        league = league_table(con, INDEX, YEAR)
    assert lines[0].split(";")[:4] == ["rank", "unit_code", "name", "score"]
    assert lines[1].split(";")[:4] == ["1", "01", "Hà Nội", "27,25"]
    assert len(lines) == len(league) + 1
    xlsx = tmp_path / "ledger.xlsx"
    assert cli.main_export(["--db", str(db_path), "--what", "ledger", "--index", "PAR_INDEX",
                            "--year", "2023", "--unit", "Lạng Sơn", "-o", str(xlsx)]) == 0
    assert load_workbook(xlsx).active["A4"].value == "1"


def test_cli_deck_and_errors(db_path, tmp_path, capsys):
    out = tmp_path / "deck.pptx"
    assert cli.main_deck(["--db", str(db_path), "--index", "PAR_INDEX", "--year", "2023",
                          "--unit", "lang son", "--peers", "01", "--lang", "en", "-o", str(out)]) == 0
    prs = Presentation(str(out))
    assert len(prs.slides) == 9 and prs.slides[4].shapes.title.text_frame.text == "Comparison with peers"
    assert cli.main_deck(["--db", str(db_path), "--index", "PAR_INDEX", "--year", "2023",
                          "--unit", "Atlantis", "-o", str(out)]) == 1
    assert "Atlantis" in capsys.readouterr().err
    assert cli.main_export(["--db", str(tmp_path / "none.duckdb"), "--what", "league", "--index", "PAR_INDEX",
                            "--year", "2023", "-o", str(tmp_path / "x.xlsx")]) == 1
