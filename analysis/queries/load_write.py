"""SQL of the importer, write: compare the validated rows with the stored ones (new, same, or
a conflict), move replaced rows to the `*_history` twins, insert the batch and its rows, and
name the (index, year) pairs whose facts must be rebuilt.
"""
from __future__ import annotations

from analysis.queries import column_list, fill, ident, per_column, render

STORED_SCORES_OF_LOAD = """
SELECT count(*) FROM score s
JOIN (SELECT DISTINCT index_code, year FROM imp_scores_ok) p
  ON p.index_code = s.index_code AND p.year = s.year
"""


def all_new(new: str) -> str:
    """`compare`'s result when nothing of the load is stored yet: a view, not a copy."""
    return render("""
    CREATE OR REPLACE TEMP VIEW {cmp} AS
    SELECT n.*, 'new' AS status, NULL::VARCHAR AS old_value, NULL::INTEGER AS old_batch,
           NULL::BIGINT AS old_rowid
    FROM {new} n
    """, cmp=new + "_cmp", new=new)


COMPARE = """
    CREATE OR REPLACE TEMP TABLE {cmp} AS
    SELECT n.*, CASE WHEN s.batch_id IS NULL THEN 'new' {differs} ELSE 'same' END AS status,
           CASE WHEN s.batch_id IS NULL THEN NULL {old} END AS old_value,
           s.batch_id AS old_batch, s.rowid AS old_rowid
    FROM {new} n LEFT JOIN {stored} s ON {on}
    """


def compare(new: str, stored: str, keys: list[str], values: list[str]) -> str:
    """Each new row against the stored row of its key: status 'new', 'same', or the first
    column whose value differs (with the stored value as text)."""
    return fill(COMPARE, cmp=ident(new + "_cmp"), new=ident(new), stored=ident(stored),
                on=per_column("s.{c} IS NOT DISTINCT FROM n.{c}", keys, " AND "),
                differs=per_column("WHEN n.{c} IS DISTINCT FROM s.{c} THEN '{name}'", values, " "),
                old=per_column("WHEN n.{c} IS DISTINCT FROM s.{c} THEN CAST(s.{c} AS VARCHAR)", values, " "))


CONFLICTS = """
    INSERT INTO imp_problem
    SELECT file_id, line, status, {header},
           'conflicts with the stored value ' ||
           CASE WHEN old_value IS NULL THEN '(empty)' ELSE '"' || imp_fmt(old_value) || '"' END
           || ' (batch ' || old_batch || '); use --replace to replace it'
    FROM {cmp} WHERE status NOT IN ('new', 'same')
    """


def conflicts(new: str, wide: bool) -> str:
    header = "CASE WHEN status = 'score' THEN wide_col END" if wide else "NULL"
    return fill(CONFLICTS, header=header, cmp=ident(new + "_cmp"))


def status_counts(new: str) -> str:
    return render("""SELECT file_id, count(*) FILTER (status = 'new'), count(*) FILTER (status NOT IN ('new', 'same')),
                            count(*) FILTER (status = 'same')
                     FROM {cmp} GROUP BY file_id""", cmp=new + "_cmp")


def keep_history(new: str, stored: str, columns: list[str]) -> str:
    return fill("""INSERT INTO {history} ({cols}, replaced_by)
                    SELECT {cols}, ? FROM {stored}
                    WHERE rowid IN (SELECT old_rowid FROM {cmp} WHERE status NOT IN ('new', 'same'))""",
                history=ident(stored + "_history"), cols=column_list(columns), stored=ident(stored),
                cmp=ident(new + "_cmp"))


def delete_replaced(new: str, stored: str) -> str:
    return render("""DELETE FROM {stored}
                     WHERE rowid IN (SELECT old_rowid FROM {cmp} WHERE status NOT IN ('new', 'same'))""",
                  stored=stored, cmp=new + "_cmp")


def insert_rows(new: str, stored: str, columns: list[str], exprs: dict[str, str] | None = None) -> str:
    """Insert the load's new and changed rows; `batch_id` is the param. `exprs` replaces a
    column by a constant SQL expression of it (e.g. `coalesce(source, ?)`)."""
    exprs = exprs or {}
    cols = [c for c in columns if c != "batch_id"]
    return fill("""INSERT INTO {stored} ({cols}, batch_id)
                    SELECT {select}, ? FROM {cmp} WHERE status <> 'same'""",
                stored=ident(stored), cols=column_list(cols), cmp=ident(new + "_cmp"),
                select=", ".join(exprs.get(c, ident(c)) for c in cols))


# ------------------------------------------------------------------ the batch

NEXT_BATCH = "SELECT coalesce(max(batch_id), 0) + 1 FROM batch"
INSERT_BATCH = """INSERT INTO batch (batch_id, loaded_at, kind, source, replace_mode, rows_added, rows_replaced)
                  VALUES (?, now()::TIMESTAMP, ?, ?, ?, ?, ?)"""
INSERT_BATCH_FILE = """INSERT INTO batch_file (batch_id, file_name, sheet, table_name, sha256, row_count, rows_added)
                       VALUES (?, ?, ?, ?, ?, ?, ?)"""

# Which (index, year) pairs need their facts rebuilt.
PAIRS_FROM_SCORES = "SELECT DISTINCT index_code, year FROM imp_scores_ok_cmp WHERE status <> 'same'"
PAIRS_FROM_CRITERIA = """
SELECT DISTINCT s.index_code, s.year FROM score s
JOIN (SELECT DISTINCT index_code, valid_from FROM imp_criteria_cmp WHERE status <> 'same') c
  ON s.index_code = c.index_code AND s.year >= c.valid_from
"""
PAIRS_FROM_UNITS = """
SELECT DISTINCT s.index_code, s.year FROM score s
JOIN (SELECT DISTINCT geography, unit_code FROM imp_units_cmp WHERE status <> 'same') u
  ON s.geography = u.geography AND s.unit_code = u.unit_code
"""
