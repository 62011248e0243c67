"""The headline of a unit in an index-year and the rank changes behind it.

Previous-year rule (data contract, section 3): compare only with the year before, for the same
unit, criterion and geography (never across the 2025 merger); where the year before has no score
there is no change, and the latest earlier year with a score (`last_year`) is context only. Within one tree period a criterion is compared by code; across a change of tree only
where code and name both match, otherwise no change is given and `break_note` says why. A
changed maximum makes points incomparable, so only the rank change is given then.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from analysis import catalog, config, fmt
from analysis.geo import geography_of_year
from analysis.i18n import t
from analysis.queries import read as q
from analysis.values import clean, code_key, frame, records, same_name

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True)
class Headline:
    score: float
    max_score: float | None
    pct: float | None
    rank: int | None
    rank_of: int | None
    rank_published: bool
    previous_year: int | None
    previous_score: float | None
    previous_rank: int | None
    delta_score: float | None
    delta_rank: int | None
    band: str | None
    national_mean: float | None
    national_median: float | None
    region_mean: float | None
    leader_code: str | None
    leader_name: str | None
    leader_score: float | None
    is_percent: bool
    unit_name: str
    geography: str
    # beyond the listed fields
    index_code: str = ""
    year: int = 0
    unit_code: str = ""
    level: str = "province"
    parent_code: str | None = None
    region: str | None = None
    break_note: str | None = None
    # context where the year before has no score: the latest earlier year that has one
    last_year: int | None = None
    # how many units of the rank group have a score, and how many the group has (coverage)
    n_scored: int | None = None
    n_units: int | None = None
    # names of the other units sharing the rank ("đồng hạng 1 với Bến Tre")
    tied_with: tuple[str, ...] = ()
    # the stored rows' own source notes (this year's and the compared year's overall row)
    source: str | None = None
    previous_source: str | None = None


def compare_previous(row: dict, year: int) -> tuple[float | None, int | None, str | None]:
    """(delta_score, delta_rank, break_note) of one row of `queries.read.COMPARED`."""
    prev_year = clean(row.get("previous_year"))
    if prev_year is None:
        return None, None, None
    prev_year = int(prev_year)
    rank, prev_rank = clean(row.get("rank")), clean(row.get("previous_rank"))
    delta_rank = int(prev_rank) - int(rank) if rank is not None and prev_rank is not None else None
    # From the two-decimal figures people see, so that 42.81 vs 41.78 reads +1.03, not +1.04.
    delta_score = round(round(row["score"], 2) - round(row["previous_score"], 2), 2)
    period, prev_period = clean(row.get("period")), clean(row.get("previous_period"))
    note = None
    if period != prev_period:
        if row["criterion_code"] != "" and not same_name(row.get("name"), row.get("previous_name")):
            return None, None, t("break.criterion_changed", "vi", prev=prev_year, year=year)
        note = t("break.method_index" if row["criterion_code"] == "" else "break.method_criterion", "vi",
                 prev=prev_year, year=year)
    max_now, max_then = clean(row.get("max_score")), clean(row.get("previous_max"))
    if max_now is not None and max_then is not None and round(max_now, 2) != round(max_then, 2):
        return None, delta_rank, t("break.max_changed", "vi", then=fmt.number(max_then),
                                   now=fmt.number(max_now), prev=prev_year, year=year)
    return delta_score, delta_rank, note


def compared_rows(con, index_code: str, year: int, geography: str, *,
                 unit_code: str | None = None, criterion_code: str | None = None,
                 depth: int | None = None, level: str | None = None) -> list[dict]:
    """Facts (dicts) with previous-year values and delta_score, delta_rank, break_note applied,
    by unit and in tree order."""
    rows = records(_compared_query(con, index_code, year, geography, unit_code, criterion_code,
                                   depth, level))
    changes, order = _changes(rows, year)
    for r, (d_score, d_rank, note) in zip(rows, changes):
        r.update(delta_score=d_score, delta_rank=d_rank, break_note=note)
    return [rows[i] for i in order]


def compared(con, index_code: str, year: int, geography: str, *, unit_code: str | None = None,
             criterion_code: str | None = None, depth: int | None = None,
             level: str | None = None) -> pd.DataFrame:
    """`compared_rows` as a DataFrame, in DuckDB's own types (delta_rank as Int64)."""
    import pandas as pd  # the screens' path; `compared_rows` needs no pandas

    df = _compared_query(con, index_code, year, geography, unit_code, criterion_code, depth,
                         level).df()
    changes, order = _changes(df.to_dict("records"), year)
    df["delta_score"] = [d[0] for d in changes]
    df["delta_rank"] = pd.array([d[1] for d in changes], dtype="Int64")
    df["break_note"] = [d[2] for d in changes]
    return df.iloc[order].reset_index(drop=True)


def _compared_query(con, index_code, year, geography, unit_code, criterion_code, depth, level):
    return con.execute(q.COMPARED, {
        "index_code": index_code.upper(), "year": int(year), "geography": geography,
        "unit_code": unit_code, "criterion_code": criterion_code, "depth": depth,
        "level": level})


def _changes(rows: list[dict], year: int) -> tuple[list[tuple], list[int]]:
    """`compare_previous` of each row, and the rows' order: by unit, then in tree order."""
    changes = [compare_previous(r, int(year)) for r in rows]
    order = sorted(range(len(rows)),
                   key=lambda i: (rows[i]["unit_code"], code_key(rows[i]["criterion_code"])))
    return changes, order


def headline(con, index_code: str, year: int, unit_code: str) -> Headline | None:
    """The overall result of a unit in an index-year, or None when it has no score."""
    index_code = index_code.upper()
    geography = catalog.fact_geography(con, index_code, year, unit_code)
    return headline_in(con, index_code, year, unit_code, geography)


def headline_in(con, index_code: str, year: int, unit_code: str, geography: str, *,
                rows: list[dict] | None = None, stats: list[dict] | None = None,
                sizes: dict | None = None) -> Headline | None:
    """`headline` in a known geography. A caller that has already read the unit's
    `compared_rows` (any criteria, the overall among them) or its group's `group_stats` (any
    criteria) passes them, and they are not read again; `sizes` keeps the group sizes read, by
    (geography, level, parent_code), for the next call (the indices of a unit share them)."""
    index_code = index_code.upper()
    if rows is None:
        rows = compared_rows(con, index_code, year, geography, unit_code=unit_code,
                             criterion_code="")
    r = _overall_row(rows)
    if not r:
        return None
    d_score, d_rank, note = r["delta_score"], r["delta_rank"], r["break_note"]
    if stats is None:
        stats = group_stats(con, index_code, year, geography, r["level"], r["parent_code"],
                            r["region"], "")
    stats = _overall_row(stats)
    sizes = {} if sizes is None else sizes
    group = (geography, r["level"], r["parent_code"])
    if group not in sizes:
        sizes[group] = group_size(con, *group)
    leader = con.execute(q.LEADER, {"index_code": index_code, "year": int(year),
                                    "geography": geography, "criterion_code": "",
                                    "level": r["level"], "parent_code": r["parent_code"]}
                         ).fetchall()
    lead = leader[0] if leader else (None, None, None)
    rank = _int(r["rank"])
    tied = () if rank is None else tuple(name for _code, name in con.execute(q.TIED, {
        "index_code": index_code, "year": int(year), "geography": geography, "criterion_code": "",
        "level": r["level"], "parent_code": r["parent_code"], "rank": rank,
        "unit_code": unit_code}).fetchall())
    return Headline(
        score=r["score"], max_score=r["max_score"], pct=r["pct"],
        rank=_int(r["rank"]), rank_of=_int(r["rank_of"]), rank_published=bool(r["rank_published"]),
        previous_year=_int(r["previous_year"]), previous_score=r["previous_score"],
        previous_rank=_int(r["previous_rank"]), delta_score=d_score, delta_rank=_int(d_rank),
        band=config.band(index_code, r["pct"]),
        national_mean=stats.get("mean_score"), national_median=stats.get("median_score"),
        region_mean=stats.get("region_mean") if r["region"] else None,
        leader_code=lead[0], leader_name=lead[1], leader_score=lead[2],
        is_percent=catalog.is_percent(con, index_code, year),
        unit_name=r["unit_name"], geography=geography,
        index_code=index_code, year=int(year), unit_code=unit_code, level=r["level"],
        parent_code=r["parent_code"], region=r["region"], break_note=note,
        last_year=_int(r.get("last_year")),
        n_scored=_int(stats.get("n_units")),
        n_units=sizes[group],
        tied_with=tied,
        source=r.get("source"), previous_source=r.get("previous_source"),
    )


# How a bundled source note marks a figure its own cited page contradicts (data/published: "...
# (conflict)", "... conflicts with 89.60 above").
CONFLICT_MARK = "conflict"


def source_note(h: Headline, lang: str = "vi") -> str | None:
    """The disagreement between a shown figure and its own cited source, or None.

    The figures are never "corrected": the change stays the one computed from the two stored
    scores, and the note quotes the source that says otherwise."""
    notes = [(h.year, h.source)]
    if h.previous_year is not None:
        notes.append((h.previous_year, h.previous_source))
    quoted = [(y, s) for y, s in notes if s and CONFLICT_MARK in str(s).casefold()]
    if not quoted:
        return None
    number = fmt.percent if h.is_percent else fmt.number
    basis = (t("source.basis", lang, delta=fmt.signed(h.delta_score, lang=lang), year=h.year,
               score=number(h.score, lang=lang), prev=h.previous_year,
               prev_score=number(h.previous_score, lang=lang))
             if h.delta_score is not None else "")
    cited = "; ".join(t("source.cited", lang, year=y, source=s) for y, s in quoted)
    return t("source.note", lang, basis=basis, cited=cited)


def group_size(con, geography: str, level: str, parent_code: str | None) -> int | None:
    """How many units the rank group has, with or without a score (63 or 34 for provinces)."""
    rows = con.execute(q.GROUP_SIZE, {"geography": geography, "level": level,
                                      "parent_code": parent_code}).fetchall()
    return int(rows[0][0]) if rows and rows[0][0] else None


def coverage_ok(n_scored: int | None, n_units: int | None) -> bool:
    """Whether a national (group) mean rests on enough units to be shown on a headline card
    (config.MEAN_MIN_COVERAGE); without a known group size it is shown."""
    if not n_units or n_scored is None:
        return True
    return n_scored / n_units >= config.MEAN_MIN_COVERAGE


def is_partial(n_scored: int | None, n_units: int | None) -> bool:
    """Whether a figure over the group rests on fewer units than the group has."""
    return bool(n_units) and n_scored is not None and n_scored < n_units


def missing_fields(con, index_code: str, year: int, present: list[str]) -> list[str]:
    """Codes of the top-level criteria of the year's tree that are not in `present`."""
    rows = con.execute(q.TOP_LEVEL, {"index_code": index_code.upper(), "year": int(year)}
                       ).fetchall()
    have = set(present)
    return sorted((c for c, _n in rows if c not in have), key=code_key)


def _overall_row(rows: list[dict]) -> dict:
    """The overall's row (criterion_code '') among `rows`, its values plain; {} without one."""
    found = next((r for r in rows if r["criterion_code"] == ""), None)
    return {} if found is None else {k: clean(v) for k, v in found.items()}


def group_stats(con, index_code, year, geography, level, parent_code, region,
                criterion_code=None) -> list[dict]:
    """criterion_code, mean_score, median_score, best_score, region_mean, n_units of the unit's
    rank group, for one criterion or (criterion_code None) for all of them."""
    return records(con.execute(q.GROUP_STATS, {
        "index_code": index_code.upper(), "year": int(year), "geography": geography,
        "level": level, "parent_code": parent_code, "region": region,
        "criterion_code": criterion_code}))


def _int(value) -> int | None:
    value = clean(value)
    return None if value is None else int(value)


def trend(con, index_code: str, unit_code: str, geography: str) -> pd.DataFrame:
    """year, score, pct, rank, rank_of of the overall index, oldest first."""
    return con.execute(q.HISTORY, {"index_code": index_code.upper(), "geography": geography,
                                   "unit_code": unit_code, "criterion_code": ""}).df()


COMPONENT_INTS = ("rank", "rank_of", "previous_rank", "delta_rank")
COMPONENT_FLOATS = ("score", "max_score", "pct", "previous_score", "delta_score")
COMPONENT_COLUMNS = ["criterion_code", "name", "name_en", "score", "max_score", "pct", "rank", "rank_of",
                     "previous_rank", "delta_rank", "previous_score", "delta_score", "break_note"]


def component_changes(con, index_code: str, year: int, unit_code: str, depth: int = 1
                      ) -> pd.DataFrame:
    """The unit's criteria of one depth (1 = fields) with their change from the previous year."""
    geography = catalog.fact_geography(con, index_code, year, unit_code)
    return components_frame(components(compared_rows(con, index_code, year, geography,
                                                     unit_code=unit_code, depth=depth), depth))


def components(rows: list[dict], depth: int = 1) -> list[dict]:
    """`component_changes` (as dicts) from the unit's `compared_rows` already read (any depths)."""
    return [{c: r[c] for c in COMPONENT_COLUMNS} for r in rows if r["depth"] == depth]


def components_frame(rows: list[dict]) -> pd.DataFrame:
    """`components` as the DataFrame the screens show (ranks and their change as Int64)."""
    return frame(rows, COMPONENT_COLUMNS, {**{c: "Int64" for c in COMPONENT_INTS},
                                           **{c: "float64" for c in COMPONENT_FLOATS}})


def movers(con, index_code: str, year: int, criterion_code: str = "") -> pd.DataFrame:
    """unit_code, name, score, rank, previous_rank, delta_rank of every province that year,
    biggest rise first (units without a comparable previous rank last)."""
    df = compared(con, index_code, year, geography_of_year(year), criterion_code=criterion_code,
                  level="province")
    df = df.drop(columns="name").rename(columns={"unit_name": "name"})
    for col in ("rank", "previous_rank"):
        df[col] = df[col].astype("Int64")
    df = df.sort_values(["delta_rank", "rank", "unit_code"], ascending=[False, True, True],
                        na_position="last", kind="stable")
    return df[["unit_code", "name", "score", "rank", "previous_rank", "delta_rank"]
              ].reset_index(drop=True)
