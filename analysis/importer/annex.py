"""The annex reader: the ministry's and the provinces' tables as they print them, read into the
contract's long form (issue 10).

A sheet (or CSV, or PDF table) is a grid of text. `read_grid` finds the header (one to three
rows, merged cells filled), the rows above it (title, subtitle, "(Kèm theo Quyết định số …)"),
the maxima row, the data rows, the section rows that group units, summary and footnote rows;
it says what every column becomes (criterion with its code, total, percentage, rank, STT, group,
note) and what every row was. It writes nothing: `annex_load` turns the readings into contract
files for the importer, so validation, the single transaction and the messages are the
importer's own.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from analysis.geo import geography_of_year
from analysis.importer import annex_text as tx
from analysis.importer.annex_grid import Grid
from analysis.importer.model import ImportProblem
from analysis.units import fold, match_name

TOLERANCE = Decimal("0.0051")  # a percentage printed with two decimals
STANDARD_INDICES = ("PAR_INDEX", "SIPAS", "PAPI", "PCI")
_INDEX_CODE = re.compile(r"^[A-Z][A-Z0-9_]*$")


# ------------------------------------------------------------------ the trees in force

@dataclass
class Tree:
    index_code: str
    valid_from: int
    valid_to: int | None
    nodes: dict[str, tuple[str, Decimal | None]]       # code -> (name, own max)

    def covers(self, year: int) -> bool:
        return self.valid_from <= year and (self.valid_to is None or year <= self.valid_to)

    def children(self, code: str) -> list[str]:
        return [c for c in self.nodes if (c.rpartition(".")[0] if "." in c else "") == code]

    def max_of(self, code: str) -> Decimal | None:
        own = self.nodes[code][1] if code in self.nodes else None
        if own is not None:
            return own
        kids = self.children(code)
        parts = [self.max_of(k) for k in kids]
        return sum(parts) if kids and all(p is not None for p in parts) else None

    def fields(self) -> list[str]:
        return self.children("")

    def label(self, code: str) -> str:
        return f"{code} {self.nodes[code][0]}"


def trees_from_rows(rows) -> list[Tree]:
    trees: dict[tuple, Tree] = {}
    for index_code, valid_from, valid_to, code, name, max_score, _aggregate in rows:
        key = (index_code, valid_from)
        tree = trees.setdefault(key, Tree(index_code, valid_from, valid_to, {}))
        tree.nodes[code] = (name, Decimal(str(max_score)) if max_score is not None else None)
    return list(trees.values())


# ------------------------------------------------------------------ what a reading holds

@dataclass
class ColumnReading:
    position: int
    header: str                      # the header cells, top to bottom, joined by " / "
    line: int                        # the header row a person sees it on
    becomes: str                     # criterion | total | percent | rank | unit | unit_code | stt | group | note | ignored | empty | unplaced
    code: str | None = None          # criterion code ('' = overall)
    name: str | None = None          # the tree's name for it
    how: str = ""                    # by code, by name, by abbreviation, similar name, keyword, saved mapping
    max_score: Decimal | None = None  # the maximum the file states


@dataclass
class UnitMatch:
    line: int
    text: str
    unit_code: str | None
    name: str | None
    how: str                         # code | name | folded name | name without prefix | not found


@dataclass
class Record:
    """One figure as it will be stored: a unit's score on a criterion ('' = overall)."""
    where: tuple[str, int]
    unit_text: str
    unit_code: str | None
    criterion_code: str
    value: str                       # as written (the importer parses it)
    column: str                      # the header it came from
    rank: int | None = None
    rank_column: str | None = None
    index_code: str | None = None    # per row, in a contract wide file (else the sheet's)
    year: str | None = None
    source: str | None = None
    key_columns: dict[str, str] | None = None   # contract columns -> headers as written


@dataclass
class SheetReading:
    label: str
    index_code: str | None = None
    year: int | None = None
    index_how: str = ""
    year_how: str = ""
    columns: list[ColumnReading] = field(default_factory=list)
    rows: list[tuple[str, int, str, str]] = field(default_factory=list)   # label, line, kind, text
    units: list[UnitMatch] = field(default_factory=list)
    records: list[Record] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)
    defined_tree: list[tuple[str, str, Decimal | None]] | None = None     # code, name, max
    skipped: str | None = None
    unit_column: str = ""
    internal: bool = False
    has_titles: bool = False

    @property
    def is_annex(self) -> bool:
        """A table of units and figures under a title, or whose index and year are known: files
        like `regions.csv` (a header in row 1, no index) are left to the importer."""
        return self.skipped is None and (self.has_titles or (self.index_code is not None and self.year is not None))

    def problem(self, where: tuple[str, int] | None, column: str, message: str) -> None:
        label, line = where or (self.label, 1)
        self.problems.append(ImportProblem(label, line, column, message))


@dataclass
class Context:
    """What the reader knows besides the file: trees in force, the indices the database knows,
    units, the person's choices (--index/--year, a saved mapping)."""
    trees: list[Tree]
    known_indices: set[str]
    directory: object                # analysis.importer.resolve.UnitDirectory
    file_name: str = ""
    index_code: str | None = None
    year: int | None = None
    mapping: dict[str, dict[str, dict]] = field(default_factory=dict)  # index -> folded header -> {"becomes", "code"}


# ------------------------------------------------------------------ rows

def _cells(row: list[str | None]) -> list[str]:
    return [c for c in row if c]


def _is_number(text: str | None) -> bool:
    return text is not None and tx.parse_number(text) is not None


def _is_numbering(row: list[str | None]) -> bool:
    """The "(1) (2) (3) …" row under a header."""
    cells = _cells(row)
    if len(cells) < 3:
        return False
    nums = []
    for c in cells:
        m = re.fullmatch(r"\(?(\d+)\)?", c)
        if not m:
            return False
        nums.append(int(m.group(1)))
    return nums == list(range(nums[0], nums[0] + len(nums)))


def _is_data(row: list[str | None]) -> bool:
    cells = _cells(row)
    numbers = sum(1 for c in cells if _is_number(c))
    texts = [c for c in cells if not _is_number(c)]
    return numbers >= 1 and bool(texts) and not any(tx.is_maxima_label(c) for c in texts) \
        and not _is_numbering(row)


def _header_start(rows: list[list[str | None]]) -> int | None:
    for i, row in enumerate(rows):
        cells = _cells(row)
        if len(set(cells)) >= 2 and any(tx.role_of(c) in ("unit", "stt", "unit_code") for c in cells):
            return i
    return None


def _column_parts(header_rows: list[list[str | None]], n: int) -> list[list[str]]:
    """Each column's header cells top to bottom. A group heading written only over the first of
    its columns (a CSV of a merged header) is carried right over the blank cells beside it."""
    filled = [list(r) + [None] * (n - len(r)) for r in header_rows]
    for r in range(len(filled) - 1):
        carry = None
        for c in range(n):
            below = any(filled[k][c] for k in range(r + 1, len(filled)))
            if filled[r][c]:
                carry = filled[r][c]
            elif carry and below:
                filled[r][c] = carry
            else:
                carry = None
    parts = []
    for c in range(n):
        seen: list[str] = []
        for r in range(len(filled)):
            v = filled[r][c]
            if v and (not seen or seen[-1] != v):
                seen.append(v)
        parts.append(seen)
    return parts


# ------------------------------------------------------------------ index and year

def _index_and_year(grid: Grid, titles: list[str], ctx: Context, sheet: SheetReading) -> None:
    places = []
    if grid.sheet:
        places.append(("sheet name", grid.sheet, True))
    places += [("title", t, False) for t in titles if not tx.is_decision_line(t)]
    places.append(("file name", ctx.file_name, True))
    for how, text, loose in places:
        if sheet.index_code is None and (found := tx.index_in(text)):
            sheet.index_code, sheet.index_how = found, how
        if sheet.year is None and (found := tx.year_in(text, loose)):
            sheet.year, sheet.year_how = found, how
    if ctx.index_code:
        sheet.index_code, sheet.index_how = ctx.index_code.upper(), "chosen (--index)"
    elif sheet.index_code and any(_is_internal(t) for t in titles):
        # "… CHỈ SỐ CCHC CỦA CÁC SỞ, BAN, NGÀNH …" is a province's own index, not the ministry's
        sheet.internal = True
    if ctx.year:
        sheet.year, sheet.year_how = ctx.year, "chosen (--year)"


_INTERNAL_WORDS = ("so ban nganh", "cac huyen", "cap huyen", "cac so", "cac xa", "cap xa", "co quan chuyen mon")


def _is_internal(title: str) -> bool:
    folded = f" {fold(title)} "
    return any(f" {w} " in folded for w in _INTERNAL_WORDS)


# ------------------------------------------------------------------ criteria by code or name

def _match_criterion(text: str, tree: Tree | None) -> tuple[str | None, str]:
    """(code, how) for a header naming a criterion of `tree` exactly (code, name, abbreviation)."""
    if tree is None:
        return None, ""
    code, name = tx.code_and_name(text)
    if code is not None and code in tree.nodes:
        if not name or _same_name(name, tree.nodes[code][0]) or tx.similarity(name, _key(tree.nodes[code][0])) > 0.6:
            return code, "code"
    if not name:
        return None, ""
    hits = [c for c, (n, _) in tree.nodes.items() if _same_name(name, n)]
    if len(hits) == 1:
        plain = fold(tx.strip_header(text))
        return hits[0], ("name" if plain.endswith(fold(tree.nodes[hits[0]][0])) else "abbreviated name")
    return None, ""


def _key(name: str) -> str:
    return tx.expand(fold(name))


def _same_name(folded_expanded: str, tree_name: str) -> bool:
    return folded_expanded == _key(tree_name)


def _similar_criterion(text: str, tree: Tree | None) -> tuple[str | None, str]:
    if tree is None:
        return None, ""
    _, name = tx.code_and_name(text)
    if len(name) < 6:
        return None, ""
    scored = sorted(((tx.similarity(name, _key(n)), c) for c, (n, _) in tree.nodes.items()), reverse=True)
    if scored and scored[0][0] >= 0.85 and (len(scored) == 1 or scored[0][0] - scored[1][0] >= 0.05):
        return scored[0][1], "similar name"
    return None, ""


def _closest_criteria(text: str, tree: Tree | None) -> str:
    if tree is None or not tree.nodes:
        return ""
    _, name = tx.code_and_name(text)
    labels = {_key(n): tree.label(c) for c, (n, _) in tree.nodes.items()}
    return "; ".join(tx.closest(name, labels, 3))


_GENERIC_PERCENT = {"", "chi so", "ty le", "ty le dat", "phan tram", "ty le diem", "ty le diem dat duoc",
                    "chi so dat duoc", "ket qua"}


def _is_overall_percent(raw: str) -> bool:
    if not tx.is_percent_header(raw):
        return False
    name = fold(tx.strip_header(raw))
    return name in _GENERIC_PERCENT or name.startswith(("chi so", "ty le")) or tx.index_in(name) is not None


_SCORE_WORDS = {"diem", "diem dat duoc", "so diem", "diem so", "score"}


def _classify(col: ColumnReading, parts: list[str], tree: Tree | None, ctx: Context, index_code: str | None) -> None:
    bottom = parts[-1]
    saved = ctx.mapping.get(index_code or "", {}).get(fold(col.header))
    stale = saved and saved["becomes"] == "criterion" and tree is not None and saved.get("code") not in tree.nodes
    if saved and not stale:  # a choice the person confirmed (a stale code falls back to matching)
        col.becomes, col.code, col.how = saved["becomes"], saved.get("code"), "saved mapping"
        if col.code and tree is not None:
            col.name = tree.nodes[col.code][0]
        return
    role = tx.role_of(bottom)
    upper = [p for p in parts[:-1]]
    if role in ("rank", "total") and upper and fold(bottom) in (_SCORE_WORDS | tx.ROLE_WORDS["rank"]) :
        # a criterion's own "Điểm" / "Xếp hạng" under its name
        for part in reversed(upper):
            code, how = _match_criterion(part, tree)
            if code:
                col.becomes = "criterion" if role == "total" or fold(bottom) in _SCORE_WORDS else "criterion rank"
                col.code, col.name, col.how = code, tree.nodes[code][0], how
                return
    if role:
        col.becomes, col.how = role, "keyword"
        if role == "total":
            col.code = ""
        return
    code, how = _match_criterion(bottom, tree)
    if code:
        col.becomes, col.code, col.name, col.how = "criterion", code, tree.nodes[code][0], how
        return
    if _is_overall_percent(bottom):
        col.becomes, col.how = "percent", "keyword"
        return
    code, how = _similar_criterion(bottom, tree)
    if code:
        col.becomes, col.code, col.name, col.how = "criterion", code, tree.nodes[code][0], how
        return
    col.becomes = "unplaced"


# ------------------------------------------------------------------ the reading

def read_grid(grid: Grid, ctx: Context) -> SheetReading:
    sheet = SheetReading(grid.label)
    rows = grid.rows
    start = _header_start(rows)
    if grid.hidden:
        sheet.skipped = "hidden sheet, not read"
        return sheet
    if start is None:
        sheet.skipped = "no header naming the units (Tỉnh, thành phố / Đơn vị / STT) found"
        return sheet
    if any(len(set(_cells(r))) >= 3 for r in rows[:start]):
        sheet.skipped = "rows of several cells above the header: not an annex table"
        return sheet
    titles = [" ".join(dict.fromkeys(_cells(r))) for r in rows[:start] if _cells(r)]
    sheet.has_titles = bool(titles)
    for i in range(start):
        if _cells(rows[i]):
            sheet.rows.append((*grid.where[i], "title", " ".join(dict.fromkeys(_cells(rows[i])))))
    first_data = next((i for i in range(start + 1, len(rows)) if _is_data(rows[i])), None)
    if first_data is None:
        sheet.skipped = "a header but no row of figures under it"
        return sheet
    header_idx, maxima_idx = [], None
    for i in range(start, first_data):
        cells = _cells(rows[i])
        if not cells:
            continue
        if any(tx.is_maxima_label(c) for c in cells):
            maxima_idx = i
            sheet.rows.append((*grid.where[i], "maxima", " ".join(cells[:3])))
        elif _is_numbering(rows[i]):
            sheet.rows.append((*grid.where[i], "column numbers", " ".join(cells[:6])))
        elif len(set(cells)) == 1 and tx.looks_like_section(cells[0]) and header_idx:
            sheet.rows.append((*grid.where[i], "section", cells[0]))
        else:
            header_idx.append(i)
            sheet.rows.append((*grid.where[i], "header", " | ".join(dict.fromkeys(cells))))
    n = max(len(r) for r in rows)
    parts = _column_parts([rows[i] for i in header_idx], n)
    _index_and_year(grid, titles, ctx, sheet)
    if sheet.index_code is None or sheet.year is None:
        missing = " and ".join(w for w, v in (("index", sheet.index_code), ("year", sheet.year)) if v is None)
        sheet.problem(grid.where[start], "", f"cannot tell the {missing} of this table: name it in the sheet "
                      f"name, the title or the file name (\"NĂM 2023\", \"SIPAS\"), or choose it (--index, --year)")
        return sheet
    if sheet.internal:
        sheet.problem(grid.where[start], "", f"this table scores a province's own departments or districts "
                      f"(its title says so), not the ministry's {sheet.index_code}: choose the code of your own "
                      f"index (--index PAR_SO, or on the page)")
        return sheet
    if not _INDEX_CODE.match(sheet.index_code):
        sheet.problem(grid.where[start], "", f'not an index code: "{sheet.index_code}"')
        return sheet
    tree = next((t for t in ctx.trees if t.index_code == sheet.index_code and t.covers(sheet.year)), None)
    body = list(range(first_data, len(rows)))
    maxima_row = rows[maxima_idx] if maxima_idx is not None else None
    for c in range(n):
        if not parts[c] and not any(c < len(rows[i]) and rows[i][c] for i in body):
            continue
        bottom_line = max((grid.where[i][1] for i in header_idx if c < len(rows[i]) and rows[i][c]), default=grid.where[start][1])
        col = ColumnReading(c, " / ".join(parts[c]) or f"({c + 1})", bottom_line, "empty")
        if not parts[c]:
            col.becomes = "unplaced"
        else:
            _classify(col, parts[c], tree, ctx, sheet.index_code)
            col.max_score = tx.header_max(parts[c][-1])
            if maxima_row is not None and c < len(maxima_row) and _is_number(maxima_row[c]):
                col.max_score = tx.parse_number(maxima_row[c])
        sheet.columns.append(col)
    if tree is None:
        _define_tree(sheet, grid, start, maxima_idx)
        if sheet.index_code not in ctx.known_indices and not sheet.defined_tree and not sheet.problems:
            sheet.problem(grid.where[start], "", f'unknown index "{sheet.index_code}" (known: '
                          f'{", ".join(sorted(ctx.known_indices))}; a new index needs its criteria tree: '
                          f'maxima in the table, or a criteria file in the same load)')
            return sheet
    else:
        _check_maxima(sheet, tree, grid, maxima_idx)
    _unplaced(sheet, tree)
    _check_roles(sheet, grid, start)
    if sheet.problems:
        return sheet
    _read_rows(sheet, grid, body, tree, ctx)
    return sheet


def _define_tree(sheet: SheetReading, grid: Grid, start: int, maxima_idx: int | None) -> None:
    """No tree of this index covers the year: the columns with a maximum (or a percentage
    header) define one, as top-level fields, coded as the headers number them or in order."""
    candidates = [c for c in sheet.columns if (c.becomes == "unplaced" or c.becomes == "criterion" and c.how == "saved mapping")
                  and c.header and not c.header.startswith("(")]
    if not candidates:
        return
    used: set[str] = set()
    for number, col in enumerate(candidates, start=1):
        bottom = col.header.split(" / ")[-1]
        code = col.code if col.how == "saved mapping" else tx.code_and_name(bottom)[0]
        code = code if code and "." not in code and code not in used else str(number)
        while code in used:
            code = str(int(code) + 1)
        if col.max_score is None and not tx.is_percent_header(bottom):
            where = grid.where[maxima_idx] if maxima_idx is not None else (grid.label, col.line)
            sheet.problem(where, col.header,
                          f"no criteria tree of {sheet.index_code} covers {sheet.year} and this column gives no "
                          f"maximum: add an \"Điểm tối đa\" row, write it in the header (\"(9,5 điểm)\"), or load "
                          f"the tree first")
            continue
        name = re.sub(r"^\s*(?:\d+(?:\.\d+)*|[IVX]+(?=[\s.):\-–]))\s*[.):\-–]?\s*", "",
                      tx.strip_header(bottom)).strip() or bottom
        col.becomes, col.code, col.name, col.how = "criterion", code, name, "defines the tree (maximum in the file)"
        used.add(code)
    if not sheet.problems:
        sheet.defined_tree = [(c.code, c.name, c.max_score) for c in sheet.columns if c.becomes == "criterion"]


def _check_maxima(sheet: SheetReading, tree: Tree, grid: Grid, maxima_idx: int | None) -> None:
    for col in sheet.columns:
        if col.max_score is None or col.becomes not in ("criterion", "total"):
            continue
        if col.becomes == "total":
            fields = [tree.max_of(f) for f in tree.fields()]
            expected = sum(fields) if fields and all(f is not None for f in fields) else None
        else:
            expected = tree.max_of(col.code)
        if expected is not None and abs(expected - col.max_score) > Decimal("0.001"):
            where = grid.where[maxima_idx] if maxima_idx is not None else (grid.label, col.line)
            what = f'criterion {tree.label(col.code)}' if col.code else "the overall score"
            sheet.problem(where, col.header,
                          f"the file's maximum {_vn(col.max_score)} differs from the tree's {_vn(expected)} for "
                          f"{what} ({tree.index_code} tree from {tree.valid_from})")


def _vn(value: Decimal) -> str:
    return tx.plain(value).replace(".", ",")


def _unplaced(sheet: SheetReading, tree: Tree | None) -> None:
    for col in sheet.columns:
        if col.becomes != "unplaced" or sheet.defined_tree is not None and col.code:
            continue
        if tree is None:
            if not any(p.column == col.header for p in sheet.problems):
                sheet.problem((sheet.label, col.line), col.header,
                              f"column matches no criterion: no criteria tree of {sheet.index_code} covers {sheet.year}")
            continue
        near = _closest_criteria(col.header.split(" / ")[-1], tree)
        sheet.problem((sheet.label, col.line), col.header,
                      f"column matches no criterion of {sheet.index_code} {sheet.year} (closest: {near}); "
                      f"rename the column or choose its criterion in the mapping")


def _check_roles(sheet: SheetReading, grid: Grid, start: int) -> None:
    units = [c for c in sheet.columns if c.becomes in ("unit", "unit_code")]
    if not units:
        sheet.problem(grid.where[start], "", "no column names the units (Tỉnh, thành phố / Đơn vị / Mã)")
    seen: dict[tuple, ColumnReading] = {}
    for col in sheet.columns:
        key = (col.becomes, col.code)
        if col.becomes in ("criterion", "total", "percent", "rank", "unit", "unit_code", "criterion rank"):
            if key in seen:
                sheet.problem((sheet.label, col.line), col.header,
                              f'column read twice as the same {col.becomes}{" " + col.code if col.code else ""} '
                              f'(also "{seen[key].header}")')
            seen[key] = col
    if not any(c.becomes in ("criterion", "total", "percent") for c in sheet.columns):
        sheet.problem(grid.where[start], "", "no column holds scores (no criterion, total or percentage column)")
    for col in sheet.columns:
        if col.becomes == "unit":
            sheet.unit_column = col.header


def _read_rows(sheet: SheetReading, grid: Grid, body: list[int], tree: Tree | None, ctx: Context) -> None:
    by_role = {c.becomes: c for c in sheet.columns}
    unit_col = by_role.get("unit")
    code_col = by_role.get("unit_code")
    total_col = by_role.get("total")
    percent_col = by_role.get("percent")
    rank_col = by_role.get("rank")
    value_cols = [c for c in sheet.columns if c.becomes == "criterion"]
    crit_ranks = {c.code: c for c in sheet.columns if c.becomes == "criterion rank"}
    points_index = _points_index(sheet, tree)
    if percent_col is not None and total_col is None and not points_index:
        # a percentage index (SIPAS): the percentage IS the overall score
        percent_col.becomes, percent_col.code, percent_col.how = "total", "", "percentage index: the overall score"
        total_col, percent_col = percent_col, None
    overall_max = _overall_max(sheet, tree)
    figures = [c for c in (total_col, percent_col, *value_cols) if c is not None]
    geography = geography_of_year(sheet.year)
    footnotes = False
    for i in body:
        row = grid.rows[i]
        where = grid.where[i]
        cells = _cells(row)
        get = lambda col: row[col.position] if col is not None and col.position < len(row) else None  # noqa: E731
        if not cells:
            continue
        unit_text = get(unit_col) or get(code_col)
        first = cells[0]
        if footnotes or tx.is_footnote(first) or (unit_text and tx.is_footnote(unit_text)):
            footnotes = True
            sheet.rows.append((*where, "footnote", " ".join(cells)[:80]))
            continue
        has_figures = any(_is_number(get(c)) for c in figures)
        if unit_text and tx.role_of(unit_text) in ("unit", "stt"):
            sheet.rows.append((*where, "header repeated", " | ".join(dict.fromkeys(cells))[:80]))
            continue
        if unit_text and tx.is_summary(unit_text):
            sheet.rows.append((*where, "summary (not a unit)", unit_text))
            continue
        if not has_figures:
            kind = "section" if any(tx.looks_like_section(c) or c.isupper() for c in cells) else "text"
            if len(set(cells)) == 1 and len(cells[0]) > 60:
                kind = "footnote"
            sheet.rows.append((*where, kind, " ".join(dict.fromkeys(cells))[:80]))
            continue
        if not unit_text:
            sheet.problem(where, unit_col.header if unit_col else "", "a row of figures names no unit")
            continue
        if _is_number(unit_text) and code_col is None:
            sheet.problem(where, unit_col.header, f'"{unit_text}" is a number, not a unit: is the header one row off?')
            continue
        sheet.rows.append((*where, "unit", unit_text))
        match = _unit(ctx, get(code_col), get(unit_col), geography, sheet, where)
        sheet.units.append(match)
        rank = None
        if rank_col is not None and get(rank_col):
            rank_value = tx.parse_number(get(rank_col))
            if rank_value is None or rank_value != rank_value.to_integral_value():
                sheet.problem(where, rank_col.header, f'not a whole number: "{get(rank_col)}"')
                continue
            rank = int(rank_value)
        values: dict[str, Decimal | None] = {}
        for col in value_cols:
            text = get(col)
            if text is None:
                continue
            values[col.code] = tx.parse_number(text)
            crit_rank = crit_ranks.get(col.code)
            r = tx.parse_number(get(crit_rank)) if crit_rank is not None and get(crit_rank) else None
            sheet.records.append(Record(where, match.text, match.unit_code, col.code, text, col.header,
                                        int(r) if r is not None else None, crit_rank.header if crit_rank else None))
        total_text = get(total_col)
        if total_col is not None and total_text is not None:
            sheet.records.append(Record(where, match.text, match.unit_code, "", total_text, total_col.header,
                                        rank, rank_col.header if rank_col else None))
            total = tx.parse_number(total_text)
        elif rank is not None or percent_col is not None:
            total = _computed_total(sheet, tree, values)
            if total is None:
                if rank is not None:
                    sheet.problem(where, rank_col.header, "a rank without a total: the overall score cannot be "
                                  "computed from this row (every field of the tree needs a score)")
                continue
            if rank is not None:
                sheet.records.append(Record(where, match.text, match.unit_code, "", tx.plain(total),
                                            "(tổng của các lĩnh vực)", rank, rank_col.header))
        else:
            total = None
        if percent_col is not None and get(percent_col) is not None:
            _check_percent(sheet, where, percent_col, get(percent_col), total, overall_max)
    if not sheet.units and not sheet.problems:
        sheet.problem(grid.where[body[0]] if body else None, "",
                      "no row of this table holds a unit's figures: nothing would be stored")


def _points_index(sheet: SheetReading, tree: Tree | None) -> bool:
    if tree is not None:
        return any(tree.max_of(f) is not None for f in tree.fields())
    if sheet.defined_tree:
        return any(m is not None for _, _, m in sheet.defined_tree)
    return any(c.max_score is not None for c in sheet.columns if c.becomes == "total")


def _overall_max(sheet: SheetReading, tree: Tree | None) -> Decimal | None:
    total = next((c for c in sheet.columns if c.becomes == "total"), None)
    if total is not None and total.max_score is not None:
        return total.max_score
    if tree is not None:
        fields = [tree.max_of(f) for f in tree.fields()]
        return sum(fields) if fields and all(f is not None for f in fields) else None
    if sheet.defined_tree and all(m is not None for _, _, m in sheet.defined_tree):
        return sum(m for _, _, m in sheet.defined_tree)
    return None


def _computed_total(sheet: SheetReading, tree: Tree | None, values: dict[str, Decimal | None]) -> Decimal | None:
    """The overall score by the tree's rule: the sum of the top-level fields (all scored)."""
    fields = tree.fields() if tree is not None else [c for c, _, _ in sheet.defined_tree or []]
    if not fields or any(values.get(f) is None for f in fields):
        return None
    return sum(values[f] for f in fields)


def _check_percent(sheet, where, col, text, total, overall_max) -> None:
    pct = tx.parse_number(text)
    if pct is None:
        sheet.problem(where, col.header, f'not a number: "{text}"')
        return
    if total is None or overall_max in (None, 0):
        return
    expected = (total * 100 / overall_max).quantize(Decimal("0.01"))
    if abs(expected - pct) > Decimal("0.01") and abs(total * 100 / overall_max - pct) > TOLERANCE:
        sheet.problem(where, col.header, f"percentage {_vn(pct)} is not total / maximum "
                      f"({_vn(total)} / {_vn(overall_max)} = {_vn(expected)} %)")


# ------------------------------------------------------------------ units

_MORE_PREFIXES = ("huyen", "thi xa", "quan", "thanh pho", "tp", "ubnd", "uy ban nhan dan", "so", "ban")


def _strip_more(text: str) -> str:
    name = match_name(text)
    changed = True
    while changed:
        changed = False
        for p in _MORE_PREFIXES:
            if name.startswith(p + " "):
                name, changed = name[len(p) + 1:], True
    return name


def _unit(ctx: Context, code_text, name_text, geography: str, sheet: SheetReading, where) -> UnitMatch:
    directory = ctx.directory
    line = where[1]
    if code_text:
        unit, _ = directory.resolve(code_text, True, geography)
        if unit:
            return UnitMatch(line, code_text, unit.code, unit.name, "code")
    text = name_text or code_text
    unit, _problem = directory.resolve(text, False, geography)
    if unit and unit.level == "province" and sheet.index_code not in STANDARD_INDICES:
        unit = None  # an own index scores departments and districts: "UBND THÀNH PHỐ LẠNG SƠN" is the city
    if unit is None and sheet.index_code in STANDARD_INDICES:
        # the ministry's indices score provinces: "TỈNH LẠNG SƠN" is the province, not the city
        provinces = [u for u in directory.by_match.get(match_name(text), [])
                     if u.level == "province" and u.geography == geography]
        unit = provinces[0] if len(provinces) == 1 else None
    if unit:
        how = "name" if unit.name.casefold() == text.casefold() else "folded name"
        return UnitMatch(line, text, unit.code, unit.name, how)
    wanted = _strip_more(text)
    own = sheet.index_code not in STANDARD_INDICES
    fits = {(u.geography, u.code): u for u in directory.units
            if (u.level != "province" if own else u.geography == geography or u.level != "province")
            and _strip_more(u.name) == wanted}
    if len(fits) == 1:
        unit = next(iter(fits.values()))
        return UnitMatch(line, text, unit.code, unit.name, "name without prefix")
    return UnitMatch(line, text, None, None, "not found")
