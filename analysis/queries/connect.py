"""SQL of opening a reader's connection (`analysis.db.open_read`) and of telling what is wrong
with a database file that cannot be read (`analysis.db.diagnose`)."""
from __future__ import annotations

LIVE = "live"  # the catalogue a reader's database file is attached under

ATTACH_READ_ONLY = f"ATTACH ? AS {LIVE} (READ_ONLY)"
USE_LIVE = f"USE {LIVE}"

# The columns the database has, to compare with the schema's own list.
COLUMNS = """
SELECT table_name, column_name
FROM duckdb_columns()
WHERE database_name = current_database() AND schema_name = 'main'
"""
