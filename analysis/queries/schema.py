"""The database schema.

Two layers:
- the *stored* tables hold exactly what was imported (`unit`, `criterion`, `score`,
  `responsibility`, `target`, `plan`), each row tagged with the batch that wrote it, and a `*_history`
  twin keeping every row that `--replace` or `undo` took away;
- the *derived* table `fact` is rebuilt from them after every import for the (index, year) pairs
  touched: given and computed scores of every criterion level, the overall score (criterion_code
  ''), max, pct and rank. Pages and the command line read `fact`, so they never recompute ranks.

No PRIMARY KEY / UNIQUE constraints: keys are enforced set-wise by the import's validation (which
reports them as `FILE:LINE:COLUMN` messages) and constraints would slow bulk inserts.
Conventions: the overall index has criterion_code '' (OVERALL); geography is 'vn63' or 'vn34'.
"""
from __future__ import annotations

SCHEMA_VERSION = "1"
OVERALL = ""  # criterion_code of the overall index score

STORED_TABLES = ("unit", "criterion", "score", "responsibility", "target", "plan")
# Stored tables a later version added: a database made before them simply gets them created
# (empty) by its next write, and readers treat their absence as "no rows".
ADDED_LATER = ("plan", "plan_history")

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
    # key: (province_code, index_code, result_year, criterion_code, agency_code, action).
    # geography is the province's (from result_year); the agency is stored resolved; the
    # contract's `status` is `plan_status` (the import's comparison has a `status` of its own).
    "plan": """
        geography VARCHAR NOT NULL,
        province_code VARCHAR NOT NULL,
        index_code VARCHAR NOT NULL,
        result_year INTEGER NOT NULL,
        criterion_code VARCHAR NOT NULL,
        agency_geography VARCHAR NOT NULL,
        agency_code VARCHAR NOT NULL,
        action VARCHAR NOT NULL,
        deadline DATE,
        plan_status VARCHAR NOT NULL,
        evidence VARCHAR,
        updated_at DATE NOT NULL,
        batch_id INTEGER NOT NULL
    """,
    # The read model: every score, given or computed, with its rank.
    "fact": """
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
        pct DOUBLE,
        computed BOOLEAN NOT NULL,
        rank INTEGER,
        rank_published BOOLEAN NOT NULL,
        rank_of INTEGER,
        batch_id INTEGER,
        source VARCHAR
    """,
}

# History twins: the stored columns plus the batch that took the row away.
for _name in STORED_TABLES:
    _TABLES[_name + "_history"] = _TABLES[_name].rstrip() + ",\n        replaced_by INTEGER NOT NULL\n"


# The year -> geography rule in SQL, the twin of `analysis.geo.geography_of_year` (a unit test
# holds them equal): scores up to 2024 refer to the 63 provinces, from 2025 to the 34. A missing
# year counts as `vn63`, the contract's default geography. Every write connection has it.
GEOGRAPHY_OF_YEAR = ("CREATE OR REPLACE TEMP MACRO geography_of_year(y) AS "
                     "CASE WHEN y > 2024 THEN 'vn34' ELSE 'vn63' END")


def create_statements() -> list[str]:
    """DDL for a new, empty database (idempotent), and the macros of every write connection."""
    return [*(f"CREATE TABLE IF NOT EXISTS {name} ({cols})" for name, cols in _TABLES.items()),
            GEOGRAPHY_OF_YEAR]


def table_names() -> list[str]:
    """Every table of the schema, stored, history and derived."""
    return list(_TABLES)


def table_columns(name: str) -> list[str]:
    """Column names of a schema table, in order (used to copy rows to and from history)."""
    cols = []
    for line in _TABLES[name].splitlines():
        line = line.strip().rstrip(",")
        if line and not line.startswith("--"):
            cols.append(line.split()[0])
    return cols
