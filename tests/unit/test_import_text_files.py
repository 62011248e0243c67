"""Text files as people's tools write them (issue 9, point 7): mixed line endings simply load,
a cut-short UTF-16 file gets a message, not a traceback."""
from __future__ import annotations

import shutil

from analysis.bundle import bundled_files
from analysis.importer import load_files
from tests.unit.import_fixture import reference_db, rows, sha

PUBLISHED = bundled_files()[3]


def test_crlf_file_with_one_appended_lf_line_loads(tmp_path):
    """The bundled published scores are CRLF; a line appended by a tool that writes LF must load."""
    assert b"\r\n" in PUBLISHED.read_bytes()
    db = reference_db(tmp_path)
    path = tmp_path / "scores.csv"
    shutil.copyfile(PUBLISHED, path)
    with open(path, "ab") as fh:
        fh.write("PAR_INDEX,2024,20,,88.12,,QĐ 876\n".encode("utf-8"))
    result = load_files(db, [path])
    assert result.ok, [str(e) for e in result.errors]
    assert rows(db, "SELECT score, source FROM score WHERE index_code = 'PAR_INDEX' AND year = 2024 "
                    "AND unit_code = '20' AND criterion_code = ''") == [(88.12, "QĐ 876")]


def test_mixed_line_endings_keep_every_value_clean(tmp_path):
    db = reference_db(tmp_path)
    path = tmp_path / "scores.csv"
    path.write_bytes(b"index_code,year,unit_code,score,source\r\n"
                     b"PAR_INDEX,2023,20,81.5,a\n"
                     b"PAR_INDEX,2023,01,80,b\r\n"
                     b"PAR_INDEX,2023,79,79,c")
    result = load_files(db, [path])
    assert result.ok, [str(e) for e in result.errors]
    assert rows(db, "SELECT unit_code, score, source FROM score ORDER BY unit_code") == [
        ("01", 80.0, "b"), ("20", 81.5, "a"), ("79", 79.0, "c")]


def test_mixed_line_endings_in_a_utf16_file_load(tmp_path):
    db = reference_db(tmp_path)
    path = tmp_path / "scores.csv"
    path.write_bytes("index_code,year,unit_code,score\r\nPAR_INDEX,2023,20,81.5\nPAR_INDEX,2023,01,80\r\n"
                     .encode("utf-16"))
    result = load_files(db, [path])
    assert result.ok, [str(e) for e in result.errors]
    assert rows(db, "SELECT unit_code, score FROM score ORDER BY unit_code") == [("01", 80.0), ("20", 81.5)]


def test_odd_length_utf16_file_gets_a_message(tmp_path):
    db = reference_db(tmp_path)
    path = tmp_path / "scores.csv"
    path.write_bytes("index_code,year,unit_code,score\nPAR_INDEX,2023,20,81.5\n".encode("utf-16") + b"A")
    before = sha(db)
    result = load_files(db, [path])
    assert [str(e) for e in result.errors] == [
        "scores.csv:1:: cannot read the file as UTF-16: it ends in the middle of a character "
        "(an odd number of bytes: the file was cut short)"]
    assert sha(db) == before
