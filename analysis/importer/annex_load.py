"""The importer's front door for annexes: `load` and `inspect` take contract files and annexes
alike. Contract files (row 1 is a table's header) go to the importer as they are; an annex is
read by `annex.read_grid` and written as contract files (scores in long form, and the criteria
tree its maxima define when none is loaded), which the importer validates and stores in its one
transaction. Problems come back as `FILE:LINE:COLUMN` of the annex itself: the sheet, the row a
person sees, the header as written.
"""
from __future__ import annotations

import csv
import re
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from analysis import db
from analysis.importer import annex, read, wide_rank
from analysis.importer.annex_grid import GridError, csv_header, grids_of, table_headers
from analysis.importer.headers import map_header
from analysis.importer.loader import load_files as load_contract_files
from analysis.importer.model import ImportProblem, LoadResult
from analysis.importer.recognise import recognise
from analysis.importer.resolve import UnitDirectory
from analysis.queries import annex as q
from analysis.units import fold

SCORE_COLUMNS = ["index_code", "year", "unit_code", "unit_name", "criterion_code", "score", "rank", "source"]
CRITERIA_COLUMNS = ["index_code", "valid_from", "valid_to", "criterion_code", "name", "max_score", "aggregate"]


@dataclass
class FileReading:
    """One file given to load/inspect: a contract file, or an annex and its sheets' readings."""
    name: str
    kind: str                                      # contract | annex | unreadable
    sheets: list[annex.SheetReading] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)
    tables: list[tuple[str, str, str, list[tuple[str, str]]]] = field(default_factory=list)
    # contract files: (label, table, how, [(header, what it becomes)]) per CSV / sheet


def contract_columns(path: Path, name: str) -> list[tuple[str, str, str, list[tuple[str, str]]]]:
    """What every column of a contract file (or of each sheet) becomes, for the report."""
    out = []
    for label, header, stem in table_headers(path, name):
        found = recognise(stem, header)
        if found.table is None:
            continue
        hm = map_header(found.table, header)
        used = {pos: key for key, pos in hm.columns.items()}
        wide = {pos: code for pos, code, _ in hm.wide}
        columns = []
        for pos, raw in enumerate(header):
            if not raw:
                continue
            if pos in used:
                columns.append((raw, used[pos]))
            elif pos in wide:
                columns.append((raw, f"criterion {wide[pos]}" if wide[pos] else "overall score"))
            elif fold(raw) in ("stt", "tt", "so thu tu", "no"):
                columns.append((raw, "ignored: row number"))
            else:
                columns.append((raw, f"ignored: not a column of {found.table}"))
        out.append((label, found.table, found.how, columns))
    return out


@dataclass
class AnnexLoad:
    result: LoadResult
    files: list[FileReading]

    def report_lines(self, units: bool = False) -> list[str]:
        return report_lines(self.files, units)


# ------------------------------------------------------------------ which files are annexes

def _row_one_is_a_table(path: Path, name: str) -> bool:
    ext = path.suffix.lower()
    try:
        if ext == ".csv":
            encoding = read.detect_encoding(path)
            with open(path, encoding=encoding, newline="") as fh:
                first = fh.readline().rstrip("\r\n").lstrip("\ufeff")
            header = next(csv.reader([first], delimiter=read.detect_separator(first)), [])
            return _fits(name, header)
        if ext == ".xlsx":
            import openpyxl

            book = openpyxl.load_workbook(path, read_only=True, data_only=True)
            try:
                for ws in book.worksheets:
                    for row in ws.iter_rows(max_row=1, values_only=True):
                        if _fits(ws.title, ["" if v is None else str(v) for v in row]):
                            return True
            finally:
                book.close()
            return False
    except Exception:  # unreadable here: the importer reports it with its own message
        return True
    return ext != ".pdf"


def _fits(name: str, header: list[str]) -> bool:
    found = recognise(name, header)
    return found.table is not None and not map_header(found.table, header).problems


# ------------------------------------------------------------------ context

def context(db_path: Path, *, index_code: str | None = None, year: int | None = None,
            mapping: dict | None = None) -> annex.Context:
    with db.open_read(db_path) as con:
        trees = annex.trees_from_rows(con.execute(q.TREES).fetchall())
        known = {r[0] for r in con.execute(q.STORED_INDICES).fetchall()} | set(annex.STANDARD_INDICES)
        directory = UnitDirectory(con.execute(q.UNITS_STORED).fetchall())
    return annex.Context(trees, known, directory, index_code=index_code, year=year, mapping=mapping or {})


def _contract_rows(path: Path, table: str) -> list[dict[str, str | None]]:
    """The rows of the `table` CSVs / sheets among a load's contract files, by contract column
    (units and criteria trees of the same load, so an annex may name them)."""
    if path.suffix.lower() not in (".csv", ".xlsx"):
        return []
    if path.suffix.lower() == ".csv":
        header = csv_header(path)
        if header is None or recognise(path.stem, header).table != table:
            return []  # not that table: never read its rows into Python
    try:
        grids = grids_of(path, path.name)
    except GridError:
        return []  # the importer reports an unreadable file itself
    out = []
    for grid in grids:
        if not grid.rows:
            continue
        header = [c or "" for c in grid.rows[0]]
        if recognise(grid.sheet if grid.sheet is not None else path.stem, header).table != table:
            continue
        hm = map_header(table, header)
        for row in grid.rows[1:]:
            out.append({k: (row[p] if p < len(row) else None) for k, p in hm.columns.items()})
    return out


_LEVELS = {"so": "department", "huyen": "district", "xa": "commune", "tinh": "province", "co_quan": "agency"}


def _units_in(path: Path) -> list[tuple]:
    return [(r.get("geography") or "vn63", r["unit_code"], r["name"], r.get("name_en"),
             _LEVELS.get(r.get("level") or "", r.get("level")), r.get("parent_code"))
            for r in _contract_rows(path, "units") if r.get("unit_code") and r.get("name")]


def _trees_in(path: Path) -> list[tuple]:
    out = []
    for r in _contract_rows(path, "criteria"):
        valid_from, valid_to = annex.tx.parse_number(r.get("valid_from")), annex.tx.parse_number(r.get("valid_to"))
        code = (r.get("criterion_code") or "").strip()
        if r.get("index_code") and valid_from is not None and code:
            out.append((r["index_code"].strip().upper(), int(valid_from), int(valid_to) if valid_to is not None else None,
                        code, r.get("name") or code, annex.tx.parse_number(r.get("max_score")), r.get("aggregate")))
    return out


def read_files(files: list[Path], ctx: annex.Context, names: dict[Path, str] | None = None) -> list[FileReading]:
    out = []
    names = names or {}
    trees = [row for p in files for row in _trees_in(p)]
    if trees:  # a tree loaded in the same call is in force for the annexes beside it
        ctx.trees = annex.trees_from_rows(trees) + ctx.trees
        ctx.known_indices = ctx.known_indices | {row[0] for row in trees}
    extra = [u for p in files for u in _units_in(p)]
    if extra:
        ctx.directory = UnitDirectory([(u.geography, u.code, u.name, u.name_en, u.level, u.parent_code)
                                       for u in ctx.directory.units] + extra)
    for path in files:
        name = names.get(path, path.name)
        if path.suffix.lower() not in (".csv", ".xlsx", ".pdf"):
            out.append(FileReading(name, "contract"))  # the importer lists it as skipped
            continue
        wide = wide_rank.readings(path, name, ctx)
        if wide:  # contract wide form with a rank and no total (data contract §2)
            out.append(FileReading(name, "annex", wide))
            continue
        if _row_one_is_a_table(path, name):
            out.append(FileReading(name, "contract", tables=contract_columns(path, name)))
            continue
        reading = FileReading(name, "annex")
        ctx.file_name = name
        try:
            grids = grids_of(path, name)
        except GridError as exc:
            reading.kind = "unreadable"
            reading.problems.append(ImportProblem(exc.label, exc.line, "", str(exc)))
            out.append(reading)
            continue
        for grid in grids:
            reading.sheets.append(annex.read_grid(grid, ctx))
        if not any(s.is_annex for s in reading.sheets):
            if path.suffix.lower() != ".pdf":
                out.append(FileReading(name, "contract"))  # the importer's own recognition and messages
                continue
            reasons = "; ".join(f"{s.label}: {s.skipped or 'no title, index or year'}" for s in reading.sheets)
            reading.problems.append(ImportProblem(name, 1, "", f"no table of units and figures found ({reasons})"))
        out.append(reading)
    return out


# ------------------------------------------------------------------ writing the contract files

@dataclass
class _Generated:
    path: Path
    label: str
    lines: dict[int, tuple[str, int, dict[str, str]]]   # generated line -> (label, line, column map)


def _write_scores(folder: Path, n: int, sheet: annex.SheetReading, source: str | None) -> _Generated:
    path = folder / f"annex_{n:03d}.csv"
    lines: dict[int, tuple[str, int, dict[str, str]]] = {}
    with open(path, "w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(SCORE_COLUMNS)
        for i, r in enumerate(sheet.records, start=2):
            out.writerow([r.index_code or sheet.index_code, r.year or sheet.year, r.unit_code or "",
                          "" if r.unit_code else r.unit_text, r.criterion_code, r.value,
                          "" if r.rank is None else r.rank, r.source or source or ""])
            columns = {"score": r.column, "criterion_code": r.column, "max_score": r.column,
                       "unit_code": sheet.unit_column, "unit_name": sheet.unit_column,
                       "rank": r.rank_column or r.column, "index_code": "", "year": ""}
            columns.update(r.key_columns or {})
            lines[i] = (r.where[0], r.where[1], columns)
    return _Generated(path, sheet.label, lines)


def _write_trees(folder: Path, files: list[FileReading]) -> list[_Generated]:
    """One criteria file per index whose tree the annexes define: consecutive years with the same
    fields and maxima are one period."""
    by_index: dict[str, list[tuple[int, annex.SheetReading]]] = {}
    for f in files:
        for s in f.sheets:
            if s.defined_tree:
                by_index.setdefault(s.index_code, []).append((s.year, s))
    out = []
    for index_code, sheets in sorted(by_index.items()):
        sheets.sort(key=lambda p: p[0])
        periods: list[list] = []
        for year, s in sheets:
            shape = [(c, m) for c, _, m in s.defined_tree]
            if periods and periods[-1][2] == shape:
                continue
            periods.append([year, s, shape])
        path = folder / f"tree_{index_code.lower()}.csv"
        lines = {}
        with open(path, "w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(CRITERIA_COLUMNS)
            line = 1
            for k, (year, s, _shape) in enumerate(periods):
                valid_to = periods[k + 1][0] - 1 if k + 1 < len(periods) else ""
                for code, name, max_score in s.defined_tree:
                    line += 1
                    w.writerow([index_code, year, valid_to, code, name,
                                "" if max_score is None else annex.tx.plain(max_score), "sum"])
                    col = next((c for c in s.columns if c.code == code and c.becomes == "criterion"), None)
                    header = col.header if col else ""
                    lines[line] = (s.label, col.line if col else 1, {k2: header for k2 in CRITERIA_COLUMNS})
        out.append(_Generated(path, f"{index_code} (tiêu chí từ phụ lục)", lines))
    return out


_SAME_AS = re.compile(r"same as line (\d+)")


def _remap(problem: ImportProblem, generated: dict[str, _Generated]) -> ImportProblem:
    gen = generated.get(problem.file)
    if gen is None or problem.line is None or problem.line not in gen.lines:
        return problem
    label, line, columns = gen.lines[problem.line]
    message = _SAME_AS.sub(lambda m: f"same as line {gen.lines.get(int(m.group(1)), (0, m.group(1)))[1]}",
                           problem.message)
    column = columns.get(problem.column, problem.column)
    return ImportProblem(label, line, column, message)


# ------------------------------------------------------------------ load

def all_problems(files: list[FileReading]) -> list[ImportProblem]:
    out = []
    for f in files:
        out += f.problems
        for s in f.sheets:
            out += s.problems
    return out


def load(db_path: Path, files: list[Path], *, index_code: str | None = None, year: int | None = None,
         replace: bool = False, source: str | None = None, kind: str = "user",
         display_names: dict[Path, str] | None = None, mapping: dict | None = None,
         progress: Callable[[float, str], None] | None = None) -> AnnexLoad:
    """Load contract files and annexes together, in one transaction (see module doc)."""
    db_path = Path(db_path)
    files = [Path(f) for f in files]
    names = {Path(k): v for k, v in (display_names or {}).items()}
    ctx = context(db_path, index_code=index_code, year=year, mapping=mapping)
    readings = read_files(files, ctx, names)
    problems = all_problems(readings)
    if problems:
        return AnnexLoad(LoadResult(False, problems, message=f"{len(problems)} problems"), readings)
    with tempfile.TemporaryDirectory(prefix="pardash-annex-") as tmp:
        folder = Path(tmp)
        contract = [p for p, r in zip(files, readings) if r.kind == "contract"]
        generated: dict[str, _Generated] = {}
        for gen in _write_trees(folder, readings):
            generated[gen.label] = gen
        n = 0
        for r in readings:
            for s in r.sheets:
                if s.skipped is None and s.records:
                    n += 1
                    gen = _write_scores(folder, n, s, None)
                    generated[gen.label] = gen
        shown = dict(names)
        shown.update({gen.path: label for label, gen in generated.items()})
        result = load_contract_files(db_path, contract + [g.path for g in generated.values()], replace=replace,
                                     source=source, kind=kind, display_names=shown, progress=progress)
    result.errors = [_remap(p, generated) for p in result.errors]
    for r in readings:
        result.skipped += [(s.label, s.skipped) for s in r.sheets if s.skipped]
    return AnnexLoad(result, readings)


def inspect(db_path: Path, files: list[Path], *, index_code: str | None = None, year: int | None = None,
            mapping: dict | None = None, display_names: dict[Path, str] | None = None) -> AnnexLoad:
    """The same reading and checks as `load`, on a throw-away copy of the database."""
    with tempfile.TemporaryDirectory(prefix="pardash-inspect-") as tmp:
        copy = Path(tmp) / "inspect.duckdb"
        shutil.copyfile(db_path, copy)
        return load(copy, files, index_code=index_code, year=year, mapping=mapping, kind="inspect",
                    display_names=display_names)


# ------------------------------------------------------------------ the report

_BECOMES = {"criterion": "criterion {code} {name}", "criterion rank": "rank of criterion {code}",
            "total": "overall score", "percent": "percentage (checked against total / maximum, not stored)",
            "rank": "published rank of the overall score", "unit": "unit name", "unit_code": "unit code",
            "stt": "ignored: row number (STT)", "group": "ignored: group label, not stored",
            "note": "ignored: note", "ignored": "ignored (chosen in the mapping)", "empty": "ignored: empty",
            "unplaced": "NOT PLACED", "key": "{name}"}


def describe_column(col: annex.ColumnReading) -> str:
    text = _BECOMES[col.becomes].format(code=col.code or "", name=col.name or "")
    if col.max_score is not None:
        text += f" (max {annex._vn(col.max_score)})"
    return text + (f" [{col.how}]" if col.how else "")


def report_lines(files: list[FileReading], units: bool = False) -> list[str]:
    out = []
    for f in files:
        for label, table, how, columns in f.tables:
            out.append(f"{label}: {table} (recognised by its {'columns' if how == 'columns' else 'name'})")
            out += [f"  column \"{header}\" -> {becomes}" for header, becomes in columns]
        if f.kind != "annex":
            continue
        for s in f.sheets:
            if s.skipped:
                out.append(f"{s.label}: skipped ({s.skipped})")
                continue
            out.append(f"{s.label}: {s.index_code} {s.year} (index from the {s.index_how}, year from the {s.year_how})")
            for col in s.columns:
                out.append(f"  column \"{col.header}\" -> {describe_column(col)}")
            kinds: dict[str, int] = {}
            for *_w, kind, _t in s.rows:
                kinds[kind] = kinds.get(kind, 0) + 1
            out.append("  rows: " + ", ".join(f"{n} {k}" for k, n in kinds.items()))
            hows: dict[str, int] = {}
            for u in s.units:
                hows[u.how] = hows.get(u.how, 0) + 1
            out.append("  units matched: " + ", ".join(f"{n} by {h}" if h != "not found" else f"{n} not found"
                                                       for h, n in hows.items()))
            if units:
                for u in s.units:
                    found = f"{u.unit_code} {u.name}" if u.unit_code else "left to the load's own units"
                    out.append(f"  line {u.line}: \"{u.text}\" -> {found} ({u.how})")
                for label, line, kind, text in s.rows:
                    if kind not in ("unit",):
                        out.append(f"  line {line}: {kind}: {text}")
            if s.defined_tree:
                out.append("  defines the criteria tree of " + f"{s.index_code} " +
                           ", ".join(f"{c} {n} ({'%' if m is None else annex._vn(m)})" for c, n, m in s.defined_tree))
    return out


# ------------------------------------------------------------------ tables for the page

def mapping_table(files: list[FileReading]):
    """Every column of every annex sheet and what it becomes (the page's mapping step)."""
    import pandas as pd

    out = []
    for f in files:
        for s in f.sheets:
            if not s.is_annex:
                continue
            for col in s.columns:
                out.append({"sheet": s.label, "index_code": s.index_code, "year": s.year, "column": col.header,
                            "becomes": col.becomes, "code": col.code or "", "name": col.name or "",
                            "max_score": float(col.max_score) if col.max_score is not None else None,
                            "how": col.how})
    return pd.DataFrame(out, columns=["sheet", "index_code", "year", "column", "becomes", "code", "name",
                                      "max_score", "how"])


def figures_table(files: list[FileReading]):
    """The figures as they will be stored: unit (as written and as matched), criterion, score, rank."""
    import pandas as pd

    out = []
    for f in files:
        for s in f.sheets:
            if not s.is_annex:
                continue
            units = {u.line: u for u in s.units}
            for r in s.records:
                u = units.get(r.where[1])
                value = annex.tx.parse_number(r.value)
                out.append({"sheet": r.where[0], "line": r.where[1], "index_code": s.index_code, "year": s.year,
                            "unit": r.unit_text, "unit_code": r.unit_code or "", "unit_name": u.name if u else "",
                            "matched_by": u.how if u else "", "criterion_code": r.criterion_code,
                            "score": float(value) if value is not None else None, "rank": r.rank})
    return pd.DataFrame(out, columns=["sheet", "line", "index_code", "year", "unit", "unit_code", "unit_name",
                                      "matched_by", "criterion_code", "score", "rank"])
