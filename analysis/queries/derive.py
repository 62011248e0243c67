"""SQL that rebuilds the derived table `fact` from the stored `score`, `criterion` and `unit`.

The rebuild works on a set of (index_code, year) pairs at once, in temporary work tables:

1. `_pair`  the pairs to rebuild;
2. `_tree`  the criteria tree in force for each pair (the latest `valid_from` if periods overlap),
            plus a virtual node '' for the overall index, with each node's effective maximum
            (its own, or the sum of its children's: filled bottom-up, one statement per depth);
3. `_work`  the given scores, then the computed parents, one statement per depth bottom-up;
4. `fact`   the pair's slice deleted and re-inserted from `_work` with pct and ranks.

Every statement is set-wise, so ten million score rows take seconds, not a loop per unit.
"""
from __future__ import annotations

# Python lists bound as two parallel arrays: no value is ever formatted into SQL.
CREATE_PAIRS = """
CREATE OR REPLACE TEMP TABLE _pair AS
SELECT DISTINCT upper(index_code) AS index_code, year
FROM (SELECT unnest($index_codes::VARCHAR[]) AS index_code,
             unnest($years::INTEGER[]) AS year)
"""

ALL_PAIRS = """
SELECT DISTINCT index_code, year FROM score
UNION
SELECT DISTINCT index_code, year FROM fact
ORDER BY 1, 2
"""

DELETE_FACTS = """
DELETE FROM fact f
USING _pair p
WHERE f.index_code = p.index_code AND f.year = p.year
"""

# The tree in force each pair-year. A code's parent is the code without its last part; the
# top-level fields' parent is '' (the overall index), which gets a virtual node of its own.
CREATE_TREE = """
CREATE OR REPLACE TEMP TABLE _tree AS
WITH in_force AS (
    SELECT p.index_code, p.year, c.criterion_code, c.max_score, lower(c.aggregate) AS aggregate,
           c.valid_from
    FROM _pair p
    JOIN criterion c
      ON c.index_code = p.index_code
     AND c.valid_from <= p.year AND p.year <= coalesce(c.valid_to, 9999)
    QUALIFY c.valid_from = max(c.valid_from) OVER (PARTITION BY p.index_code, p.year)
),
nodes AS (
    SELECT index_code, year, criterion_code, max_score, aggregate FROM in_force
    UNION ALL
    SELECT DISTINCT index_code, year, '' AS criterion_code, NULL::DOUBLE AS max_score,
           'sum' AS aggregate
    FROM in_force
)
SELECT n.index_code, n.year, n.criterion_code,
       CASE WHEN n.criterion_code = '' THEN 0
            ELSE len(string_split(n.criterion_code, '.')) END AS depth,
       CASE WHEN n.criterion_code = '' THEN NULL
            WHEN position('.' IN n.criterion_code) = 0 THEN ''
            ELSE regexp_replace(n.criterion_code, '\\.[^.]*$', '') END AS parent_criterion,
       n.max_score AS own_max,
       n.max_score AS eff_max,
       n.aggregate,
       0 AS n_children
FROM nodes n
"""

COUNT_CHILDREN = """
UPDATE _tree t
SET n_children = k.n
FROM (SELECT index_code, year, parent_criterion, count(*) AS n
      FROM _tree WHERE parent_criterion IS NOT NULL
      GROUP BY ALL) k
WHERE k.index_code = t.index_code AND k.year = t.year AND k.parent_criterion = t.criterion_code
"""

MAX_TREE_DEPTH = "SELECT coalesce(max(depth), 0) FROM _tree"

# A node without its own maximum takes the sum of its children's maxima (the mean of them for a
# `mean` node, so that pct stays meaningful), only when every child has one. Run for depth
# = deepest-1 .. 0 so that children are filled before their parents.
FILL_TREE_MAX = """
UPDATE _tree t
SET eff_max = k.child_max
FROM (SELECT p.index_code, p.year, p.criterion_code,
             CASE WHEN p.aggregate = 'mean' THEN avg(c.eff_max) ELSE sum(c.eff_max) END AS child_max
      FROM _tree p
      JOIN _tree c
        ON c.index_code = p.index_code AND c.year = p.year
       AND c.parent_criterion = p.criterion_code
      WHERE p.depth = $depth AND p.own_max IS NULL
      GROUP BY p.index_code, p.year, p.criterion_code, p.aggregate
      HAVING count(c.eff_max) = count(*)) k
WHERE k.index_code = t.index_code AND k.year = t.year AND k.criterion_code = t.criterion_code
"""

# Given scores of the pairs. max: the row's own, else the tree's effective max; NULL here means a
# percentage (0-100) and becomes 100 in `fact`. An index without any tree has overall max 100.
CREATE_WORK = """
CREATE OR REPLACE TEMP TABLE _work AS
SELECT s.index_code, s.year, s.geography, s.unit_code, s.criterion_code,
       CASE WHEN s.criterion_code = '' THEN 0
            ELSE len(string_split(s.criterion_code, '.')) END AS depth,
       CASE WHEN s.criterion_code = '' THEN NULL
            WHEN position('.' IN s.criterion_code) = 0 THEN ''
            ELSE regexp_replace(s.criterion_code, '\\.[^.]*$', '') END AS parent_criterion,
       s.score,
       coalesce(s.max_score, t.eff_max) AS max_score,
       FALSE AS computed,
       s.rank AS rank_given,
       s.batch_id,
       s.source
FROM score s
JOIN _pair p ON p.index_code = s.index_code AND p.year = s.year
LEFT JOIN _tree t
  ON t.index_code = s.index_code AND t.year = s.year AND t.criterion_code = s.criterion_code
"""

# Parents at one depth, from their children (given or computed one step earlier), only where
# every child of the tree has a score and the parent's own score was not given. The overall ('')
# follows the same rule but only where every field has a maximum: percentage trees must give it.
COMPUTE_PARENTS = """
INSERT INTO _work
SELECT c.index_code, c.year, c.geography, c.unit_code, t.criterion_code, t.depth,
       t.parent_criterion,
       CASE WHEN t.aggregate = 'mean' THEN avg(c.score) ELSE sum(c.score) END AS score,
       coalesce(t.own_max,
                CASE WHEN count(c.max_score) = count(*) THEN
                     CASE WHEN t.aggregate = 'mean' THEN avg(c.max_score) ELSE sum(c.max_score) END
                END) AS max_score,
       TRUE AS computed, NULL AS rank_given, NULL AS batch_id, NULL AS source
FROM _tree t
JOIN _tree ct
  ON ct.index_code = t.index_code AND ct.year = t.year AND ct.parent_criterion = t.criterion_code
JOIN _work c
  ON c.index_code = ct.index_code AND c.year = ct.year AND c.criterion_code = ct.criterion_code
WHERE t.depth = $depth
  AND t.aggregate IN ('sum', 'mean')
  AND NOT EXISTS (SELECT 1 FROM _work g
                  WHERE g.index_code = t.index_code AND g.year = t.year
                    AND g.criterion_code = t.criterion_code
                    AND g.geography = c.geography AND g.unit_code = c.unit_code)
GROUP BY c.index_code, c.year, c.geography, c.unit_code, t.criterion_code, t.depth,
         t.parent_criterion, t.aggregate, t.own_max, t.n_children
HAVING count(*) = t.n_children
   AND (t.criterion_code <> '' OR count(c.max_score) = count(*))
"""

# pct and ranks. Rank groups: index, year, criterion, geography, level, and the parent unit for
# anything below a province. Scores are compared at two decimals (as published), competition
# ranking. Where any unit of a group has a published rank, published ranks are used and the
# others get none; `of` is then the number of provinces of the geography for provinces.
INSERT_FACTS = """
INSERT INTO fact
WITH w AS (
    SELECT w.*,
           coalesce(u.level, 'province') AS level,
           u.parent_code,
           coalesce(w.max_score, 100.0) AS max_final,
           CASE WHEN coalesce(u.level, 'province') = 'province' THEN NULL
                ELSE u.parent_code END AS rank_parent
    FROM _work w
    LEFT JOIN unit u ON u.geography = w.geography AND u.unit_code = w.unit_code
),
provinces AS (
    SELECT geography, count(*) AS n FROM unit WHERE level = 'province' GROUP BY geography
),
ranked AS (
    SELECT w.*,
           rank() OVER grp AS rank_computed,
           count(*) OVER whole_grp AS n_scored,
           count(w.rank_given) OVER whole_grp AS n_published
    FROM w
    -- one partitioning and sort shared by the three window functions
    WINDOW grp AS (PARTITION BY index_code, year, criterion_code, geography, level, rank_parent
                   ORDER BY round(score, 2) DESC),
           whole_grp AS (grp ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
)
SELECT r.index_code, r.year, r.geography, r.unit_code, r.level, r.parent_code, r.criterion_code,
       r.depth, r.score, r.max_final AS max_score,
       CASE WHEN r.max_final > 0 THEN 100.0 * r.score / r.max_final END AS pct,
       r.computed,
       CASE WHEN r.n_published > 0 THEN r.rank_given ELSE r.rank_computed END AS rank,
       r.n_published > 0 AND r.rank_given IS NOT NULL AS rank_published,
       CASE WHEN r.n_published > 0 AND r.level = 'province'
            THEN coalesce(p.n, r.n_scored)
            ELSE r.n_scored END AS rank_of,
       r.batch_id, r.source
FROM ranked r
LEFT JOIN provinces p ON p.geography = r.geography
"""

DROP_WORK = [
    "DROP TABLE IF EXISTS _work",
    "DROP TABLE IF EXISTS _tree",
    "DROP TABLE IF EXISTS _pair",
]
