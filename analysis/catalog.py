"""What there is to look at: indices, years, units, and a unit named the way a person writes it."""
from __future__ import annotations

from typing import TYPE_CHECKING

from analysis.geo import geography_of_year
from analysis.queries import read as q
from analysis.units import match_name
from analysis.values import records

if TYPE_CHECKING:
    import pandas as pd


class UnknownUnit(LookupError):
    """No unit, or more than one, fits the text; `closest` holds (name, code) suggestions."""

    def __init__(self, text: str, closest: list[tuple[str, str]], ambiguous: bool = False):
        self.text = text
        self.closest = closest
        self.ambiguous = ambiguous
        kind = "ambiguous" if ambiguous else "unknown"
        names = ", ".join(f"{name} ({code})" for name, code in closest)
        super().__init__(f'{kind} unit "{text}"' + (f" (closest: {names})" if names else ""))


def indices(con) -> pd.DataFrame:
    """index_code, first_year, last_year, has_tree, is_percent."""
    return con.execute(q.INDICES).df()


def years(con, index_code: str) -> list[int]:
    return [int(r[0]) for r in con.execute(q.YEARS, {"index_code": index_code.upper()}).fetchall()]


def is_percent(con, index_code: str, year: int) -> bool:
    """Whether the index scores in percentages that year: its tree has no maxima, or it has no
    tree at all (published overall figures only, which the contract puts on a 0–100 scale and the
    ministry announces as percentages: "đạt 92,18%")."""
    rows = con.execute(q.TREE_IS_PERCENT, {"index_code": index_code.upper(), "year": int(year)}
                       ).fetchall()
    return bool(rows and rows[0][0])


def units(con, index_code: str, year: int, level: str = "province") -> pd.DataFrame:
    """unit_code, name, name_en, region, geography, parent_code."""
    return con.execute(q.UNITS, {"index_code": index_code.upper(), "year": int(year),
                                 "level": level, "geography": geography_of_year(year)}).df()


def unit_row(con, geography: str, unit_code: str) -> dict | None:
    """The stored unit as a dict, or None."""
    rows = records(con.execute(q.UNIT_ROW, {"geography": geography, "unit_code": unit_code}))
    return rows[0] if rows else None


def fact_geography(con, index_code: str, year: int, unit_code: str) -> str:
    """The geography of a unit's facts in an index-year: the year's own for provinces; for a
    department or district, the province list it was loaded with. Defaults to the year's."""
    return fact_geographies(con, year, unit_code).get(index_code.upper(), geography_of_year(year))


def fact_geographies(con, year: int, unit_code: str) -> dict[str, str]:
    """`fact_geography` of every index that has facts for the unit in the year, in one query:
    the year's own geography where the unit has facts in it, else the first other one."""
    own = geography_of_year(year)
    found: dict[str, list[str]] = {}
    for index_code, geography in con.execute(q.FACT_GEOGRAPHIES, {"year": int(year),
                                                                  "unit_code": unit_code}).fetchall():
        found.setdefault(index_code, []).append(geography)
    return {code: own if own in geographies else geographies[0] for code, geographies in found.items()}


def _match_name(text: str) -> str:
    # the normalisation stored in unit.match_name (affixes like Tỉnh / TP. / UBND / City), so a
    # lookup must use the same function
    return match_name(text)


def _closest(con, text: str, geography: str | None) -> list[tuple[str, str]]:
    from analysis.units import closest_among
    rows = con.execute(q.UNIT_NAMES, {"geography": geography}).fetchall()
    return closest_among(text, rows, 3)


def resolve_unit(con, text: str, year: int) -> tuple[str, str]:
    """(geography, unit_code) of a unit given by code or name, in the year's geography first.

    `79`, `TP. Hồ Chí Minh`, `Hồ Chí Minh` and `Ho Chi Minh City` all give ('vn63', '79') for
    2023. A code that lost its leading zero (`1`) means `01`. Raises UnknownUnit with the closest
    names when nothing, or more than one unit, fits."""
    raw = str(text).strip()
    code = raw.zfill(2) if raw.isdigit() and len(raw) < 2 else raw
    geography = geography_of_year(year)
    rows = con.execute(q.UNIT_CANDIDATES, {"text": code, "match": _match_name(raw),
                                           "geography": geography}).fetchall()
    if not rows:
        raise UnknownUnit(raw, _closest(con, raw, geography))
    by_code = [r for r in rows if r[1] == code]
    for group in (by_code, rows):
        in_year = [r for r in group if r[0] == geography]
        if len(in_year) == 1:
            return in_year[0][0], in_year[0][1]
        if len(in_year) > 1:
            provinces = [r for r in in_year if r[3] == "province"]
            if len(provinces) == 1:
                return provinces[0][0], provinces[0][1]
            raise UnknownUnit(raw, [(r[2], r[1]) for r in in_year[:5]], ambiguous=True)
        if len(group) == 1:
            return group[0][0], group[0][1]
        if group:
            raise UnknownUnit(raw, [(r[2], r[1]) for r in group[:5]], ambiguous=True)
    raise UnknownUnit(raw, _closest(con, raw, geography))
