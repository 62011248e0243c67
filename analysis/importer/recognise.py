"""Which table a one-table file (or sheet) holds: by its columns first, by its name when the
columns cannot say (docs/data-contract.md §1: `seed.csv` with `index_code,year,unit_code,score`
is a scores file whatever its name).

A table *fits* a header when every column it requires is there (`map_header` reports no
problem) and, for targets, a target column is there (a scores header has every column a
targets file requires). Among the tables that fit, the one leaving the fewest header cells
unread wins; a tie, or no fit, leaves the decision to the name.
"""
from __future__ import annotations

from dataclasses import dataclass

from analysis.importer.headers import IGNORED, TABLES, map_header, normalise_header, table_of_name

# Columns without which a header that fits a table's required columns is still not that table.
_DISTINCTIVE = {"targets": ("target_score", "target_rank")}


@dataclass(frozen=True)
class Recognition:
    table: str | None
    how: str                    # 'columns' | 'name' | ''
    closest: tuple[str, ...]    # when refused: the tables the columns come closest to


def _unread(table: str, header: list[str]) -> int | None:
    """Header cells the table would not read, or None when the header does not fit it."""
    hm = map_header(table, header)
    if hm.problems:
        return None
    if table in _DISTINCTIVE and not any(k in hm.columns for k in _DISTINCTIVE[table]):
        return None
    cells = [h for h in header if normalise_header(h or "") and normalise_header(h) not in IGNORED]
    return len(cells) - len(hm.columns) - len(hm.wide)


def _closeness(table: str, header: list[str]) -> float:
    """Share of the table's required columns the header has (aliases count)."""
    norms = {normalise_header(h or "") for h in header}
    required = [c for c in TABLES[table] if c.required]
    found = sum(1 for c in required if norms & set(c.aliases))
    return found / max(len(required), 1)


def recognise(name: str, header: list[str]) -> Recognition:
    """The table `header` (row 1 of a file or sheet called `name`) holds."""
    fits = {t: n for t in TABLES if (n := _unread(t, header)) is not None}
    if fits:
        best = min(fits.values())
        winners = [t for t, n in fits.items() if n == best]
        if len(winners) == 1:
            return Recognition(winners[0], "columns", ())
        named = table_of_name(name)
        if named in winners:
            return Recognition(named, "name", ())
    named = table_of_name(name)
    if named is not None:
        return Recognition(named, "name", ())
    ranked = sorted(TABLES, key=lambda t: -_closeness(t, header))
    closest = tuple(t for t in ranked if _closeness(t, header) > 0)[:2] or tuple(ranked[:2])
    return Recognition(None, "", closest)


def refusal(closest: tuple[str, ...]) -> str:
    """The message for a file that neither its name nor its columns place."""
    return ("neither the name nor the columns say which table this is (closest: "
            + ", ".join(closest) + "); name the file or sheet after its table or use the "
            "table's column names")
