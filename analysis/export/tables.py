"""Tables as CSV files that Excel opens correctly in Vietnam.

- UTF-8 with a BOM: without it Excel reads UTF-8 as the ANSI code page and the diacritics break.
- `vietnamese=True` writes the decimal comma (85,57) and the `;` separator, which is what Excel
  expects on machines set to Vietnamese regional settings; the default is the plain `,`/`.` form
  that every program reads.
- Text a spreadsheet would read as a formula is prefixed with an apostrophe (see `safety`).
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


def _number_text(value: float, decimal: str) -> str:
    """Full precision, no thousands mark (a CSV is data, not a report): 85.567 -> '85,567'."""
    text = repr(float(value))
    if "e" in text or "E" in text:
        text = f"{value:f}".rstrip("0").rstrip(".")
    return text.replace(".", decimal)


def csv_value(value: object, *, decimal: str = ".", lang: str = "vi") -> str:
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
        return "" if math.isnan(value) else _number_text(value, decimal)
    return neutralise(str(value))


def table_to_csv(frame: pd.DataFrame, *, vietnamese: bool = False,
                 column_labels: Mapping[str, str] | None = None, lang: str = "vi",
                 bom: bool = True) -> bytes:
    """One table as CSV bytes (UTF-8, BOM by default). Headers are the column labels for people
    when `column_labels` is given, else the snake_case column names (stable for re-import)."""
    decimal, separator = (",", ";") if vietnamese else (".", ",")
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=separator, lineterminator="\r\n")
    columns = list(frame.columns)
    header = [str((column_labels or {}).get(c, c)) for c in columns]
    writer.writerow([neutralise(h) for h in header])
    for record in frame.itertuples(index=False, name=None):
        writer.writerow([csv_value(v, decimal=decimal, lang=lang) for v in record])
    return ((BOM if bom else "") + buffer.getvalue()).encode("utf-8")
