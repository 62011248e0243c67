"""The overview of a unit in an index-year, derived in one pass on one connection.

The page shows the headline cards of every index scoring the unit, the trend, the paragraph,
the fields and, for a merged province, its predecessors. Each piece is read once and handed to
every output that shows it: the unit's facts of the selected index are read once and give the
headline, the fields and the ledger behind the paragraph's weakest criteria; the paragraph is
composed from that headline, never from a second one.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from analysis import catalog, headline as hl, history, ledger as lg, narrative as nv, targets
from analysis.geo import geography_of_year

if TYPE_CHECKING:
    import pandas as pd

# The cards' order: the national indices the provinces report on first, the rest by code.
INDEX_ORDER = {"PAR_INDEX": 0, "SIPAS": 1, "PAPI": 2, "PCI": 3}


@dataclass(frozen=True, eq=False)
class UnitView:
    """The overview's figures as plain records (no pandas: `summary --json` reads these)."""
    index_code: str
    year: int
    unit_code: str
    geography: str
    # (index_code, Headline, target status) of every index with a total for the unit that year
    cards: tuple[tuple[str, hl.Headline, dict | None], ...]
    headline: hl.Headline | None  # of the selected index
    fields: list[dict]  # `headline.components` of the selected index
    ledger: list[dict]  # `ledger.ledger_rows`
    unit: dict  # the stored unit, for the paragraph
    predecessors: list[dict] | None  # a merged province's vn63 provinces (`history`)
    predecessor_scores: list[dict] | None  # `history.merger_scores`
    # for a unit scored on some fields only, the fields it misses
    missing: tuple[str, ...] = ()

    @property
    def status(self) -> dict | None:
        """The target status of the selected index."""
        return next((status for code, _h, status in self.cards if code == self.index_code), None)

    def weakest(self, n: int) -> list[dict]:
        return lg.weakest_rows(self.ledger, n)

    def narrative(self, lang: str = "vi", n: int = nv.N_WEAKEST) -> str:
        """`narrative.narrative` of the selection, composed from the pieces above."""
        return _narrative(self, self.fields, self.weakest(n), lang)


@dataclass(frozen=True, eq=False)
class Overview:
    index_code: str
    year: int
    unit_code: str
    # (index_code, Headline, target status) of every index with a total for the unit that year
    cards: tuple[tuple[str, hl.Headline, dict | None], ...]
    headline: hl.Headline | None  # of the selected index
    fields: pd.DataFrame  # `headline.component_changes` of the selected index
    trend: pd.DataFrame | None
    predecessors: list[dict] | None  # a merged province's vn63 provinces (`history`)
    predecessor_series: pd.DataFrame | None
    # what the paragraph needs beyond these: the stored unit, the ledger (its weakest criteria),
    # and, for a unit scored on some fields only, the fields it misses
    unit: dict
    ledger: pd.DataFrame
    missing: tuple[str, ...] = ()

    @property
    def status(self) -> dict | None:
        """The target status of the selected index."""
        return next((status for code, _h, status in self.cards if code == self.index_code), None)

    def narrative(self, lang: str = "vi") -> str:
        """`narrative.narrative` of the selection, composed from the pieces above."""
        return _narrative(self, self.fields, lg.weakest_of(self.ledger, nv.N_WEAKEST), lang)


def _narrative(view, fields, weakest, lang: str) -> str:
    if view.headline is not None:
        return nv.compose(view.headline, view.unit, fields, weakest, view.status, lang)
    if not len(fields):
        return ""
    return nv.compose_partial(view.index_code, view.year, view.unit, list(view.missing),
                              fields, weakest, lang)


def overview(con, index_code: str, year: int, unit_code: str, every_index: bool = True) -> Overview:
    """Everything the overview shows for the unit in the index-year; without `every_index`, the
    cards hold the selected index only (the meeting deck shows no other)."""
    view = unit_view(con, index_code, year, unit_code, every_index)
    h, scores = view.headline, view.predecessor_scores
    return Overview(
        index_code=view.index_code, year=view.year, unit_code=unit_code, cards=view.cards,
        headline=h, fields=hl.components_frame(view.fields),
        trend=hl.trend(con, view.index_code, unit_code, view.geography) if h is not None else None,
        predecessors=view.predecessors,
        predecessor_series=None if scores is None else history.series_of(scores),
        unit=view.unit, ledger=lg.ledger_frame(view.ledger), missing=view.missing)


def unit_view(con, index_code: str, year: int, unit_code: str, every_index: bool = True
              ) -> UnitView:
    """`overview`'s figures as records: each piece read once on the one connection."""
    index_code, year = index_code.upper(), int(year)
    geographies = catalog.fact_geographies(con, year, unit_code)
    geography = geographies.get(index_code, geography_of_year(year))
    rows = hl.compared_rows(con, index_code, year, geography, unit_code=unit_code)
    stats = unit_targets = None
    if rows:
        stats = hl.group_stats(con, index_code, year, geography, *lg.group_of(rows))
        unit_targets = lg.unit_targets(con, index_code, year, unit_code, geography)
    sizes: dict[tuple, int | None] = {}
    cards = []
    shown = geographies if every_index else [c for c in geographies if c == index_code]
    for code in sorted(shown, key=lambda c: (INDEX_ORDER.get(c, 9), c)):
        if code == index_code:
            h = hl.headline_in(con, code, year, unit_code, geography, rows=rows, stats=stats,
                               sizes=sizes)
            target = _overall_target(unit_targets) if h is not None else None
        else:
            h = hl.headline_in(con, code, year, unit_code, geographies[code], sizes=sizes)
            target = targets.target_row(con, code, year, unit_code, geographies[code]) if h else None
        if h is not None:
            cards.append((code, h, targets.status_of(target, h.score, h.rank)))
    h = next((h for code, h, _status in cards if code == index_code), None)
    fields = hl.components(rows)
    ledger = lg.ledger_rows(con, index_code, year, unit_code, geography, rows, stats=stats,
                            targets=unit_targets)
    # the stored unit for the paragraph; without a row, a headline names the unit itself and a
    # unit scored on some fields only is named by its code
    unit = catalog.unit_row(con, geography, unit_code) if rows else None
    unit = unit or ({} if h is not None else {"unit_code": unit_code})
    scores = history.merger_scores(con, index_code, unit_code, geography) if rows else None
    return UnitView(
        index_code=index_code, year=year, unit_code=unit_code, geography=geography,
        cards=tuple(cards), headline=h, fields=fields, ledger=ledger, unit=unit,
        predecessors=None if scores is None else history.latest_of(scores),
        predecessor_scores=scores,
        missing=tuple(hl.missing_fields(con, index_code, year, [f["criterion_code"] for f in fields]))
        if h is None and fields else ())


def _overall_target(rows: list[dict] | None) -> tuple | None:
    """The overall's (target_score, target_rank, note) among the unit's targets, as
    `targets.target_row` gives it."""
    row = next((r for r in rows or () if r["criterion_code"] == ""), None)
    if row is None:
        return None
    score, rank, note = (hl.clean(row[c]) for c in ("target_score", "target_rank", "note"))
    return score, None if rank is None else int(rank), note
