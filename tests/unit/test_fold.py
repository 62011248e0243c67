"""Text folding has one rule: `analysis.units.fold` is the reference, and the importer's SQL
macro `imp_fold` (queries/load_cells.py) must give the same text for every input."""
from __future__ import annotations

import unicodedata
from pathlib import Path

import duckdb
import pytest

from analysis.queries.load_cells import MACROS
from analysis.units import fold

ROOT = Path(__file__).resolve().parents[2]

# Every Vietnamese vowel with every tone mark, lower and upper case, in composed (NFC) and
# decomposed (NFD) form: 12 vowels x 6 tones x 2 cases x 2 forms.
_VOWELS = "aăâeêioôơuưy"
_TONES = ["", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"]


def _every_vowel() -> list[str]:
    out = []
    for vowel in _VOWELS:
        for tone in _TONES:
            composed = unicodedata.normalize("NFC", vowel + tone)
            for text in (composed, composed.upper()):
                out += [text, unicodedata.normalize("NFD", text)]
    return out


NAMES = [
    "Hà Nội", "HÀ NỘI", "Thừa Thiên Huế", "Thừa Thiên - Huế", "Thừa Thiên–Huế",
    "Bà Rịa - Vũng Tàu", "Bà Rịa–Vũng Tàu", "Đắk Lắk", "ĐẮK NÔNG", "đồng tháp", "Quảng Ngãi",
    "Khánh Hòa", "Khánh Hoà", "Thanh Hóa", "Bắc Kạn", "Hải Phòng", "Cần Thơ", "Lạng Sơn",
    "UBND tỉnh Lạng Sơn", "Ủy ban nhân dân tỉnh Lạng Sơn", "Uỷ ban nhân dân Thành phố Hà Nội",
    "TP. Hồ Chí Minh", "Tp.HCM", "Thành phố Hồ Chí Minh", "Ho Chi Minh City", "Tỉnh Bình Dương",
    "Sở Tài chính", "Sở Nội vụ (tỉnh)", "Cơ quan", "co_quan", "CO-QUAN", "Cơ  quan", "xã",
    "Huyện", "Tỉnh", "Sở", "sum", " Mean ", "NONE", "weighted_mean",
    "  Hà   Nội  ", "\tHà\tNội\t", "Hà\u00a0Nội", "Hà\nNội", "Hà_Nội", "Hà-Nội", "Hà.Nội", "Hà,Nội",
    "Hà/Nội", "'Hà Nội'", "\"Hà Nội\"", "(Hà Nội)", "Hà Nội!", "Hà Nội?", "#1 Hà Nội", "50%",
    "1.2.3", "PAR INDEX", "par_index", "Tỉnh 01", "", " ", "...", "_", "đ", "Đ", "ĐĐđđ",
    "Ơn trời", "ƯU TIÊN", "Nghệ An", "Điện Biên", "Trà Vinh", "Sóc Trăng", "Kiên Giang",
    "São Paulo", "Zürich", "Straße", "Ærø", "İstanbul", "œuvre", "ﬁnance", "東京", "😀 Hà Nội",
]


@pytest.fixture(scope="module")
def con():
    con = duckdb.connect()
    for sql in MACROS:
        con.execute(sql)
    yield con
    con.close()


def _sql_fold(con, texts: list[str]) -> list[str]:
    rows = con.execute("SELECT t, imp_fold(t) FROM unnest(?::VARCHAR[]) AS u(t)", [texts]).fetchall()
    return [dict(rows)[t] for t in texts]


@pytest.mark.parametrize("group", ["vowels", "names"])
def test_sql_fold_is_python_fold(con, group):
    texts = _every_vowel() if group == "vowels" else NAMES
    sql = _sql_fold(con, texts)
    differ = [(t, fold(t), s) for t, s in zip(texts, sql) if fold(t) != s]
    assert differ == []


def test_fold_removes_every_vietnamese_mark(con):
    """The shared rule itself: each vowel and đ fold to a bare ASCII letter."""
    folded = {fold(t) for t in _every_vowel()} | set(_sql_fold(con, _every_vowel()))
    assert folded == {"a", "e", "i", "o", "u", "y"}
    assert fold("Đ") == fold("đ") == _sql_fold(con, ["Đ"])[0] == "d"


def test_fold_is_written_once():
    """Python folds text only in analysis/units.py, SQL only in the `imp_fold` macro."""
    python, sql = [], []
    for path in (ROOT / "analysis").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        if "unicodedata.combining" in text:
            python.append(path.relative_to(ROOT).as_posix())
        if "strip_accents" in text:
            sql.append(path.relative_to(ROOT).as_posix())
    assert python == ["analysis/units.py"]
    assert sql == ["analysis/queries/load_cells.py"]


def test_level_aliases_fold_as_unit_names_do(tmp_path):
    """The contract's level aliases (`co_quan`, `so`, ...) are matched on the folded text, so
    any case, diacritics, spacing or separator the writer used gives the same level."""
    from analysis.importer import load_files
    from tests.unit.import_fixture import reference_db, rows, write

    db = reference_db(tmp_path)
    units = ("unit_code,name,level,parent_code\n"
             "20.A,Cơ quan A,Cơ quan,20\n20.B,Cơ quan B,co_quan,20\n20.C,Cơ quan C,CƠ  QUAN,20\n"
             "20.D,Sở D,Sở,20\n20.E,Sở E,so,20\n")
    result = load_files(db, [write(tmp_path, "don_vi.csv", units)])
    assert result.ok, [str(e) for e in result.errors]
    assert rows(db, "SELECT unit_code, level FROM unit WHERE parent_code = '20' ORDER BY 1") == [
        ("20.A", "agency"), ("20.B", "agency"), ("20.C", "agency"), ("20.D", "department"),
        ("20.E", "department")]
