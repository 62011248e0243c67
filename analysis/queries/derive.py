"""SQL that rebuilds the derived table `fact` from the stored `score`, `criterion` and `unit`.

The rebuild works on a set of (index_code, year) pairs at once, in temporary work tables:

1. `_pair`  the pairs to rebuild;
2. `_tree`  the criteria tree in force for each pair (the latest `valid_from` if periods overlap),
            plus a virtual node '' for the overall index, with each node's effective maximum
            (its own, or the sum of its children's: filled bottom-up, one statement per depth);
3. `_computed` the computed parents, one statement per depth bottom-up, read with the given
            scores through the view `_given` (the score rows are never copied into a work table);
            a node given for every unit of its pair is not computed, nor its children aggregated;
4. `_rank`  one row per rank group and two-decimal score, ranked (a hash aggregate and a small
            window instead of sorting every row); a group is named by one integer, its tree
            node's number and its unit group's (`_unit_group`);
5. `fact`   the pair's slice deleted and re-inserted, joined to `_rank`.

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
       0 AS n_children,
       row_number() OVER () AS node_id,
       FALSE AS given_for_all,
       FALSE AS parent_given_for_all
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

# A node whose score is given for every unit of its pair that has any score (as a file that
# gives every level of the tree does): none of its parents is computed, so its children are
# not even aggregated (`COMPUTE_PARENTS` skips them). Score keys are unique, so the node's
# count of given rows equals the pair's count of units exactly when each unit has one.
MARK_GIVEN_FOR_ALL = [
    """
UPDATE _tree t
SET given_for_all = TRUE
FROM (
    WITH s AS (
        SELECT s.index_code, s.year, s.geography, s.unit_code, s.criterion_code
        FROM score s JOIN _pair p ON p.index_code = s.index_code AND p.year = s.year
    )
    SELECT n.index_code, n.year, n.criterion_code
    FROM (SELECT index_code, year, criterion_code, count(*) AS n FROM s GROUP BY ALL) n
    JOIN (SELECT index_code, year, count(*) AS units
          FROM (SELECT DISTINCT index_code, year, geography, unit_code FROM s) GROUP BY ALL) u
      ON u.index_code = n.index_code AND u.year = n.year
    WHERE n.n = u.units
) f
WHERE f.index_code = t.index_code AND f.year = t.year AND f.criterion_code = t.criterion_code
""",
    """
UPDATE _tree c
SET parent_given_for_all = TRUE
FROM _tree p
WHERE p.index_code = c.index_code AND p.year = c.year AND p.criterion_code = c.parent_criterion
  AND p.given_for_all
""",
]

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

# The given scores of the pairs, each with its tree node's effective max (NULL here means a
# percentage, 0-100, and becomes 100 in `fact`; an index without any tree has overall max 100).
# Not materialised: the passes below read `score` through it, which costs a scan instead of a
# copy of every row.
CREATE_GIVEN = """
CREATE OR REPLACE TEMP VIEW _given AS
SELECT s.index_code, s.year, s.geography, s.unit_code, s.criterion_code,
       s.score, coalesce(s.max_score, t.eff_max) AS max_score, s.rank AS rank_given,
       s.batch_id, s.source, t.node_id
FROM score s
JOIN _pair p ON p.index_code = s.index_code AND p.year = s.year
LEFT JOIN _tree t
  ON t.index_code = s.index_code AND t.year = s.year AND t.criterion_code = s.criterion_code
"""

CREATE_COMPUTED = """
CREATE OR REPLACE TEMP TABLE _computed (
    index_code VARCHAR, year INTEGER, geography VARCHAR, unit_code VARCHAR,
    criterion_code VARCHAR, depth INTEGER, parent_criterion VARCHAR, score DOUBLE, max_score DOUBLE,
    source VARCHAR, node_id BIGINT)
"""

# Parents at one depth, from their children (given, or computed one pass earlier), only where
# every child of the tree has a score and the parent's own score was not given. The overall ('')
# follows the same rule but only where every field has a maximum: percentage trees must give it.
# The children are found through the small `_tree` (a hash join on the tree nodes of depth+1),
# never through a string computation per score row.
COMPUTE_PARENTS = """
INSERT INTO _computed
WITH kids AS (
    SELECT s.index_code, s.year, s.geography, s.unit_code, ct.parent_criterion AS parent,
           s.score, coalesce(s.max_score, ct.eff_max) AS max_score, s.source
    FROM score s
    JOIN _tree ct
      ON ct.index_code = s.index_code AND ct.year = s.year AND ct.criterion_code = s.criterion_code
    WHERE ct.depth = $depth + 1 AND NOT ct.parent_given_for_all
    UNION ALL
    SELECT index_code, year, geography, unit_code, parent_criterion, score, max_score, source
    FROM _computed WHERE depth = $depth + 1
),
parents AS (
    SELECT k.index_code, k.year, k.geography, k.unit_code, t.criterion_code, t.depth,
           t.parent_criterion,
           CASE WHEN t.aggregate = 'mean' THEN avg(k.score) ELSE sum(k.score) END AS score,
           coalesce(t.own_max,
                    CASE WHEN count(k.max_score) = count(*) THEN
                         CASE WHEN t.aggregate = 'mean' THEN avg(k.max_score) ELSE sum(k.max_score) END
                    END) AS max_score,
           -- a computed row carries its children's source when they all share one (so a demo
           -- total says "Dữ liệu minh họa" like the rows it comes from)
           CASE WHEN count(k.source) = count(*) AND min(k.source) = max(k.source)
                THEN min(k.source) END AS source,
           t.node_id
    FROM kids k
    JOIN _tree t ON t.index_code = k.index_code AND t.year = k.year AND t.criterion_code = k.parent
    WHERE t.depth = $depth AND t.aggregate IN ('sum', 'mean') AND NOT t.given_for_all
    GROUP BY k.index_code, k.year, k.geography, k.unit_code, t.criterion_code, t.depth,
             t.parent_criterion, t.aggregate, t.own_max, t.n_children, t.node_id
    HAVING count(*) = t.n_children
       AND (t.criterion_code <> '' OR count(k.max_score) = count(*))
),
given AS (
    SELECT s.index_code, s.year, s.geography, s.unit_code, s.criterion_code
    FROM score s
    JOIN _tree t
      ON t.index_code = s.index_code AND t.year = s.year AND t.criterion_code = s.criterion_code
    WHERE t.depth = $depth AND NOT t.given_for_all
)
SELECT p.* FROM parents p
ANTI JOIN given g
  ON g.index_code = p.index_code AND g.year = p.year AND g.criterion_code = p.criterion_code
 AND g.geography = p.geography AND g.unit_code = p.unit_code
"""

# Each unit with its rank group within its geography (anything below a province is ranked within
# its parent province) and a number for that group: with the tree node's number it makes a rank
# group's key one integer (`rank_key`), so the ranks are counted and joined back on two numbers
# instead of six text columns.
CREATE_UNIT_GROUPS = """
CREATE OR REPLACE TEMP TABLE _unit_group AS
WITH u AS (
    SELECT geography, unit_code, coalesce(level, 'province') AS level, parent_code,
           CASE WHEN coalesce(level, 'province') = 'province' THEN NULL ELSE parent_code END AS rank_parent
    FROM unit
),
g AS (
    SELECT geography, level, rank_parent, row_number() OVER () AS group_id
    FROM (SELECT DISTINCT geography, level, rank_parent FROM u)
)
SELECT u.*, g.group_id
FROM u JOIN g
  ON g.geography = u.geography AND g.level = u.level AND g.rank_parent IS NOT DISTINCT FROM u.rank_parent
"""

# Every fact row before ranking: given and computed scores with the unit's level and the rank
# group's parent, and the score at two decimals (as published) that ranks compare. `rank_key`
# is NULL for a row whose criterion is not in its tree or whose unit is not stored (such rows
# are ranked by the group's columns instead, `CREATE_RANKS`).
CREATE_ROWS = """
CREATE OR REPLACE TEMP VIEW _rows AS
WITH w AS (
    SELECT index_code, year, geography, unit_code, criterion_code, score, max_score,
           FALSE AS computed, rank_given, batch_id, source, node_id
    FROM _given
    UNION ALL
    SELECT index_code, year, geography, unit_code, criterion_code, score, max_score,
           TRUE, NULL::INTEGER, NULL::INTEGER, source, node_id
    FROM _computed
)
SELECT w.* EXCLUDE (node_id),
       coalesce(u.level, 'province') AS level,
       u.parent_code,
       CASE WHEN coalesce(u.level, 'province') = 'province' THEN NULL
            ELSE u.parent_code END AS rank_parent,
       round(w.score, 2) AS score_2dp,
       w.node_id * 4294967296 + u.group_id AS rank_key
FROM w
LEFT JOIN _unit_group u ON u.geography = w.geography AND u.unit_code = w.unit_code
"""

# Ranks without sorting every row: count the rows per rank group and distinct two-decimal score
# (a hash aggregate), then rank those few rows. Competition ranking: 1 + the number of units
# with a higher score, so ties share the best rank (1, 2, 2, 4). Where any unit of a group has
# a published rank, published ranks are used and the others get none; `of` is then the number
# of provinces of the geography for provinces. `CREATE_RANKS_BY_KEY` groups by `rank_key`;
# when some row has none (`RANK_KEY_MISSING`), `CREATE_RANKS` groups by the columns themselves.
_RANKS = """
CREATE OR REPLACE TEMP TABLE _rank AS
SELECT *,
       sum(n) OVER grp - n + 1 AS rank_computed,
       sum(n) OVER whole_grp AS n_scored,
       sum(n_published) OVER whole_grp AS n_published_group
FROM (SELECT {group}, score_2dp, count(*) AS n, count(rank_given) AS n_published
      FROM _rows GROUP BY ALL)
WINDOW grp AS (PARTITION BY {group} ORDER BY score_2dp DESC ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW),
       whole_grp AS (PARTITION BY {group})
"""
_GROUP = "index_code, year, criterion_code, geography, level, rank_parent"
CREATE_RANKS = _RANKS.format(group=_GROUP)
CREATE_RANKS_BY_KEY = _RANKS.format(group="rank_key")
RANK_KEY_MISSING = "SELECT count(*) FROM _rank WHERE rank_key IS NULL"

_INSERT_FACTS = """
INSERT INTO fact
WITH provinces AS (
    SELECT geography, count(*) AS n FROM unit WHERE level = 'province' GROUP BY geography
)
SELECT r.index_code, r.year, r.geography, r.unit_code, r.level, r.parent_code, r.criterion_code,
       -- the number of parts of the dotted code (cheaper than splitting it)
       CASE WHEN r.criterion_code = '' THEN 0
            ELSE strlen(r.criterion_code) - strlen(replace(r.criterion_code, '.', '')) + 1 END AS depth,
       r.score, coalesce(r.max_score, 100.0) AS max_score,
       CASE WHEN coalesce(r.max_score, 100.0) > 0 THEN 100.0 * r.score / coalesce(r.max_score, 100.0) END AS pct,
       r.computed,
       CASE WHEN k.n_published_group > 0 THEN r.rank_given ELSE k.rank_computed END AS rank,
       k.n_published_group > 0 AND r.rank_given IS NOT NULL AS rank_published,
       CASE WHEN k.n_published_group > 0 AND r.level = 'province'
            THEN coalesce(p.n, k.n_scored)
            ELSE k.n_scored END AS rank_of,
       r.batch_id, r.source
FROM _rows r
JOIN _rank k
  ON {on} AND k.score_2dp = r.score_2dp
LEFT JOIN provinces p ON p.geography = r.geography
"""
INSERT_FACTS = _INSERT_FACTS.format(on="""k.index_code = r.index_code AND k.year = r.year AND k.criterion_code = r.criterion_code
 AND k.geography = r.geography AND k.level = r.level
 AND k.rank_parent IS NOT DISTINCT FROM r.rank_parent""")
INSERT_FACTS_BY_KEY = _INSERT_FACTS.format(on="k.rank_key = r.rank_key")

DROP_WORK = [
    "DROP VIEW IF EXISTS _rows",
    "DROP VIEW IF EXISTS _given",
    "DROP TABLE IF EXISTS _rank",
    "DROP TABLE IF EXISTS _computed",
    "DROP TABLE IF EXISTS _unit_group",
    "DROP TABLE IF EXISTS _tree",
    "DROP TABLE IF EXISTS _pair",
]
