"""The database schema.

Two layers:
- the *stored* tables hold exactly what was imported (`unit`, `criterion`, `score`,
  `responsibility`, `target`), each row tagged with the batch that wrote it, and a `*_history`
  twin keeping every row that `--replace` or `undo` took away;
- the *derived* facts are rebuilt after every import for the (index, year) pairs touched: given
  and computed scores of every criterion level, the overall score (criterion_code ''), max, pct
  and rank. Pages and the command line read the view `fact`, so they never recompute ranks.
  A given score's derived values live beside it, in `score`'s `fact_*` columns (written in the
  same pass that stores the row, so ten million given scores are written once, not twice);
  computed scores live in `fact_computed`. `fact` is the union of the two, with no join.

No PRIMARY KEY / UNIQUE constraints: keys are enforced set-wise by the import's validation (which
reports them as `FILE:LINE:COLUMN` messages) and constraints would slow bulk inserts.
Conventions: the overall index has criterion_code '' (OVERALL); geography is 'vn63' or 'vn34'.
"""
from __future__ import annotations

SCHEMA_VERSION = "2"
OVERALL = ""  # criterion_code of the overall index score

STORED_TABLES = ("unit", "criterion", "score", "responsibility", "target")

_TABLES = {
    "meta": """
        key VARCHAR NOT NULL,
        value VARCHAR
    """,
    # One row per `load` call (or bundled build / demo build). kind: reference | bundled | user | demo.
    "batch": """
        batch_id INTEGER NOT NULL,
        loaded_at TIMESTAMP NOT NULL,
        kind VARCHAR NOT NULL,
        source VARCHAR,
        replace_mode BOOLEAN NOT NULL DEFAULT FALSE,
        rows_added BIGINT NOT NULL DEFAULT 0,
        rows_replaced BIGINT NOT NULL DEFAULT 0,
        undone_at TIMESTAMP
    """,
    "batch_file": """
        batch_id INTEGER NOT NULL,
        file_name VARCHAR NOT NULL,
        sheet VARCHAR,
        table_name VARCHAR,
        sha256 VARCHAR NOT NULL,
        row_count BIGINT NOT NULL,
        rows_added BIGINT NOT NULL DEFAULT 0
    """,
    # key: (geography, unit_code)
    "unit": """
        geography VARCHAR NOT NULL,
        unit_code VARCHAR NOT NULL,
        name VARCHAR NOT NULL,
        name_en VARCHAR,
        level VARCHAR NOT NULL,
        parent_code VARCHAR,
        region VARCHAR,
        successor_code VARCHAR,
        match_name VARCHAR NOT NULL,
        batch_id INTEGER NOT NULL
    """,
    # key: (index_code, valid_from, criterion_code)
    "criterion": """
        index_code VARCHAR NOT NULL,
        valid_from INTEGER NOT NULL,
        valid_to INTEGER,
        criterion_code VARCHAR NOT NULL,
        name VARCHAR NOT NULL,
        name_en VARCHAR,
        max_score DOUBLE,
        aggregate VARCHAR NOT NULL DEFAULT 'sum',
        batch_id INTEGER NOT NULL
    """,
    # key: (index_code, year, geography, unit_code, criterion_code)
    "score": """
        index_code VARCHAR NOT NULL,
        year INTEGER NOT NULL,
        geography VARCHAR NOT NULL,
        unit_code VARCHAR NOT NULL,
        criterion_code VARCHAR NOT NULL,
        score DOUBLE NOT NULL,
        max_score DOUBLE,
        rank INTEGER,
        source VARCHAR,
        batch_id INTEGER NOT NULL
    """,
    # key: (province_code, index_code, criterion_code, valid_from); valid_from NULL = always.
    # lead/support units are stored resolved (code + geography of the unit list they belong to).
    "responsibility": """
        province_code VARCHAR NOT NULL,
        index_code VARCHAR NOT NULL,
        criterion_code VARCHAR NOT NULL,
        valid_from INTEGER,
        valid_to INTEGER,
        lead_geography VARCHAR NOT NULL,
        lead_code VARCHAR NOT NULL,
        support_codes VARCHAR[],
        batch_id INTEGER NOT NULL
    """,
    # key: (geography, unit_code, index_code, year, criterion_code)
    "target": """
        geography VARCHAR NOT NULL,
        unit_code VARCHAR NOT NULL,
        index_code VARCHAR NOT NULL,
        year INTEGER NOT NULL,
        criterion_code VARCHAR NOT NULL,
        target_score DOUBLE,
        target_rank INTEGER,
        note VARCHAR,
        batch_id INTEGER NOT NULL
    """,
    # The computed scores (parents by the tree's `aggregate`, the overall), with their ranks.
    # Given scores keep theirs in `score`'s derived columns; the view `fact` reads both.
    "fact_computed": """
        index_code VARCHAR NOT NULL,
        year INTEGER NOT NULL,
        geography VARCHAR NOT NULL,
        unit_code VARCHAR NOT NULL,
        level VARCHAR NOT NULL,
        parent_code VARCHAR,
        criterion_code VARCHAR NOT NULL,
        depth INTEGER NOT NULL,
        score DOUBLE NOT NULL,
        max_score DOUBLE,
        rank INTEGER,
        rank_of INTEGER
    """,
}

# History twins: the stored columns plus the batch that took the row away.
for _name in STORED_TABLES:
    _TABLES[_name + "_history"] = _TABLES[_name].rstrip() + ",\n        replaced_by INTEGER NOT NULL\n"

# Derived columns of a given score (NULL until its pair's facts are refreshed). They are not
# stored columns: `table_columns("score")`, history and undo never copy them.
SCORE_DERIVED = {
    "fact_level": "VARCHAR",
    "fact_parent_code": "VARCHAR",
    "fact_depth": "INTEGER",
    "fact_max": "DOUBLE",
    "fact_rank": "INTEGER",
    "fact_rank_published": "BOOLEAN",
    "fact_rank_of": "INTEGER",
}

# The read model: every score, given or computed, with its rank. Two scans, no join, so a read
# of `fact` costs what a read of a table does.
FACT_VIEW = """
CREATE OR REPLACE VIEW fact AS
SELECT index_code, year, geography, unit_code, fact_level AS level, fact_parent_code AS parent_code,
       criterion_code, fact_depth AS depth, score, fact_max AS max_score,
       CASE WHEN fact_max > 0 THEN 100.0 * score / fact_max END AS pct,
       FALSE AS computed, fact_rank AS rank, fact_rank_published AS rank_published,
       fact_rank_of AS rank_of, batch_id, source
FROM score WHERE fact_level IS NOT NULL
UNION ALL
SELECT index_code, year, geography, unit_code, level, parent_code, criterion_code, depth, score,
       max_score, CASE WHEN max_score > 0 THEN 100.0 * score / max_score END AS pct,
       TRUE AS computed, rank, FALSE AS rank_published, rank_of, NULL::INTEGER AS batch_id,
       NULL::VARCHAR AS source
FROM fact_computed
"""

# A database of schema 1 holds `fact` as a table of every row; it is replaced by the view
# (and the facts rebuilt: `needs_migration`) on the first write.
FACT_IS_TABLE = """
SELECT count(*) FROM duckdb_tables() WHERE database_name = current_database()
  AND schema_name = 'main' AND table_name = 'fact'
"""
DROP_FACT_TABLE = "DROP TABLE fact"


def create_statements() -> list[str]:
    """DDL for a new, empty database (idempotent; adds what an older database lacks). Run
    after dropping a schema-1 `fact` table (see `FACT_IS_TABLE`)."""
    tables = [f"CREATE TABLE IF NOT EXISTS {name} ({cols})" for name, cols in _TABLES.items()]
    derived = [f"ALTER TABLE score ADD COLUMN IF NOT EXISTS {col} {kind}" for col, kind in SCORE_DERIVED.items()]
    return tables + derived + [FACT_VIEW]


def table_columns(name: str) -> list[str]:
    """Column names of a schema table, in order (used to copy rows to and from history)."""
    cols = []
    for line in _TABLES[name].splitlines():
        line = line.strip().rstrip(",")
        if line and not line.startswith("--"):
            cols.append(line.split()[0])
    return cols
