"""Tables as .xlsx workbooks ready to send: a title row, a bold filled header that stays frozen
with an autofilter, sized columns, numbers stored as numbers, a footer with the source, and the
"Dữ liệu minh họa" marker on demo data.

Number formats and the decimal comma: an .xlsx number format cannot force the decimal and
thousands marks. Excel always draws `#,##0.00` with the separators of the reader's own settings,
so a Vietnamese Windows/Excel shows 85,57 and 1.234,50, and an English one 85.57; a locale tag
such as `[$-42A]` changes date and currency words, not the separators. The only way to force the
comma everywhere would be to store text, which would stop the agencies from sorting, summing or
charting the figures. So numbers stay numbers, with the standard formats below.
"""
from __future__ import annotations

import io
import math
import re
from collections.abc import Mapping

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from analysis import agencies
from analysis.export import context, labels
from analysis.export.plan_sheet import add_plan_sheet
from analysis.export.safety import is_formula_like, xml_safe
from analysis.i18n import criterion_names, index_name
from analysis.ledger import ledger

DECIMAL = "#,##0.00"
INTEGER = "#,##0"
PLAIN_INTEGER = "0"  # years, ranks and counts: no thousands mark ("2.023" would read as a decimal)
SIGNED_DECIMAL = "+#,##0.00;-#,##0.00;0.00"
SIGNED_INTEGER = "+0;-0;0"

_PLAIN_INTEGER_COLUMNS = {"year", "rank", "rank_of", "previous_rank", "target_rank", "depth",
                          "criteria_led", "previous_year"}
_SIGNED_COLUMNS = {"delta_score", "delta_points_lost", "gap_to_mean", "gap_to_best",
                   "gap_to_target", "gap", "delta_pct"}
_SIGNED_INTEGER_COLUMNS = {"delta_rank", "rank_gap"}

HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
HEADER_FONT = Font(bold=True, color="FFFFFF")
TITLE_FONT = Font(bold=True, size=14)
DEMO_FONT = Font(bold=True, color="C00000")
NOTE_FONT = Font(italic=True, color="595959")
THIN = Side(style="thin", color="BFBFBF")

_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
MAX_COLUMN_WIDTH = 60


def default_number_format(column: str, series: pd.Series) -> str | None:
    """The format a column gets unless the caller names one: signed for changes, no thousands
    mark for years and ranks, two decimals for scores."""
    if pd.api.types.is_bool_dtype(series) or not pd.api.types.is_numeric_dtype(series):
        return None
    if column in _SIGNED_INTEGER_COLUMNS:
        return SIGNED_INTEGER
    if column in _SIGNED_COLUMNS:
        return SIGNED_DECIMAL
    if column in _PLAIN_INTEGER_COLUMNS:
        return PLAIN_INTEGER
    if pd.api.types.is_integer_dtype(series):
        return INTEGER
    return DECIMAL


def sheet_title(name: str, taken: set[str]) -> str:
    """A valid, unique Excel sheet name (≤ 31 characters, none of []:*?/\\)."""
    base = _SHEET_FORBIDDEN.sub(" ", str(name)).strip().strip("'") or "Sheet"
    base = base[:31]
    candidate, n = base, 2
    while candidate.lower() in {t.lower() for t in taken}:
        suffix = f" ({n})"
        candidate = base[: 31 - len(suffix)] + suffix
        n += 1
    taken.add(candidate)
    return candidate


def cell_value(value: object, lang: str = "vi") -> object:
    """A frame value as a spreadsheet value: missing -> empty cell (never 0), numpy -> Python,
    lists -> 'a; b', booleans -> Có/Không."""
    if isinstance(value, (list, tuple)):
        return "; ".join(str(v) for v in value if not labels.is_missing(v))
    if hasattr(value, "tolist") and not isinstance(value, (str, bytes)):
        value = value.tolist()  # numpy scalars and arrays
        if isinstance(value, list):
            return "; ".join(str(v) for v in value if not labels.is_missing(v))
    if labels.is_missing(value):
        return None
    if isinstance(value, bool):
        return labels.text("yes" if value else "no", lang)
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    return value


def _write_text_safely(cell, value: str) -> None:
    """Text that a spreadsheet would read as a formula is stored as text with Excel's quote
    prefix (shown without an apostrophe, never evaluated, and kept as text when edited)."""
    value = xml_safe(value)
    cell.value = value
    if is_formula_like(value):
        cell.data_type = "s"  # openpyxl would otherwise store '=...' as a formula
        cell.quotePrefix = True


def _display_width(value: object, number_format: str | None) -> int:
    if value is None:
        return 0
    if isinstance(value, float):
        return len(f"{value:,.2f}") + 1
    return max((len(line) for line in str(value).splitlines()), default=0)


def write_frame(ws, frame: pd.DataFrame, *, title: str | None = None, demo: bool = False,
                source_note: str | None = None, column_labels: Mapping[str, str] | None = None,
                number_formats: Mapping[str, str] | None = None, lang: str = "vi",
                depth: pd.Series | None = None, version_note: str | None = None) -> int:
    """Write one table on a worksheet; returns the header's row number.

    `depth` (the criterion depth of each row, aligned with `frame`) becomes Excel row outline
    levels, so a reader can fold the tree to fields or criteria; fields (depth ≤ 1) are bold.
    """
    column_labels = dict(column_labels or {})
    number_formats = dict(number_formats or {})
    frame = labels.said(frame, lang)
    row = 1
    if title:
        _write_text_safely(ws.cell(row, 1), title)
        ws.cell(row, 1).font = TITLE_FONT
        row += 1
    if demo:
        ws.cell(row, 1, labels.text("demo_data", lang)).font = DEMO_FONT
        row += 1
    if title or demo:
        row += 1  # one empty row between the title block and the table
    header_row = row
    columns = list(frame.columns)
    formats = {c: number_formats.get(c, default_number_format(c, frame[c])) for c in columns}
    widths = [0] * len(columns)
    for j, column in enumerate(columns, start=1):
        label = column_labels.get(column, labels.column_label(column, lang))
        cell = ws.cell(header_row, j)
        _write_text_safely(cell, str(label))
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        cell.border = Border(bottom=THIN)
        widths[j - 1] = min(max(len(w) for w in str(label).split()) + 2, MAX_COLUMN_WIDTH) if str(label).split() else 8
    for i, record in enumerate(frame.itertuples(index=False, name=None), start=header_row + 1):
        for j, raw in enumerate(record, start=1):
            value = cell_value(raw, lang)
            cell = ws.cell(i, j)
            if isinstance(value, str):
                _write_text_safely(cell, value)
            else:
                cell.value = value
                if formats[columns[j - 1]] and value is not None:
                    cell.number_format = formats[columns[j - 1]]
            widths[j - 1] = max(widths[j - 1], min(_display_width(value, formats[columns[j - 1]]) + 2, MAX_COLUMN_WIDTH))
        if depth is not None:
            _outline(ws, i, depth.iloc[i - header_row - 1])
    last_row = header_row + len(frame)
    for j, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(j)].width = max(width, 8)
    if columns:
        ws.freeze_panes = ws.cell(header_row + 1, 1)
        ws.auto_filter.ref = f"A{header_row}:{get_column_letter(len(columns))}{max(last_row, header_row)}"
    footer = last_row + 2
    if source_note:
        cell = ws.cell(footer, 1)
        _write_text_safely(cell, f"{labels.text('source', lang)}: {source_note}")
        cell.font = NOTE_FONT
        footer += 1
    if version_note:
        cell = ws.cell(footer, 1)
        _write_text_safely(cell, version_note)
        cell.font = NOTE_FONT
        footer += 1
    if demo:
        ws.cell(footer, 1, labels.text("demo_data", lang)).font = DEMO_FONT
    return header_row


def _outline(ws, row: int, level: object) -> None:
    if labels.is_missing(level):
        return
    if int(level) > 1:
        ws.row_dimensions[row].outlineLevel = min(int(level) - 1, 7)
    else:
        for cell in ws[row]:
            cell.font = Font(bold=True)


def workbook_bytes(wb: Workbook) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def table_to_xlsx(frames: Mapping[str, pd.DataFrame] | pd.DataFrame, *, title: str | None = None,
                  demo: bool = False, source_note: str | None = None,
                  column_labels: Mapping[str, str] | None = None,
                  number_formats: Mapping[str, str] | None = None, lang: str = "vi",
                  version_note: str | None = None) -> bytes:
    """One or several tables as an .xlsx file (one sheet per table, in order).

    `frames` is a DataFrame or a {sheet name: DataFrame} mapping; `column_labels` maps column
    names to headers (default: the export catalogue's label, else the column name);
    `number_formats` maps column names to Excel number formats; `version_note` (the data
    version) is printed under the source.
    """
    if isinstance(frames, pd.DataFrame):
        frames = {labels.text("sheet_data", lang): frames}
    wb = Workbook()
    wb.remove(wb.active)
    taken: set[str] = set()
    for name, frame in frames.items():
        ws = wb.create_sheet(sheet_title(name, taken))
        write_frame(ws, frame, title=title, demo=demo, source_note=source_note,
                    column_labels=column_labels, number_formats=number_formats, lang=lang,
                    version_note=version_note)
    if not wb.worksheets:
        wb.create_sheet(labels.text("sheet_data", lang))
    wb.properties.title = title or ""
    wb.properties.creator = "pardash"
    return workbook_bytes(wb)


# ---- workbooks for the agencies -------------------------------------------------------------

LEDGER_COLUMNS = ["criterion_code", "name", "max_score", "score", "pct", "points_lost",
                  "previous_score", "delta_score", "national_mean", "gap_to_mean", "best_score",
                  "gap_to_best", "target_score", "gap_to_target", "lead_name", "break_note"]

ACCOUNTABILITY_COLUMNS = ["criterion_code", "name", "score", "max_score", "pct", "points_lost",
                          "delta_score"]

AGENCY_SUMMARY_COLUMNS = ["lead_name", "criteria_led", "points_lost", "previous_points_lost",
                          "delta_points_lost", "weakest_items"]


def _present(frame: pd.DataFrame, wanted: list[str]) -> list[str]:
    """The wanted columns the frame actually has, in the wanted order."""
    return [c for c in wanted if c in frame.columns]


def provenance(con, index_code: str, year: int, unit_code: str, demo: bool | None, lang: str = "vi"):
    """(source note, data-version note, demo flag) for a unit's export; `demo=None` follows the
    database (a demo workspace is marked as such)."""
    version = context.data_version(con)
    note = "; ".join(context.figure_sources(con, index_code, year, unit_code, lang)) or None
    covered = context.coverage_note(con, index_code, year, lang)  # national means rest on these
    if covered:
        note = f"{covered} {note}" if note else covered
    return note, version.label(lang), version.is_demo if demo is None else demo


def ledger_workbook(con, index_code: str, year: int, unit_code: str, *, lang: str = "vi",
                    demo: bool | None = None) -> bytes:
    """The unit's full score ledger (every level of the tree, foldable by depth) as .xlsx.
    `demo=None` follows the database (a demo batch in it means demo data)."""
    frame = criterion_names(ledger(con, index_code, year, unit_code), lang)
    note, version, demo = provenance(con, index_code, year, unit_code, demo, lang)
    unit = context.unit_name(con, unit_code, year, lang)
    title = labels.text("ledger_title", lang, index=index_name(index_code, lang), year=year, unit=unit)
    wb = Workbook()
    ws = wb.active
    ws.title = sheet_title(labels.text("sheet_ledger", lang), set())
    write_frame(ws, frame[_present(frame, LEDGER_COLUMNS)], title=title, demo=demo,
                source_note=note, version_note=version, lang=lang,
                depth=frame["depth"] if "depth" in frame.columns else None)
    wb.properties.title = title
    return workbook_bytes(wb)


def accountability_workbook(con, index_code: str, year: int, province_code: str, *,
                            lang: str = "vi", demo: bool | None = None,
                            extra: Mapping[str, pd.DataFrame] | None = None) -> bytes:
    """The "giải trình" list: a summary sheet of lead agencies (points lost, change, weakest
    items), then one sheet per lead agency with the criteria it leads, ready to send; `extra`
    ({sheet name: table}) adds sheets after them (the deck's full tables)."""
    note, version, demo = provenance(con, index_code, year, province_code, demo, lang)
    unit = context.unit_name(con, province_code, year, lang)
    summary = agencies.agency_summary(con, index_code, year, province_code)
    items = agencies.accountability_list(con, index_code, year, province_code)
    wb = Workbook()
    taken: set[str] = set()
    ws = wb.active
    ws.title = sheet_title(labels.text("sheet_summary", lang), taken)
    index = index_name(index_code, lang)
    title = labels.text("accountability_title", lang, index=index, year=year, unit=unit)
    write_frame(ws, summary[_present(summary, AGENCY_SUMMARY_COLUMNS)], title=title, demo=demo,
                source_note=note, version_note=version, lang=lang)
    # every agency of the summary gets its sheet, listing every criterion it leads (weakest
    # first); the ones on the giải trình list are marked, so the sheet is the whole picture
    led = agencies.accountability_list(con, index_code, year, province_code, threshold=math.inf, n=10**9)
    on_list = set(items["criterion_code"])
    led = led.assign(in_list=led["criterion_code"].isin(on_list))
    for row in summary.itertuples(index=False):
        rows = led[led["lead_code"] == row.lead_code]
        sheet = wb.create_sheet(sheet_title(row.lead_name, taken))
        write_frame(sheet, rows[_present(rows, ACCOUNTABILITY_COLUMNS + ["in_list"])],
                    title=labels.text("agency_title", lang, agency=row.lead_name, index=index, year=year),
                    demo=demo, source_note=note, version_note=version, lang=lang)
    unassigned = items[items["lead_code"].isna()]
    if len(unassigned):  # weak items nobody leads yet: listed, so they are not forgotten
        agency = labels.text("no_agency", lang)
        sheet = wb.create_sheet(sheet_title(agency, taken))
        write_frame(sheet, unassigned[_present(unassigned, ACCOUNTABILITY_COLUMNS)],
                    title=labels.text("agency_title", lang, agency=agency, index=index, year=year),
                    demo=demo, source_note=note, version_note=version, lang=lang)
    # the plans sheet the agencies fill and send back (it imports as the `plans` table)
    add_plan_sheet(wb, con, index_code, year, province_code, lang,
                   sheet_title(labels.text("sheet_plans", lang), taken))
    for name, frame in (extra or {}).items():
        write_frame(wb.create_sheet(sheet_title(name, taken)), frame, title=f"{name}: {title}", demo=demo,
                    source_note=note, version_note=version, lang=lang)
    wb.properties.title = title
    return workbook_bytes(wb)
