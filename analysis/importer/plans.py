"""Checking the staged `plans` rows (kế hoạch khắc phục): the province in the geography of the
result year, the agency a unit of that province (by code or name, as responsibilities' lead
unit), the criterion one of that year's tree, the status one of three, dates in either form."""
from __future__ import annotations

from analysis.importer.headers import map_header
from analysis.importer.resolve import UnitDirectory
from analysis.queries import load_plans as q
from analysis.queries.load_stage import table_of_lists
from analysis.queries.load_validate import check_duplicates

KEYS = ["province_code", "index_code", "result_year", "criterion_code", "agency_code", "action"]
# Set (as the workbook's keywords) on the giải trình workbook the app exports: its plans sheet
# holds a prefilled row per weak item, and the rows an agency left unfilled are not plans.
TEMPLATE_MARK = "pardash-plan-template"
# What an agency writes on a prefilled row; all of them empty means the row was not filled.
FILLED_BY_AGENCY = ("action", "deadline", "status", "evidence", "updated_at")


def is_template(book) -> bool:
    return (getattr(book.properties, "keywords", None) or "") == TEMPLATE_MARK


def blank_unfilled(header: list[str], body: list[list[str | None]]) -> list[list[str | None]]:
    """The sheet's rows with the prefilled rows nobody filled made empty (empty rows are not
    read, and every other row keeps its line number)."""
    columns = map_header("plans", header).columns
    spots = [columns[c] for c in FILLED_BY_AGENCY if c in columns]

    def unfilled(row: list[str | None]) -> bool:
        return all(pos >= len(row) or row[pos] is None or not str(row[pos]).strip() for pos in spots)

    return [[None] * len(row) if unfilled(row) else row for row in body]


def validate_plans(con, directory: UnitDirectory) -> None:
    # imported here: `validate` calls this function, after its own tables
    from analysis.importer.validate import _cell_checks, _resolve

    for sql in q.MACROS:
        con.execute(sql)
    _cell_checks(con, "plans", False)
    con.execute(q.TYPED_PLANS, q.STATUS_WORDS)
    con.execute(q.PLANS_BAD_DATE)
    con.execute(q.PLANS_BAD_STATUS)
    _resolve(con, directory, q.PLANS_PROVINCE_REQUESTS)
    con.execute(q.PLANS_PROVINCE_PROBLEMS)
    con.execute(q.PLANS_WITH_PROVINCE)
    _resolve(con, directory, q.PLANS_AGENCY_REQUESTS)
    con.execute(q.PLANS_AGENCY_PROBLEMS)
    _check_agencies_belong(con, directory)
    con.execute(q.PLANS_UNKNOWN_CRITERION)
    con.execute(q.PLANS_RESOLVED)
    con.execute(q.PLANS_KEEP_UPDATED)
    con.execute(q.PLANS_UPDATED_TODAY)
    con.execute(check_duplicates("imp_plans_ok", KEYS, "action"), ["action"])


def province_of(directory: UnitDirectory, geography: str, code: str) -> str | None:
    """The province a unit belongs to, following parent codes upwards; None when its chain
    stops before a province (a unit loaded without its parent)."""
    seen = set()
    while (geography, code) not in seen:
        seen.add((geography, code))
        unit = directory.by_code.get((geography, code))
        if unit is None:
            return None
        if unit.level == "province":
            return unit.code
        if not unit.parent_code:
            return None
        code = unit.parent_code
    return None


def _check_agencies_belong(con, directory: UnitDirectory) -> None:
    """An agency known to belong to another province is an error; one whose province the
    database cannot tell (no parent given) is taken at the file's word."""
    foreign = {"province_code": [], "geography": [], "unit_code": [], "home": []}
    for province, geography, code in con.execute(q.PLANS_AGENCIES).fetchall():
        home = province_of(directory, geography, code)
        if home is not None and home != province:
            for key, value in zip(foreign, (province, geography, code, home)):
                foreign[key].append(value)
    con.execute(table_of_lists("imp_plans_foreign", {k: "VARCHAR" for k in foreign}), list(foreign.values()))
    con.execute(q.PLANS_FOREIGN_AGENCY)
