"""SQL of the importer, undo: the batch history, and taking one batch back out (its rows
leave, the rows it replaced come back from the `*_history` twins).
"""
from __future__ import annotations

from analysis.queries import column_list, fill, ident, render

HISTORY = """
SELECT b.batch_id, b.loaded_at, b.kind, b.source, b.rows_added, b.rows_replaced, b.undone_at,
       coalesce((SELECT list(CASE WHEN f.sheet IS NULL THEN f.file_name ELSE f.file_name || '[' || f.sheet || ']' END
                             ORDER BY f.file_name, f.sheet)
                 FROM batch_file f WHERE f.batch_id = b.batch_id), []) AS files
FROM batch b ORDER BY b.batch_id DESC
"""

LAST_ACTIVE_BATCH = """
SELECT batch_id, kind FROM batch WHERE undone_at IS NULL ORDER BY batch_id DESC LIMIT 1
"""

# One batch as an undo refusal describes it: kind, when, whether undone, its files.
BATCH_INFO = """
SELECT b.kind, b.loaded_at, b.undone_at IS NOT NULL,
       coalesce((SELECT list(f.file_name ORDER BY f.file_name) FROM batch_file f
                 WHERE f.batch_id = b.batch_id), [])
FROM batch b WHERE b.batch_id = ?
"""


def undo_pairs(table: str) -> str:
    return render("SELECT DISTINCT index_code, year FROM {table} WHERE batch_id = ?", table=table)


def undo_pairs_history() -> str:
    return "SELECT DISTINCT index_code, year FROM score_history WHERE replaced_by = ? AND batch_id <> ?"


def undo_move_to_history(table: str, columns: list[str]) -> str:
    return fill("""INSERT INTO {history} ({cols}, replaced_by)
                    SELECT {cols}, ? FROM {table} WHERE batch_id = ?""",
                history=ident(table + "_history"), cols=column_list(columns), table=ident(table))


def undo_delete(table: str) -> str:
    return render("DELETE FROM {table} WHERE batch_id = ?", table=table)


def undo_restore(table: str, columns: list[str]) -> str:
    return fill("""INSERT INTO {table} ({cols})
                    SELECT {cols} FROM {history} WHERE replaced_by = ? AND batch_id <> ?""",
                table=ident(table), cols=column_list(columns), history=ident(table + "_history"))


def undo_forget_restored(table: str) -> str:
    return render("DELETE FROM {history} WHERE replaced_by = ? AND batch_id <> ?", history=table + "_history")


MARK_UNDONE = "UPDATE batch SET undone_at = now()::TIMESTAMP WHERE batch_id = ?"
UNDO_AFFECTED_UNITS_PAIRS = """
SELECT DISTINCT s.index_code, s.year FROM score s
JOIN (SELECT geography, unit_code FROM unit_history WHERE replaced_by = ?) u
  ON s.geography = u.geography AND s.unit_code = u.unit_code
"""
UNDO_AFFECTED_CRITERIA_PAIRS = """
SELECT DISTINCT s.index_code, s.year FROM score s
JOIN (SELECT index_code, valid_from FROM criterion_history WHERE replaced_by = ?) c
  ON s.index_code = c.index_code AND s.year >= c.valid_from
"""
