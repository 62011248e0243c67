"""Every index code of a load is a known index or one the same load defines (issue 10: a
percentage column read as `chi_so` once stored scores under the index "90.42")."""
from __future__ import annotations

from analysis.queries import annex as q


def check_index_codes(con) -> None:
    known = con.execute(q.KNOWN_INDICES).fetchall()[0][0]
    con.execute(q.UNKNOWN_INDEX_IN_SCORES, {"known": known})
