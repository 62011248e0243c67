"""Comparing the validated rows with the stored ones, and writing a batch.

A row whose key is stored with the same values (any column but `source`) is left alone; a
differing one is a conflict unless `replace`, in which case the stored row moves to the table's
`*_history` twin with `replaced_by` = the new batch.
"""
from __future__ import annotations

from analysis.queries import load_write as q
from analysis.queries import schema

# table -> (validated temp table, stored table, key columns, compared value columns)
WRITES = {
    "units": ("imp_units", "unit", ["geography", "unit_code"],
              ["name", "name_en", "level", "parent_code", "region", "successor_code"]),
    "criteria": ("imp_criteria", "criterion", ["index_code", "valid_from", "criterion_code"],
                 ["valid_to", "name", "name_en", "max_score", "aggregate"]),
    "scores": ("imp_scores_ok", "score", ["index_code", "year", "geography", "unit_code", "criterion_code"],
               ["score", "max_score", "rank"]),
    "targets": ("imp_targets_ok", "target", ["geography", "unit_code", "index_code", "year", "criterion_code"],
                ["target_score", "target_rank", "note"]),
    "responsibilities": ("imp_resp_ok", "responsibility", ["province_code", "index_code", "criterion_code",
                                                           "valid_from"],
                         ["valid_to", "lead_geography", "lead_code", "support_codes"]),
    "plans": ("imp_plans_ok", "plan", ["province_code", "index_code", "result_year", "criterion_code",
                                       "agency_code", "action"],
              ["deadline", "plan_status", "evidence", "updated_at"]),
}


def compare_all(con, replace: bool) -> dict[str, dict[int, tuple[int, int, int]]]:
    """Status of every validated row; conflicts become problems unless `replace`.
    Returns table -> file_id -> (added, replaced, unchanged)."""
    counts: dict[str, dict[int, tuple[int, int, int]]] = {}
    for table, (new, stored, keys, values) in WRITES.items():
        if table == "scores" and con.execute(q.STORED_SCORES_OF_LOAD).fetchall()[0][0] == 0:
            # nothing stored for these (index, year) pairs: every row is new, no join needed
            con.execute(q.all_new(new))
        else:
            con.execute(q.compare(new, stored, keys, values))
        if not replace:
            con.execute(q.conflicts(new, wide=table == "scores"))
        counts[table] = {fid: (a, r, u) for fid, a, r, u in con.execute(q.status_counts(new)).fetchall()}
    return counts


def write_all(con, batch_id: int, source: str | None) -> set[tuple[str, int]]:
    """Move replaced rows to history, insert the new ones; return the (index, year) pairs whose
    facts must be rebuilt."""
    pairs: set[tuple[str, int]] = set()
    pairs.update(con.execute(q.PAIRS_FROM_SCORES).fetchall())
    # criteria and units change the facts of every year that uses them: asked before the new
    # scores are written, whose (index, year) pairs are all in PAIRS_FROM_SCORES already (a
    # replaced row has the key, so the pair, of its replacement), so the scan reads only the
    # rows stored before this load
    pairs.update(con.execute(q.PAIRS_FROM_CRITERIA).fetchall())
    pairs.update(con.execute(q.PAIRS_FROM_UNITS).fetchall())
    for table, (new, stored, _keys, _values) in WRITES.items():
        columns = schema.table_columns(stored)
        con.execute(q.keep_history(new, stored, columns), [batch_id])
        con.execute(q.delete_replaced(new, stored))
        if stored == "score":
            con.execute(q.insert_rows(new, stored, columns, {"source": "coalesce(source, ?)"}),
                        [source, batch_id])
        else:
            con.execute(q.insert_rows(new, stored, columns), [batch_id])
    return {(code, int(year)) for code, year in pairs}
