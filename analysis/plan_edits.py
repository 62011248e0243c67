"""Editing plans in the app: every change is an import batch like any file's (validated by the
importer, recorded with its source, archived for a rebuild, undone by `undo`).

The edited rows are written as a `plans` CSV in the contract's columns and loaded with
`--replace` (an edit changes a stored plan on purpose); nothing else writes the `plan` table.
"""
from __future__ import annotations

import csv
import datetime as dt
import tempfile
from pathlib import Path

import pandas as pd

from analysis.importer import load_files
from analysis.importer.model import LoadResult
from analysis.plans import CONTRACT_COLUMNS

EDITABLE = ["deadline", "status", "evidence"]
KEY = ["criterion_code", "agency_code", "action"]
FILE_NAME = "ke_hoach_chinh_sua.csv"


def changed_rows(before: pd.DataFrame, after: pd.DataFrame) -> pd.DataFrame:
    """The rows of `after` that are new or differ from `before` in an editable column (both
    frames hold KEY + EDITABLE; rows are matched by KEY)."""
    old = {tuple(r[k] for k in KEY): tuple(_norm(r[c]) for c in EDITABLE)
           for r in before.to_dict("records")}
    keep = [tuple(r[k] for k in KEY) not in old or old[tuple(r[k] for k in KEY)]
            != tuple(_norm(r[c]) for c in EDITABLE) for r in after.to_dict("records")]
    return after[keep].reset_index(drop=True)


def _norm(value):
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, (pd.Timestamp, dt.datetime)):
        return value.date()
    if isinstance(value, str):
        return value.strip() or None
    return value


def save_plans(db_path: Path, index_code: str, year: int, province_code: str, rows: pd.DataFrame,
               *, source: str, today: dt.date | None = None) -> LoadResult:
    """Store `rows` (KEY + EDITABLE; agency by code or name, status a code or label) as plans
    answering the result of `year` for the province, in one batch noted `source`."""
    today = today or dt.date.today()
    with tempfile.TemporaryDirectory(prefix="pardash-plan-edit-") as folder:
        path = Path(folder) / FILE_NAME
        with open(path, "w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(CONTRACT_COLUMNS)
            for r in rows.to_dict("records"):
                deadline = _norm(r.get("deadline"))
                writer.writerow([province_code, index_code, int(year), r["criterion_code"], r["agency_code"],
                                 _norm(r["action"]) or "", deadline.isoformat() if deadline else "",
                                 _norm(r.get("status")) or "", _norm(r.get("evidence")) or "",
                                 today.isoformat()])
        return load_files(Path(db_path), [path], replace=True, source=source, kind="user",
                          display_names={path: FILE_NAME})
