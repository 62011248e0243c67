"""Downloads under every table and chart: a small "Tải xuống" popover with .xlsx and CSV for a
table (formatted headers, Vietnamese labels, title, source and data version, "Dữ liệu minh họa"
on demo data) and PNG (2×) and SVG for a chart.

The files are made lazily: each button gets a callable that builds the bytes only when it is
clicked (Streamlit's deferred download), and the builders are cached on their inputs, so a page
rerun costs nothing and a second click is instant. The callables run outside the page script, so
they capture plain values (the workspace, the selection, the language), never session state.
"""
from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from analysis.export import context as export_context
from analysis.export import images
from analysis.export.tables import table_to_csv
from analysis.geo import inline_screen_maps
from analysis.i18n import index_name, t
from ui import data, selection
from ui.columns import title as column_title

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_UNSAFE_FILE_CHARS = re.compile(r"[^\w.\-]+")


@dataclass(frozen=True)
class Context:
    """What an export prints around its table: for which workspace, index, year and unit."""
    workspace: str
    lang: str
    index_code: str | None = None
    year: int | None = None
    unit_code: str | None = None

    @property
    def demo(self) -> bool:
        return self.workspace == "demo"


def context() -> Context:
    """The export context of this run: the sidebar's selection (when the page drew one)."""
    sel = selection.current()
    lang, workspace = selection.current_lang(), selection.current_workspace()
    if sel is None:
        return Context(workspace, lang)
    return Context(workspace, lang, sel.index_code, int(sel.year), sel.unit_code)


def stem_for(name: str, ctx: Context) -> str:
    """'xep_hang_PAR_INDEX_2024_20': the table's name and the selection it shows."""
    parts = [name, ctx.index_code, ctx.year, ctx.unit_code]
    return file_stem("_".join(str(p) for p in parts if p not in (None, "")))


def file_stem(name: str) -> str:
    """A file name safe on every system (letters, digits, _ . -)."""
    return _UNSAFE_FILE_CHARS.sub("_", str(name)).strip("_") or "bang"


def export_title(heading: str, ctx: Context) -> str:
    """'Bảng xếp hạng các tỉnh – Chỉ số CCHC (PAR INDEX) 2024 – Lạng Sơn'."""
    parts = [heading]
    if ctx.index_code:
        parts.append(f"{index_name(ctx.index_code, ctx.lang)} {ctx.year}")
    if ctx.unit_code:
        parts.append(_unit_name(ctx))
    return " – ".join(p for p in parts if p)


def _unit_name(ctx: Context) -> str:
    try:
        return str(data.ask(ctx.workspace, export_context.unit_name, ctx.unit_code, ctx.year, ctx.lang)
                   or ctx.unit_code)
    except Exception:  # a name is nice to have; the code is enough
        return str(ctx.unit_code)


def provenance(ctx: Context) -> tuple[str | None, str | None]:
    """(source note, data-version note) of the selection's figures, from the export context."""
    try:
        version = data.ask(ctx.workspace, export_context.data_version)
        version_note = version.label(ctx.lang) if version is not None else None
        sources = None
        if ctx.index_code and ctx.unit_code:
            sources = data.ask(ctx.workspace, export_context.figure_sources, ctx.index_code, ctx.year,
                               ctx.unit_code, ctx.lang)
        covered = (data.ask(ctx.workspace, export_context.coverage_note, ctx.index_code, ctx.year, ctx.lang)
                   if ctx.index_code else None)
        note = "; ".join(sources) if sources else None
        if covered:  # a national figure always states on how many provinces it rests
            note = f"{covered} {note}" if note else covered
        return note, version_note
    except Exception:  # an export without a footer beats no export
        return None, None


# ---- the bytes (cached on their inputs) --------------------------------------------------------

def _xlsx():
    """analysis.export.xlsx, imported when a workbook is first made: openpyxl takes most of a
    second to import, and most page views download nothing."""
    from analysis.export import xlsx

    return xlsx


@st.cache_data(show_spinner=False, max_entries=200)
def table_xlsx(frame: pd.DataFrame, column_labels: dict, title: str, ctx: Context) -> bytes:
    source, version = provenance(ctx)
    return _xlsx().table_to_xlsx(frame, title=title, demo=ctx.demo, source_note=source, version_note=version,
                         column_labels=column_labels, lang=ctx.lang)


@st.cache_data(show_spinner=False, max_entries=200)
def table_csv(frame: pd.DataFrame, column_labels: dict, lang: str) -> bytes:
    """Vietnamese CSV (decimal comma, `;`, BOM): what Excel on a Vietnamese machine expects."""
    return table_to_csv(frame, vietnamese=True, column_labels=column_labels, lang=lang)


@st.cache_data(show_spinner=False, max_entries=200)
def chart_png(spec_json: str) -> bytes:
    return images.chart_png(_chart(spec_json), scale=2)


@st.cache_data(show_spinner=False, max_entries=200)
def chart_svg(spec_json: str) -> bytes:
    return images.chart_svg(_chart(spec_json)).encode("utf-8")


class _Spec:
    """A chart's Vega-Lite spec standing in for the chart (the renderers only call to_dict)."""

    def __init__(self, spec_json: str):
        self.spec_json = spec_json

    def to_dict(self) -> dict:
        return json.loads(self.spec_json)


def _chart(spec_json: str) -> _Spec:
    return _Spec(spec_json)


def export_frame(df: pd.DataFrame, columns: dict[str, str] | None, lang: str) -> tuple[pd.DataFrame, dict]:
    """The table's own columns with their values as numbers (not the screen's formatted text),
    and the headers the screen shows."""
    names = [c for c in (columns or {c: "" for c in df.columns}) if c in df.columns]
    frame = df[names].reset_index(drop=True)
    return frame, {c: column_title(c, lang) for c in names}


# ---- the buttons --------------------------------------------------------------------------------

def _menu(key: str):
    lang = selection.current_lang()
    return st.popover(t("dl.menu", lang), icon=":material/download:", type="tertiary", key=f"dlm_{key}")


def _button(label: str, make: Callable[[], bytes], file_name: str, mime: str, key: str, icon: str) -> None:
    st.download_button(label, data=make, file_name=file_name, mime=mime, on_click="ignore", key=key, icon=icon,
                       width="stretch")


def table_downloads(df: pd.DataFrame, name: str, *, columns: dict[str, str] | None = None, heading: str = "",
                    workbooks: list[tuple[str, Callable[[], bytes], str]] | None = None) -> None:
    """A 'Tải xuống' menu under a table: .xlsx and CSV of `df` (the `columns` shown), plus any
    ready-to-send `workbooks` (label, bytes maker, file name)."""
    if df is None:
        return
    ctx = context()
    stem = stem_for(name, ctx)

    # Built when a button is clicked, not on every run: the title reads the unit's name, a query
    # of its own on a province not viewed before.
    def xlsx() -> bytes:
        return table_xlsx(*export_frame(df, columns, ctx.lang), export_title(heading or name, ctx), ctx)

    with _menu(f"t_{stem}"):
        _button(t("dl.xlsx", ctx.lang), xlsx, f"{stem}.xlsx", XLSX, f"dl_xlsx_{stem}", ":material/table_view:")
        _button(t("dl.csv", ctx.lang), lambda: table_csv(*export_frame(df, columns, ctx.lang), ctx.lang),
                f"{stem}.csv", "text/csv", f"dl_csv_{stem}", ":material/description:")
        for label, make, file_name in workbooks or []:
            _button(label, make, file_name, XLSX, f"dl_book_{file_stem(file_name)}", ":material/send:")


def export_spec(chart) -> str:
    """The chart's Vega-Lite spec as the renderers need it: JSON, with a map's geometry inline
    (on screen the map names its file by URL, which vl-convert cannot fetch)."""
    spec = chart if isinstance(chart, dict) else chart.to_dict(validate=False)
    return json.dumps(inline_screen_maps(spec), ensure_ascii=False)


def chart_downloads(chart, name: str) -> None:
    """A 'Tải xuống' menu under a chart (an Altair chart or a Vega-Lite dict): PNG at twice the
    screen size, and SVG. The spec is serialised only when a button is clicked."""
    ctx = context()
    lang = ctx.lang
    stem = stem_for(name, ctx)
    with _menu(f"c_{stem}"):
        _button(t("dl.png", lang), lambda: chart_png(export_spec(chart)), f"{stem}.png", "image/png",
                f"dl_png_{stem}", ":material/image:")
        _button(t("dl.svg", lang), lambda: chart_svg(export_spec(chart)), f"{stem}.svg", "image/svg+xml",
                f"dl_svg_{stem}", ":material/polyline:")


# ---- ready-to-send workbooks (analysis.export.xlsx) ----------------------------------------------

def ledger_workbook(sel) -> tuple[str, Callable[[], bytes], str]:
    """The unit's full ledger workbook, as a (label, bytes maker, file name) for `table_downloads`."""
    return _workbook(sel, "dl.ledger_book", lambda xlsx: xlsx.ledger_workbook, "bang_diem_gui_don_vi")


def accountability_workbook(sel) -> tuple[str, Callable[[], bytes], str]:
    """The "giải trình" workbook (a summary sheet, then one sheet per lead agency)."""
    return _workbook(sel, "dl.accountability_book", lambda xlsx: xlsx.accountability_workbook,
                     "giai_trinh_gui_don_vi")


def _workbook(sel, label_key: str, maker: Callable, stem: str) -> tuple[str, Callable[[], bytes], str]:
    # maker(analysis.export.xlsx) is the workbook function: the module is imported only when the
    # button is clicked (openpyxl loads in about a second)
    ws, lang = sel.workspace, sel.lang
    args = (sel.index_code, int(sel.year), sel.unit_code)
    return (t(label_key, lang),
            lambda: data.ask(ws, maker(_xlsx()), *args, lang=lang, demo=ws == "demo"),
            file_stem(f"{stem}_{sel.index_code}_{sel.year}_{sel.unit_code}") + ".xlsx")
