"""The data page's helpers: preview an uploaded file the way the importer will read it, and
generate blank templates (.csv / .xlsx) from the importer's own column list (the contract)."""
from __future__ import annotations

import csv
import hashlib
import io
import itertools
import tempfile
import unicodedata
from pathlib import Path

import pandas as pd
import streamlit as st

from analysis.i18n import t
from analysis.importer import headers, read

PREVIEW_ROWS = 20
PREVIEW_BYTES = 1 << 20   # a CSV preview decodes the head of the file only


def preview(name: str, content: bytes) -> list[tuple[str, str | None, pd.DataFrame]]:
    """(label, table it names or None, first rows as text) per CSV file or visible workbook sheet;
    a file the importer would refuse outright gets one frame holding the importer's message.

    Computed once per file: Streamlit reruns the page on every widget change, and the uploaded
    bytes are the same, so the preview is cached on the file's name and SHA-256."""
    return _preview_cached(name, hashlib.sha256(content).hexdigest(), content)


@st.cache_data(show_spinner=False, max_entries=32)
def _preview_cached(name: str, sha256: str, _content: bytes) -> list[tuple[str, str | None, pd.DataFrame]]:
    return compute_preview(name, _content)


def compute_preview(name: str, content: bytes) -> list[tuple[str, str | None, pd.DataFrame]]:
    with tempfile.TemporaryDirectory(prefix="pardash-preview-") as folder:
        path = Path(folder) / Path(name).name
        path.write_bytes(content if name.lower().endswith(".xlsx") else content[:PREVIEW_BYTES])
        try:
            if name.lower().endswith(".xlsx"):
                return _preview_xlsx(name, path)
            encoding = read.detect_encoding(path)
        except read.ReadError as exc:
            return [(name, None, _message_frame(exc))]
    # NFC like the importer: Windows-1258 writes tones as combining marks
    text = content[:PREVIEW_BYTES].decode(encoding, errors="replace").lstrip("\ufeff")
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n"))
    first = text.splitlines()[0] if text else ""
    reader = csv.reader(io.StringIO(text), delimiter=read.detect_separator(first))
    return [(name, headers.table_of_name(name), _frame(list(itertools.islice(reader, PREVIEW_ROWS + 1))))]


def _preview_xlsx(name: str, path: Path) -> list[tuple[str, str | None, pd.DataFrame]]:
    book = read.open_workbook(path)   # the importer's checks: size, encryption, what the file is
    out = []
    try:
        for ws in book.worksheets:
            if getattr(ws, "sheet_state", "visible") != "visible":
                continue  # the importer skips hidden sheets
            ws.reset_dimensions()
            rows = [[read.cell_text(c) for c in row] for row in ws.iter_rows(max_row=PREVIEW_ROWS + 1)]
            if rows:
                out.append((f"{name}[{ws.title}]", headers.table_of_name(ws.title), _frame(rows)))
    finally:
        book.close()
    return out


MESSAGE_COLUMN = "⚠"


def _message_frame(exc) -> pd.DataFrame:
    return pd.DataFrame({MESSAGE_COLUMN: [message for _line, message, *_ in exc.problems]}, dtype="object")


def preview_message(frame: pd.DataFrame) -> str | None:
    """The importer's message when the preview is one (the file would be refused outright)."""
    if list(frame.columns) == [MESSAGE_COLUMN]:
        return "; ".join(str(m) for m in frame[MESSAGE_COLUMN])
    return None


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


def uploader_style(lang: str) -> str:
    """CSS that says the file uploader's own words (Streamlit writes them in English only: the
    "Upload" button, "200MB per file • CSV, XLSX, PDF") in the screen's language."""
    if lang == "en":
        return ""
    limit = t("data.upload_limit", lang, mb=st.get_option("server.maxUploadSize"))
    return (
        "<style>"
        # the words Streamlit wrote stay in the page, hidden (and out of its visible text)
        '[data-testid="stFileUploaderDropzone"] button p,'
        '[data-testid="stFileUploaderDropzoneInstructions"] span {visibility: hidden; font-size: 0}'
        '[data-testid="stFileUploaderDropzone"] button p::after,'
        '[data-testid="stFileUploaderDropzoneInstructions"] span::after {visibility: visible; font-size: 0.875rem}'
        f'[data-testid="stFileUploaderDropzone"] button p::after {{content: "{_css(t("data.upload_button", lang))}"}}'
        f'[data-testid="stFileUploaderDropzoneInstructions"] span::after {{content: "{_css(limit)}"}}'
        "</style>")


def _css(text: str) -> str:
    """Text for a CSS `content` string."""
    return text.replace("\\", "\\\\").replace('"', '\\"')


# ---- templates ---------------------------------------------------------------------------------

def template_tables() -> dict[str, list[tuple[str, str, bool]]]:
    """table -> [(column, Vietnamese alias, required)] in the contract's order."""
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
