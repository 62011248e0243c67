"""SQL of the remediation plans (kế hoạch khắc phục, module `analysis.plans`). Every value is a
bound parameter (`$name`)."""
from __future__ import annotations

from analysis.queries.read_org import TREE_IN_FORCE

# A database made before plans existed has no `plan` table until its next write.
HAS_PLAN_TABLE = """
SELECT count(*) FROM duckdb_tables()
WHERE table_name = 'plan' AND database_name = current_database() AND NOT temporary
"""

# The plans answering one result ($year) of a province, with the criterion's name in that year's tree,
# the agency's name, and overdue as of $on: the deadline has passed and the plan is not done.
PLANS = """
WITH tree AS (""" + TREE_IN_FORCE + """)
SELECT p.criterion_code, t.name, p.agency_code, coalesce(u.name, p.agency_code) AS agency_name,
       p.action, p.deadline, p.plan_status AS status, p.evidence, p.updated_at,
       coalesce(p.deadline < $on AND p.plan_status <> 'hoan_thanh', false) AS overdue,
       p.batch_id
FROM plan p
LEFT JOIN tree t ON t.criterion_code = p.criterion_code
LEFT JOIN unit u ON u.geography = p.agency_geography AND u.unit_code = p.agency_code
WHERE p.province_code = $province_code AND p.index_code = $index_code
  AND p.result_year = $year
"""

# Result years and provinces that have plans for an index (newest first), for pickers.
PLAN_YEARS = """
SELECT DISTINCT result_year FROM plan
WHERE index_code = $index_code AND province_code = $province_code ORDER BY result_year DESC
"""

# Every plan of the database, for `export --what plans`: the contract's columns, so the file
# loads back as it is.
ALL_PLANS = """
SELECT province_code, index_code, result_year, criterion_code, agency_code, action,
       strftime(deadline, '%Y-%m-%d') AS deadline, plan_status AS status, evidence,
       strftime(updated_at, '%Y-%m-%d') AS updated_at
FROM plan
WHERE ($index_code IS NULL OR index_code = $index_code)
  AND ($province_code IS NULL OR province_code = $province_code)
  AND ($result_year IS NULL OR result_year = $result_year)
ORDER BY index_code, result_year, province_code, criterion_code, agency_code, action
"""
