"""SQL of the importer, stage: the load's session tables, reading each file into a staging
table `imp_stage_<n>` (text columns `c<i>`), and copying it into the table's raw union
`imp_raw_<table>`; scores go straight into the typed `imp_scores` (the fast path below).

Values are always bound parameters. Identifiers that vary (staging tables, their columns) come
from our own names through `ident()`; a file's header text never reaches SQL except as a bound
value in messages.
"""
from __future__ import annotations

from analysis.queries import column_list, fill, ident, per_column, render
from analysis.queries.load_cells import NUMBER_PATTERN

SETUP = [
    """CREATE OR REPLACE TEMP TABLE imp_problem (
         file_id INTEGER, line BIGINT, col VARCHAR, header VARCHAR, message VARCHAR)""",
    "CREATE OR REPLACE TEMP TABLE imp_file (file_id INTEGER, label VARCHAR)",
]

INSERT_FILE = "INSERT INTO imp_file VALUES (?, ?)"

_LIST_TYPES = {"VARCHAR", "BOOLEAN", "BIGINT", "DOUBLE"}


def table_of_lists(name: str, types: dict[str, str]) -> str:
    """A session table of the answers Python computed (unit resolutions, maxima): one bound
    list per column, zipped row by row (`unnest` of lists in one select). Params: the lists, in
    the order of `types`. Small tables: no Arrow (nor pandas) needed to hand them over."""
    assert set(types.values()) <= _LIST_TYPES, types
    cols = ", ".join(f"unnest(?::{t}[]) AS {ident(c)}" for c, t in types.items())
    return "CREATE OR REPLACE TEMP TABLE " + ident(name) + " AS SELECT " + cols


def stage_csv(stage: str) -> str:
    """Read a CSV body (header skipped) as text columns; params: path, delimiter, columns,
    rejects table, rejects scan table. Malformed rows (too many or too few cells) go to the
    rejects table with their line instead of failing the statement, which would abort the
    whole import transaction."""
    return render(
        """CREATE TEMP TABLE {stage} AS SELECT * FROM read_csv(?, delim = ?, columns = ?,
             header = false, skip = 1, quote = '"', escape = '"', auto_detect = false,
             store_rejects = true, rejects_table = ?, rejects_scan = ?)""",
        stage=stage)


def csv_rejects(rejects: str) -> str:
    return render("""SELECT line, error_type, error_message FROM {rejects}
                     ORDER BY line LIMIT 200""", rejects=rejects)


def stage_from_view(stage: str, view: str) -> str:
    return render("CREATE TEMP TABLE {stage} AS SELECT * FROM {view}", stage=stage, view=view)


def add_null_column(stage: str) -> str:
    """Every staging table gets an all-NULL column standing in for absent optional columns."""
    return render("ALTER TABLE {stage} ADD COLUMN cnull VARCHAR", stage=stage)


def count_rows(stage: str) -> str:
    """Rows and the first rowid of a staging table."""
    return render("SELECT count(*), coalesce(min(rowid), 0) FROM {stage}", stage=stage)


def nul_cells(stage: str, n_columns: int) -> str:
    """(rowid, column index) of the cells holding a NUL character, at most 200 (a NUL is never
    meant in a name or a note, and no spreadsheet or slide can hold it)."""
    parts = [render("SELECT rowid AS r, " + str(i) + " AS c FROM {stage} WHERE contains({col}, chr(0))",
                    stage=stage, col=f"c{i}") for i in range(n_columns)]
    return "SELECT r, c FROM (" + " UNION ALL ".join(parts) + ") ORDER BY r, c LIMIT 200"


def raw_table(name: str, keys: list[str]) -> str:
    return fill("CREATE OR REPLACE TEMP TABLE {name} (file_id INTEGER, line BIGINT, {cols}, wide_col VARCHAR)",
                name=ident(name), cols=per_column("{c} VARCHAR", keys, ", "))


def _any_cell(n_stage_cols: int) -> str:
    """Some staging cell `c0 .. cN` is not blank."""
    return per_column("nullif(trim({c}), '') IS NOT NULL", [f"c{i}" for i in range(n_stage_cols)], " OR ") or "false"


INSERT_RAW = "INSERT INTO {name} SELECT ?, rowid - ? + 2, {cols}, ? FROM {stage} WHERE ({not_empty})"


def insert_raw(name: str, stage: str, sources: list[str], n_stage_cols: int, wide: bool) -> str:
    """Copy one staged file into the table's raw union: `sources[i]` is the staging column
    (`cK` or `cnull`) holding canonical column i. Empty rows are skipped. Params: file_id,
    wide_col (or for wide form: criterion code, header, then the rank switch)."""
    return fill(INSERT_RAW, name=ident(name), cols=column_list(sources), stage=ident(stage),
                not_empty=_any_cell(n_stage_cols))


INSERT_WIDE = """INSERT INTO imp_raw_scores SELECT ?, rowid - ? + 2, {cols}, ? FROM {stage}
                 WHERE nullif(trim({value}), '') IS NOT NULL"""


def insert_wide(stage: str, keys: list[str], sources: dict[str, str], value_col: str) -> str:
    """One wide-form score column unpivoted: params file_id, first rowid, criterion code,
    is_total, header."""
    parts = []
    for k in keys:
        if k == "criterion_code":
            parts.append("?")
        elif k == "score":
            parts.append(ident(value_col))
        elif k == "rank":
            parts.append(fill("CASE WHEN ? THEN {rank} END", rank=ident(sources["rank"])))
        else:
            parts.append(ident(sources[k]))
    return fill(INSERT_WIDE, cols=", ".join(parts), stage=ident(stage), value=ident(value_col))


# ------------------------------------------------------------------ scores: the fast path
# A scores file can hold millions of rows, so its rows are parsed, typed and flagged in one
# statement per file (`insert_scores`) straight from the staging table into `imp_scores`.
# Each cell expression first tries a cheap test for the plain form that nearly every cell has
# (ASCII code without spaces, digits with one decimal mark) and only otherwise runs the full
# rule (`imp_code`, `imp_numtext`/`imp_numval`, ...); on the cells the test admits, both give
# the same value. A row whose cells are not all plain is flagged `suspect`: only those rows are
# copied, as text, to `imp_raw_scores` for the generic cell checks (`value required`, `not a
# number`, ...), which therefore report exactly what they did when every row went through them.

_PLAIN_INDEX = "regexp_full_match({x}, '[A-Z0-9_.]+')"
_PLAIN_WHOLE = "regexp_full_match({x}, '[0-9]{{1,9}}')"
_PLAIN_NUMBER = "regexp_full_match({x}, '[0-9]{{1,15}}([.,][0-9]{{1,15}})?')"
# ASCII (one byte per character), no space or tab anywhere, more than one character: trimming
# and NFC change nothing and it is not a lone province digit (`1` -> `01`).
_PLAIN_CODE = "(strlen({x}) > 1 AND strlen({x}) = length({x}) AND NOT contains({x}, ' ') AND NOT contains({x}, chr(9)))"
_PLAIN_CRIT = "(NOT contains({x}, ' ') AND NOT ends_with({x}, '.'))"
# Each cell: the plain form's value when the cheap test admits it, else the full rule
# (`{value}` is `_number_value` of the cell).
_INDEX_CELL = "CASE WHEN " + _PLAIN_INDEX + " THEN {x} ELSE imp_index({x}) END"
_WHOLE_CELL = "CASE WHEN " + _PLAIN_WHOLE + " THEN CAST({x} AS BIGINT) ELSE imp_whole({value}) END"
_NUMBER_CELL = "CASE WHEN " + _PLAIN_NUMBER + " THEN CAST(replace({x}, ',', '.') AS DOUBLE) ELSE {value} END"
_CODE_CELL = "CASE WHEN " + _PLAIN_CODE + " THEN {x} ELSE imp_code({x}) END"
_CRIT_CELL = "CASE WHEN " + _PLAIN_CRIT + " THEN {x} ELSE imp_crit({x}) END"


def _number_value(x: str) -> str:
    """The full rule of `parse_numbers` for one cell (text `x`, an identifier): its value or NULL."""
    return ("CASE WHEN regexp_full_match(imp_numtext(" + x + "), '" + NUMBER_PATTERN + "') "
            "THEN imp_numval(imp_numtext(" + x + ")) END")


def scores_table() -> str:
    return """CREATE OR REPLACE TEMP TABLE imp_scores (
        file_id INTEGER, line BIGINT, wide_col VARCHAR, index_code VARCHAR, year BIGINT,
        geo_hint VARCHAR, unit_text VARCHAR, unit_is_code BOOLEAN, criterion_code VARCHAR,
        score DOUBLE, max_score DOUBLE, rank BIGINT, source VARCHAR, suspect BOOLEAN)"""


INSERT_SCORES = """
    INSERT INTO imp_scores
    SELECT file_id, line, wide_col, index_code, year,
           geography_of_year(year) AS geo_hint,
           coalesce(code, name) AS unit_text, code IS NOT NULL AS unit_is_code,
           criterion_code, score, max_score, rank, source, suspect
    FROM (SELECT ?::INTEGER AS file_id, rowid - ? + 2 AS line, ?::VARCHAR AS wide_col,
                 {index} AS index_code, {year} AS year, {code} AS code,
                 {name} AS name, {criterion} AS criterion_code,
                 {score} AS score, {max_score} AS max_score, {rank} AS rank,
                 {source} AS source, {suspect} AS suspect
          FROM {stage} WHERE {keep})
    """


def insert_scores(stage: str, sources: dict[str, str], n_stage_cols: int, criterion_param: bool) -> str:
    """One staged scores file (long form, or one wide column) into `imp_scores`. `sources[key]`
    is the staging column holding that canonical column, or `cnull` when the file lacks it.
    Params: file_id, first rowid, wide_col, then the criterion code when `criterion_param`."""
    def col(key: str) -> str | None:
        src = sources.get(key, "cnull")
        return None if src == "cnull" else ident(src)

    def cell(template: str, x: str | None, absent: str) -> str:
        return template.format(x=x, value=_number_value(x)) if x else absent

    ix, yr, code, name = col("index_code"), col("year"), col("unit_code"), col("unit_name")
    crit, score, mx, rank, source = (col("criterion_code"), col("score"), col("max_score"),
                                     col("rank"), col("source"))
    e = {
        "index_code": cell(_INDEX_CELL, ix, "NULL::VARCHAR"),
        "year": cell(_WHOLE_CELL, yr, "NULL::BIGINT"),
        "code": cell(_CODE_CELL, code, "NULL::VARCHAR"),
        "name": cell("imp_txt({x})", name, "NULL::VARCHAR"),
        "criterion_code": "imp_crit(?)" if criterion_param else cell(_CRIT_CELL, crit, "''"),
        "score": cell(_NUMBER_CELL, score, "NULL::DOUBLE"),
        "max_score": cell(_NUMBER_CELL, mx, "NULL::DOUBLE"),
        "rank": cell(_WHOLE_CELL, rank, "NULL::BIGINT"),
        "source": cell("imp_txt({x})", source, "NULL::VARCHAR"),
    }
    # A row is plain when every cell the generic checks look at is plain (or absent/empty
    # where empty is allowed); anything else is re-checked by the full rules.
    plain_row = [cell(_PLAIN_INDEX, ix, "false"), cell(_PLAIN_WHOLE, yr, "false"),
                 cell(_PLAIN_NUMBER, score, "false"),
                 cell("({x} IS NULL OR " + _PLAIN_NUMBER + ")", mx, ""),
                 cell("({x} IS NULL OR " + _PLAIN_WHOLE + ")", rank, "")]
    suspect = "NOT coalesce(" + " AND ".join(p for p in plain_row if p) + ", false)"
    if criterion_param:
        # wide form: only rows with a value in this column (as `insert_wide`)
        keep = per_column("nullif(trim({c}), '') IS NOT NULL", [sources["score"]], "")
    else:
        # empty rows are skipped (as `insert_raw`); a plain index code proves the row is not empty
        keep = cell("coalesce(" + _PLAIN_INDEX + ", false) OR ", ix, "") + _any_cell(n_stage_cols)
    return fill(INSERT_SCORES, stage=ident(stage), keep=keep, suspect=suspect,
                **{k.replace("_code", ""): v for k, v in e.items()})


SUSPECT_LINES = "SELECT count(*) FROM imp_scores WHERE file_id = ? AND suspect"


def only_suspect(insert_sql: str) -> str:
    """Restrict a raw insert (`insert_raw` / `insert_wide`) of one file to the rows flagged
    suspect in `imp_scores`; its last param becomes the file id."""
    return (insert_sql + " AND rowid - ? + 2 IN (SELECT line FROM imp_scores WHERE file_id = ? AND suspect"
            + " AND wide_col IS NOT DISTINCT FROM ?)")
