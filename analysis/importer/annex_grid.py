"""An annex as a grid of text cells, whatever it came in: an .xlsx sheet (merged cells filled
from their top-left cell), a CSV exported from one (any encoding and separator the importer
reads), or a PDF table with a text layer (pdfplumber).

Each row keeps where a person finds it: the label (`book.xlsx[Năm 2023]`, `phu_luc.pdf[trang 2]`)
and the line (the sheet row, the CSV line, the row of the page's table).
"""
from __future__ import annotations

import codecs
import csv
import io
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from analysis.importer import read


@dataclass
class Grid:
    label: str                          # `book.xlsx[sheet]`, `file.csv`, `file.pdf`
    sheet: str | None                   # the sheet name (year and index may be in it)
    rows: list[list[str | None]] = field(default_factory=list)
    where: list[tuple[str, int]] = field(default_factory=list)  # per row: (label, line)
    hidden: bool = False


class GridError(Exception):
    """A file that cannot be read as a table at all: (label, line, message)."""

    def __init__(self, label: str, line: int, message: str):
        super().__init__(message)
        self.label, self.line = label, line


def _text(value) -> str | None:
    if value is None:
        return None
    text = unicodedata.normalize("NFC", str(value)).replace("\n", " ").strip()
    return " ".join(text.split()) or None


def grids_of(path: Path, name: str) -> list[Grid]:
    try:
        return _grids_of(path, name)
    except OSError as exc:  # unreadable (permissions, vanished): the importer's file-level message
        raise GridError(name, 1, f"cannot read the file: {exc.strerror or exc}") from exc


def headed_grids(path: Path, name: str) -> list[tuple[Grid, list[str], str]]:
    """(grid, its first row as headers, the name that may say its table: the sheet's, else the
    file's stem) of every non-empty table in the file; [] when the file cannot be read as tables
    (the importer itself then says why)."""
    try:
        grids = grids_of(path, name)
    except GridError:
        return []
    return [(g, [c or "" for c in g.rows[0]], g.sheet if g.sheet is not None else Path(name).stem)
            for g in grids if g.rows]


def table_headers(path: Path, name: str) -> list[tuple[str, list[str], str]]:
    """(label, first row, the name that may say its table) of every table in the file, as
    `headed_grids` gives them; a CSV's from its first line only (`csv_header`), so a scores file
    of millions of rows is never read into Python just to name its columns."""
    if path.suffix.lower() == ".csv":
        header = csv_header(path)
        return [] if header is None else [(name, header, Path(name).stem)]
    return [(grid.label, header, stem) for grid, header, stem in headed_grids(path, name)]


def _grids_of(path: Path, name: str) -> list[Grid]:
    ext = path.suffix.lower()
    if ext == ".xlsx":
        return _xlsx(path, name)
    if ext == ".csv":
        return [_csv(path, name)]
    if ext == ".pdf":
        return _pdf(path, name)
    raise GridError(name, 1, "not a .csv, .xlsx or .pdf file")


def _xlsx(path: Path, name: str) -> list[Grid]:
    try:
        # the importer's checks (what the file really is, its unzipped size) before anything is
        # read; merged header cells need the full (not read-only) workbook
        book = read.open_workbook(path, read_only=False)
    except read.ReadError as exc:
        raise GridError(name, exc.problems[0][0], exc.problems[0][1]) from exc
    out = []
    for ws in book.worksheets:
        label = f"{name}[{ws.title}]"
        cells = [[read.cell_text(c) for c in row] for row in ws.iter_rows()]
        for merged in ws.merged_cells.ranges:
            top = cells[merged.min_row - 1][merged.min_col - 1] if merged.min_row - 1 < len(cells) else None
            for r in range(merged.min_row - 1, min(merged.max_row, len(cells))):
                for c in range(merged.min_col - 1, min(merged.max_col, len(cells[r]))):
                    cells[r][c] = top
        rows = [[_text(v) for v in row] for row in cells]
        out.append(Grid(label, ws.title, rows, [(label, i + 1) for i in range(len(rows))],
                        hidden=ws.sheet_state != "visible"))
    book.close()
    return out


def _separator(lines: list[str]) -> str:
    head = [_outside_quotes(line) for line in lines[:40]]
    for sep in ("\t", ";"):
        if any(sep in line for line in head):
            return sep
    return ","


def _outside_quotes(line: str) -> str:
    out, inside = [], False
    for ch in line:
        if ch == '"':
            inside = not inside
        elif not inside:
            out.append(ch)
    return "".join(out)


def _csv(path: Path, name: str) -> Grid:
    try:
        encoding = read.detect_encoding(path)
    except read.ReadError as exc:
        raise GridError(name, 1, str(exc)) from exc
    text = unicodedata.normalize("NFC", path.read_bytes().decode(encoding).lstrip("\ufeff"))
    lines = text.splitlines()
    rows = [[_text(c) for c in row] for row in csv.reader(io.StringIO(text), delimiter=_separator(lines))]
    return Grid(name, None, rows, [(name, i + 1) for i in range(len(rows))])


HEAD_BYTES = 1 << 18


def csv_header(path: Path) -> list[str] | None:
    """The first row of a CSV file as `_csv` reads it, from its first 256 kB only (None when it
    cannot be read). Callers look at it before reading a whole file into Python: a scores file of
    millions of rows is the importer's to stream, not a grid's."""
    try:
        encoding = read.detect_encoding(path)
        with open(path, "rb") as fh:
            chunk = fh.read(HEAD_BYTES)
            whole = not fh.read(1)
    except (read.ReadError, OSError):
        return None
    text = codecs.getincrementaldecoder(encoding)(errors="replace").decode(chunk, final=whole)
    text = unicodedata.normalize("NFC", text.lstrip("\ufeff"))
    lines = text.splitlines()
    if not whole and len(lines) > 1:
        lines = lines[:-1]  # the last line may be cut short
    rows = csv.reader(io.StringIO("\n".join(lines)), delimiter=_separator(lines))
    first = next(rows, None)
    return None if first is None else [_text(c) or "" for c in first]


def _pdf(path: Path, name: str) -> list[Grid]:
    """The tables of every page, one after the other as one grid (an annex table runs over pages;
    a header repeated on a later page is recognised as such by the reader)."""
    import pdfplumber

    grid = Grid(name, None)
    text_chars = 0
    try:
        pdf = pdfplumber.open(path)
    except Exception as exc:
        raise GridError(name, 1, f"cannot open the PDF: {exc.__class__.__name__}") from exc
    with pdf:
        for number, page in enumerate(pdf.pages, start=1):
            text_chars += len(page.chars)
            label = f"{name}[trang {number}]"
            line = 0
            tables = page.find_tables()
            # the text above the first table (title, decision line) says the index and the year
            top = min((t.bbox[1] for t in tables), default=page.height)
            if top > 1:
                above = page.crop((0, 0, page.width, top)).extract_text() or ""
                for text_line in above.splitlines():
                    if _text(text_line):
                        line += 1
                        grid.rows.append([_text(text_line)])
                        grid.where.append((label, line))
            for table in tables:
                for row in table.extract():
                    line += 1
                    grid.rows.append([_text(c) for c in row])
                    grid.where.append((label, line))
    if text_chars == 0:
        raise GridError(name, 1, "the PDF has no text layer (a scanned image): the table cannot be read; "
                                 "ask for the original .xlsx or a PDF with text, or type the table into the template")
    return [grid]
