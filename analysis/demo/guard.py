"""Demo data never enters the real database.

Every row of every file the demo writes carries the label "Dữ liệu minh họa" (`files.SOURCE_LABEL`,
in a `source`/`note`/`ghi_chu` column). `refused_files` finds it in the files of a load, and the
importer refuses them unless the load is the demo build itself or its target is the demo
workspace (meta `workspace = demo`); `python -m analysis build` refuses a demo database as its
target. The check reads the files' own text, so a demo file renamed or copied elsewhere is still
recognised.
"""
from __future__ import annotations

import csv
import io
import unicodedata
import zipfile
from pathlib import Path

import duckdb

from analysis import db
from analysis.demo.files import SOURCE_LABEL
from analysis.queries import demo as q

REFUSAL = (f'demo data ("{SOURCE_LABEL}") is refused outside the demo workspace: '
           "load it with `python -m analysis demo` or on the demo workspace's Dữ liệu page")
_LABEL = unicodedata.normalize("NFC", SOURCE_LABEL).casefold()
_ENCODINGS = ("utf-8-sig", "utf-16", "cp1258")


def is_demo_workspace(path: Path) -> bool:
    """Whether the database at `path` is marked as the demo workspace."""
    path = Path(path)
    if not path.exists():
        return False
    try:
        with db.open_read(path) as con:
            rows = con.execute(q.META_VALUE, ["workspace"]).fetchall()
    except duckdb.Error:
        return False
    return bool(rows) and rows[0][0] == "demo"


def _has_label(text: str) -> bool:
    return _LABEL in unicodedata.normalize("NFC", str(text)).casefold()


def _label_bytes() -> list[bytes]:
    """The label as it can appear in a file's bytes: NFC and NFD, as written and lower-case, in
    each encoding the importer reads. A byte search first keeps a large user file cheap."""
    out = []
    for form in ("NFC", "NFD"):
        for text in (SOURCE_LABEL, SOURCE_LABEL.lower()):
            norm = unicodedata.normalize(form, text)
            for encoding in ("utf-8", "utf-16-le", "utf-16-be", "cp1258"):
                try:
                    out.append(norm.encode(encoding))
                except UnicodeEncodeError:
                    continue
    return out


_NEEDLES = _label_bytes()


_CHUNK = 8 << 20


def _bytes_have_label(path: Path) -> bool:
    """A streamed byte search, so a large user file costs one read and no decoding."""
    overlap = max(len(n) for n in _NEEDLES)
    tail = b""
    with open(path, "rb") as fh:
        while chunk := fh.read(_CHUNK):
            block = tail + chunk
            if any(needle in block for needle in _NEEDLES):
                return True
            tail = block[-overlap:]
    return False


def _csv_hit(data: bytes) -> tuple[int, str] | None:
    """(line, column header) of the first cell carrying the label, line 1 = the header."""
    if not any(needle in data for needle in _NEEDLES):
        return None
    for encoding in _ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        try:
            delimiter = csv.Sniffer().sniff(text[:4096], delimiters=",;\t").delimiter
        except csv.Error:
            delimiter = ","
        header: list[str] = []
        for number, row in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), start=1):
            if number == 1:
                header = row
            for i, cell in enumerate(row):
                if _has_label(cell):
                    return number, header[i] if i < len(header) else ""
    return 1, ""


def _xlsx_hit(path: Path, data: bytes) -> tuple[str, int | None, str] | None:
    """(sheet, line, column header) of the first cell carrying the label in a workbook (line None
    when only its properties do), or None."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as book:
            parts = [book.read(n) for n in book.namelist()
                     if n.endswith(".xml") and n.startswith(("xl/", "docProps/"))]
    except zipfile.BadZipFile:
        return None
    if not any(needle in part for part in parts for needle in _NEEDLES):
        return None
    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (KeyError, ValueError, zipfile.BadZipFile):
        return "", None, ""  # labelled, though the workbook will not open: refused all the same
    try:
        for ws in wb.worksheets:
            header: tuple = ()
            for number, row in enumerate(ws.iter_rows(values_only=True), start=1):
                if number == 1:
                    header = row
                for i, cell in enumerate(row):
                    if isinstance(cell, str) and _has_label(cell):
                        column = header[i] if i < len(header) and header[i] is not None else ""
                        return ws.title, number, str(column)
        return wb.worksheets[0].title if wb.worksheets else "", None, ""
    finally:
        wb.close()


def labelled(path: Path) -> tuple[str, int | None, str] | None:
    """Where a file carries the demo label: (sheet or "", line, column header); None when it
    does not."""
    path = Path(path)
    if not path.is_file():
        return None
    suffix = path.suffix.lower()
    try:
        if suffix == ".csv":
            if not _bytes_have_label(path):
                return None
            hit = _csv_hit(path.read_bytes())  # only a labelled file is read whole, to say where
            return None if hit is None else ("", *hit)
        if suffix in (".xlsx", ".xlsm"):
            return _xlsx_hit(path, path.read_bytes())
    except OSError:
        return None  # unreadable: the importer itself reports it as FILE:LINE:COLUMN
    return None


def refused_files(db_path: Path, files: list[Path], *, kind: str = "user",
                  names: dict[Path, str] | None = None) -> list[tuple[str, int | None, str, str]]:
    """(file, line, column, message) for every demo-labelled file of a load that must be
    refused: all of them unless the load is the demo build (`kind="demo"`) or its target is the
    demo workspace."""
    if kind == "demo" or is_demo_workspace(db_path):
        return []
    names = names or {}
    out = []
    for path in files:
        hit = labelled(path)
        if hit is not None:
            sheet, line, column = hit
            name = names.get(Path(path), Path(path).name)
            out.append((f"{name}[{sheet}]" if sheet else name, line, column, REFUSAL))
    return out
