"""Parsing and checking the staged rows, set-wise in DuckDB.

Order matters only for what a table may refer to: units first (scores and responsibilities may
name units loaded in the same call), then criteria (scores are checked against the trees the
load will leave), then scores, targets and responsibilities. Every problem goes into the
`imp_problem` table; nothing stops at the first.
"""
from __future__ import annotations

from collections import defaultdict

from analysis.importer.headers import TABLES
from analysis.importer.index_codes import check_index_codes
from analysis.importer.plans import validate_plans
from analysis.importer.resolve import RESOLVED_TYPES, UnitDirectory, resolve_table
from analysis.queries import load_stage as q_stage
from analysis.queries import load_validate as q
from analysis.units import match_name

RAW = {t: f"imp_raw_{t}" for t in TABLES}
NUMBERS = {"criteria": ["max_score"], "scores": ["score", "max_score"], "targets": ["target_score"]}
WHOLE = {"criteria": ["valid_from", "valid_to"], "scores": ["year", "rank"],
         "responsibilities": ["valid_from", "valid_to"], "targets": ["year", "target_rank"],
         "plans": ["result_year"]}
LEVELS = ["province", "department", "district", "commune", "agency"]


def create_raw_tables(con) -> None:
    for table, spec in TABLES.items():
        con.execute(q_stage.raw_table(RAW[table], [c.key for c in spec]))
    con.execute(q_stage.scores_table())


def _cell_checks(con, table: str, wide_scores: bool) -> None:
    raw = RAW[table]
    parsed = f"imp_parsed_{table}"
    numeric = NUMBERS.get(table, []) + WHOLE.get(table, [])
    con.execute(q.parse_numbers(raw, parsed, numeric))
    for col in TABLES[table]:
        if col.required and not (table == "scores" and col.key == "score" and wide_scores):
            con.execute(q.check_required(raw, col.key), [col.key])
    for key in numeric:
        con.execute(q.check_number(parsed, key), [key, table == "scores" and key == "score"])
    for key in WHOLE.get(table, []):
        con.execute(q.check_whole(parsed, key), [key])


def _resolve(con, directory: UnitDirectory, requests_sql: str) -> None:
    requests = con.execute(requests_sql).fetchall()
    columns = resolve_table(directory, requests)
    con.execute(q_stage.table_of_lists("imp_resolved", RESOLVED_TYPES), list(columns.values()))


def validate_units(con) -> None:
    _cell_checks(con, "units", False)
    con.execute(q.TYPED_UNITS)
    con.execute(q.check_enum("imp_units", "level"),
                ["level", "(use province, department, district, commune, agency)", LEVELS])
    con.execute(q.check_enum("imp_units", "geography"), ["geography", "(use vn63, vn34)", ["vn63", "vn34"]])
    names = [r[0] for r in con.execute(q.UNIT_NEW_NAMES).fetchall()]
    con.execute(q_stage.table_of_lists("imp_name_map", {"name": "VARCHAR", "match_name": "VARCHAR"}),
                [names, [match_name(n) for n in names]])
    con.execute(q.SET_UNIT_MATCH)
    _resolve(con, UnitDirectory(con.execute(q.UNITS_KNOWN).fetchall()), q.UNIT_PARENT_REQUESTS)
    con.execute(q.UNIT_PARENT_PROBLEMS)
    con.execute(q.UNIT_SET_PARENT)
    con.execute(q.check_duplicates("imp_units", ["geography", "unit_code"], "unit_code"), ["unit_code"])


def validate_criteria(con) -> None:
    _cell_checks(con, "criteria", False)
    con.execute(q.TYPED_CRITERIA)
    con.execute(q.check_enum("imp_criteria", "aggregate"),
                ["aggregate", "(use sum, mean, none)", ["sum", "mean", "none"]])
    for sql in (q.CRITERIA_CODE_FORMAT, q.CRITERIA_PERIOD_ORDER, q.CRITERIA_NEGATIVE_MAX,
                q.CRITERIA_ALL, q.CRITERIA_VALID_TO_DIFFERS, q.CRITERIA_PARENT_MISSING,
                q.CRITERIA_OVERLAP):
        con.execute(sql)
    con.execute(q.check_duplicates("imp_criteria", ["index_code", "valid_from", "criterion_code"],
                                   "criterion_code"), ["criterion_code"])
    _store_max_scores(con)


def effective_max(rows) -> list[tuple]:
    """The maximum of every criterion of every tree, and of the overall ('' code).

    A criterion's own max_score if given; else the sum of its children's maxima (when they all
    have one); else none (a percentage, bounded by 100). The overall: the sum of the top-level
    fields' maxima, or none when they are percentages.
    """
    trees: dict[tuple, dict[str, float | None]] = defaultdict(dict)
    valid_to: dict[tuple, int | None] = {}
    for index_code, valid_from, vt, code, max_score in rows:
        trees[(index_code, valid_from)][code] = max_score
        valid_to[(index_code, valid_from)] = vt
    out = []
    for key, own in trees.items():
        children: dict[str, list[str]] = defaultdict(list)
        for code in own:
            parent = code.rsplit(".", 1)[0] if "." in code else ""
            children[parent].append(code)
        memo: dict[str, float | None] = {}

        def eff(code: str) -> float | None:
            if code in memo:
                return memo[code]
            value = own.get(code) if code else None
            if value is None and children.get(code):
                parts = [eff(c) for c in children[code]]
                value = sum(parts) if all(p is not None for p in parts) else None
            memo[code] = value
            return value

        for code in list(own) + [""]:
            out.append((key[0], key[1], valid_to[key], code, eff(code)))
    return out


def _store_max_scores(con) -> None:
    rows = effective_max(con.execute(q.CRITERIA_ALL_ROWS).fetchall())
    cols = [list(c) for c in zip(*rows)] if rows else [[], [], [], [], []]
    con.execute(q_stage.table_of_lists("imp_crit_max", {
        "index_code": "VARCHAR", "valid_from": "BIGINT", "valid_to": "BIGINT", "criterion_code": "VARCHAR",
        "eff_max": "DOUBLE"}), cols)


def validate_scores(con, directory: UnitDirectory, wide: bool) -> None:
    """`imp_scores` is already typed (`queries.load_stage.insert_scores`); the raw table holds
    only the rows whose cells need the generic checks. Large loads take the set-wise shortcuts:
    the unit join only when some unit does not resolve to its own code, the criterion and maximum
    per distinct (index, year, criterion), the exact duplicate search only among rows whose key
    hashes collide."""
    _cell_checks(con, "scores", wide)
    con.execute(q.SCORES_UNIT_MISSING)
    _resolve(con, directory, q.SCORES_UNIT_REQUESTS)
    if con.execute(q.RESOLVED_ALL_IDENTITY).fetchall()[0][0] == 0:
        con.execute(q.SCORES_OK_IDENTITY)
    else:
        if con.execute(q.RESOLVED_PROBLEMS).fetchall()[0][0]:
            con.execute(q.SCORES_UNIT_PROBLEMS)
        con.execute(q.SCORES_RESOLVED)
    con.execute(q.SCORES_CRIT)
    if con.execute(q.SCORES_ANY_UNKNOWN).fetchall()[0][0]:
        con.execute(q.SCORES_UNKNOWN_CRITERION)
    con.execute(q.SCORES_RANGE)
    keys = ["index_code", "year", "geography", "unit_code", "criterion_code"]
    if con.execute(q.duplicate_candidates("imp_scores_ok", keys)).fetchall()[0][0]:
        con.execute(q.check_duplicates("imp_scores_ok", keys, "unit_code"), ["unit_code"])


def validate_targets(con, directory: UnitDirectory) -> None:
    _cell_checks(con, "targets", False)
    con.execute(q.TYPED_TARGETS)
    con.execute(q.TARGETS_NO_TARGET)
    _resolve(con, directory, q.TARGETS_UNIT_REQUESTS)
    for sql in (q.TARGETS_UNIT_PROBLEMS, q.TARGETS_UNKNOWN_CRITERION, q.TARGETS_RESOLVED):
        con.execute(sql)
    con.execute(q.check_duplicates("imp_targets_ok", ["geography", "unit_code", "index_code", "year",
                                                      "criterion_code"], "unit_code"), ["unit_code"])


def validate_responsibilities(con, directory: UnitDirectory) -> None:
    _cell_checks(con, "responsibilities", False)
    con.execute(q.TYPED_RESPONSIBILITIES)
    _resolve(con, directory, q.RESP_PROVINCE_REQUESTS)
    con.execute(q.RESP_PROVINCE_PROBLEMS)
    con.execute(q.RESP_WITH_PROVINCE)
    _resolve(con, directory, q.RESP_UNIT_REQUESTS)
    for sql in (q.RESP_LEAD_PROBLEMS, q.RESP_SUPPORT_PROBLEMS, q.RESP_UNKNOWN_CRITERION, q.RESP_RESOLVED):
        con.execute(sql)
    con.execute(q.check_duplicates("imp_resp_ok", ["province_code", "index_code", "criterion_code",
                                                   "valid_from"], "criterion_code"), ["criterion_code"])


def validate_all(con, tables_present: set[str], wide_scores: bool) -> None:
    validate_units(con)
    validate_criteria(con)
    directory = UnitDirectory(con.execute(q.UNITS_KNOWN).fetchall())
    validate_scores(con, directory, wide_scores)
    check_index_codes(con)  # a number or a header is never an index code
    validate_targets(con, directory)
    validate_responsibilities(con, directory)
    validate_plans(con, directory)
