"""Validation does not depend on a file's size or row pattern (issue 9, point 3).

The cause: DuckDB 2.0.0, inside one explicit transaction, loses every row of an
`INSERT ... SELECT` that fills a whole row group (122,880 rows) when an earlier `INSERT ... SELECT`
into the same table in that transaction inserted nothing (the rows stay counted in the table's
statistics but no scan returns them). The importer records problems with one such insert per
rule, the earlier rules finding nothing, so a rule that fired on 122,880 rows or more lost all its
problems and the load was stored. These tests cross that threshold; they fail on the importer as it
was (problems lost, rows stored with exit 0).
"""
from __future__ import annotations

from analysis.importer import load_files
from tests.unit.import_fixture import index_tree, reference_db, rows, sha

ROW_GROUP = 122_880


def _province_codes(db) -> list[str]:
    return [r[0] for r in rows(db, "SELECT unit_code FROM unit WHERE geography = 'vn63' "
                                   "AND level = 'province' ORDER BY unit_code")]


def issue_generator(path, n: int, codes: list[str]) -> None:
    """The issue's file: index BV, year 1000 + i // 63 wrapped past 2024 to 2025 + (y - 2025) % 40,
    the i-th of the 63 vn63 province codes in turn, score i % 100."""
    with open(path, "w", encoding="utf-8", newline="") as fh:
        fh.write("index_code,year,unit_code,score\n")
        for i in range(n):
            year = 1000 + i // 63
            if year > 2024:
                year = 2025 + (year - 2025) % 40
            fh.write(f"BV,{year},{codes[i % 63]},{i % 100}\n")


def _bv_db(tmp_path):
    """The reference units and a tree for the made-up index BV, so only the rules under test fire."""
    db = reference_db(tmp_path)
    assert load_files(db, [index_tree(tmp_path, "BV")]).ok
    return db


def _refused(db, path) -> list[str]:
    before = sha(db)
    result = load_files(db, [path])
    assert not result.ok and result.batch_id is None
    assert sha(db) == before
    return [str(p) for p in result.errors]


def test_the_issue_file_is_refused_at_350000_rows(tmp_path):
    db = _bv_db(tmp_path)
    path = tmp_path / "scores.csv"
    issue_generator(path, 350_000, _province_codes(db))
    errors = _refused(db, path)
    # 131,382 rows name a vn63 code that vn34 lacks, 152,683 repeat a key: all reported
    assert errors[-1] == "scores.csv: ... and 283865 more"
    assert rows(db, "SELECT count(*) FROM score WHERE index_code = 'BV'") == [(0,)]


def test_one_rule_firing_on_a_whole_row_group_is_reported(tmp_path):
    db = _bv_db(tmp_path)
    path = tmp_path / "scores.csv"
    n = ROW_GROUP + 1_000
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("index_code,year,unit_code,score\n")
        fh.writelines(f"BV,{1000 + i},99,1\n" for i in range(n))   # no unit 99 in vn63
    errors = _refused(db, path)
    assert errors[0].startswith('scores.csv:2:unit_code: unknown unit "99"')
    assert errors[-1] == f"scores.csv: ... and {n - 200} more"


def test_conflicts_on_a_whole_row_group_are_reported(tmp_path):
    db = _bv_db(tmp_path)
    n = ROW_GROUP + 1_000
    first = tmp_path / "scores.csv"
    with open(first, "w", encoding="utf-8") as fh:
        fh.write("index_code,year,unit_code,score\n")
        fh.writelines(f"BV,{1000 + i},20,1\n" for i in range(n))
    assert load_files(db, [first]).ok
    with open(first, "w", encoding="utf-8") as fh:
        fh.write("index_code,year,unit_code,score\n")
        fh.writelines(f"BV,{1000 + i},20,2\n" for i in range(n))
    errors = _refused(db, first)
    assert "conflicts with the stored value" in errors[0]
    assert errors[-1] == f"scores.csv: ... and {n - 200} more"
    assert rows(db, "SELECT count(*), min(score), max(score) FROM score WHERE index_code = 'BV'") == [(n, 1.0, 1.0)]
