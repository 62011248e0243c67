"""Helpers for the importer tests: a reference database built once and copied per test, files
written in code, and the SHA-256 of a database file (to prove a failed load changed nothing)."""
from __future__ import annotations

import hashlib
import shutil
import unicodedata
from pathlib import Path

from analysis.bundle import create_database

_TEMPLATE: dict[str, Path] = {}

TREE = """index_code,valid_from,valid_to,criterion_code,name,max_score,aggregate
PAR_INDEX,2022,,1,Công tác chỉ đạo,10,sum
PAR_INDEX,2022,,1.1,Kế hoạch CCHC,4,sum
PAR_INDEX,2022,,1.2,Tuyên truyền CCHC,6,sum
PAR_INDEX,2022,,2,Cải cách thể chế,20,sum
"""


def reference_db(tmp_path: Path, name: str = "t.duckdb") -> Path:
    """A database with the schema and the reference units (a copy of one built per session)."""
    if "ref" not in _TEMPLATE:
        import tempfile

        folder = Path(tempfile.mkdtemp(prefix="import-ref-"))
        _TEMPLATE["ref"] = create_database(folder / "ref.duckdb")
    target = tmp_path / name
    shutil.copyfile(_TEMPLATE["ref"], target)
    return target


def to_cp1258(text: str) -> bytes:
    """Encode as Windows-1258 does: letters it lacks (ạ, ộ, ...) become a letter it has plus
    combining tone marks."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        parts = unicodedata.normalize("NFD", ch)
        base, marks = parts[0], parts[1:]
        # keep the marks cp1258 has as letters (circumflex, breve, horn) in the base
        for i in range(len(marks), -1, -1):
            head = unicodedata.normalize("NFC", base + marks[:i])
            try:
                out += head.encode("cp1258") + marks[i:].encode("cp1258")
                break
            except UnicodeEncodeError:
                continue
        else:
            raise UnicodeEncodeError("cp1258", ch, 0, 1, "not encodable")
    return bytes(out)


def write(folder: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = folder / name
    path.write_bytes(to_cp1258(text) if encoding == "cp1258" else text.encode(encoding))
    return path


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def rows(db_path: Path, sql: str, params=None) -> list[tuple]:
    from analysis import db

    with db.open_read(db_path) as con:
        return con.execute(sql, params or []).fetchall()


def index_tree(folder: Path, index_code: str) -> Path:
    """A one-criterion tree (percentages, in force from year 1000) that defines a made-up index:
    an index code must be a known index or one whose tree the same load brings (issue 10)."""
    return write(folder, f"criteria_{index_code.lower()}.csv",
                 f"index_code,valid_from,criterion_code,name\n{index_code},1000,1,Tổng hợp\n")
