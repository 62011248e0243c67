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
import functools
import io
import os
import re
import tempfile
import time
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

import duckdb

from analysis import config
from analysis.queries import load_stage as q

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
    stat = os.stat(path)
    return _encoding_of(Path(path), stat.st_size, stat.st_mtime_ns, stat.st_ino)


@functools.lru_cache(maxsize=64)
def _encoding_of(path: Path, _size: int, _mtime_ns: int, _inode: int) -> str:
    """`detect_encoding` of one version of a file: a load asks it of the same file several times
    (which table, which columns, staging), and each answer decodes the whole file."""
    with open(path, "rb") as fh:
        head = fh.read(4096)
    if head.startswith(codecs.BOM_UTF8):
        bad = _invalid_utf8_line(path)
        if bad:
            raise ReadError(bad, "cannot read the file as UTF-8: invalid bytes on this line "
                                 "(the file starts with a UTF-8 mark)")
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


def _invalid_utf8_line(path: Path) -> int | None:
    """The line holding the first byte that is not UTF-8, or None."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    lines_before = 0
    with open(path, "rb") as fh:
        while True:
            chunk = fh.read(CHUNK)
            try:
                decoder.decode(chunk, final=not chunk)
            except UnicodeDecodeError as exc:
                pending = len(decoder.getstate()[0]) if hasattr(decoder, "getstate") else 0
                return lines_before + chunk[:max(exc.start - pending, 0)].count(b"\n") + 1
            if not chunk:
                return None
            lines_before += chunk.count(b"\n")


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
    """Write a UTF-8, NFC copy of `path` with LF line endings (chunk by chunk; a chunk is cut
    after its last newline so that a base letter and its combining marks are normalised together,
    and a CR LF pair is never split)."""
    fd, name = tempfile.mkstemp(suffix=".csv", dir=folder)
    decoder = codecs.getincrementaldecoder(encoding)()
    carry = ""
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as out, open(path, "rb") as fh:
            while True:
                chunk = fh.read(CHUNK)
                text = carry + decoder.decode(chunk, final=not chunk)
                if not chunk:
                    out.write(_clean_text(text, first=out.tell() == 0))
                    break
                cut = text.rfind("\n") + 1
                carry = text[cut:]
                out.write(_clean_text(text[:cut], first=out.tell() == 0))
    except UnicodeDecodeError as exc:
        raise ReadError(1, _decode_problem(encoding, exc)) from None
    return Path(name)


def _clean_text(text: str, first: bool) -> str:
    if first:
        text = text.lstrip("\ufeff")
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n"))


def _decode_problem(encoding: str, exc: UnicodeDecodeError) -> str:
    name = "UTF-16" if encoding.startswith("utf-16") else encoding
    if name == "UTF-16" and "truncated" in exc.reason:
        return ("cannot read the file as UTF-16: it ends in the middle of a character "
                "(an odd number of bytes: the file was cut short)")
    return f"cannot read the file as {name}: invalid bytes ({exc.reason})"


def normalise_line_endings(path: Path, folder: Path) -> Path:
    """A UTF-8 file whose lines end partly in CR LF and partly in LF (a CRLF file a tool appended
    to) gets an LF-only copy: DuckDB's reader settles on one line ending and refuses the other.
    Files with one kind of line ending are read as they are."""
    if not _contains(path, b"\r"):
        return path  # LF only (a byte scan at memchr speed instead of counting every line)
    crlf = lf = 0
    with open(path, "rb") as fh:
        tail = b""
        while chunk := fh.read(CHUNK):
            block = tail + chunk
            # count whole pairs only: a CR at a chunk's end is looked at with the next chunk
            tail = block[-1:] if block.endswith(b"\r") else b""
            body = block[:len(block) - len(tail)]
            crlf += body.count(b"\r\n")
            lf += body.count(b"\n")
    if crlf == 0 or crlf == lf:
        return path
    fd, name = tempfile.mkstemp(suffix=".csv", dir=folder)
    with os.fdopen(fd, "wb") as out, open(path, "rb") as fh:
        tail = b""
        while chunk := fh.read(CHUNK):
            block = tail + chunk
            tail = block[-1:] if block.endswith(b"\r") else b""
            out.write(block[:len(block) - len(tail)].replace(b"\r\n", b"\n"))
        out.write(tail)
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
    if encoding in ("utf-8", "utf-8-sig"):
        readable = normalise_line_endings(path, tmp)
    else:
        readable = transcode_to_utf8(path, encoding, tmp)
    header, sep = read_header(readable)
    if len(header) > config.MAX_COLUMNS:
        raise ReadError(1, f"too many columns: {len(header)} (the limit is {config.MAX_COLUMNS})")
    columns = {f"c{i}": "VARCHAR" for i in range(len(header))}
    rejects = stage.replace("imp_stage", "imp_rejects")
    try:
        con.execute(q.stage_csv(stage), [str(readable), sep, columns, rejects, rejects + "_scan"])
    except duckdb.Error as exc:
        # what the reader cannot parse at all (its rejects table takes the rest, row by row)
        raise ReadError(1, f"cannot read the file as CSV: {_first_line(str(exc))}") from None
    bad = con.execute(q.csv_rejects(rejects)).fetchall()
    if bad:
        raise ReadError(bad[0][0], "", [(line, _reject_message(kind, text)) for line, kind, text in bad])
    con.execute(q.add_null_column(stage))
    rows, first = con.execute(q.count_rows(stage)).fetchall()[0]
    _check_csv_size(rows, len(header))
    if _has_nul(readable):
        cells = con.execute(q.nul_cells(stage, len(header))).fetchall()
        raise ReadError(1, "", [(rowid - first + 2, "contains a NUL character", header[col])
                                for rowid, col in cells] or [(1, "contains a NUL character")])
    return header, rows, first


def _check_csv_size(rows: int, columns: int) -> None:
    if rows > config.MAX_ROWS:
        raise ReadError(1, f"too many rows: {rows} (the limit is {config.MAX_ROWS})")
    if rows * columns > config.MAX_CELLS:
        raise ReadError(1, f"too many cells: {rows} rows x {columns} columns = {rows * columns} "
                           f"(the limit is {config.MAX_CELLS})")


def _first_line(text: str) -> str:
    return text.split("\n", 1)[0].removeprefix("Invalid Input Error: ")[:200]


def _has_nul(path: Path) -> bool:
    """A byte scan (memchr speed) so the per-cell search runs only on the rare file with a NUL."""
    return _contains(path, b"\0")


def _contains(path: Path, byte: bytes) -> bool:
    """Whether the file holds `byte` anywhere (one byte: no match can straddle two chunks)."""
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 24):
            if byte in chunk:
                return True
    return False


# ---------------------------------------------------------------------------- xlsx

def cell_text(cell) -> str | None:
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


_CFB = bytes.fromhex("D0CF11E0A1B11AE1")        # OLE compound file: .xls, encrypted Office files
_ZIP = (b"PK\x03\x04", b"PK\x05\x06")
_LARGE = "save large tables as CSV"


def open_workbook(path: Path, *, read_only: bool = True):
    """The workbook at `path` (openpyxl; read-only unless the caller needs merged cells), or a ReadError saying what the file is:
    empty, password-protected, an old .xls, a web page or a text file named .xlsx, damaged, or
    expanding beyond `config.MAX_XLSX_EXPANDED_MB` when unzipped (checked from the zip directory,
    before anything is decompressed: zipfile never yields more than a member's declared size)."""
    import openpyxl

    with open(path, "rb") as fh:
        head = fh.read(4096)
    if not head:
        raise ReadError(1, "file is empty")
    if head.startswith(_CFB):
        raise ReadError(1, _compound_file_problem(path))
    if not head.startswith(_ZIP):
        raise ReadError(1, _not_a_zip_problem(head))
    try:
        with zipfile.ZipFile(path) as archive:
            expanded = sum(item.file_size for item in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ReadError(1, "the workbook is damaged (not a complete .xlsx file); save it again from Excel") from None
    if expanded > config.MAX_XLSX_EXPANDED_MB << 20:
        raise ReadError(1, f"the workbook expands to {expanded >> 20} MB when unzipped "
                           f"(the limit is {config.MAX_XLSX_EXPANDED_MB} MB); {_LARGE}")
    try:
        return openpyxl.load_workbook(path, read_only=read_only, data_only=True)
    except (zipfile.BadZipFile, KeyError, EOFError, zlib.error):
        raise ReadError(1, "the workbook is damaged (not a complete .xlsx file); save it again from Excel") from None
    except Exception as exc:  # openpyxl raises many kinds on files it does not understand
        raise ReadError(1, f"cannot open the workbook: {exc.__class__.__name__}") from None


def _compound_file_problem(path: Path) -> str:
    # Encrypted .xlsx files are OLE containers holding an `EncryptedPackage` stream; the
    # directory names its streams in UTF-16.
    with open(path, "rb") as fh:
        data = fh.read(64 << 20)
    if "EncryptedPackage".encode("utf-16-le") in data:
        return ("the workbook is password-protected (encrypted); open it in Excel, remove the password "
                "(File > Info > Protect Workbook) and save it again")
    return "this is an old Excel 97-2003 workbook (.xls) named .xlsx; open it in Excel and save it as .xlsx"


def _not_a_zip_problem(head: bytes) -> str:
    text = head.decode("utf-8", errors="replace").lstrip("\ufeff \t\r\n").lower()
    if text.startswith("<") and any(tag in text for tag in ("<html", "<table", "<!doctype html", "<body")):
        return ("this is a web page (HTML) named .xlsx, not a workbook; open it in Excel and save it "
                "as .xlsx, or save the table as CSV")
    if text.startswith("<?xml") and "urn:schemas-microsoft-com:office:spreadsheet" in text:
        return "this is an Excel 2003 XML spreadsheet named .xlsx; open it in Excel and save it as .xlsx"
    if b"\0" not in head:
        try:
            head.decode("utf-8")
        except UnicodeDecodeError as exc:
            if exc.start < len(head) - 4:   # not just a character cut at the 4 kB mark
                return "not an Excel workbook (.xlsx): the file is not a zip archive"
        return "this is a text file named .xlsx, not a workbook; name it .csv if it is a CSV table"
    return "not an Excel workbook (.xlsx): the file is not a zip archive"


def sheet_rows(ws) -> tuple[list[str], list[list[str | None]]]:
    """Header and body of a worksheet as text, trailing empty rows dropped. Reading stops with a
    ReadError at the row that passes a limit (rows, filled cells, header columns, time)."""
    # the sheet's stated dimension may be wrong or huge (A1:XFD1048576): read the cells it has
    ws.reset_dimensions()
    deadline = time.monotonic() + config.MAX_READ_SECONDS
    rows: list[list[str | None]] = []
    cells = 0
    for line, row in enumerate(ws.iter_rows(), start=1):
        if line > config.MAX_SHEET_ROWS:
            raise ReadError(line, f"too many rows: more than {config.MAX_SHEET_ROWS} (the limit of a sheet); {_LARGE}")
        values = [cell_text(c) for c in row]
        cells += len(values) - values.count(None)
        if cells > config.MAX_SHEET_CELLS:
            raise ReadError(line, f"too many cells: more than {config.MAX_SHEET_CELLS} (the limit of a sheet); {_LARGE}")
        if time.monotonic() > deadline:
            raise ReadError(line, f"reading stopped after {config.MAX_READ_SECONDS} s (the limit); {_LARGE}")
        if line == 1:
            _check_sheet_header(values)
        rows.append(values)
    while rows and all(v is None or not str(v).strip() for v in rows[-1]):
        rows.pop()
    if not rows:
        raise ReadError(1, "sheet is empty")
    header = [(h or "") for h in rows[0]]
    while header and not header[-1].strip():
        header.pop()
    return header, rows[1:]


def _check_sheet_header(values: list[str | None]) -> None:
    filled = len(values)
    while filled and (values[filled - 1] is None or not str(values[filled - 1]).strip()):
        filled -= 1
    if filled > config.MAX_COLUMNS:
        raise ReadError(1, f"too many columns: {filled} (the limit is {config.MAX_COLUMNS})")


def stage_rows(con, stage: str, header: list[str], body: list[list[str | None]]) -> tuple[int, int]:
    """Stage worksheet rows through Arrow (one table, not row-by-row inserts)."""
    import pyarrow as pa  # here only: a CSV load needs neither Arrow nor the pandas it imports

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
