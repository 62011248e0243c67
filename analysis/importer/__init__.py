"""The importer: CSV and .xlsx files in the contract's form -> the stored tables, in one
transaction per call (docs/data-contract.md §1-2).

- `read`: encodings, separators, staging CSV/xlsx into DuckDB as text
- `headers`: which table a file holds; header names and aliases; wide form
- `resolve`: units by code or name
- `validate`: parsing and every check, set-wise in SQL
- `write`: conflicts, history, inserting a batch
- `loader`: `load_files`
- `history`: `history`, `undo_last`
"""
from analysis.importer.history import UndoError, history, undo_last
from analysis.importer.loader import load_files
from analysis.importer.model import FileReport, ImportProblem, LoadResult, TableCounts

__all__ = ["load_files", "history", "undo_last", "UndoError", "LoadResult", "ImportProblem",
           "TableCounts", "FileReport"]
