"""No SQL injection through import files or the command line, no spreadsheet-formula injection
through the exports, and bad input that leaves the database byte for byte as it was.

Names, sources, notes and headers full of SQL metacharacters go through the importer and must be
stored literally with nothing else touched; names that a spreadsheet would run as formulas go
out through the xlsx and CSV exports and must arrive as inert text, while real negative numbers
stay numbers. Broken files (random bytes named .xlsx, a NUL byte, 0 bytes, an unreadable file)
give a clear message, never a traceback, and an unchanged database.
"""
from __future__ import annotations

import csv
import hashlib
import io
import os
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from analysis import db
from analysis.importer import load_files
from tests.unit.import_fixture import reference_db

ROOT = Path(__file__).resolve().parents[2]
INDEX = "INJ"
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

SQL_DROP = "'); DROP TABLE score; --"
SQL_OR = '" OR 1=1 --'
BACKSLASH = "back\\slash \\' \\\" \\\\ end"
CONTROL = "bell\x07 esc\x1b vt\x0b end"          # NUL-free control characters
LONG = "Dài " + "x'\"" * 2500 + " end"
# unit code -> name: formula-like and SQL-like agency names of Lạng Sơn (20)
AGENCIES = {
    "20.A1": '=HYPERLINK("http://x","y")',
    "20.A2": "=cmd|' /C calc'!A0",
    "20.A3": "+SUM(1,2)",
    "20.A4": "@SUM(A1:A9)",
    "20.A5": "-2+3 Sở âm",
    "20.A6": SQL_DROP,
    "20.A7": SQL_OR,
    "20.A8": BACKSLASH,
    "20.A9": LONG,
}
# criterion code -> (name, max)
TREE = {
    "1": ("=1+1 Lĩnh vực một", 10), "1.1": ("-Tiêu chí âm", 4), "1.2": ("'); DROP TABLE criterion; --", 6),
    "2": ("@Lĩnh vực hai", 20), "2.1": (BACKSLASH, 10), "2.2": (LONG, 10),
}
# (year, province) -> leaf scores 1.1, 1.2, 2.1, 2.2; Lạng Sơn falls on 1.1 and 2.1 in 2023
LEAVES = {
    (2022, "20"): (3.5, 4.0, 8.0, 7.0), (2022, "01"): (3.0, 5.0, 9.0, 8.0), (2022, "15"): (2.0, 3.0, 6.0, 6.0),
    (2023, "20"): (2.0, 4.5, 6.5, 7.5), (2023, "01"): (3.5, 5.5, 9.5, 8.5), (2023, "15"): (2.5, 3.5, 6.5, 6.5),
}
SOURCES = {2022: SQL_OR, 2023: BACKSLASH}
TARGET_NOTE = '=HYPERLINK("http://evil.example","bấm vào đây")'
BATCH_SOURCE = "QĐ 1'; DELETE FROM batch; --"
EXTRA_HEADER = "x'); DROP TABLE score; --"
# wide form: headers that start with a criterion code and go on with SQL
WIDE_HEADERS = {"1.1": "1.1) DROP TABLE fact; --", "1.2": '1.2 "); DROP TABLE unit; --',
                "2.1": "2.1: ' OR 1=1 --", "2.2": "2.2 - \\'; --"}
WIDE_2024 = {"20": (1.0, 2.0, 3.0, 4.0), "01": (1.5, 2.5, 3.5, 4.5)}


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def cli(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "analysis", *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


def write_csv(path: Path, header: list[str], rows: list[list]) -> Path:
    """Every cell quoted, as spreadsheet programs write them: an unquoted `;` in a comma file's
    header would (by design) make `;` the separator."""
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, quoting=csv.QUOTE_ALL)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def import_files(folder: Path) -> list[Path]:
    units = write_csv(folder / "units_inj.csv", ["unit_code", "name", "level", "parent_code"],
                      [[code, name, "department", "20"] for code, name in AGENCIES.items()])
    criteria = write_csv(folder / "criteria_inj.csv",
                         ["index_code", "valid_from", "criterion_code", "name", "max_score"],
                         [[INDEX, 2022, code, name, m] for code, (name, m) in TREE.items()])
    scores = write_csv(folder / "scores_inj.csv",
                       ["index_code", "year", "unit_code", "criterion_code", "score", "source", EXTRA_HEADER],
                       [[INDEX, year, unit, code, value, SOURCES[year], SQL_DROP]
                        for (year, unit), values in LEAVES.items()
                        for code, value in zip(("1.1", "1.2", "2.1", "2.2"), values)])
    wide = write_csv(folder / "diem_rong_2024.csv", ["index_code", "year", "unit_code", *WIDE_HEADERS.values()],
                     [[INDEX, 2024, unit, *values] for unit, values in WIDE_2024.items()])
    responsibilities = write_csv(
        folder / "responsibilities_inj.csv",
        ["province_code", "index_code", "criterion_code", "lead_unit", "support_units"],
        [["20", INDEX, "1", "20.A1", "20.A3;20.A4"], ["20", INDEX, "1.2", "20.A2", ""],
         ["20", INDEX, "2", "20.A6", "20.A7"], ["20", INDEX, "2.2", "20.A5", "20.A8;20.A9"]])
    targets = write_csv(folder / "targets_inj.csv",
                        ["unit_code", "index_code", "year", "target_score", "note"],
                        [["20", INDEX, 2023, 25, TARGET_NOTE]])
    return [units, criteria, scores, wide, responsibilities, targets]


def table_counts(path: Path) -> dict[str, int]:
    """Rows of every stored table (the derived `fact*` ones aside) and of `fact` itself."""
    from analysis.queries import schema

    with db.open_read(path) as con:
        names = [r[0] for r in con.execute("SELECT table_name FROM duckdb_tables() ORDER BY 1").fetchall()]
        assert set(schema.STORED_TABLES) <= set(names)
        names = [n for n in names if not n.startswith("fact")] + ["fact"]
        return {n: con.execute(f"SELECT count(*) FROM {n}").fetchall()[0][0] for n in names}  # our names


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    """The reference database with the hostile files imported; (path, counts before)."""
    folder = tmp_path_factory.mktemp("inj")
    path = reference_db(folder)
    with db.open_read(path) as con:
        reference_units = con.execute("SELECT * FROM unit ORDER BY ALL").fetchall()
    before = table_counts(path)
    result = load_files(path, import_files(folder), source=BATCH_SOURCE)
    assert result.ok, [str(e) for e in result.errors]
    return path, before, reference_units


# ------------------------------------------------------------------------------- SQL: importer

def test_hostile_text_is_stored_literally(loaded):
    path, _, _ = loaded
    with db.open_read(path) as con:
        q = lambda sql, *p: con.execute(sql, list(p)).fetchall()  # noqa: E731
        assert dict(q("SELECT unit_code, name FROM unit WHERE unit_code LIKE '20.A%'")) == AGENCIES
        assert dict(q("SELECT criterion_code, name FROM criterion WHERE index_code = ?", INDEX)) == {
            code: name for code, (name, _) in TREE.items()}
        assert sorted(q("SELECT DISTINCT year, source FROM score WHERE index_code = ? AND year < 2024", INDEX)) == [
            (2022, SQL_OR), (2023, BACKSLASH)]
        assert q("SELECT note FROM target WHERE index_code = ?", INDEX) == [(TARGET_NOTE,)]
        assert q("SELECT source FROM batch ORDER BY batch_id DESC LIMIT 1") == [(BATCH_SOURCE,)]
        assert q("SELECT lead_code, support_codes FROM responsibility WHERE criterion_code = '2.2'") == [
            ("20.A5", ["20.A8", "20.A9"])]
        # the wide file's headers named the criteria by their leading code, nothing more
        assert q("SELECT unit_code, criterion_code, score FROM score WHERE index_code = ? AND year = 2024 "
                 "ORDER BY 1, 2", INDEX) == [
            (unit, code, value) for unit in ("01", "20")
            for code, value in zip(("1.1", "1.2", "2.1", "2.2"), WIDE_2024[unit])]


def test_nothing_else_changed(loaded):
    path, before, reference_units = loaded
    after = table_counts(path)
    added = {"unit": len(AGENCIES), "criterion": len(TREE), "score": 4 * len(LEAVES) + 4 * len(WIDE_2024),
             "responsibility": 4, "target": 1, "batch": 1, "batch_file": 6}
    # fact is derived: given leaves + computed fields and overall, per unit-year
    added["fact"] = added["score"] + 3 * (len(LEAVES) + len(WIDE_2024))
    assert {n: after[n] - before[n] for n in after if after[n] != before[n]} == added
    with db.open_read(path) as con:
        assert con.execute("SELECT * FROM unit WHERE unit_code NOT LIKE '20.A%' ORDER BY ALL").fetchall() \
            == reference_units


def test_a_hostile_score_header_is_rejected_with_a_normal_message(loaded, tmp_path):
    path = tmp_path / "copy.duckdb"
    shutil.copyfile(loaded[0], path)
    bad = write_csv(tmp_path / "scores_bad.csv",
                    ["index_code", "year", "unit_code", '"score"); DROP TABLE unit; --'],
                    [[INDEX, 2023, "20", "1"]])
    before = sha(path)
    done = cli("load", "--db", path, bad)
    assert done.returncode == 1
    assert done.stderr.splitlines() == ["scores_bad.csv:1:score: required column missing",
                                        "nothing was written (1 problems)"]
    assert sha(path) == before


def test_summary_with_an_sql_like_unit_is_an_unknown_unit(loaded):
    done = cli("summary", "--db", loaded[0], "--index", INDEX, "--year", 2023, "--unit", "x' OR '1'='1")
    assert done.returncode == 1 and done.stdout == ""
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith('unknown unit "x\' OR \'1\'=\'1"'), done.stderr


# ------------------------------------------------------------------------------- formulas: exports

def inert_texts(book: bytes) -> tuple[list[str], list[float]]:
    """Every formula-like text of the workbook (each must be a plain string with Excel's quote
    prefix) and every negative number (each must be a number cell). No cell is a formula."""
    wb = openpyxl.load_workbook(io.BytesIO(book))
    texts, negatives = [], []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str) and cell.value.startswith(TRIGGERS):
                    assert cell.data_type == "s" and cell.quotePrefix, (ws.title, cell.coordinate, cell.value)
                    texts.append(cell.value)
                elif isinstance(cell.value, (int, float)) and cell.value < 0:
                    assert cell.data_type == "n"
                    negatives.append(cell.value)
    return texts, negatives


def test_ledger_workbook_keeps_formula_names_inert(loaded):
    from analysis.export.xlsx import ledger_workbook

    with db.open_read(loaded[0]) as con:
        book = ledger_workbook(con, INDEX, 2023, "20", lang="vi")
    texts, negatives = inert_texts(book)
    for name in (TREE["1"][0], TREE["1.1"][0], TREE["2"][0], AGENCIES["20.A1"], AGENCIES["20.A5"]):
        assert name in texts
    assert -1.5 in negatives   # 1.1 fell from 3.5 to 2.0: delta_score stays a number


def test_accountability_workbook_keeps_formula_names_inert(loaded):
    from analysis.export.xlsx import accountability_workbook

    with db.open_read(loaded[0]) as con:
        book = accountability_workbook(con, INDEX, 2023, "20", lang="vi")
    texts, negatives = inert_texts(book)
    for name in (AGENCIES["20.A1"], AGENCIES["20.A2"], AGENCIES["20.A5"], TREE["1.1"][0]):
        assert name in texts
    assert -1.5 in negatives
    sheets = openpyxl.load_workbook(io.BytesIO(book)).sheetnames
    assert all(len(s) <= 31 and not any(ch in s for ch in "[]:*?/\\") for s in sheets)


FORMULAS = ['=HYPERLINK("http://x","y")', "=cmd|' /C calc'!A0", "+SUM(1,2)", "@SUM(A1:A9)",
            "-2+3", "\t=1+1", "\r=1+1"]


def hostile_frame() -> pd.DataFrame:
    return pd.DataFrame({"name": FORMULAS + ["Lạng Sơn"],
                         "score": [-1.5, 2.0, -0.25, 3.0, -10.0, 0.0, 1.0, 85.57],
                         "delta_rank": [-3, 2, -1, 0, 5, -7, 1, 0]})


def test_table_to_xlsx_keeps_formulas_inert_and_numbers_numbers():
    from analysis.export.xlsx import table_to_xlsx

    book = table_to_xlsx(hostile_frame(), title="=Tiêu đề", source_note="=nguồn",
                         column_labels={"name": "=Tên", "score": "Điểm", "delta_rank": "@hạng"})
    texts, negatives = inert_texts(book)
    assert set(FORMULAS + ["=Tên", "@hạng", "=Tiêu đề"]) <= set(texts)
    assert sorted(negatives) == [-10.0, -7, -3, -1.5, -1, -0.25]


@pytest.mark.parametrize("vietnamese", [False, True])
def test_table_to_csv_neutralises_formulas_and_keeps_numbers(vietnamese):
    from analysis.export.tables import table_to_csv

    frame = hostile_frame()
    raw = table_to_csv(frame, vietnamese=vietnamese, column_labels={"name": "=Tên"})
    cells = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""),
                            delimiter=";" if vietnamese else ","))
    assert cells[0] == ["'=Tên", "score", "delta_rank"]
    assert [r[0] for r in cells[1:]] == ["'" + f for f in FORMULAS] + ["Lạng Sơn"]
    scores = [r[1] for r in cells[1:]]
    expected = ["-1.50", "2.00", "-0.25", "3.00", "-10.00", "0.00", "1.00", "85.57"]  # at the precision shown
    assert scores == ([s.replace(".", ",") for s in expected] if vietnamese else expected)
    assert [r[2] for r in cells[1:]] == ["-3", "2", "-1", "0", "5", "-7", "1", "0"]


def test_a_control_character_in_an_imported_source_does_not_break_the_ledger_export(loaded, tmp_path):
    """The importer stores a source with control characters literally (as it should); the
    ledger export that prints the sources must not crash on it."""
    from analysis.export.xlsx import ledger_workbook

    path = tmp_path / "copy.duckdb"
    shutil.copyfile(loaded[0], path)
    fix = write_csv(tmp_path / "scores_fix.csv", ["index_code", "year", "unit_code", "criterion_code", "score"],
                    [[INDEX, 2023, "20", "1.1", "2.25"]])
    assert load_files(path, [fix], replace=True, source=CONTROL).ok
    with db.open_read(path) as con:
        assert con.execute("SELECT source FROM score WHERE index_code = ? AND year = 2023 AND unit_code = '20' "
                           "AND criterion_code = '1.1'", [INDEX]).fetchall() == [(CONTROL,)]
        book = ledger_workbook(con, INDEX, 2023, "20", lang="vi")
    assert inert_texts(book)[1]
    # the control characters are shown as U+FFFD, the rest of the source as it was stored
    shown = [c.value for ws in openpyxl.load_workbook(io.BytesIO(book)) for row in ws.iter_rows() for c in row
             if isinstance(c.value, str) and "bell" in c.value]
    assert shown and all("\ufffd" in v and "\x07" not in v for v in shown)


# ------------------------------------------------------------------------------- bad input

@pytest.fixture(scope="module")
def small_db(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bad")
    path = reference_db(folder)
    scores = write_csv(folder / "scores_ok.csv", ["index_code", "year", "unit_code", "score"],
                       [["SIPAS", 2023, "20", "79.3"]])
    assert load_files(path, [scores]).ok
    return path


def rejected(db_path: Path, file: Path) -> list[str]:
    """Run the CLI on one bad file: exit 1, no traceback, database unchanged; the stderr lines."""
    before = sha(db_path)
    done = cli("load", "--db", db_path, file)
    assert done.returncode == 1, (done.stdout, done.stderr)
    assert "Traceback" not in done.stderr, done.stderr
    assert sha(db_path) == before
    lines = done.stderr.splitlines()
    assert lines[-1].startswith("nothing was written")
    return lines[:-1]


def test_random_bytes_named_xlsx(small_db, tmp_path):
    bad = tmp_path / "scores_2023.xlsx"
    bad.write_bytes(random.Random(5).randbytes(3000))
    # what the file is, not the library's exception name (issue 9, point 9)
    assert rejected(small_db, bad) == [
        "scores_2023.xlsx:1:: not an Excel workbook (.xlsx): the file is not a zip archive"]


def test_truncated_real_workbook(small_db, tmp_path):
    wb = openpyxl.Workbook()
    wb.active.title = "scores"
    wb.active.append(["index_code", "year", "unit_code", "score"])
    wb.active.append(["SIPAS", 2022, "20", 70.5])
    whole = io.BytesIO()
    wb.save(whole)
    bad = tmp_path / "book.xlsx"
    bad.write_bytes(whole.getvalue()[: len(whole.getvalue()) // 2])
    assert rejected(small_db, bad) == [
        "book.xlsx:1:: the workbook is damaged (not a complete .xlsx file); save it again from Excel"]


def test_csv_with_a_nul_byte_in_a_number(small_db, tmp_path):
    bad = tmp_path / "scores_nul.csv"
    bad.write_bytes(b"index_code,year,unit_code,score\nSIPAS,2022,20,7\x000.5\n")
    # one message for a NUL anywhere, which never echoes the raw NUL to the terminal
    assert rejected(small_db, bad) == ["scores_nul.csv:2:score: contains a NUL character"]


def test_csv_with_a_nul_byte_in_a_text_cell(small_db, tmp_path):
    bad = tmp_path / "scores_nul_text.csv"
    bad.write_bytes(b"index_code,year,unit_code,score,source\nSIPAS,2022,20,70.5,a\x00b\n")
    lines = rejected(small_db, bad)
    assert len(lines) == 1 and lines[0].startswith("scores_nul_text.csv:2:source: "), lines


def test_zero_byte_file(small_db, tmp_path):
    bad = tmp_path / "scores_empty.csv"
    bad.write_bytes(b"")
    assert rejected(small_db, bad) == ["scores_empty.csv:1:: file is empty"]


def test_unreadable_file(tmp_path):
    """A file the user may not read is a clear file-level message and changes nothing. Root
    reads everything, so the CLI runs as `nobody` (on the system Python of the venv's version,
    with the venv's packages: the venv's own interpreter lives under /root)."""
    system_python = Path("/usr/bin/python3")
    if os.geteuid() != 0 or not system_python.exists():
        pytest.skip("needs root and /usr/bin/python3 to run as an unprivileged user")
    version = subprocess.run([system_python, "-c", "import sys; print(sys.version_info[:2])"],
                             capture_output=True, text=True).stdout.strip()
    if version != str(sys.version_info[:2]):
        pytest.skip("the system Python cannot load the venv's packages")
    site = next(p for p in sys.path if p.endswith("site-packages") and ".venv" in p)
    folder = Path(tempfile.mkdtemp(prefix="unreadable-"))
    try:
        folder.chmod(0o777)
        path = reference_db(folder)
        path.chmod(0o666)
        bad = folder / "scores_secret.csv"
        bad.write_text("index_code,year,unit_code,score\nSIPAS,2022,20,70\n", encoding="utf-8")
        bad.chmod(0o000)
        before = sha(path)
        env = {**os.environ, "PARDASH_HOME": str(folder), "PYTHONPATH": f"{site}:{ROOT}",
               "PYTHONDONTWRITEBYTECODE": "1", "HOME": str(folder)}
        done = subprocess.run([str(system_python), "-m", "analysis", "load", "--db", str(path), str(bad)],
                              cwd=folder, capture_output=True, text=True, timeout=120, env=env,
                              user=65534, group=65534, extra_groups=[])
        assert done.returncode == 1, (done.stdout, done.stderr)
        assert "Traceback" not in done.stderr, done.stderr
        assert sha(path) == before
        assert done.stderr.splitlines()[0].startswith("scores_secret.csv:1:"), done.stderr
    finally:
        shutil.rmtree(folder, ignore_errors=True)
