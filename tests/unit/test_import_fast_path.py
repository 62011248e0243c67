"""The scores fast path (plain cells typed by a cheap test, the rest by the full rules) stores
and reports exactly what the full rules do, with the right line numbers among plain rows."""
from __future__ import annotations

from analysis.importer import load_files
from tests.unit.import_fixture import TREE, reference_db, rows, write

HEAD = "index_code,year,unit_code,criterion_code,score\n"


def _db(tmp_path):
    path = reference_db(tmp_path)
    assert load_files(path, [write(tmp_path, "criteria.csv", TREE)]).ok
    return path


def test_plain_and_unusual_cells_store_the_same_values(tmp_path):
    db = _db(tmp_path)
    text = HEAD + ("PAR_INDEX,2023,20,1.1,\"3,5\"\n"          # plain: decimal comma
                   "par index,2023,1,1.1,2.25\n"              # index case/space, lone province digit
                   " PAR_INDEX ,2023, 79 ,1.2.,\" 4,5% \"\n"  # spaces, trailing dot, percent sign
                   "PAR_INDEX,2023.0,01,2,\"1.234,5\"\n")      # whole-number year, thousands mark
    result = load_files(db, [write(tmp_path, "scores.csv", text)])
    assert [str(e) for e in result.errors] == ["scores.csv:5:score: score 1234.5 is above the maximum 20"]
    text = text.replace('"1.234,5"', '"12,5"')
    assert load_files(db, [write(tmp_path, "scores.csv", text)]).ok
    assert rows(db, "SELECT index_code, year, geography, unit_code, criterion_code, score FROM score "
                    "ORDER BY unit_code, criterion_code") == [
        ("PAR_INDEX", 2023, "vn63", "01", "1.1", 2.25),
        ("PAR_INDEX", 2023, "vn63", "01", "2", 12.5),
        ("PAR_INDEX", 2023, "vn63", "20", "1.1", 3.5),
        ("PAR_INDEX", 2023, "vn63", "79", "1.2", 4.5)]


def test_problems_among_plain_rows_keep_their_lines(tmp_path):
    db = _db(tmp_path)
    plain = [f"PAR_INDEX,{year},{unit},{code},1\n"
             for unit in ("01", "20", "79", "48") for year in range(2022, 2025) for code in ("1.1", "1.2", "2")]
    plain[9] = "PAR_INDEX,2024,01,1.2,abc\n"       # line 11
    plain[19] = "PAR_INDEX,,20,1.1,1\n"             # line 21
    plain[29] = "PAR_INDEX,2023,79,1.2,\n"          # line 31
    plain[34] = plain[33]                           # line 36: same key as line 35
    result = load_files(db, [write(tmp_path, "scores.csv", HEAD + "".join(plain))])
    assert [str(e) for e in result.errors] == [
        'scores.csv:11:score: not a number: "abc"',
        "scores.csv:21:year: value required",
        "scores.csv:31:score: value required",
        "scores.csv:36:unit_code: duplicate key: same as line 35"]
