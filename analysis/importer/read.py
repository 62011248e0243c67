"""Getting a file's rows into a DuckDB staging table, untouched: every cell as text.

CSV: the encoding and separator are detected here; DuckDB's `read_csv` then reads the body with
our own column names `c0 .. cN` (the header line is read separately, in Python). Files that are
not UTF-8 are first transcoded to a temporary UTF-8 file in chunks. `.xlsx`: openpyxl in
read-only mode; numbers keep their stored value, percent-formatted cells their displayed value.
"""
from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import os
import re
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa

from analysis.queries import load as q

CHUNK = 8 << 20


class ReadError(Exception):
    """A file that cannot be read: (line, message) or (line, message, column) problems."""

    def __init__(self, line: int, message: str, problems: list[tuple[int, str]] | None = None):
        super().__init__(message)
        self.problems = problems or [(line, message)]


def _reject_message(kind: str, text: str) -> str:
    found = re.search(r"Expected Number of Columns: (\d+) Found: (\d+)", text or "")
    if found:
        return f"cannot read the row: expected {found.group(1)} cells, found {found.group(2)}"
    return f"cannot read the row: {(text or kind).splitlines()[0][:200]}"


@dataclass
class Staged:
    """One table-holding file (or sheet) in a staging table."""
    file_id: int
    label: str                 # `name.csv` or `book.xlsx[sheet]`
    path: Path
    sheet: str | None
    table: str
    stage: str                 # staging table name
    header: list[str]
    rows: int = 0
    first_rowid: int = 0


# ---------------------------------------------------------------------------- encodings

def detect_encoding(path: Path) -> str:
    """`utf-8`, `utf-8-sig`, `utf-16-le`/`utf-16-be` (with or without BOM), `cp1258` or `cp1252`."""
    with open(path, "rb") as fh:
        head = fh.read(4096)
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith(codecs.BOM_UTF16_LE):
        return "utf-16"
    if head.startswith(codecs.BOM_UTF16_BE):
        return "utf-16"
    if len(head) >= 4:
        even_nuls = head[0::2].count(0)
        odd_nuls = head[1::2].count(0)
        half = len(head) // 2
        if odd_nuls > half * 0.3 and even_nuls == 0:
            return "utf-16-le"
        if even_nuls > half * 0.3 and odd_nuls == 0:
            return "utf-16-be"
    for encoding in ("utf-8", "cp1258", "cp1252"):
        if _decodes(path, encoding):
            return encoding
    raise ReadError(1, "cannot read the file as text (not UTF-8, UTF-16, Windows-1258 or Windows-1252)")


def _decodes(path: Path, encoding: str) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)()
    try:
        with open(path, "rb") as fh:
            while chunk := fh.read(CHUNK):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def transcode_to_utf8(path: Path, encoding: str, folder: Path) -> Path:
    """Write a UTF-8, NFC copy of `path` (chunk by chunk; a chunk is cut after its last newline
    so that a base letter and its combining marks are normalised together)."""
    fd, name = tempfile.mkstemp(suffix=".csv", dir=folder)
    decoder = codecs.getincrementaldecoder(encoding)()
    carry = ""
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as out, open(path, "rb") as fh:
        while True:
            chunk = fh.read(CHUNK)
            text = carry + decoder.decode(chunk, final=not chunk)
            if not chunk:
                out.write(unicodedata.normalize("NFC", text.lstrip("\ufeff") if out.tell() == 0 else text))
                break
            cut = text.rfind("\n") + 1
            carry = text[cut:]
            done = text[:cut]
            if out.tell() == 0:
                done = done.lstrip("\ufeff")
            out.write(unicodedata.normalize("NFC", done))
    return Path(name)


# ---------------------------------------------------------------------------- CSV

def detect_separator(header_line: str) -> str:
    """Tab, `;` or `,`: the first of these (in that order) that occurs in the header outside quotes.
    A `;` file may have commas in its headers (`Tỉnh, thành phố`); the reverse does not happen."""
    outside = re.sub(r'"[^"]*"', "", header_line)
    for sep in ("\t", ";", ","):
        if sep in outside:
            return sep
    return ","


def read_header(path: Path) -> tuple[list[str], str]:
    """The header cells and the separator of a UTF-8 file."""
    with open(path, encoding="utf-8-sig", newline="") as fh:
        line = fh.readline()
    line = line.rstrip("\r\n")
    if not line.strip():
        raise ReadError(1, "file is empty")
    sep = detect_separator(line)
    header = next(csv.reader(io.StringIO(line), delimiter=sep))
    return [unicodedata.normalize("NFC", h) for h in header], sep


def stage_csv(con, path: Path, stage: str, tmp: Path) -> tuple[list[str], int, int]:
    """Stage a CSV file's body as text columns c0..cN; returns (header, data rows, first rowid)."""
    if path.stat().st_size == 0:
        raise ReadError(1, "file is empty")
    encoding = detect_encoding(path)
    readable = path
    if encoding not in ("utf-8", "utf-8-sig"):
        readable = transcode_to_utf8(path, encoding, tmp)
    header, sep = read_header(readable)
    columns = {f"c{i}": "VARCHAR" for i in range(len(header))}
    rejects = stage.replace("imp_stage", "imp_rejects")
    con.execute(q.stage_csv(stage), [str(readable), sep, columns, rejects, rejects + "_scan"])
    bad = con.execute(q.csv_rejects(rejects)).fetchall()
    if bad:
        raise ReadError(bad[0][0], "", [(line, _reject_message(kind, text)) for line, kind, text in bad])
    con.execute(q.add_null_column(stage))
    rows, first = con.execute(q.count_rows(stage)).fetchall()[0]
    if _has_nul(readable):
        cells = con.execute(q.nul_cells(stage, len(header))).fetchall()
        raise ReadError(1, "", [(rowid - first + 2, "contains a NUL character", header[col])
                                for rowid, col in cells] or [(1, "contains a NUL character")])
    return header, rows, first


def _has_nul(path: Path) -> bool:
    """A byte scan (memchr speed) so the per-cell search runs only on the rare file with a NUL."""
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 24):
            if b"\0" in chunk:
                return True
    return False


# ---------------------------------------------------------------------------- xlsx

def _cell_text(cell) -> str | None:
    value = cell.value
    if value is None:
        return None
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, (int, float)):
        fmt = getattr(cell, "number_format", "") or ""
        if "%" in fmt:
            value = round(value * 100, 9)
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return repr(value) if isinstance(value, float) else str(value)
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    return unicodedata.normalize("NFC", str(value))


def sheet_rows(ws) -> tuple[list[str], list[list[str | None]]]:
    """Header and body of a worksheet as text, trailing empty rows dropped."""
    rows = [[_cell_text(c) for c in row] for row in ws.iter_rows()]
    while rows and all(v is None or not str(v).strip() for v in rows[-1]):
        rows.pop()
    if not rows:
        raise ReadError(1, "sheet is empty")
    header = [(h or "") for h in rows[0]]
    while header and not header[-1].strip():
        header.pop()
    return header, rows[1:]


def stage_rows(con, stage: str, header: list[str], body: list[list[str | None]]) -> tuple[int, int]:
    """Stage worksheet rows through Arrow (one table, not row-by-row inserts)."""
    n = len(header)
    cols = {f"c{i}": [(r[i] if i < len(r) else None) for r in body] for i in range(n)}
    arrow = pa.table({k: pa.array(v, type=pa.string()) for k, v in cols.items()})
    view = f"arrow_{stage}"
    con.register(view, arrow)
    try:
        con.execute(q.stage_from_view(stage, view))
    finally:
        con.unregister(view)
    con.execute(q.add_null_column(stage))
    return tuple(con.execute(q.count_rows(stage)).fetchall()[0])
