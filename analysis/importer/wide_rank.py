"""The contract's wide scores form with a `rank` column and no total (docs/data-contract.md §2):
the overall score is computed from the fields by the tree's rule (the sum of the top-level
fields, all scored) and the published rank is attached to it.

Such a file is rewritten as long-form records (one per criterion cell, plus the computed overall
with its rank), which `annex_load` hands to the importer like an annex's: same validation, same
transaction, problems on the file's own line and column.
"""
from __future__ import annotations

from pathlib import Path

from analysis.importer import annex
from analysis.importer import annex_text as tx
from analysis.importer.annex_grid import csv_header, headed_grids
from analysis.importer.headers import map_header
from analysis.importer.recognise import recognise

RANK_WITHOUT_TOTAL = "rank belongs to the overall score: add a total column"


def _is_wide_with_rank(name: str, header: list[str]):
    found = recognise(name, header)
    if found.table != "scores":
        return None
    hm = map_header("scores", header)
    if [m for _, m in hm.problems] != [RANK_WITHOUT_TOTAL]:
        return None
    return hm


def readings(path: Path, name: str, ctx: annex.Context) -> list[annex.SheetReading]:
    """Readings of the wide-with-rank tables in `path` ([] when there is none)."""
    if path.suffix.lower() not in (".csv", ".xlsx"):
        return []
    if path.suffix.lower() == ".csv":
        header = csv_header(path)
        if header is None or _is_wide_with_rank(Path(name).stem, header) is None:
            return []  # not wide with a rank: never read its rows into Python
    out = []
    for grid, header, stem in headed_grids(path, name):
        hm = _is_wide_with_rank(stem, header)
        if hm is not None:
            out.append(_read(grid, hm, ctx))
    return out


def _read(grid, hm, ctx: annex.Context) -> annex.SheetReading:
    sheet = annex.SheetReading(grid.label, index_how="index_code column", year_how="year column")
    cols = hm.columns
    written = hm.headers
    unit_key = "unit_code" if "unit_code" in cols else "unit_name"
    sheet.unit_column = written[unit_key]
    keys = {k: written[k] for k in ("index_code", "year") if k in written}
    for key, header in written.items():
        sheet.columns.append(annex.ColumnReading(cols[key], header, 1, "key", name=key, how="contract column"))
    for pos, code, header in hm.wide:
        sheet.columns.append(annex.ColumnReading(pos, header, 1, "criterion", code, how="code"))
    rank_header = written["rank"]
    get = lambda row, pos: row[pos] if pos < len(row) else None  # noqa: E731
    for row, where in zip(grid.rows[1:], grid.where[1:]):
        if not any(row):
            continue
        index_code = (get(row, cols["index_code"]) or "").strip().upper()
        year = (get(row, cols["year"]) or "").strip()
        unit = get(row, cols[unit_key]) or ""
        source = get(row, cols["source"]) if "source" in cols else None
        sheet.index_code = sheet.index_code or index_code
        sheet.year = sheet.year or (int(year) if year.isdigit() else None)
        sheet.rows.append((*where, "unit", unit))
        common = dict(index_code=index_code, year=year, source=source, key_columns=keys)
        unit_code = unit if unit_key == "unit_code" else None
        values = {}
        for pos, code, header in hm.wide:
            text = get(row, pos)
            if text is None:
                continue
            values[code] = tx.parse_number(text)
            sheet.records.append(annex.Record(where, unit, unit_code, code, text, header, **common))
        rank_text = get(row, cols["rank"])
        if not rank_text:
            continue
        rank = tx.parse_number(rank_text)
        if rank is None or rank != rank.to_integral_value():
            sheet.problem(where, rank_header, f'not a whole number: "{rank_text}"')
            continue
        tree = next((t for t in ctx.trees if t.index_code == index_code and year.isdigit() and t.covers(int(year))), None)
        fields = tree.fields() if tree is not None else [c for _, c, _ in hm.wide if "." not in c]
        if tree is None and any(c.split(".")[0] not in fields for _, c, _ in hm.wide):
            sheet.problem(where, rank_header, f"a rank without a total: no criteria tree of {index_code} is loaded "
                          "and the columns are not all fields: load the tree first or add a total column")
            continue
        if tree is not None and any(tree.max_of(f) is None for f in fields):
            sheet.problem(where, rank_header, f"a rank without a total: {index_code} is a percentage index, "
                          "its overall score must be given (add a total column)")
            continue
        if not fields or any(values.get(f) is None for f in fields):
            sheet.problem(where, rank_header, "a rank without a total: the overall score cannot be computed from "
                          "this row (every field of the tree needs a score)")
            continue
        total = sum(values[f] for f in fields)
        sheet.records.append(annex.Record(where, unit, unit_code, "", tx.plain(total), rank_header,
                                          int(rank), rank_header, **common))
    return sheet
