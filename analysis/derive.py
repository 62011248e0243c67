"""Rebuild the derived table `fact` (every score given or computed, with max, pct and rank).

The importer calls `refresh_facts` inside its write transaction for the (index, year) pairs it
touched, so readers always see facts consistent with the stored rows. All the work is set-wise
SQL in `analysis.queries.derive`; this module only sequences the statements (the bottom-up
passes need one statement per tree depth).
"""
from __future__ import annotations

from collections.abc import Iterable

import duckdb

from analysis.queries import derive as q


def refresh_facts(con: duckdb.DuckDBPyConnection, pairs: Iterable[tuple[str, int]]) -> None:
    """Delete and rebuild the `fact` rows of each (index_code, year) pair.

    Runs in the caller's transaction (if any); leaves no work tables behind."""
    pairs = [(str(code).upper(), int(year)) for code, year in pairs]
    if not pairs:
        return
    con.execute(q.CREATE_PAIRS, {"index_codes": [p[0] for p in pairs],
                                 "years": [p[1] for p in pairs]})
    try:
        con.execute(q.DELETE_FACTS)
        _build_tree(con)
        con.execute(q.CREATE_GIVEN)
        for statement in q.MARK_GIVEN_FOR_ALL:
            con.execute(statement)
        con.execute(q.CREATE_COMPUTED)
        deepest = con.execute(q.MAX_TREE_DEPTH).fetchall()[0][0]
        # Bottom-up: a parent at depth d is computed from children at d+1, which are complete
        # (given or computed) once the deeper pass has run.
        for depth in range(deepest - 1, -1, -1):
            con.execute(q.COMPUTE_PARENTS, {"depth": depth})
        con.execute(q.CREATE_UNIT_GROUPS)
        con.execute(q.CREATE_ROWS)
        con.execute(q.CREATE_RANKS_BY_KEY)
        if con.execute(q.RANK_KEY_MISSING).fetchall()[0][0]:
            # a row whose criterion is not in its tree or whose unit is not stored: rank by
            # the group's columns (the same groups, found the slower way)
            con.execute(q.CREATE_RANKS)
            con.execute(q.INSERT_FACTS)
        else:
            con.execute(q.INSERT_FACTS_BY_KEY)
    finally:
        for statement in q.DROP_WORK:
            con.execute(statement)


def refresh_all(con: duckdb.DuckDBPyConnection) -> None:
    """Rebuild every fact: all pairs that have scores, and clear pairs that no longer do."""
    pairs = [(code, year) for code, year in con.execute(q.ALL_PAIRS).fetchall()]
    refresh_facts(con, pairs)


def _build_tree(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(q.CREATE_TREE)
    con.execute(q.COUNT_CHILDREN)
    deepest = con.execute(q.MAX_TREE_DEPTH).fetchall()[0][0]
    for depth in range(deepest - 1, -1, -1):
        con.execute(q.FILL_TREE_MAX, {"depth": depth})
