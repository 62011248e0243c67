"""SQL of the organisational analysis: lead agencies, targets, comparisons, internal indices and
the merger-aware history (modules `analysis.agencies`, `targets`, `compare`, `internal`,
`history`). Every value is a bound parameter (`$name`); no statement is built from values.

All of them read the derived `fact` (scores with max, pct and rank) plus the stored `unit`,
`criterion`, `responsibility` and `target` rows.
"""
from __future__ import annotations

# The criteria tree in force for an index-year: the rows whose validity covers the year, and of
# those the latest period if periods overlap (as `analysis.queries.derive` builds facts).
TREE_IN_FORCE = """
SELECT criterion_code, name, max_score
FROM criterion
WHERE index_code = $index_code
  AND valid_from <= $year AND $year <= coalesce(valid_to, 9999)
QUALIFY valid_from = max(valid_from) OVER ()
"""

# A province's assignment rows valid in a year, one per criterion: where two rows are valid (an
# open-ended one and a newer one starting later), the one that started latest wins. Names come
# from the unit list the lead/support codes were resolved in.
RESPONSIBILITIES_IN_FORCE = """
WITH valid AS (
    SELECT *
    FROM responsibility
    WHERE province_code = $province_code AND index_code = $index_code
      AND coalesce(valid_from, -1) <= $year AND $year <= coalesce(valid_to, 9999)
    QUALIFY row_number() OVER (PARTITION BY criterion_code
                               ORDER BY valid_from DESC NULLS LAST) = 1
),
supports AS (
    SELECT v.criterion_code,
           list(s.code ORDER BY s.pos) AS support_codes,
           list(coalesce(u.name, s.code) ORDER BY s.pos) AS support_names
    FROM valid v,
         LATERAL (SELECT unnest(v.support_codes) AS code,
                         generate_subscripts(v.support_codes, 1) AS pos) s
    LEFT JOIN unit u ON u.geography = v.lead_geography AND u.unit_code = s.code
    GROUP BY v.criterion_code
)
SELECT v.criterion_code, v.lead_code, coalesce(lu.name, v.lead_code) AS lead_name,
       s.support_codes, s.support_names
FROM valid v
LEFT JOIN unit lu ON lu.geography = v.lead_geography AND lu.unit_code = v.lead_code
LEFT JOIN supports s ON s.criterion_code = v.criterion_code
"""

# Every criterion fact of one unit-year (overall excluded), with its name in that year's tree and
# whether it is lowest-level for this unit: no deeper fact of the unit hangs under it. That is
# the leaf of the tree, or the deepest level scored, so a parent and its children are never
# both counted.
UNIT_CRITERIA = """
WITH tree AS (""" + TREE_IN_FORCE + """)
SELECT f.criterion_code, t.name, f.depth, f.score, f.max_score, f.pct,
       f.max_score - f.score AS points_lost, f.rank, f.rank_of,
       NOT EXISTS (SELECT 1 FROM fact c
                   WHERE c.index_code = f.index_code AND c.year = f.year
                     AND c.geography = f.geography AND c.unit_code = f.unit_code
                     AND starts_with(c.criterion_code, f.criterion_code || '.')) AS is_lowest
FROM fact f
LEFT JOIN tree t ON t.criterion_code = f.criterion_code
WHERE f.index_code = $index_code AND f.year = $year AND f.geography = $geography
  AND f.unit_code = $unit_code AND f.criterion_code <> ''
"""

# The year before, when the unit has a score then in the same geography (contract section 3: a
# change is only against the previous edition; no year across the 2025 merger is "previous").
PREVIOUS_YEAR = """
SELECT max(year)
FROM fact
WHERE index_code = $index_code AND geography = $geography AND unit_code = $unit_code
  AND year = $year - 1
"""

# One fact of a unit (any criterion), with the unit's level and parent for its rank group.
UNIT_FACT = """
SELECT score, max_score, pct, rank, rank_of, level, parent_code
FROM fact
WHERE index_code = $index_code AND year = $year AND geography = $geography
  AND unit_code = $unit_code AND criterion_code = $criterion_code
"""

TARGET = """
SELECT target_score, target_rank, note
FROM target
WHERE geography = $geography AND unit_code = $unit_code AND index_code = $index_code
  AND year = $year AND criterion_code = $criterion_code
"""

# A unit's place in the unit lists, when it has no score to read it from.
UNIT_LEVEL = """
SELECT level, parent_code
FROM unit
WHERE geography = $geography AND unit_code = $unit_code
"""

# Overall scores of everyone else in the unit's rank group (same level; below province, same
# parent province).
OTHER_SCORES = """
SELECT score
FROM fact
WHERE index_code = $index_code AND year = $year AND geography = $geography
  AND criterion_code = '' AND level = $level AND unit_code <> $unit_code
  AND ($level = 'province' OR parent_code IS NOT DISTINCT FROM $parent_code)
ORDER BY score DESC
"""

PROVINCES = """
SELECT unit_code, name, region
FROM unit
WHERE geography = $geography AND level = 'province'
ORDER BY unit_code
"""

# How many provinces of a geography have a score on one criterion in an index-year, and how many
# provinces the geography has (the coverage of a mean, a league table or a map).
COVERAGE = """
SELECT (SELECT count(DISTINCT f.unit_code)
        FROM fact f
        WHERE f.index_code = $index_code AND f.year = $year AND f.geography = $geography
          AND f.criterion_code = $criterion_code AND f.level = 'province'
          AND ($unit_codes::VARCHAR[] IS NULL OR list_contains($unit_codes::VARCHAR[], f.unit_code))),
       (SELECT count(*) FROM unit
        WHERE geography = $geography AND level = 'province'
          AND ($unit_codes::VARCHAR[] IS NULL OR list_contains($unit_codes::VARCHAR[], unit_code)))
"""

TOP_RANKED = """
SELECT unit_code
FROM fact
WHERE index_code = $index_code AND year = $year AND geography = $geography
  AND criterion_code = '' AND level = 'province' AND rank <= $top_n
ORDER BY rank, unit_code
"""

# Overall facts of a block of units in one year (provinces of a geography, or the departments /
# districts of one province), each with its score the year before in the same geography (a
# change is only against the previous edition, contract section 3).
_BLOCK = """
WITH cur AS (
    SELECT f.unit_code, f.geography, f.score, f.pct, f.rank, f.rank_of
    FROM fact f
    WHERE f.index_code = $index_code AND f.year = $year AND f.criterion_code = ''
      AND f.level = $level AND {block_filter}
),
prev AS (
    SELECT p.unit_code, p.year, p.score, p.pct, p.rank
    FROM fact p
    JOIN cur c ON c.unit_code = p.unit_code AND c.geography = p.geography
    WHERE p.index_code = $index_code AND p.criterion_code = '' AND p.level = $level
      AND p.year = $year - 1
)
SELECT c.rank, c.unit_code, coalesce(u.name, c.unit_code) AS name, c.score, c.pct, c.rank_of,
       u.region, p.year AS previous_year, p.score AS previous_score, p.pct AS previous_pct,
       p.rank AS previous_rank
FROM cur c
LEFT JOIN prev p ON p.unit_code = c.unit_code
LEFT JOIN unit u ON u.geography = c.geography AND u.unit_code = c.unit_code
ORDER BY c.rank NULLS LAST, c.score DESC, c.unit_code
"""

# The fixed filters are our own text, never values.
LEAGUE = _BLOCK.replace("{block_filter}", "f.geography = $geography")

INTERNAL_BLOCK = _BLOCK.replace("{block_filter}", "f.parent_code = $province_code")

# The overall and the top-level fields of some units, with the field names of the year's tree.
COMPONENTS = """
WITH tree AS (""" + TREE_IN_FORCE + """)
SELECT f.unit_code, coalesce(u.name, f.unit_code) AS name, f.criterion_code, f.depth,
       t.name AS criterion_name, f.score, f.max_score, f.pct, f.rank
FROM fact f
LEFT JOIN tree t ON t.criterion_code = f.criterion_code
LEFT JOIN unit u ON u.geography = f.geography AND u.unit_code = f.unit_code
WHERE f.index_code = $index_code AND f.year = $year AND f.geography = $geography
  AND f.depth <= 1 AND list_contains($unit_codes::VARCHAR[], f.unit_code)
"""

RANK_HISTORY = """
SELECT f.unit_code, coalesce(u.name, f.unit_code) AS name, f.year, f.rank, f.score, f.pct,
       f.rank_of
FROM fact f
LEFT JOIN unit u ON u.geography = f.geography AND u.unit_code = f.unit_code
WHERE f.index_code = $index_code AND f.geography = $geography AND f.criterion_code = ''
  AND list_contains($unit_codes::VARCHAR[], f.unit_code)
ORDER BY f.unit_code, f.year
"""

IS_VN34_PROVINCE = """
SELECT count(*) FROM unit
WHERE geography = 'vn34' AND level = 'province' AND unit_code = $unit_code
"""

# The vn63 provinces that became part of a vn34 province, with every overall score they had
# up to the merger ($last_vn63_year: `analysis.geo.LAST_VN63_YEAR`).
PREDECESSOR_SCORES = """
SELECT u.unit_code, u.name, f.year, f.score, f.pct, f.rank, f.rank_of
FROM unit u
LEFT JOIN fact f
  ON f.geography = 'vn63' AND f.unit_code = u.unit_code AND f.index_code = $index_code
 AND f.criterion_code = '' AND f.year <= $last_vn63_year
WHERE u.geography = 'vn63' AND u.level = 'province' AND u.successor_code = $unit_code
ORDER BY u.unit_code, f.year
"""


# The year before, when any unit of a province's block (one level) has a score then.
INTERNAL_PREVIOUS_YEAR = """
SELECT max(year)
FROM fact
WHERE index_code = $index_code AND year = $year - 1 AND criterion_code = ''
  AND level = $level AND parent_code = $province_code
"""
