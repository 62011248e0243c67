"""SQL of the analysis questions (modules `analysis.catalog`, `headline`, `ledger`, `narrative`,
`summary`). Every value is a bound parameter (`$name`); optional filters are written as
`($x::TYPE IS NULL OR col = $x)` so that one statement serves several scopes.

Everything reads the derived `fact` (score, max, pct and rank of every criterion level) plus the
stored `unit`, `criterion` and `target` rows.
"""
from __future__ import annotations

# --- catalogue ----------------------------------------------------------------------------------

# is_percent: no criterion of the latest tree has a maximum (scores are percentages), or, for an
# index without a tree, every overall score is out of 100.
INDICES = """
WITH spans AS (
    SELECT index_code, min(year) AS first_year, max(year) AS last_year,
           bool_and(max_score = 100) FILTER (WHERE criterion_code = '') AS overall_of_100
    FROM fact
    GROUP BY index_code
),
latest_tree AS (
    SELECT index_code, bool_and(max_score IS NULL) AS top_percent
    FROM (SELECT index_code, max_score
          FROM criterion
          QUALIFY valid_from = max(valid_from) OVER (PARTITION BY index_code))
    GROUP BY index_code
)
SELECT coalesce(s.index_code, t.index_code) AS index_code, s.first_year, s.last_year,
       t.index_code IS NOT NULL AS has_tree,
       coalesce(t.top_percent, s.overall_of_100, FALSE) AS is_percent
FROM spans s
FULL JOIN latest_tree t ON t.index_code = s.index_code
ORDER BY 1
"""

YEARS = """
SELECT DISTINCT year FROM fact WHERE index_code = $index_code ORDER BY year
"""

# Whether the tree in force in a year is a percentage tree (no criterion has a maximum).
TREE_IS_PERCENT = """
SELECT coalesce(bool_and(max_score IS NULL), true)  -- no tree: overall only, on a 0-100 scale
FROM (SELECT max_score
      FROM criterion
      WHERE index_code = $index_code
        AND valid_from <= $year AND $year <= coalesce(valid_to, 9999)
      QUALIFY valid_from = max(valid_from) OVER ())
"""

# Provinces are listed from the year's geography; other levels (departments, districts...) are
# the units of that level that have a score for the index-year, or all of them if none has.
UNITS = """
WITH scored AS (
    SELECT DISTINCT geography, unit_code
    FROM fact
    WHERE index_code = $index_code AND year = $year AND level = $level
)
SELECT u.unit_code, u.name, u.name_en, u.region, u.geography, u.parent_code
FROM unit u
WHERE u.level = $level
  AND (CASE WHEN $level = 'province' THEN u.geography = $geography
            WHEN EXISTS (SELECT 1 FROM scored)
            THEN (u.geography, u.unit_code) IN (SELECT (geography, unit_code) FROM scored)
            ELSE TRUE END)
ORDER BY u.unit_code, u.geography
"""

# Candidates for a code or a normalised name, the year's geography first.
UNIT_CANDIDATES = """
SELECT geography, unit_code, name, level
FROM unit
WHERE unit_code = $text OR match_name = $match
ORDER BY (geography = $geography) DESC, (unit_code = $text) DESC, level = 'province' DESC,
         geography, unit_code
"""

UNIT_NAMES = """
SELECT match_name, name, unit_code
FROM unit
WHERE $geography::VARCHAR IS NULL OR geography = $geography
"""

# The geographies in which a unit has facts in a year, per index (a province: the year's own; a
# department or district: the province list it was loaded with). Every index at once: the
# overview's cards need them all.
FACT_GEOGRAPHIES = """
SELECT DISTINCT index_code, geography
FROM fact
WHERE year = $year AND unit_code = $unit_code
ORDER BY index_code, geography
"""

UNIT_ROW = """
SELECT unit_code, name, name_en, level, parent_code, region, geography, successor_code
FROM unit
WHERE geography = $geography AND unit_code = $unit_code
"""

# --- comparisons with the previous year ---------------------------------------------------------

# Facts of one index-year (optionally one unit, one criterion, one depth, one level), each with
# the same unit's score for the same criterion in the same geography the year before (contract
# section 3: a change is only against the previous edition; nothing across the 2025 merger is
# ever "previous"), and the names of the criterion in both years' trees and the tree periods,
# from which the caller decides whether the two are comparable (same period, or same code and
# name). `last_year` is the latest earlier year with a score, shown as context where the year
# before has none, never used for a change.
COMPARED = """
WITH cur AS (
    SELECT f.*
    FROM fact f
    WHERE f.index_code = $index_code AND f.year = $year AND f.geography = $geography
      AND ($unit_code::VARCHAR IS NULL OR f.unit_code = $unit_code)
      AND ($criterion_code::VARCHAR IS NULL OR f.criterion_code = $criterion_code)
      AND ($depth::INTEGER IS NULL OR f.depth = $depth)
      AND ($level::VARCHAR IS NULL OR f.level = $level)
),
prev AS (
    SELECT p.unit_code, p.criterion_code, p.year, p.score, p.max_score, p.pct, p.rank, p.source
    FROM fact p
    JOIN cur c
      ON c.unit_code = p.unit_code AND c.criterion_code = p.criterion_code
     AND c.geography = p.geography
    -- the same filters as `cur` first, so the scan of the earlier years reads only the unit's
    -- (or the criterion's) rows instead of joining every fact row of the index
    WHERE p.index_code = $index_code AND p.year = $year - 1 AND p.geography = $geography
      AND ($unit_code::VARCHAR IS NULL OR p.unit_code = $unit_code)
      AND ($criterion_code::VARCHAR IS NULL OR p.criterion_code = $criterion_code)
),
last AS (
    SELECT p.unit_code, p.criterion_code, max(p.year) AS last_year
    FROM fact p
    JOIN cur c
      ON c.unit_code = p.unit_code AND c.criterion_code = p.criterion_code
     AND c.geography = p.geography
    WHERE p.index_code = $index_code AND p.year < $year AND p.geography = $geography
      AND ($unit_code::VARCHAR IS NULL OR p.unit_code = $unit_code)
      AND ($criterion_code::VARCHAR IS NULL OR p.criterion_code = $criterion_code)
    GROUP BY ALL
),
years AS (
    SELECT $year::INTEGER AS year
    UNION
    SELECT DISTINCT year FROM prev
),
period AS (
    SELECT y.year, max(c.valid_from) AS valid_from
    FROM years y
    JOIN criterion c
      ON c.index_code = $index_code
     AND c.valid_from <= y.year AND y.year <= coalesce(c.valid_to, 9999)
    GROUP BY y.year
),
node AS (
    SELECT p.year, c.criterion_code, c.name, c.name_en
    FROM period p
    JOIN criterion c ON c.index_code = $index_code AND c.valid_from = p.valid_from
)
SELECT c.unit_code, coalesce(u.name, c.unit_code) AS unit_name, u.name_en AS unit_name_en,
       u.region, c.level, c.parent_code,
       c.criterion_code, c.depth, n.name, n.name_en,
       c.score, c.max_score, c.pct, c.rank, c.rank_of, c.rank_published, c.computed,
       p.year AS previous_year, p.score AS previous_score, p.max_score AS previous_max,
       p.pct AS previous_pct, p.rank AS previous_rank,
       pn.name AS previous_name, cp.valid_from AS period, pp.valid_from AS previous_period,
       l.last_year, c.source, p.source AS previous_source
FROM cur c
LEFT JOIN prev p ON p.unit_code = c.unit_code AND p.criterion_code = c.criterion_code
LEFT JOIN last l ON l.unit_code = c.unit_code AND l.criterion_code = c.criterion_code
LEFT JOIN period cp ON cp.year = c.year
LEFT JOIN period pp ON pp.year = p.year
LEFT JOIN node n ON n.year = c.year AND n.criterion_code = c.criterion_code
LEFT JOIN node pn ON pn.year = p.year AND pn.criterion_code = c.criterion_code
LEFT JOIN unit u ON u.geography = c.geography AND u.unit_code = c.unit_code
ORDER BY c.unit_code, c.criterion_code
"""

# Mean, median and best of a rank group (one level; below province, one parent province), the
# regional mean for provinces, per criterion.
GROUP_STATS = """
SELECT criterion_code,
       avg(f.score) AS mean_score,
       median(f.score) AS median_score,
       max(f.score) AS best_score,
       -- the region's units as a small semi-join, not a join of every row of the group to
       -- `unit` (a commune group holds millions of rows and no region)
       avg(f.score) FILTER (WHERE f.unit_code IN (SELECT unit_code FROM unit
                                                  WHERE geography = $geography AND region = $region)) AS region_mean,
       count(*) AS n_units
FROM fact f
WHERE f.index_code = $index_code AND f.year = $year AND f.geography = $geography
  AND f.level = $level
  AND ($level = 'province' OR f.parent_code IS NOT DISTINCT FROM $parent_code)
  AND ($criterion_code::VARCHAR IS NULL OR f.criterion_code = $criterion_code)
GROUP BY f.criterion_code
"""

# The leader of a rank group on one criterion: best rank, then best score.
# One rank group on one criterion (a level; below the provinces, within one parent), best first:
# the leader is its first row, the distribution all of it.
_GROUP_ROWS = """
FROM fact f
LEFT JOIN unit u ON u.geography = f.geography AND u.unit_code = f.unit_code
WHERE f.index_code = $index_code AND f.year = $year AND f.geography = $geography
  AND f.level = $level
  AND ($level = 'province' OR f.parent_code IS NOT DISTINCT FROM $parent_code)
"""
_BEST_FIRST = "f.rank NULLS LAST, f.score DESC, f.unit_code\n"
_RANK_GROUP = _GROUP_ROWS + "  AND f.criterion_code = $criterion_code\nORDER BY " + _BEST_FIRST

LEADER = "SELECT f.unit_code, coalesce(u.name, f.unit_code) AS name, f.score" + _RANK_GROUP + "LIMIT 1"

# The other units of a rank group that share a unit's rank on one criterion (competition
# ranking: ties share the best rank), best-known names first by code.
TIED = """
SELECT f.unit_code, coalesce(u.name, f.unit_code) AS name
FROM fact f
LEFT JOIN unit u ON u.geography = f.geography AND u.unit_code = f.unit_code
WHERE f.index_code = $index_code AND f.year = $year AND f.geography = $geography
  AND f.criterion_code = $criterion_code AND f.level = $level
  AND ($level = 'province' OR f.parent_code IS NOT DISTINCT FROM $parent_code)
  AND f.rank = $rank AND f.unit_code <> $unit_code
ORDER BY f.unit_code
"""

# How many units a rank group has, scored or not: the provinces of the geography, or the units of
# one level under one parent province. Coverage is "scored / this".
GROUP_SIZE = """
SELECT count(*)
FROM unit
WHERE geography = $geography AND level = $level
  AND ($level = 'province' OR parent_code IS NOT DISTINCT FROM $parent_code)
"""

# The top-level criteria of the tree in force in a year (the fields / dimensions).
TOP_LEVEL = """
SELECT criterion_code, name
FROM criterion
WHERE index_code = $index_code
  AND valid_from <= $year AND $year <= coalesce(valid_to, 9999)
  AND position('.' IN criterion_code) = 0
QUALIFY valid_from = max(valid_from) OVER ()
ORDER BY criterion_code
"""

# --- series and distributions -------------------------------------------------------------------

# `period`: the first year of the criteria tree in force (NULL without a tree), so a chart can
# break its line where the method changed instead of drawing a jump that is not a result.
_HISTORY_ROWS = """f.year, f.score, f.pct, f.rank, f.rank_of, f.max_score,
       (SELECT max(c.valid_from) FROM criterion c
        WHERE c.index_code = f.index_code AND c.valid_from <= f.year
          AND f.year <= coalesce(c.valid_to, 9999)) AS period
FROM fact f
WHERE f.index_code = $index_code AND f.geography = $geography AND f.unit_code = $unit_code
"""
HISTORY = "SELECT " + _HISTORY_ROWS + "  AND f.criterion_code = $criterion_code\nORDER BY f.year\n"
# Every criterion's at once (the drill-down opens any row of the ledger from one query).
HISTORIES = "SELECT f.criterion_code, " + _HISTORY_ROWS + "ORDER BY f.criterion_code, f.year\n"

_DISTRIBUTION_COLUMNS = "f.unit_code, coalesce(u.name, f.unit_code) AS name, f.score, f.pct, f.rank"
DISTRIBUTION = "SELECT " + _DISTRIBUTION_COLUMNS + _RANK_GROUP
DISTRIBUTIONS = ("SELECT f.criterion_code, " + _DISTRIBUTION_COLUMNS + _GROUP_ROWS
                 + "ORDER BY f.criterion_code, " + _BEST_FIRST)

# Criterion-level targets of a unit-year (the overall has criterion_code '').
TARGETS = """
SELECT criterion_code, target_score, target_rank, note
FROM target
WHERE geography = $geography AND unit_code = $unit_code AND index_code = $index_code
  AND year = $year
"""

# The criterion names of the tree in force in a year (for criteria without a score).
TREE = """
SELECT criterion_code, name, name_en, max_score
FROM criterion
WHERE index_code = $index_code
  AND valid_from <= $year AND $year <= coalesce(valid_to, 9999)
QUALIFY valid_from = max(valid_from) OVER ()
ORDER BY criterion_code
"""
