"""Finding the unit a cell means, by code or by name.

Runs once per DISTINCT (text, geography, province) of a load, never per row: the answers are
joined back to the rows in SQL.
"""
from __future__ import annotations

from dataclasses import dataclass

from analysis.units import closest_among, describe, match_name


@dataclass(frozen=True)
class Unit:
    geography: str
    code: str
    name: str
    name_en: str | None
    level: str
    parent_code: str | None


def _code(text: str) -> str:
    text = text.strip()
    return "0" + text if len(text) == 1 and text.isdigit() else text


class UnitDirectory:
    """The units a load may refer to (stored + the load's own), indexed for lookups."""

    def __init__(self, rows):
        self.units = [Unit(*r) for r in rows]
        self.by_code: dict[tuple[str, str], Unit] = {}
        self.other_by_code: dict[str, list[Unit]] = {}
        self.by_match: dict[str, list[Unit]] = {}
        for u in self.units:
            self.by_code[(u.geography, u.code)] = u
            if u.level != "province":
                self.other_by_code.setdefault(u.code, []).append(u)
            for name in {match_name(u.name), match_name(u.name_en or "")} - {""}:
                self.by_match.setdefault(name, []).append(u)
        self._triples: dict[str, list[tuple[str, str, str]]] = {}

    def _candidates(self, geography: str) -> list[tuple[str, str, str]]:
        """(match_name, name, code) of the units a row of `geography` can mean, for suggestions."""
        if geography not in self._triples:
            triples = []
            for u in self.units:
                if u.geography == geography or u.level != "province":
                    triples.append((match_name(u.name), u.name, u.code))
                    if u.name_en:
                        triples.append((match_name(u.name_en), u.name, u.code))
            self._triples[geography] = triples
        return self._triples[geography]

    def resolve(self, text: str, is_code: bool, geography: str,
                province: str | None = None) -> tuple[Unit | None, str | None]:
        """(unit, None) or (None, problem message). A code is tried first (in the row's
        geography, then a non-province unit of any geography if unique), then the name."""
        code = _code(text)
        unit = self.by_code.get((geography, code))
        if unit:
            return unit, None
        others = self.other_by_code.get(code, [])
        if len(others) == 1:
            return others[0], None
        fits = [u for u in self.by_match.get(match_name(text), [])
                if u.geography == geography or u.level != "province"]
        if province is not None and len(fits) > 1:
            inside = [u for u in fits if u.parent_code == province
                      or (u.level == "province" and u.code == province)]
            fits = inside or fits
        if len(fits) > 1:
            # the same unit listed in both geographies (a non-province kept across the merger)
            fits_here = [u for u in fits if u.geography == geography]
            if len(fits_here) == 1:
                fits = fits_here
        unique = {(u.geography, u.code) for u in fits}
        if len(unique) == 1:
            return fits[0], None
        if len(fits) > 1:
            pairs = list(dict.fromkeys((u.name, u.code) for u in fits))[:5]
            return None, f'ambiguous unit "{text}" (fits: {describe(pairs)})'
        near = closest_among(text, self._candidates(geography), 3)
        return None, f'unknown unit "{text}" (closest: {describe(near)})'


RESOLVED_TYPES = {"text": "VARCHAR", "is_code": "BOOLEAN", "geo": "VARCHAR", "province": "VARCHAR",
                  "geography": "VARCHAR", "unit_code": "VARCHAR", "problem": "VARCHAR"}


def resolve_table(directory: UnitDirectory, requests) -> dict[str, list]:
    """Answer (text, is_code, geo, province) requests; returns the columns of a table for a join
    (`RESOLVED_TYPES`)."""
    out: dict[str, list] = {k: [] for k in RESOLVED_TYPES}
    for text, is_code, geo, province in requests:
        unit, problem = directory.resolve(text, bool(is_code), geo, province)
        out["text"].append(text)
        out["is_code"].append(bool(is_code))
        out["geo"].append(geo)
        out["province"].append(province)
        out["geography"].append(unit.geography if unit else None)
        out["unit_code"].append(unit.code if unit else None)
        out["problem"].append(problem)
    return out
