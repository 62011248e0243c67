"""SQL of the importer for the `plans` table (kế hoạch khắc phục, docs/data-contract.md §2).

The rows come from `imp_parsed_plans` (the generic cell checks of `analysis.importer.validate`)
and end in `imp_plans_ok`, which `analysis.importer.write` compares with the stored `plan` rows.
"""
from __future__ import annotations

STATUSES = ["chua_thuc_hien", "dang_thuc_hien", "hoan_thanh"]

# Labels accepted for each status (folded: lower case, no diacritics, spaces as underscores),
# so "Hoàn thành", "hoan thanh" and "done" all mean hoan_thanh; the params of TYPED_PLANS.
STATUS_WORDS = {
    "not_started": ["chua_thuc_hien", "not_started"],
    "in_progress": ["dang_thuc_hien", "in_progress"],
    "done": ["hoan_thanh", "da_hoan_thanh", "done", "completed"],
}

MACROS = [
    # a date as the contract writes it (2024-05-31, 31/5/2024; a workbook's date cell reads
    # 2024-05-31T00:00:00); NULL when the text is none of these or not a real day (31/2/2024)
    r"""CREATE OR REPLACE TEMP MACRO imp_date(x) AS
         CASE WHEN regexp_full_match(regexp_replace(trim(x), '[T ]00:00(:00(\.0+)?)?$', ''),
                   '[0-9]{4}[-/][0-9]{1,2}[-/][0-9]{1,2}|[0-9]{1,2}[/.-][0-9]{1,2}[/.-][0-9]{4}')
              THEN CAST(try_strptime(regexp_replace(trim(x), '[T ]00:00(:00(\.0+)?)?$', ''),
                        ['%Y-%m-%d', '%Y/%m/%d', '%d/%m/%Y', '%d-%m-%Y', '%d.%m.%Y']) AS DATE) END""",
    # a status label folded: "Đang thực hiện" -> dang_thuc_hien
    """CREATE OR REPLACE TEMP MACRO imp_status(x) AS
         regexp_replace(trim(imp_fold(x), '_'), '[_\\s-]+', '_', 'g')""",
]

TYPED_PLANS = """
CREATE OR REPLACE TEMP TABLE imp_plans AS
SELECT file_id, line,
       imp_code(province_code) AS province_text,
       imp_index(index_code) AS index_code,
       imp_whole(result_year__v) AS result_year,
       geography_of_year(imp_whole(result_year__v)) AS geo_hint,
       imp_crit(criterion_code) AS criterion_code,
       imp_txt(agency_code) AS agency_text,
       imp_txt(action) AS action,
       imp_txt(deadline) AS deadline_raw,
       imp_date(deadline) AS deadline,
       imp_txt(status) AS status_raw,
       CASE WHEN list_contains($not_started, imp_status(status)) THEN 'chua_thuc_hien'
            WHEN list_contains($in_progress, imp_status(status)) THEN 'dang_thuc_hien'
            WHEN list_contains($done, imp_status(status)) THEN 'hoan_thanh' END AS status,
       imp_txt(evidence) AS evidence,
       imp_txt(updated_at) AS updated_raw,
       imp_date(updated_at) AS updated_at
FROM imp_parsed_plans
"""

PLANS_BAD_DATE = """
INSERT INTO imp_problem
SELECT file_id, line, col, NULL, 'not a date: "' || raw || '" (use 2024-05-31 or 31/5/2024)'
FROM (SELECT file_id, line, 'deadline' AS col, deadline_raw AS raw, deadline AS d FROM imp_plans
      UNION ALL
      SELECT file_id, line, 'updated_at', updated_raw, updated_at FROM imp_plans)
WHERE raw IS NOT NULL AND d IS NULL
"""

PLANS_BAD_STATUS = """
INSERT INTO imp_problem
SELECT file_id, line, 'status', NULL,
       'unknown value "' || status_raw || '" (use chua_thuc_hien, dang_thuc_hien, hoan_thanh: '
       || 'chưa thực hiện, đang thực hiện, hoàn thành)'
FROM imp_plans WHERE status_raw IS NOT NULL AND status IS NULL
"""

PLANS_PROVINCE_REQUESTS = """
SELECT DISTINCT province_text, true, geo_hint, NULL::VARCHAR FROM imp_plans
WHERE province_text IS NOT NULL AND result_year IS NOT NULL
"""

# Each row with the answer for its province (a code or name, in the result year's geography).
_WITH_PROVINCE = "\nFROM imp_plans t JOIN imp_resolved r ON r.text = t.province_text AND r.geo = t.geo_hint\n"

PLANS_PROVINCE_PROBLEMS = ("INSERT INTO imp_problem SELECT t.file_id, t.line, 'province_code', NULL, r.problem"
                           + _WITH_PROVINCE + "WHERE r.problem IS NOT NULL")

PLANS_WITH_PROVINCE = ("CREATE OR REPLACE TEMP TABLE imp_plans_p AS SELECT t.*, r.geography, r.unit_code AS province_code"
                       + _WITH_PROVINCE + "WHERE r.problem IS NULL")

PLANS_AGENCY_REQUESTS = """
SELECT DISTINCT agency_text, false, geo_hint, province_code FROM imp_plans_p WHERE agency_text IS NOT NULL
"""

# Each row with the answer for its agency (resolved inside the row's province).
_WITH_AGENCY = """
FROM imp_plans_p t JOIN imp_resolved r ON r.text = t.agency_text AND r.geo = t.geo_hint
     AND r.province = t.province_code
"""

PLANS_AGENCY_PROBLEMS = ("INSERT INTO imp_problem SELECT t.file_id, t.line, 'agency_code', NULL, r.problem"
                         + _WITH_AGENCY + "WHERE r.problem IS NOT NULL")

# The agencies each province's rows resolved to, for the check that they belong to it.
PLANS_AGENCIES = ("SELECT DISTINCT t.province_code, r.geography, r.unit_code" + _WITH_AGENCY
                  + "WHERE r.problem IS NULL")

PLANS_FOREIGN_AGENCY = """
INSERT INTO imp_problem
SELECT t.file_id, t.line, 'agency_code', NULL,
       'agency "' || t.agency_text || '"' || CASE WHEN t.agency_text = f.unit_code THEN ''
       ELSE ' (' || f.unit_code || ')' END || ' is a unit of province ' || f.home
       || ', not of ' || t.province_code""" + _WITH_AGENCY + """
JOIN imp_plans_foreign f ON f.province_code = t.province_code AND f.geography = r.geography
     AND f.unit_code = r.unit_code
"""

# A criterion of the tree in force in the result year (the trees the load will leave).
PLANS_UNKNOWN_CRITERION = """
INSERT INTO imp_problem
SELECT file_id, line, 'criterion_code', NULL,
       'unknown criterion "' || criterion_code || '" for ' || index_code || ' ' || result_year
       || CASE WHEN EXISTS (SELECT 1 FROM imp_crit_max m WHERE m.index_code = t.index_code
                            AND t.result_year BETWEEN m.valid_from AND coalesce(m.valid_to, 999999))
               THEN '' ELSE ' (no criteria tree of ' || index_code || ' covers ' || result_year || ')' END
FROM imp_plans t
WHERE criterion_code <> '' AND index_code IS NOT NULL AND result_year IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM imp_crit_max m WHERE m.index_code = t.index_code
                  AND m.criterion_code = t.criterion_code AND m.criterion_code <> ''
                  AND t.result_year BETWEEN m.valid_from AND coalesce(m.valid_to, 999999))
"""

PLANS_RESOLVED = """
CREATE OR REPLACE TEMP TABLE imp_plans_ok AS
SELECT t.file_id, t.line, t.geography, t.province_code, t.index_code,
       CAST(t.result_year AS INTEGER) AS result_year, t.criterion_code,
       r.geography AS agency_geography, r.unit_code AS agency_code, t.action, t.deadline,
       coalesce(t.status, 'chua_thuc_hien') AS plan_status, t.evidence, t.updated_at
""" + _WITH_AGENCY + """
WHERE r.problem IS NULL AND t.index_code IS NOT NULL AND t.result_year IS NOT NULL
  AND t.criterion_code <> '' AND t.action IS NOT NULL
"""

# An empty updated_at is the day of the import, unless the row is stored already with the same
# deadline, status and evidence: then it keeps its date, so loading the same file again on
# another day changes nothing.
PLANS_KEEP_UPDATED = """
UPDATE imp_plans_ok SET updated_at = s.updated_at
FROM plan s
WHERE imp_plans_ok.updated_at IS NULL
  AND s.province_code = imp_plans_ok.province_code AND s.index_code = imp_plans_ok.index_code
  AND s.result_year = imp_plans_ok.result_year AND s.criterion_code = imp_plans_ok.criterion_code
  AND s.agency_code = imp_plans_ok.agency_code AND s.action = imp_plans_ok.action
  AND s.deadline IS NOT DISTINCT FROM imp_plans_ok.deadline AND s.plan_status = imp_plans_ok.plan_status
  AND s.evidence IS NOT DISTINCT FROM imp_plans_ok.evidence
"""

PLANS_UPDATED_TODAY = "UPDATE imp_plans_ok SET updated_at = current_date WHERE updated_at IS NULL"
