"""`python -m analysis summary --json`: one JSON-ready dict per unit-year, exactly the data
contract's shape (section 4). Numbers are rounded to two decimals; what does not apply is None.
"""
from __future__ import annotations

from analysis import catalog, headline as hl, narrative as nv
from analysis.overview import unit_view


UnknownUnit = catalog.UnknownUnit  # raised for a name that fits no unit (re-exported for the CLI)


class NoScore(LookupError):
    """The unit has no score for the index-year."""


def _r(value) -> float | None:
    value = hl.clean(value)
    return None if value is None else round(float(value), 2)


def _i(value) -> int | None:
    value = hl.clean(value)
    return None if value is None else int(value)


def _lead(row: dict) -> dict | None:
    code = hl.clean(row.get("lead_code"))
    return {"code": code, "name": hl.clean(row.get("lead_name"))} if code else None


def _target(status: dict | None) -> dict | None:
    if not status:
        return None
    met = status.get("met")
    return {"target_score": _r(status.get("target_score")),
            "target_rank": _i(status.get("target_rank")),
            "met": None if met is None else bool(met),
            "gap": _r(status.get("gap"))}


def _predecessors(rows: list[dict] | None) -> list | None:
    if rows is None:
        return None
    return [{"code": p.get("code"), "name": p.get("name"), "year": _i(p.get("year")),
             "score": _r(p.get("score")), "rank": _i(p.get("rank")), "of": _i(p.get("of"))}
            for p in rows]


def summary(con, index_code: str, year: int, unit_text: str) -> dict:
    """The contract's summary of a unit (given by code or name) in an index-year.

    Raises catalog.UnknownUnit for a name that fits no unit, NoScore when the unit has no score
    at all that year. A unit scored on some fields only (no total) gets an answer without score
    and rank: missing is never 0, and the fields it has are still shown."""
    index_code, year = index_code.upper(), int(year)
    _geo, unit_code = catalog.resolve_unit(con, unit_text, year)
    view = unit_view(con, index_code, year, unit_code, every_index=False)
    h, ledger, fields = view.headline, view.ledger, view.fields
    leads = {r["criterion_code"]: r for r in ledger}
    weakest = view.weakest(10)
    if h is None:
        if not ledger:
            raise NoScore(f"no {index_code} score for {unit_text} in {year}")
        return _partial(view, weakest, leads)
    unit = view.unit or {"name": h.unit_name}
    status = view.status
    return {
        "index": index_code,
        "year": year,
        "unit": {"code": unit_code, "name": h.unit_name},
        "score": _r(h.score), "max_score": _r(h.max_score), "pct": _r(h.pct),
        "rank": h.rank, "of": h.rank_of,
        "previous": ({"year": h.previous_year, "score": _r(h.previous_score),
                      "rank": h.previous_rank} if h.previous_year is not None else None),
        "delta_score": _r(h.delta_score), "delta_rank": h.delta_rank,
        "target": _target(status),
        "predecessors": _predecessors(view.predecessors),
        "components": _components(fields, leads),
        "weakest": _weakest(weakest),
        "narrative": nv.compose(h, unit, fields, weakest, status, "vi"),
        "plans": _plans(con, index_code, year, unit_code, unit.get("level")),
    }


def _plans(con, index_code: str, year: int, unit_code: str, level: str | None) -> dict | None:
    """A province's remediation plans (issue 15): `current` answering this year's result,
    `previous` answering last year's (with how its items moved this year); None for a unit that
    is not a province or a province that has never sent plans for the index."""
    from analysis.plans import plan_summary, plan_years

    if level != "province" or not plan_years(con, index_code, unit_code):
        return None

    found = {"current": plan_summary(con, index_code, year, unit_code),
             "previous": plan_summary(con, index_code, year - 1, unit_code)}
    return found if any(found.values()) else None


def _components(fields, leads: dict) -> list[dict]:
    return [{"code": r["criterion_code"], "name": r["name"], "score": _r(r["score"]),
             "max_score": _r(r["max_score"]), "pct": _r(r["pct"]), "rank": _i(r["rank"]),
             "of": _i(r["rank_of"]), "delta_rank": _i(r["delta_rank"]),
             "lead_unit": _lead(leads.get(r["criterion_code"], {}))}
            for r in fields]


def _weakest(weakest) -> list[dict]:
    return [{"code": r["criterion_code"], "name": r["name"], "score": _r(r["score"]),
             "max_score": _r(r["max_score"]), "pct": _r(r["pct"]),
             "points_lost": _r(r["points_lost"]), "lead_unit": _lead(r)}
            for r in weakest]


def _partial(view, weakest, leads: dict) -> dict:
    """The answer for a unit scored on some criteria but without a total (contract section 3:
    the rest is still shown; a parent that needs a missing child is not computed)."""
    unit = {"name": view.unit_code, **view.unit}
    return {
        "index": view.index_code, "year": view.year,
        "unit": {"code": view.unit_code, "name": unit.get("name")},
        "score": None, "max_score": None, "pct": None, "rank": None, "of": None,
        "previous": None, "delta_score": None, "delta_rank": None,
        "target": None,
        "predecessors": _predecessors(view.predecessors),
        "components": _components(view.fields, leads),
        "weakest": _weakest(weakest),
        "narrative": nv.compose_partial(view.index_code, view.year, unit, list(view.missing),
                                        view.fields, weakest, "vi"),
    }
