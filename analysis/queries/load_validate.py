"""SQL of the importer, validate: parse the raw unions into typed tables (`imp_units`,
`imp_criteria`, `imp_scores_ok`, `imp_targets_ok`, `imp_resp_ok`), resolve the units they name,
and record every problem in `imp_problem` (read back by `PROBLEMS`).
"""
from __future__ import annotations

from analysis.queries import column_list, fill, ident, per_column, render
from analysis.queries.load_cells import NUMBER_PATTERN


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
    return fill("CREATE OR REPLACE TEMP TABLE {parsed} AS SELECT *, {values} FROM (SELECT *, {texts} FROM {raw})",
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


def check_enum(table: str, col: str) -> str:
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
            WHEN 'xa' THEN 'commune' WHEN 'co quan' THEN 'agency' ELSE imp_fold(level) END AS level,
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

# ------------------------------------------------------------------ scores

SCORES_UNIT_MISSING = """
INSERT INTO imp_problem SELECT file_id, line, 'unit_code', NULL, 'value required'
FROM imp_scores WHERE unit_text IS NULL
"""

SCORES_UNIT_REQUESTS = """
SELECT DISTINCT unit_text, unit_is_code, geo_hint, NULL::VARCHAR AS province
FROM imp_scores WHERE unit_text IS NOT NULL AND year IS NOT NULL
"""

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

SCORES_UNKNOWN_CRITERION = """
INSERT INTO imp_problem
SELECT s.file_id, s.line, 'criterion_code', s.wide_col,
       'unknown criterion "' || s.criterion_code || '" for ' || s.index_code || ' ' || s.year
       || CASE WHEN c.has_tree THEN '' ELSE ' (no criteria tree of ' || s.index_code || ' covers ' || s.year || ')' END
FROM imp_scores_ok s JOIN imp_scores_crit c
  ON c.index_code = s.index_code AND c.year = s.year AND c.criterion_code = s.criterion_code
WHERE NOT c.known AND s.criterion_code <> ''
"""

# The maximum that applies to each score: the row's own, the tree's (parents: sum of children),
# the overall's (sum of top-level fields), else 100 (percentages, or an index without a tree).
SCORES_RANGE = """
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
    return fill("""SELECT coalesce(sum(n), 0) FROM (SELECT count(*) AS n FROM {table}
                    GROUP BY hash({keys}) HAVING count(*) > 1)""", table=ident(table), keys=column_list(keys))


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

# A criterion code the trees the load leaves do not hold (targets, responsibilities).
UNKNOWN_CRITERION = """
INSERT INTO imp_problem
SELECT file_id, line, 'criterion_code', NULL,
       'unknown criterion "' || criterion_code || '" for ' || index_code
FROM {table} t
WHERE criterion_code <> '' AND index_code IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM imp_criteria_all c WHERE c.index_code = t.index_code
                  AND c.criterion_code = t.criterion_code)
"""

TARGETS_UNKNOWN_CRITERION = render(UNKNOWN_CRITERION, table="imp_targets")

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

RESP_UNKNOWN_CRITERION = render(UNKNOWN_CRITERION, table="imp_resp")

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
UNIT_NAMES = """
SELECT name, unit_code FROM unit WHERE $geo IS NULL OR geography = $geo
UNION ALL
SELECT name_en, unit_code FROM unit WHERE name_en IS NOT NULL AND ($geo IS NULL OR geography = $geo)
"""
# ------------------------------------------------------------------ keys

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
    return fill(CHECK_DUPLICATES, keys=column_list(keys), table=ident(table),
                on=per_column("t.{c} IS NOT DISTINCT FROM d.{c}", keys, " AND "), part=column_list(keys, "t."))


# ------------------------------------------------------------------ problems

PROBLEMS = """
SELECT p.file_id, p.line, p.col, p.header, p.message, n
FROM (SELECT *, row_number() OVER (PARTITION BY file_id ORDER BY line, col, message) AS rn,
             count(*) OVER (PARTITION BY file_id) AS n
      FROM imp_problem) p
WHERE rn <= ? ORDER BY file_id, line, col, message
"""
