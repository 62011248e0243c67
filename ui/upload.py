"""The data page's helpers: preview an uploaded file the way the importer will read it, and
generate blank templates (.csv / .xlsx) from the importer's own column list (the contract)."""
from __future__ import annotations

import csv
import io
import tempfile
import unicodedata
from pathlib import Path

import pandas as pd

PREVIEW_ROWS = 20


def preview(name: str, content: bytes) -> list[tuple[str, str | None, pd.DataFrame]]:
    """(label, table it names or None, first rows as text) per CSV file or workbook sheet."""
    from analysis.importer import headers

    if name.lower().endswith(".xlsx"):
        return _preview_xlsx(name, content)
    from analysis.importer import read

    with tempfile.TemporaryDirectory(prefix="pardash-preview-") as folder:
        path = Path(folder) / Path(name).name
        path.write_bytes(content)
        encoding = read.detect_encoding(path)
    # NFC like the importer: Windows-1258 writes tones as combining marks
    text = unicodedata.normalize("NFC", content.decode(encoding, errors="replace").lstrip("\ufeff"))
    first = text.splitlines()[0] if text else ""
    rows = list(csv.reader(io.StringIO(text), delimiter=read.detect_separator(first)))
    return [(name, headers.table_of_name(name), _frame(rows))]


def _preview_xlsx(name: str, content: bytes) -> list[tuple[str, str | None, pd.DataFrame]]:
    import openpyxl

    from analysis.importer import headers, read

    book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    out = []
    for ws in book.worksheets:
        try:
            header, body = read.sheet_rows(ws)
        except read.ReadError:
            continue
        out.append((f"{name}[{ws.title}]", headers.table_of_name(ws.title), _frame([header, *body])))
    return out


def _frame(rows: list[list]) -> pd.DataFrame:
    if not rows:
        return pd.DataFrame()
    header = [str(h) if h not in (None, "") else f"({i + 1})" for i, h in enumerate(rows[0])]
    # Duplicate headers would break the grid; the importer reports them, the preview shows them.
    seen: dict[str, int] = {}
    unique = []
    for h in header:
        seen[h] = seen.get(h, 0) + 1
        unique.append(h if seen[h] == 1 else f"{h} ({seen[h]})")
    body = [list(r[: len(unique)]) + [None] * (len(unique) - len(r)) for r in rows[1: PREVIEW_ROWS + 1]]
    return pd.DataFrame(body, columns=unique, dtype="object")


# ---- templates ---------------------------------------------------------------------------------

def template_tables() -> dict[str, list[tuple[str, str, bool]]]:
    """table -> [(column, Vietnamese alias, required)] in the contract's order."""
    from analysis.importer import headers

    out = {}
    for table, columns in headers.TABLES.items():
        out[table] = [(c.key, c.aliases[1] if len(c.aliases) > 1 else c.key, c.required) for c in columns]
    return out


def template_csv(table: str) -> bytes:
    columns = [c for c, _, _ in template_tables()[table]]
    return (",".join(columns) + "\n").encode("utf-8-sig")


def template_xlsx(tables: list[str] | None = None) -> bytes:
    """A workbook with one sheet per table (named after it, so the importer recognises it), the
    contract's column names in row 1, bold where required."""
    import openpyxl
    from openpyxl.styles import Font

    spec = template_tables()
    book = openpyxl.Workbook()
    book.remove(book.active)
    for table in tables or list(spec):
        ws = book.create_sheet(table)
        for i, (column, alias, required) in enumerate(spec[table], start=1):
            cell = ws.cell(row=1, column=i, value=column)
            cell.font = Font(bold=required)
            ws.column_dimensions[cell.column_letter].width = max(12, len(column) + 4)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
