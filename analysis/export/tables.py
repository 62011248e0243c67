"""Tables as CSV files that Excel opens correctly in Vietnam.

- UTF-8 with a BOM: without it Excel reads UTF-8 as the ANSI code page and the diacritics break.
- `vietnamese=True` writes the decimal comma (85,57) and the `;` separator, which is what Excel
  expects on machines set to Vietnamese regional settings; the default is the plain `,`/`.` form
  that every program reads.
- Text a spreadsheet would read as a formula is prefixed with an apostrophe (see `safety`).
- Numbers are written at the precision the app and the workbooks show them (two decimals for
  scores and changes, whole numbers for ranks, years and counts; the column's .xlsx format
  decides), never the float's full expansion (7,409999999999999).
"""
from __future__ import annotations

import csv
import io
import math
from collections.abc import Mapping

import pandas as pd

from analysis.export import labels
from analysis.export.safety import neutralise

BOM = "\ufeff"


def _number_text(value: float, decimal: str, decimals: int | None = 2) -> str:
    """At the precision shown, no thousands mark (a CSV is data, not a report):
    7.409999999999999 -> '7,41'; `decimals=0` for ranks and years, None for full precision."""
    if decimals is None:
        text = repr(float(value))
        if "e" in text or "E" in text:
            text = f"{value:f}".rstrip("0").rstrip(".")
    else:
        text = f"{float(value):.{decimals}f}"
        if text.startswith("-") and float(text) == 0:
            text = text[1:]  # -0.00 after rounding is 0
    return text.replace(".", decimal)


def column_decimals(column: str, series: pd.Series) -> int | None:
    """Decimals a column is shown with: 0 for the whole-number formats, else 2 (the workbook's
    format of the same column); None for a column that is not numeric."""
    from analysis.export.xlsx import INTEGER, PLAIN_INTEGER, SIGNED_INTEGER, default_number_format

    form = default_number_format(column, series)
    if form is None:
        return None
    return 0 if form in (INTEGER, PLAIN_INTEGER, SIGNED_INTEGER) else 2


def csv_value(value: object, *, decimal: str = ".", lang: str = "vi", decimals: int | None = 2) -> str:
    if isinstance(value, (list, tuple)):
        return neutralise("; ".join(str(v) for v in value if not labels.is_missing(v)))
    if hasattr(value, "tolist") and not isinstance(value, (str, bytes)):
        value = value.tolist()
        if isinstance(value, list):
            return neutralise("; ".join(str(v) for v in value if not labels.is_missing(v)))
    if labels.is_missing(value):
        return ""
    if isinstance(value, bool):
        return labels.text("yes" if value else "no", lang)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return "" if math.isnan(value) else _number_text(value, decimal, decimals)
    return neutralise(str(value))


def table_to_csv(frame: pd.DataFrame, *, vietnamese: bool = False,
                 column_labels: Mapping[str, str] | None = None, lang: str = "vi",
                 bom: bool = True) -> bytes:
    """One table as CSV bytes (UTF-8, BOM by default). Headers are the column labels for people
    when `column_labels` is given, else the snake_case column names (stable for re-import)."""
    decimal, separator = (",", ";") if vietnamese else (".", ",")
    frame = labels.said(frame, lang)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=separator, lineterminator="\r\n")
    columns = list(frame.columns)
    header = [str((column_labels or {}).get(c, c)) for c in columns]
    writer.writerow([neutralise(h) for h in header])
    decimals = [column_decimals(str(c), frame[c]) for c in columns]
    for record in frame.itertuples(index=False, name=None):
        writer.writerow([csv_value(v, decimal=decimal, lang=lang, decimals=d) for v, d in zip(record, decimals)])
    return ((BOM if bom else "") + buffer.getvalue()).encode("utf-8")
