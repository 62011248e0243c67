"""SQL that keeps an import's memory bounded (issue 14).

The import runs on a private copy of the database (`analysis.db.write_transaction`), so these
settings touch no reader. Without them DuckDB lets its buffers grow to most of the machine's
memory: a validated 4.9 M-row scores file peaked at 2.8 GB while the staged text, the typed
rows, the hash tables of the checks and the rows being written all stayed in memory. With a
memory limit DuckDB streams what does not fit through `temp_directory` (the import's own
temporary folder, removed afterwards) instead.
"""
from __future__ import annotations

from analysis.queries import render

# params: the limit ('512MB'), the folder DuckDB may spill to
LIMIT_MEMORY = [
    "SET memory_limit = ?",
    "SET temp_directory = ?",
]

# Once every file is staged (the staging tables' rowids are the file's lines, so they are read
# in order), the statements that copy millions of rows need not keep their input's order:
# every line number is carried in a column, and every report orders by it.
ANY_ORDER = "SET preserve_insertion_order = false"


def drop_staged(stage: str) -> str:
    """A staged file's text is no longer needed once its rows are in the typed or raw tables."""
    return render("DROP TABLE IF EXISTS {stage}", stage=stage)
