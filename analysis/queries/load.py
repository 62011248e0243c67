"""SQL of the importer: staging, parsing, validation and writing of imports.

Values are always bound parameters. Identifiers that vary (staging tables `imp_stage_<n>`,
their columns `c<i>`, the stored tables and their columns) come from our own names through
`ident()`; a file's header text never reaches SQL except as a bound value in messages.
"""
from __future__ import annotations

from analysis.queries import ident, render


def _fill(template: str, **parts: str) -> str:
    """Fill the `{slot}`s of a constant SQL template with fragments built in this module only
    from `ident()` names and constant SQL (column lists, join conditions): never a value."""
    return template.format(**parts)


def _names(columns: list[str], prefix: str = "") -> str:
    """`a, b, c` (or `t.a, t.b`) of allow-listed column names."""
    return ", ".join(prefix + ident(c) for c in columns)


def _each(template: str, columns: list[str], sep: str) -> str:
    """`template` (with `{c}` the column as an identifier, `{name}` its bare name) per column."""
    return sep.join(template.format(c=ident(c), name=c) for c in columns)


# A number as the contract allows it, after surrounding spaces and a trailing `%` are removed:
# plain (`85.57`, `85,57`), a lone mark is the decimal mark, or thousands marks beside a
# decimal mark of the other kind (`1.234,5`, `1,234.5`).
NUMBER_PATTERN = (
    r"[+-]?([0-9]+([.,][0-9]+)?|[0-9]{1,3}(\.[0-9]{3})+,[0-9]+|[0-9]{1,3}(,[0-9]{3})+\.[0-9]+|[.,][0-9]+)"
)

MACROS = [
    # text cell -> trimmed NFC text, '' -> NULL
    "CREATE OR REPLACE TEMP MACRO imp_txt(x) AS nullif(trim(nfc_normalize(x), ' \t' || chr(160)), '')",
    # a code: trimmed; a lone digit is a province code that lost its leading zero (`1` -> `01`)
    """CREATE OR REPLACE TEMP MACRO imp_code(x) AS
         CASE WHEN length(trim(x)) = 1 AND trim(x) BETWEEN '0' AND '9' THEN '0' || trim(x)
              ELSE nullif(trim(nfc_normalize(x), ' \t' || chr(160)), '') END""",
    # index codes are case-insensitive: `par index` -> `PAR_INDEX`
    "CREATE OR REPLACE TEMP MACRO imp_index(x) AS nullif(regexp_replace(upper(trim(x)), '[\\s-]+', '_', 'g'), '')",
    # criterion codes: `1.2.` -> `1.2`
    "CREATE OR REPLACE TEMP MACRO imp_crit(x) AS rtrim(trim(coalesce(x, '')), '.')",
    # a numeric cell's text without spaces and a trailing percent sign
    """CREATE OR REPLACE TEMP MACRO imp_numtext(x) AS
         CASE WHEN contains(x, '%') THEN trim(rtrim(trim(x, ' \t' || chr(160)), '%'), ' \t' || chr(160))
              ELSE trim(x, ' \t' || chr(160)) END""",
    # the value: where a comma comes after any dot it is the decimal mark, dots are thousands
    """CREATE OR REPLACE TEMP MACRO imp_numval(t) AS TRY_CAST(
         CASE WHEN strpos(t, ',') > strpos(t, '.') THEN replace(replace(t, '.', ''), ',', '.')
              ELSE replace(t, ',', '') END AS DOUBLE)""",
    # a parsed number (x__v) -> whole number or NULL
    "CREATE OR REPLACE TEMP MACRO imp_whole(v) AS CASE WHEN v = round(v) THEN CAST(v AS BIGINT) END",
    "CREATE OR REPLACE TEMP MACRO imp_fold(x) AS replace(lower(strip_accents(replace(replace(trim(x), 'Đ', 'd'), 'đ', 'd'))), ' ', '_')",
    "CREATE OR REPLACE TEMP MACRO imp_fmt(v) AS regexp_replace(CAST(v AS VARCHAR), '\\.0$', '')",
]

SETUP = [
    """CREATE OR REPLACE TEMP TABLE imp_problem (
         file_id INTEGER, line BIGINT, col VARCHAR, header VARCHAR, message VARCHAR)""",
    "CREATE OR REPLACE TEMP TABLE imp_file (file_id INTEGER, label VARCHAR)",
]

INSERT_FILE = "INSERT INTO imp_file VALUES (?, ?)"
INSERT_PROBLEM = "INSERT INTO imp_problem VALUES (?, ?, ?, ?, ?)"


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
    return _fill("CREATE OR REPLACE TEMP TABLE {name} (file_id INTEGER, line BIGINT, {cols}, wide_col VARCHAR)",
                 name=ident(name), cols=_each("{c} VARCHAR", keys, ", "))


def _any_cell(n_stage_cols: int) -> str:
    """Some staging cell `c0 .. cN` is not blank."""
    return _each("nullif(trim({c}), '') IS NOT NULL", [f"c{i}" for i in range(n_stage_cols)], " OR ") or "false"


INSERT_RAW = "INSERT INTO {name} SELECT ?, rowid - ? + 2, {cols}, ? FROM {stage} WHERE ({not_empty})"


def insert_raw(name: str, stage: str, sources: list[str], n_stage_cols: int, wide: bool) -> str:
    """Copy one staged file into the table's raw union: `sources[i]` is the staging column
    (`cK` or `cnull`) holding canonical column i. Empty rows are skipped. Params: file_id,
    wide_col (or for wide form: criterion code, header, then the rank switch)."""
    return _fill(INSERT_RAW, name=ident(name), cols=_names(sources), stage=ident(stage),
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
            parts.append(_fill("CASE WHEN ? THEN {rank} END", rank=ident(sources["rank"])))
        else:
            parts.append(ident(sources[k]))
    return _fill(INSERT_WIDE, cols=", ".join(parts), stage=ident(stage), value=ident(value_col))


# ------------------------------------------------------------------ generic cell checks

def parse_numbers(raw: str, parsed: str, columns: list[str]) -> str:
    """Parse each numeric column once: `<col>__t` its cleaned text, `<col>__v` its value (NULL
    when empty or not a number). Checks and typed tables read these instead of re-parsing."""
    if not columns:
        return render("CREATE OR REPLACE TEMP TABLE {parsed} AS SELECT * FROM {raw}", parsed=parsed, raw=raw)
    texts = ", ".join(render("imp_numtext({c}) AS {t}", c=c, t=c + "__t") for c in columns)
    values = ", ".join(
        render("CASE WHEN regexp_full_match({t}, '" + NUMBER_PATTERN.replace("{", "{{").replace("}", "}}")
               + "') THEN imp_numval({t}) END AS {v}", t=c + "__t", v=c + "__v") for c in columns)
    return _fill("CREATE OR REPLACE TEMP TABLE {parsed} AS SELECT *, {values} FROM (SELECT *, {texts} FROM {raw})",
                 parsed=ident(parsed), values=values, texts=texts, raw=ident(raw))


def check_required(raw: str, col: str) -> str:
    return render("""INSERT INTO imp_problem SELECT file_id, line, ?, NULL, 'value required'
                     FROM {raw} WHERE nullif(trim({col}), '') IS NULL""", raw=raw, col=col)


def check_number(parsed: str, col: str) -> str:
    return render("""INSERT INTO imp_problem
                     SELECT file_id, line, ?, CASE WHEN ? THEN wide_col END,
                            'not a number: "' || trim({col}) || '"'
                     FROM {parsed} WHERE {t} <> '' AND {v} IS NULL""",
                  parsed=parsed, col=col, t=col + "__t", v=col + "__v")


def check_whole(parsed: str, col: str) -> str:
    return render("""INSERT INTO imp_problem SELECT file_id, line, ?, NULL,
                            'not a whole number: "' || trim({col}) || '"'
                     FROM {parsed} WHERE {v} <> round({v})""", parsed=parsed, col=col, v=col + "__v")


def check_enum(table: str, col: str, message_tail: str) -> str:
    """Values outside an allowed list: params col key, message tail, allowed list."""
    return render("""INSERT INTO imp_problem SELECT file_id, line, ?, NULL,
                            'unknown value "' || {raw_col} || '" ' || ?
                     FROM {table} WHERE {col} IS NOT NULL AND NOT list_contains(?, {col})""",
                  table=table, col=col, raw_col=col + "_raw")


# ------------------------------------------------------------------ typed tables

TYPED_UNITS = """
CREATE OR REPLACE TEMP TABLE imp_units AS
SELECT file_id, line,
       coalesce(lower(imp_txt(geography)), 'vn63') AS geography,
       imp_code(unit_code) AS unit_code,
       imp_txt(name) AS name,
       imp_txt(name_en) AS name_en,
       CASE imp_fold(level)
            WHEN 'tinh' THEN 'province' WHEN 'so' THEN 'department' WHEN 'huyen' THEN 'district'
            WHEN 'xa' THEN 'commune' WHEN 'co_quan' THEN 'agency' ELSE imp_fold(level) END AS level,
       imp_txt(level) AS level_raw,
       imp_txt(geography) AS geography_raw,
       imp_code(parent_code) AS parent_raw,
       upper(imp_txt(region)) AS region,
       imp_code(successor_code) AS successor_code,
       CAST(NULL AS VARCHAR) AS match_name,
       CAST(NULL AS VARCHAR) AS parent_code
FROM imp_parsed_units
WHERE nullif(trim(unit_code), '') IS NOT NULL AND nullif(trim(name), '') IS NOT NULL
  AND nullif(trim(level), '') IS NOT NULL
"""

UNIT_NEW_NAMES = "SELECT DISTINCT name FROM imp_units"
SET_UNIT_MATCH = """
UPDATE imp_units SET match_name = m.match_name FROM imp_name_map m WHERE imp_units.name = m.name
"""

TYPED_CRITERIA = """
CREATE OR REPLACE TEMP TABLE imp_criteria AS
SELECT file_id, line,
       imp_index(index_code) AS index_code,
       imp_whole(valid_from__v) AS valid_from,
       imp_whole(valid_to__v) AS valid_to,
       imp_crit(criterion_code) AS criterion_code,
       imp_txt(name) AS name,
       imp_txt(name_en) AS name_en,
       max_score__v AS max_score,
       coalesce(imp_fold(aggregate), 'sum') AS aggregate,
       imp_txt(aggregate) AS aggregate_raw
FROM imp_parsed_criteria
WHERE imp_whole(valid_from__v) IS NOT NULL
  AND nullif(trim(index_code), '') IS NOT NULL AND nullif(trim(criterion_code), '') IS NOT NULL
  AND nullif(trim(name), '') IS NOT NULL
"""

CRITERIA_CODE_FORMAT = """
INSERT INTO imp_problem SELECT file_id, line, 'criterion_code', NULL,
       'not a criterion code: "' || criterion_code || '" (use dotted numbers like 1, 1.2, 1.2.3)'
FROM imp_criteria WHERE NOT regexp_full_match(criterion_code, '[0-9A-Za-z]+(\\.[0-9A-Za-z]+)*')
"""

CRITERIA_PERIOD_ORDER = """
INSERT INTO imp_problem SELECT file_id, line, 'valid_to', NULL,
       'valid_to ' || valid_to || ' is before valid_from ' || valid_from
FROM imp_criteria WHERE valid_to < valid_from
"""

CRITERIA_NEGATIVE_MAX = """
INSERT INTO imp_problem SELECT file_id, line, 'max_score', NULL, 'max_score must not be negative'
FROM imp_criteria WHERE max_score < 0
"""

# Every criterion the load will leave in the database: stored rows not overwritten + new rows.
CRITERIA_ALL = """
CREATE OR REPLACE TEMP TABLE imp_criteria_all AS
SELECT index_code, valid_from, valid_to, criterion_code, max_score, NULL::INTEGER AS file_id, NULL::BIGINT AS line
FROM criterion c
WHERE NOT EXISTS (SELECT 1 FROM imp_criteria n WHERE n.index_code = c.index_code
                  AND n.valid_from = c.valid_from AND n.criterion_code = c.criterion_code)
UNION ALL
SELECT index_code, valid_from, valid_to, criterion_code, max_score, file_id, line FROM imp_criteria
"""

CRITERIA_VALID_TO_DIFFERS = """
INSERT INTO imp_problem
SELECT a.file_id, a.line, 'valid_to', NULL,
       'valid_to differs within the tree of ' || a.index_code || ' from ' || a.valid_from
       || ' (' || coalesce(CAST(b.valid_to AS VARCHAR), 'empty') || ' on another row)'
FROM imp_criteria_all a
JOIN (SELECT index_code, valid_from, any_value(valid_to ORDER BY line NULLS FIRST) AS valid_to
      FROM imp_criteria_all GROUP BY ALL) b USING (index_code, valid_from)
WHERE a.file_id IS NOT NULL AND a.valid_to IS DISTINCT FROM b.valid_to
"""

CRITERIA_PARENT_MISSING = """
INSERT INTO imp_problem
SELECT c.file_id, c.line, 'criterion_code', NULL,
       'parent criterion "' || regexp_replace(c.criterion_code, '\\.[^.]*$', '') || '" is missing in the tree of '
       || c.index_code || ' from ' || c.valid_from
FROM imp_criteria_all c
WHERE c.file_id IS NOT NULL AND contains(c.criterion_code, '.')
  AND NOT EXISTS (SELECT 1 FROM imp_criteria_all p WHERE p.index_code = c.index_code
                  AND p.valid_from = c.valid_from
                  AND p.criterion_code = regexp_replace(c.criterion_code, '\\.[^.]*$', ''))
"""

CRITERIA_OVERLAP = """
WITH periods AS (
    SELECT index_code, valid_from, max(valid_to) AS valid_to, min(file_id) AS file_id,
           arg_min(line, file_id) AS line
    FROM imp_criteria_all GROUP BY index_code, valid_from)
INSERT INTO imp_problem
SELECT b.file_id, b.line, 'valid_from', NULL,
       'the tree of ' || b.index_code || ' from ' || b.valid_from || ' overlaps the tree from '
       || a.valid_from || ' (valid to ' || coalesce(CAST(a.valid_to AS VARCHAR), 'now') || ')'
FROM periods a JOIN periods b ON a.index_code = b.index_code AND a.valid_from < b.valid_from
WHERE b.file_id IS NOT NULL AND coalesce(a.valid_to, 999999) >= b.valid_from
"""

CRITERIA_ALL_ROWS = """
SELECT index_code, valid_from, valid_to, criterion_code, max_score FROM imp_criteria_all
"""

CRIT_MAX_TABLE = "CREATE OR REPLACE TEMP TABLE imp_crit_max AS SELECT * FROM imp_crit_max_view"

# ------------------------------------------------------------------ scores

TYPED_SCORES = """
CREATE OR REPLACE TEMP TABLE imp_scores AS
SELECT file_id, line, wide_col,
       imp_index(index_code) AS index_code,
       imp_whole(year__v) AS year,
       geography_of_year(imp_whole(year__v)) AS geo_hint,
       coalesce(imp_code(unit_code), imp_txt(unit_name)) AS unit_text,
       imp_code(unit_code) IS NOT NULL AS unit_is_code,
       imp_crit(criterion_code) AS criterion_code,
       score__v AS score,
       max_score__v AS max_score,
       imp_whole(rank__v) AS rank,
       imp_txt(source) AS source
FROM imp_parsed_scores
"""

SCORES_UNIT_MISSING = """
INSERT INTO imp_problem SELECT file_id, line, 'unit_code', NULL, 'value required'
FROM imp_scores WHERE unit_text IS NULL
"""

SCORES_UNIT_REQUESTS = """
SELECT DISTINCT unit_text, unit_is_code, geo_hint, NULL::VARCHAR AS province
FROM imp_scores WHERE unit_text IS NOT NULL AND year IS NOT NULL
"""

RESOLVED_TABLE = "CREATE OR REPLACE TEMP TABLE imp_resolved AS SELECT * FROM imp_resolved_view"

SCORES_UNIT_PROBLEMS = """
INSERT INTO imp_problem
SELECT s.file_id, s.line, CASE WHEN s.unit_is_code THEN 'unit_code' ELSE 'unit_name' END, NULL, r.problem
FROM imp_scores s JOIN imp_resolved r
  ON r.text = s.unit_text AND r.is_code = s.unit_is_code AND r.geo = s.geo_hint
WHERE r.problem IS NOT NULL
"""

SCORES_RESOLVED = """
CREATE OR REPLACE TEMP TABLE imp_scores_ok AS
SELECT s.file_id, s.line, s.wide_col, s.index_code, s.year, r.geography, r.unit_code,
       s.criterion_code, s.score, s.max_score, s.rank, s.source,
       CASE WHEN s.unit_is_code THEN 'unit_code' ELSE 'unit_name' END AS unit_col
FROM imp_scores s JOIN imp_resolved r
  ON r.text = s.unit_text AND r.is_code = s.unit_is_code AND r.geo = s.geo_hint
WHERE r.problem IS NULL AND s.index_code IS NOT NULL AND s.year IS NOT NULL AND s.score IS NOT NULL
"""

# The maximum that applies to each score: the row's own, the tree's (parents: sum of children),
# the overall's (sum of top-level fields), else 100 (percentages, or an index without a tree).
SCORES_CHECK = """
CREATE OR REPLACE TEMP TABLE imp_scores_max AS
SELECT s.file_id, s.line, s.wide_col, s.criterion_code, s.score, s.index_code, s.year,
       m.criterion_code IS NOT NULL AS known,
       coalesce(s.max_score, m.eff_max, 100.0) AS max_allowed,
       t.index_code IS NOT NULL AS has_tree
FROM imp_scores_ok s
LEFT JOIN imp_crit_max m ON m.index_code = s.index_code AND m.criterion_code = s.criterion_code
     AND s.year BETWEEN m.valid_from AND coalesce(m.valid_to, 999999)
LEFT JOIN imp_crit_max t ON t.index_code = s.index_code AND t.criterion_code = ''
     AND s.year BETWEEN t.valid_from AND coalesce(t.valid_to, 999999)
"""

SCORES_UNKNOWN_CRITERION = """
INSERT INTO imp_problem
SELECT file_id, line, 'criterion_code', wide_col,
       'unknown criterion "' || criterion_code || '" for ' || index_code || ' ' || year
       || CASE WHEN has_tree THEN '' ELSE ' (no criteria tree of ' || index_code || ' covers ' || year || ')' END
FROM imp_scores_max WHERE NOT known AND criterion_code <> ''
"""

SCORES_RANGE = """
INSERT INTO imp_problem
SELECT file_id, line, 'score', wide_col,
       CASE WHEN score < 0 THEN 'score ' || imp_fmt(score) || ' is below 0'
            ELSE 'score ' || imp_fmt(score) || ' is above the maximum ' || imp_fmt(max_allowed) END
FROM imp_scores_max WHERE score < 0 OR score > max_allowed + 1e-9
"""

# ------------------------------------------------------------------ targets

TYPED_TARGETS = """
CREATE OR REPLACE TEMP TABLE imp_targets AS
SELECT file_id, line,
       imp_code(unit_code) AS unit_text,
       imp_index(index_code) AS index_code,
       imp_whole(year__v) AS year,
       geography_of_year(imp_whole(year__v)) AS geo_hint,
       imp_crit(criterion_code) AS criterion_code,
       target_score__v AS target_score,
       imp_whole(target_rank__v) AS target_rank,
       imp_txt(note) AS note,
       nullif(trim(target_score), '') IS NULL AND nullif(trim(target_rank), '') IS NULL AS no_target
FROM imp_parsed_targets
"""

TARGETS_NO_TARGET = """
INSERT INTO imp_problem SELECT file_id, line, 'target_score', NULL, 'target_score or target_rank required'
FROM imp_targets WHERE no_target
"""

TARGETS_UNIT_REQUESTS = """
SELECT DISTINCT unit_text, true AS is_code, geo_hint, NULL::VARCHAR AS province
FROM imp_targets WHERE unit_text IS NOT NULL AND year IS NOT NULL
"""

TARGETS_UNIT_PROBLEMS = """
INSERT INTO imp_problem
SELECT t.file_id, t.line, 'unit_code', NULL, r.problem
FROM imp_targets t JOIN imp_resolved r ON r.text = t.unit_text AND r.geo = t.geo_hint
WHERE r.problem IS NOT NULL
"""

TARGETS_UNKNOWN_CRITERION = """
INSERT INTO imp_problem
SELECT file_id, line, 'criterion_code', NULL,
       'unknown criterion "' || criterion_code || '" for ' || index_code
FROM imp_targets t
WHERE criterion_code <> '' AND index_code IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM imp_criteria_all c WHERE c.index_code = t.index_code
                  AND c.criterion_code = t.criterion_code)
"""

TARGETS_RESOLVED = """
CREATE OR REPLACE TEMP TABLE imp_targets_ok AS
SELECT t.file_id, t.line, r.geography, r.unit_code, t.index_code, t.year, t.criterion_code,
       t.target_score, t.target_rank, t.note
FROM imp_targets t JOIN imp_resolved r ON r.text = t.unit_text AND r.geo = t.geo_hint
WHERE r.problem IS NULL AND t.index_code IS NOT NULL AND t.year IS NOT NULL AND NOT t.no_target
"""

# ------------------------------------------------------------------ responsibilities

TYPED_RESPONSIBILITIES = """
CREATE OR REPLACE TEMP TABLE imp_resp AS
SELECT file_id, line,
       imp_code(province_code) AS province_text,
       imp_index(index_code) AS index_code,
       imp_crit(criterion_code) AS criterion_code,
       imp_txt(lead_unit) AS lead_text,
       list_filter(list_transform(string_split(coalesce(imp_txt(support_units), ''), ';'),
                                  lambda x: imp_code(x)), lambda x: x IS NOT NULL) AS support_texts,
       imp_whole(valid_from__v) AS valid_from,
       imp_whole(valid_to__v) AS valid_to,
       geography_of_year(imp_whole(valid_from__v)) AS geo_hint
FROM imp_parsed_responsibilities
"""

RESP_PROVINCE_REQUESTS = """
SELECT DISTINCT province_text, true, geo_hint, NULL::VARCHAR FROM imp_resp WHERE province_text IS NOT NULL
"""

RESP_PROVINCE_PROBLEMS = """
INSERT INTO imp_problem
SELECT t.file_id, t.line, 'province_code', NULL, r.problem
FROM imp_resp t JOIN imp_resolved r ON r.text = t.province_text AND r.geo = t.geo_hint
WHERE r.problem IS NOT NULL
"""

RESP_WITH_PROVINCE = """
CREATE OR REPLACE TEMP TABLE imp_resp_p AS
SELECT t.*, r.unit_code AS province_code
FROM imp_resp t JOIN imp_resolved r ON r.text = t.province_text AND r.geo = t.geo_hint
WHERE r.problem IS NULL
"""

RESP_UNIT_REQUESTS = """
SELECT DISTINCT u, false, geo_hint, province_code FROM (
    SELECT lead_text AS u, geo_hint, province_code FROM imp_resp_p WHERE lead_text IS NOT NULL
    UNION ALL
    SELECT unnest(support_texts) AS u, geo_hint, province_code FROM imp_resp_p)
"""

RESP_LEAD_PROBLEMS = """
INSERT INTO imp_problem
SELECT t.file_id, t.line, 'lead_unit', NULL, r.problem
FROM imp_resp_p t JOIN imp_resolved r ON r.text = t.lead_text AND r.geo = t.geo_hint
     AND r.province = t.province_code
WHERE r.problem IS NOT NULL
"""

RESP_SUPPORT_PROBLEMS = """
INSERT INTO imp_problem
SELECT t.file_id, t.line, 'support_units', NULL, r.problem
FROM (SELECT file_id, line, geo_hint, province_code, unnest(support_texts) AS u FROM imp_resp_p) t
JOIN imp_resolved r ON r.text = t.u AND r.geo = t.geo_hint AND r.province = t.province_code
WHERE r.problem IS NOT NULL
"""

RESP_UNKNOWN_CRITERION = """
INSERT INTO imp_problem
SELECT file_id, line, 'criterion_code', NULL,
       'unknown criterion "' || criterion_code || '" for ' || index_code
FROM imp_resp t
WHERE criterion_code <> '' AND index_code IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM imp_criteria_all c WHERE c.index_code = t.index_code
                  AND c.criterion_code = t.criterion_code)
"""

RESP_RESOLVED = """
CREATE OR REPLACE TEMP TABLE imp_resp_ok AS
SELECT t.file_id, t.line, t.province_code, t.index_code, t.criterion_code, t.valid_from, t.valid_to,
       r.geography AS lead_geography, r.unit_code AS lead_code,
       (SELECT list(s.unit_code ORDER BY i) FROM (
            SELECT unnest(t.support_texts) AS u, generate_subscripts(t.support_texts, 1) AS i) x
        JOIN imp_resolved s ON s.text = x.u AND s.geo = t.geo_hint AND s.province = t.province_code)
         AS support_codes
FROM imp_resp_p t JOIN imp_resolved r ON r.text = t.lead_text AND r.geo = t.geo_hint
     AND r.province = t.province_code
WHERE r.problem IS NULL AND t.index_code IS NOT NULL AND t.criterion_code <> ''
"""

# ------------------------------------------------------------------ units (parents)

UNIT_PARENT_REQUESTS = """
SELECT DISTINCT parent_raw, true, geography, NULL::VARCHAR FROM imp_units WHERE parent_raw IS NOT NULL
"""

UNIT_PARENT_PROBLEMS = """
INSERT INTO imp_problem
SELECT u.file_id, u.line, 'parent_code', NULL, replace(r.problem, 'unknown unit', 'unknown parent unit')
FROM imp_units u JOIN imp_resolved r ON r.text = u.parent_raw AND r.geo = u.geography
WHERE r.problem IS NOT NULL
"""

UNIT_SET_PARENT = """
UPDATE imp_units SET parent_code = r.unit_code
FROM imp_resolved r WHERE r.text = imp_units.parent_raw AND r.geo = imp_units.geography AND r.problem IS NULL
"""

# Units the resolver may pick from: stored ones not overwritten, plus the load's own.
UNITS_KNOWN = """
SELECT geography, unit_code, name, name_en, level, parent_code FROM unit u
WHERE NOT EXISTS (SELECT 1 FROM imp_units n WHERE n.geography = u.geography AND n.unit_code = u.unit_code)
UNION ALL
SELECT geography, unit_code, name, name_en, level, coalesce(parent_code, parent_raw) FROM imp_units
"""
UNITS_STORED = "SELECT geography, unit_code, name, name_en, level, parent_code FROM unit"

UNIT_NAMES = """
SELECT name, unit_code FROM unit WHERE $geo IS NULL OR geography = $geo
UNION ALL
SELECT name_en, unit_code FROM unit WHERE name_en IS NOT NULL AND ($geo IS NULL OR geography = $geo)
"""

# ------------------------------------------------------------------ keys, conflicts, writing

CHECK_DUPLICATES = """
    WITH d AS (SELECT {keys} FROM {table} GROUP BY ALL HAVING count(*) > 1),
    r AS (SELECT t.file_id, t.line,
                 row_number() OVER w AS rn,
                 first_value(t.file_id) OVER w AS f0, first_value(t.line) OVER w AS l0
          FROM {table} t JOIN d ON {on}
          WINDOW w AS (PARTITION BY {part} ORDER BY t.file_id, t.line))
    INSERT INTO imp_problem
    SELECT r.file_id, r.line, ?, NULL,
           'duplicate key: same as ' || CASE WHEN r.f0 = r.file_id THEN '' ELSE f.label || ' ' END
           || 'line ' || r.l0
    FROM r JOIN imp_file f ON f.file_id = r.f0 WHERE r.rn > 1
    """


def check_duplicates(table: str, keys: list[str], col: str) -> str:
    """Rows whose key occurs earlier in the load: params column key."""
    return _fill(CHECK_DUPLICATES, keys=_names(keys), table=ident(table),
                 on=_each("t.{c} IS NOT DISTINCT FROM d.{c}", keys, " AND "), part=_names(keys, "t."))


COMPARE = """
    CREATE OR REPLACE TEMP TABLE {cmp} AS
    SELECT n.*, CASE WHEN s.batch_id IS NULL THEN 'new' {differs} ELSE 'same' END AS status,
           CASE WHEN s.batch_id IS NULL THEN NULL {old} END AS old_value,
           s.batch_id AS old_batch, s.rowid AS old_rowid
    FROM {new} n LEFT JOIN {stored} s ON {on}
    """


def compare(new: str, stored: str, keys: list[str], values: list[str]) -> str:
    """Each new row against the stored row of its key: status 'new', 'same', or the first
    column whose value differs (with the stored value as text)."""
    return _fill(COMPARE, cmp=ident(new + "_cmp"), new=ident(new), stored=ident(stored),
                 on=_each("s.{c} IS NOT DISTINCT FROM n.{c}", keys, " AND "),
                 differs=_each("WHEN n.{c} IS DISTINCT FROM s.{c} THEN '{name}'", values, " "),
                 old=_each("WHEN n.{c} IS DISTINCT FROM s.{c} THEN CAST(s.{c} AS VARCHAR)", values, " "))


CONFLICTS = """
    INSERT INTO imp_problem
    SELECT file_id, line, status, {header},
           'conflicts with the stored value ' ||
           CASE WHEN old_value IS NULL THEN '(empty)' ELSE '"' || imp_fmt(old_value) || '"' END
           || ' (batch ' || old_batch || '); use --replace to replace it'
    FROM {cmp} WHERE status NOT IN ('new', 'same')
    """


def conflicts(new: str, wide: bool) -> str:
    header = "CASE WHEN status = 'score' THEN wide_col END" if wide else "NULL"
    return _fill(CONFLICTS, header=header, cmp=ident(new + "_cmp"))


def status_counts(new: str) -> str:
    return render("""SELECT file_id, count(*) FILTER (status = 'new'), count(*) FILTER (status NOT IN ('new', 'same')),
                            count(*) FILTER (status = 'same')
                     FROM {cmp} GROUP BY file_id""", cmp=new + "_cmp")


def keep_history(new: str, stored: str, columns: list[str]) -> str:
    return _fill("""INSERT INTO {history} ({cols}, replaced_by)
                    SELECT {cols}, ? FROM {stored}
                    WHERE rowid IN (SELECT old_rowid FROM {cmp} WHERE status NOT IN ('new', 'same'))""",
                 history=ident(stored + "_history"), cols=_names(columns), stored=ident(stored),
                 cmp=ident(new + "_cmp"))


def delete_replaced(new: str, stored: str) -> str:
    return render("""DELETE FROM {stored}
                     WHERE rowid IN (SELECT old_rowid FROM {cmp} WHERE status NOT IN ('new', 'same'))""",
                  stored=stored, cmp=new + "_cmp")


def insert_rows(new: str, stored: str, columns: list[str], exprs: dict[str, str] | None = None) -> str:
    """Insert the load's new and changed rows; `batch_id` is the param. `exprs` replaces a
    column by a constant SQL expression of it (e.g. `coalesce(source, ?)`)."""
    exprs = exprs or {}
    cols = [c for c in columns if c != "batch_id"]
    return _fill("""INSERT INTO {stored} ({cols}, batch_id)
                    SELECT {select}, ? FROM {cmp} WHERE status <> 'same'""",
                 stored=ident(stored), cols=_names(cols), cmp=ident(new + "_cmp"),
                 select=", ".join(exprs.get(c, ident(c)) for c in cols))


PROBLEMS = """
SELECT p.file_id, p.line, p.col, p.header, p.message, n
FROM (SELECT *, row_number() OVER (PARTITION BY file_id ORDER BY line, col, message) AS rn,
             count(*) OVER (PARTITION BY file_id) AS n
      FROM imp_problem) p
WHERE rn <= ? ORDER BY file_id, line, col, message
"""

NEXT_BATCH = "SELECT coalesce(max(batch_id), 0) + 1 FROM batch"
INSERT_BATCH = """INSERT INTO batch (batch_id, loaded_at, kind, source, replace_mode, rows_added, rows_replaced)
                  VALUES (?, now()::TIMESTAMP, ?, ?, ?, ?, ?)"""
INSERT_BATCH_FILE = """INSERT INTO batch_file (batch_id, file_name, sheet, table_name, sha256, row_count, rows_added)
                       VALUES (?, ?, ?, ?, ?, ?, ?)"""

# Which (index, year) pairs need their facts rebuilt.
PAIRS_FROM_SCORES = "SELECT DISTINCT index_code, year FROM imp_scores_ok_cmp WHERE status <> 'same'"
PAIRS_FROM_CRITERIA = """
SELECT DISTINCT s.index_code, s.year FROM score s
JOIN (SELECT DISTINCT index_code, valid_from FROM imp_criteria_cmp WHERE status <> 'same') c
  ON s.index_code = c.index_code AND s.year >= c.valid_from
"""
PAIRS_FROM_UNITS = """
SELECT DISTINCT s.index_code, s.year FROM score s
JOIN (SELECT DISTINCT geography, unit_code FROM imp_units_cmp WHERE status <> 'same') u
  ON s.geography = u.geography AND s.unit_code = u.unit_code
"""

# ------------------------------------------------------------------ history and undo

HISTORY = """
SELECT b.batch_id, b.loaded_at, b.kind, b.source, b.rows_added, b.rows_replaced, b.undone_at,
       coalesce((SELECT list(CASE WHEN f.sheet IS NULL THEN f.file_name ELSE f.file_name || '[' || f.sheet || ']' END
                             ORDER BY f.file_name, f.sheet)
                 FROM batch_file f WHERE f.batch_id = b.batch_id), []) AS files
FROM batch b ORDER BY b.batch_id DESC
"""

LAST_ACTIVE_BATCH = """
SELECT batch_id, kind FROM batch WHERE undone_at IS NULL ORDER BY batch_id DESC LIMIT 1
"""

# One batch as an undo refusal describes it: kind, when, whether undone, its files.
BATCH_INFO = """
SELECT b.kind, b.loaded_at, b.undone_at IS NOT NULL,
       coalesce((SELECT list(f.file_name ORDER BY f.file_name) FROM batch_file f
                 WHERE f.batch_id = b.batch_id), [])
FROM batch b WHERE b.batch_id = ?
"""


def undo_pairs(table: str) -> str:
    return render("SELECT DISTINCT index_code, year FROM {table} WHERE batch_id = ?", table=table)


def undo_pairs_history() -> str:
    return "SELECT DISTINCT index_code, year FROM score_history WHERE replaced_by = ? AND batch_id <> ?"


def undo_move_to_history(table: str, columns: list[str]) -> str:
    return _fill("""INSERT INTO {history} ({cols}, replaced_by)
                    SELECT {cols}, ? FROM {table} WHERE batch_id = ?""",
                 history=ident(table + "_history"), cols=_names(columns), table=ident(table))


def undo_delete(table: str) -> str:
    return render("DELETE FROM {table} WHERE batch_id = ?", table=table)


def undo_restore(table: str, columns: list[str]) -> str:
    return _fill("""INSERT INTO {table} ({cols})
                    SELECT {cols} FROM {history} WHERE replaced_by = ? AND batch_id <> ?""",
                 table=ident(table), cols=_names(columns), history=ident(table + "_history"))


def undo_forget_restored(table: str) -> str:
    return render("DELETE FROM {history} WHERE replaced_by = ? AND batch_id <> ?", history=table + "_history")


MARK_UNDONE = "UPDATE batch SET undone_at = now()::TIMESTAMP WHERE batch_id = ?"
UNDO_AFFECTED_UNITS_PAIRS = """
SELECT DISTINCT s.index_code, s.year FROM score s
JOIN (SELECT geography, unit_code FROM unit_history WHERE replaced_by = ?) u
  ON s.geography = u.geography AND s.unit_code = u.unit_code
"""
UNDO_AFFECTED_CRITERIA_PAIRS = """
SELECT DISTINCT s.index_code, s.year FROM score s
JOIN (SELECT index_code, valid_from FROM criterion_history WHERE replaced_by = ?) c
  ON s.index_code = c.index_code AND s.year >= c.valid_from
"""

META_GET = "SELECT value FROM meta WHERE key = ?"
META_DELETE = "DELETE FROM meta WHERE key = ?"
META_SET = "INSERT INTO meta VALUES (?, ?)"
USER_BATCHES = """
SELECT b.batch_id, b.source, b.replace_mode, f.file_name, f.sha256
FROM batch b JOIN batch_file f USING (batch_id)
WHERE b.kind = 'user' AND b.undone_at IS NULL
GROUP BY ALL ORDER BY b.batch_id, min(f.rowid)
"""


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
        keep = _each("nullif(trim({c}), '') IS NOT NULL", [sources["score"]], "")
    else:
        # empty rows are skipped (as `insert_raw`); a plain index code proves the row is not empty
        keep = cell("coalesce(" + _PLAIN_INDEX + ", false) OR ", ix, "") + _any_cell(n_stage_cols)
    return _fill(INSERT_SCORES, stage=ident(stage), keep=keep, suspect=suspect,
                 **{k.replace("_code", ""): v for k, v in e.items()})


SUSPECT_LINES = "SELECT count(*) FROM imp_scores WHERE file_id = ? AND suspect"


def only_suspect(insert_sql: str) -> str:
    """Restrict a raw insert (`insert_raw` / `insert_wide`) of one file to the rows flagged
    suspect in `imp_scores`; its last param becomes the file id."""
    return (insert_sql + " AND rowid - ? + 2 IN (SELECT line FROM imp_scores WHERE file_id = ? AND suspect"
            + " AND wide_col IS NOT DISTINCT FROM ?)")


# Unit resolution: most rows name a unit by its code in the year's geography, which resolves to
# itself. Only the other answers (names, other geographies, problems) need joining to the rows.
RESOLVED_ALL_IDENTITY = """
SELECT count(*) FROM imp_resolved
WHERE problem IS NOT NULL OR NOT is_code OR geography <> geo OR unit_code <> text
"""
RESOLVED_PROBLEMS = "SELECT count(*) FROM imp_resolved WHERE problem IS NOT NULL"

SCORES_OK_IDENTITY = """
CREATE OR REPLACE TEMP VIEW imp_scores_ok AS
SELECT file_id, line, wide_col, index_code, year, geo_hint AS geography, unit_text AS unit_code,
       criterion_code, score, max_score, rank, source, 'unit_code' AS unit_col
FROM imp_scores
WHERE unit_text IS NOT NULL AND index_code IS NOT NULL AND year IS NOT NULL AND score IS NOT NULL
"""

# The maximum that applies: per distinct (index, year, criterion) of the load, then joined back.
SCORES_CRIT = """
CREATE OR REPLACE TEMP TABLE imp_scores_crit AS
SELECT k.index_code, k.year, k.criterion_code,
       m.criterion_code IS NOT NULL AS known, m.eff_max,
       t.index_code IS NOT NULL AS has_tree
FROM (SELECT DISTINCT index_code, year, criterion_code FROM imp_scores_ok) k
LEFT JOIN imp_crit_max m ON m.index_code = k.index_code AND m.criterion_code = k.criterion_code
     AND k.year BETWEEN m.valid_from AND coalesce(m.valid_to, 999999)
LEFT JOIN imp_crit_max t ON t.index_code = k.index_code AND t.criterion_code = ''
     AND k.year BETWEEN t.valid_from AND coalesce(t.valid_to, 999999)
"""

SCORES_ANY_UNKNOWN = "SELECT count(*) FROM imp_scores_crit WHERE NOT known AND criterion_code <> ''"

SCORES_UNKNOWN_CRITERION_FAST = """
INSERT INTO imp_problem
SELECT s.file_id, s.line, 'criterion_code', s.wide_col,
       'unknown criterion "' || s.criterion_code || '" for ' || s.index_code || ' ' || s.year
       || CASE WHEN c.has_tree THEN '' ELSE ' (no criteria tree of ' || s.index_code || ' covers ' || s.year || ')' END
FROM imp_scores_ok s JOIN imp_scores_crit c
  ON c.index_code = s.index_code AND c.year = s.year AND c.criterion_code = s.criterion_code
WHERE NOT c.known AND s.criterion_code <> ''
"""

SCORES_RANGE_FAST = """
INSERT INTO imp_problem
SELECT file_id, line, 'score', wide_col,
       CASE WHEN score < 0 THEN 'score ' || imp_fmt(score) || ' is below 0'
            ELSE 'score ' || imp_fmt(score) || ' is above the maximum ' || imp_fmt(max_allowed) END
FROM (SELECT s.file_id, s.line, s.wide_col, s.score,
             coalesce(s.max_score, c.eff_max, 100.0) AS max_allowed
      FROM imp_scores_ok s JOIN imp_scores_crit c
        ON c.index_code = s.index_code AND c.year = s.year AND c.criterion_code = s.criterion_code)
WHERE score < 0 OR score > max_allowed + 1e-9
"""


def duplicate_candidates(table: str, keys: list[str]) -> str:
    """How many rows share a key hash with another row (0: no duplicate key is possible)."""
    return _fill("""SELECT coalesce(sum(n), 0) FROM (SELECT count(*) AS n FROM {table}
                    GROUP BY hash({keys}) HAVING count(*) > 1)""", table=ident(table), keys=_names(keys))


STORED_SCORES_OF_LOAD = """
SELECT count(*) FROM score s
JOIN (SELECT DISTINCT index_code, year FROM imp_scores_ok) p
  ON p.index_code = s.index_code AND p.year = s.year
"""


def all_new(new: str) -> str:
    """`compare`'s result when nothing of the load is stored yet: a view, not a copy."""
    return render("""
    CREATE OR REPLACE TEMP VIEW {cmp} AS
    SELECT n.*, 'new' AS status, NULL::VARCHAR AS old_value, NULL::INTEGER AS old_batch,
           NULL::BIGINT AS old_rowid
    FROM {new} n
    """, cmp=new + "_cmp", new=new)
