"""The plans sheet of the giải trình workbook (kế hoạch khắc phục): what goes out comes back in.

The sheet is a `plans` table of the data contract as the importer reads it: the header on row 1
(the contract's Vietnamese aliases, or its column names in English), one row per plan already
stored and one prefilled row per weak item nobody has sent a plan for yet (province, index,
result year, criterion and lead agency filled; the agency writes the action, deadline and
status). Columns after the contract's (criterion and agency names, achievement) only help the
reader; the importer does not read them. The workbook is marked with `TEMPLATE_MARK`, so the
importer leaves out the prefilled rows an agency did not fill.
"""
from __future__ import annotations

import datetime as dt

import pandas as pd
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from analysis import agencies, plans, values
from analysis.export.safety import is_formula_like, xml_safe
from analysis.i18n import t
from analysis.importer.plans import TEMPLATE_MARK

CONTRACT = ["province_code", "index_code", "result_year", "criterion_code", "agency_code", "action",
            "deadline", "status", "evidence", "updated_at"]
HELP = ["name", "agency_name", "pct"]
FILL = PatternFill("solid", fgColor="FFF2CC")  # the cells the agency fills


def header(lang: str) -> list[str]:
    """Row 1: the contract's alias (vi) or name (en) of each column, then the helper columns."""
    return [t("plans.col." + c, lang) for c in CONTRACT + HELP]


def plan_rows(con, index_code: str, year: int, province_code: str, lang: str = "vi") -> pd.DataFrame:
    """The rows of the sheet: stored plans, then one empty plan per weak item without any."""
    stored = plans.plans(con, index_code, year, province_code)
    weak = agencies.accountability_list(con, index_code, year, province_code)
    pct = dict(zip(weak["criterion_code"], weak["pct"]))
    rows = [[province_code, index_code, year, p.criterion_code, p.agency_code, p.action, p.deadline,
             t("plans.status." + p.status, lang), p.evidence, None, p.name, p.agency_name,
             pct.get(p.criterion_code)] for p in stored.itertuples()]
    planned = set(stored["criterion_code"])
    rows += [[province_code, index_code, year, w.criterion_code, w.lead_code, None, None, None, None,
              None, w.name, w.lead_name, w.pct]
             for w in weak.itertuples() if w.criterion_code not in planned]
    frame = pd.DataFrame(rows, columns=CONTRACT + HELP)
    order = frame.assign(_k=frame["criterion_code"].map(values.code_key),
                         _a=frame["agency_name"].fillna("\uffff"))
    return order.sort_values(["_a", "_k"], kind="mergesort")[CONTRACT + HELP].reset_index(drop=True)


def add_plan_sheet(wb, con, index_code: str, year: int, province_code: str, lang: str,
                   title: str) -> None:
    """Append the plans sheet (named `title`) to `wb` and mark the workbook as a plan template."""
    ws = wb.create_sheet(title)
    ws.append(header(lang))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    frame = plan_rows(con, index_code, year, province_code, lang)
    for row in frame.itertuples(index=False, name=None):
        ws.append([_cell(v) for v in row])
    last = max(ws.max_row, 2)
    for row in ws.iter_rows(min_row=2, max_row=last):
        for cell in row:
            if isinstance(cell.value, str) and is_formula_like(cell.value):
                cell.data_type = "s"  # a name or action that looks like a formula stays text
                cell.quotePrefix = True
        for col in ("action", "deadline", "status", "evidence", "updated_at"):
            row[CONTRACT.index(col)].fill = FILL
        row[CONTRACT.index("deadline")].number_format = "dd/mm/yyyy"
        row[CONTRACT.index("updated_at")].number_format = "dd/mm/yyyy"
        for col in ("province_code", "criterion_code", "agency_code"):
            row[CONTRACT.index(col)].number_format = "@"
    choices = ",".join(t("plans.status." + s, lang) for s in plans.STATUSES)
    status = DataValidation(type="list", formula1=f'"{choices}"', allow_blank=True)
    ws.add_data_validation(status)
    letter = get_column_letter(CONTRACT.index("status") + 1)
    status.add(f"{letter}2:{letter}{last + 200}")
    for i, width in enumerate([8, 12, 10, 10, 14, 48, 12, 18, 30, 12, 40, 28, 10], start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A2"
    wb.properties.keywords = TEMPLATE_MARK


def _cell(value):
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return dt.datetime(value.year, value.month, value.day)
    if isinstance(value, str):
        return xml_safe(value)
    return value.item() if hasattr(value, "item") else value


def plans_workbook(frame: pd.DataFrame) -> bytes:
    """`export --what plans` as .xlsx: one sheet `plans`, the contract's column names on row 1,
    so the file loads back as it is."""
    from openpyxl import Workbook

    from analysis.export.xlsx import workbook_bytes

    wb = Workbook()
    ws = wb.active
    ws.title = "plans"
    ws.append(list(frame.columns))
    for row in frame.itertuples(index=False, name=None):
        ws.append([_cell(v) for v in row])
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str):
                if is_formula_like(cell.value):
                    cell.data_type = "s"
                    cell.quotePrefix = True
                cell.number_format = "@"
    return workbook_bytes(wb)
