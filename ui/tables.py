"""Tables for the screen: numbers pre-formatted in the screen's language (85,57 · +3,86 · 79,30%
in Vietnamese, 85.57 in English), because Streamlit's grid formats numbers only in the browser's
locale. Rows keep the order the
analysis gave (weakest first, rank order); `order_by` re-sorts on the numeric values."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis import fmt
from analysis import i18n
from analysis.i18n import t
from ui import downloads
from ui.columns import title
from ui.markup import md_escape


def _signed_int(value) -> str:
    if value is None or pd.isna(value):
        return "–"
    value = int(value)
    return f"+{value}" if value > 0 else (f"\u2212{abs(value)}" if value < 0 else "0")


def _bool(lang: str):
    def show(value) -> str:
        if value is None or (not isinstance(value, str) and pd.isna(value)):
            return "–"
        return t("yes", lang) if bool(value) else t("no", lang)
    return show


def _lead(lang: str):
    """A lead agency's name; a criterion nobody leads reads "chưa phân công", never blank or None."""
    def show(value) -> str:
        text = _text(value)
        return text if text and text != "None" else t("lead.unassigned", lang)
    return show


def _text(value) -> str:
    if value is None or isinstance(value, float) and pd.isna(value):
        return ""
    if not isinstance(value, str) and hasattr(value, "__len__"):  # list, tuple, array of names
        return "; ".join(str(v) for v in value)
    return "" if value is pd.NA or value is pd.NaT else str(value)


def _when(value) -> str:
    """Vietnamese date and time: 22/11/2026 14:05."""
    if value is None or value is pd.NaT or (isinstance(value, float) and pd.isna(value)):
        return ""
    return pd.Timestamp(value).strftime("%d/%m/%Y %H:%M")


def _number(show, *args):
    """A number formatter in `lang` for a column kind: missing values read '–', never 0."""
    return lambda lang: (lambda v: show(None if pd.isna(v) else float(v), *args, lang=lang))


# column kind -> formatter of a value in `lang`
FORMATS = {
    "num": _number(fmt.number),
    "num1": _number(fmt.number, 1),
    "pct": _number(fmt.percent, 1),
    "signed": _number(fmt.signed),
    "int": lambda lang: (lambda v: fmt.integer(None if pd.isna(v) else float(v), lang=lang)),
    "signed_int": lambda lang: _signed_int,
    "text": lambda lang: _text,
    "when": lambda lang: _when,
    "bool": _bool,
    "lead": _lead,
    "note": lambda lang: (lambda v: i18n.break_note(_text(v), lang)),
    "batch_kind": lambda lang: (lambda v: i18n.batch_kind(_text(v), lang)),
    "batch_source": lambda lang: (lambda v: i18n.batch_source(_text(v), lang)),
    "band": lambda lang: (lambda v: i18n.band_name(_text(v) or None, lang) if _text(v) else "–"),
    "region": lambda lang: (lambda v: i18n.region_name(_text(v) or None, lang)),
}
# columns whose stored words are said in the screen's language whatever kind a page gives them
SPOKEN = {"break_note": "note", "band": "band", "kind": "batch_kind", "region": "region"}


def formatted(df: pd.DataFrame, columns: dict[str, str], lang: str) -> pd.DataFrame:
    """Keep `columns` (name -> kind), format each in `lang`, and title them from the catalogue.
    Criteria are named in `lang` where the tree has the name; a method-break note is retold."""
    if "criterion_code" in df.columns:
        df = i18n.criterion_names(df, lang)
    out = {}
    for name, kind in columns.items():
        if name not in df.columns:
            continue
        show = FORMATS[SPOKEN.get(name, kind)](lang)
        out[title(name, lang)] = [show(v) for v in df[name]]
    return pd.DataFrame(out, index=range(len(df)))


def order_by(df: pd.DataFrame, column: str, descending: bool) -> pd.DataFrame:
    """Sort on the numeric values (missing last) and renumber, so row positions map back."""
    return df.sort_values(column, ascending=not descending, na_position="last", kind="stable").reset_index(drop=True)


def show(df: pd.DataFrame, columns: dict[str, str], lang: str, *, key: str | None = None, select: bool = False,
         height: int | str = "auto", export: str | None = None, heading: str = "", workbooks=None,
         export_columns: dict[str, str] | None = None, widths: dict[str, int | str] | None = None):
    """Render a formatted table; with `select`, a single-row selection event is returned.
    With `export` (a file name), a download menu follows: .xlsx and CSV of the same rows with
    `export_columns` (default: the columns shown), titled `heading`, plus any `workbooks`.
    `widths` (column -> pixels or "small"/"medium"/"large") sizes the columns that must fit."""
    view = formatted(df, columns, lang)
    kwargs = {"hide_index": True, "width": "stretch", "height": height}
    if widths:
        kwargs["column_config"] = column_widths(widths, lang)
    if key:
        kwargs["key"] = key
    if select:
        kwargs.update(on_select="rerun", selection_mode="single-row")
    event = st.dataframe(view, **kwargs)
    if export:
        downloads.table_downloads(df, export, columns=export_columns or columns, heading=heading,
                                  workbooks=workbooks)
    return event


def column_widths(widths: dict[str, int | str], lang: str) -> dict:
    """Streamlit column configuration (keyed by the shown titles) that fixes the given widths."""
    return {title(name, lang): st.column_config.Column(width=width) for name, width in widths.items()}


def selected_row(event) -> int | None:
    """The selected row position of a dataframe event (real object or injected dict)."""
    if event is None:
        return None
    sel = event["selection"] if isinstance(event, dict) else getattr(event, "selection", None)
    if sel is None:
        return None
    rows = sel["rows"] if isinstance(sel, dict) else getattr(sel, "rows", [])
    return rows[0] if rows else None


def column_values(df: pd.DataFrame, column: str) -> list:
    """Plain Python values of a column (for selectboxes), without exposing pandas to pages."""
    return [] if df is None or column not in df else list(df[column])


def static_table(headers, rows) -> None:
    """A static table in large type (presentation slides). st.table renders Markdown, so every
    cell and header is escaped: names are shown as typed, never as markup."""
    cells = [[md_escape(c) for c in row] for row in rows]
    st.table(pd.DataFrame(cells, columns=[md_escape(h) for h in headers]), hide_index=True)
