"""The meeting's story as plain values: one `Slide` per step, in the order the steering committee
hears it (issue 5): title → headline → fields and rank changes → weakest sub-criteria with lead
agencies → peers → targets → follow-up of last year's items.

The .pptx deck (`deck.py`) and the presentation page (`app_pages/present.py`) both draw these same
slides, so the figures on the screen and in the file cannot disagree. Everything here is
picklable (charts are kept as a chart-function name plus its data), so the page can cache it.

Numbers come only from the analysis modules (headline, ledger, narrative, agencies, compare,
targets); this module picks, orders and words them.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

import pandas as pd

from analysis import fmt, targets
from analysis import headline as hl
from analysis.agencies import follow_up, previous_year
from analysis.compare import coverage, league_table, peer_groups
from analysis.export import context
from analysis.export.labels import is_missing
from analysis.export.plan_slide import plans_slide
from analysis.i18n import TREE_WORDS, band_name, coverage_text, criterion_names, index_name, places_change, t, tree_word
from analysis.ledger import weakest_of
from analysis.overview import overview

WEAKEST_ROWS = 8       # rows that fit a slide at a readable size
FOLLOW_UP_ROWS = 8
GAINS_ROWS = 6
FIELD_ROWS = 10
PEER_ROWS = 12


def dt_(key: str, lang: str, **values: object) -> str:
    """A deck label ("deck.*" in the project catalogue, analysis/i18n.py)."""
    return t(key, lang, **values)


@dataclass(frozen=True)
class Request:
    """What a deck is about: the selection's index, year, unit, peers and language."""
    index_code: str
    year: int
    unit_code: str
    peers: tuple[str, ...] = ()
    lang: str = "vi"
    workbook: str = ""   # file name of the workbook written beside the deck (deck --with-workbook)


def as_request(selection_or_args: object, lang: str | None = None) -> Request:
    """A `Request` from an `analysis.selection.Selection` (or any object with index_code, year,
    unit_code, and optionally peers/lang), a mapping with those keys, or a tuple
    (index_code, year, unit_code[, peers])."""
    if isinstance(selection_or_args, Request):
        base = selection_or_args
    elif isinstance(selection_or_args, Mapping):
        m = selection_or_args
        base = Request(str(m["index_code"]).upper(), int(m["year"]), str(m["unit_code"]),
                       tuple(m.get("peers") or ()), str(m.get("lang") or "vi"))
    elif isinstance(selection_or_args, tuple):
        index_code, year, unit_code, *rest = selection_or_args
        base = Request(str(index_code).upper(), int(year), str(unit_code), tuple(rest[0]) if rest else ())
    else:
        s = selection_or_args
        base = Request(str(s.index_code).upper(), int(s.year), str(s.unit_code),
                       tuple(getattr(s, "peers", None) or ()), str(getattr(s, "lang", None) or "vi"))
    if lang is not None and lang != base.lang:
        base = Request(base.index_code, base.year, base.unit_code, base.peers, lang, base.workbook)
    return base


@dataclass(frozen=True)
class ChartSpec:
    """A chart of `analysis.charts` by name with its data, built on demand for screen or export."""
    kind: str
    data: pd.DataFrame
    options: tuple[tuple[str, object], ...] = ()

    def make(self, lang: str, *, export: bool):
        from analysis import charts
        from analysis.export import deck_charts

        draw = getattr(deck_charts, self.kind, None) or getattr(charts, self.kind)
        return draw(self.data, lang=lang, export=export, **dict(self.options))


@dataclass(frozen=True)
class Table:
    """A table as people read it: headers and formatted cells; `numeric` marks right-aligned
    columns; `widths` are relative column widths; `bold_rows` are row indices to stress."""
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[bool, ...]
    widths: tuple[float, ...]
    bold_rows: tuple[int, ...] = ()
    more: str | None = None  # "… and N more rows" when the slide shows only the first ones


@dataclass(frozen=True)
class Kpi:
    label: str
    value: str
    note: str = ""
    tone: str = "neutral"  # good | bad | neutral: colours the value


@dataclass(frozen=True)
class Slide:
    key: str
    title: str
    subtitle: str = ""
    kpis: tuple[Kpi, ...] = ()
    text: str = ""
    chart: ChartSpec | None = None
    table: Table | None = None
    empty: str = ""          # the empty state's message when the analysis has nothing to show
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Story:
    request: Request
    unit_name: str
    index_name: str
    version_label: str
    is_demo: bool
    slides: tuple[Slide, ...] = field(default_factory=tuple)
    refusal: str = ""        # set when the unit has no score: nothing to present (no slides)


# ---- formatting helpers ----------------------------------------------------------------------

def _num(value, decimals: int = 2, *, lang: str = "vi") -> str:
    return fmt.number(None if is_missing(value) else float(value), decimals, lang=lang)


def _int(value) -> str:
    return "–" if is_missing(value) else str(int(value))


def _signed_rank(value) -> str:
    if is_missing(value):
        return "–"
    value = int(value)
    return f"+{value}" if value > 0 else ("\u2212" + str(-value) if value < 0 else "0")


def _rank_of(rank, of) -> str:
    if is_missing(rank):
        return "–"
    return f"{int(rank)}/{int(of)}" if not is_missing(of) else str(int(rank))


def _places(delta_rank, lang: str) -> str:
    return "" if is_missing(delta_rank) else (places_change(delta_rank, lang) or "")


def _tone(value) -> str:
    if is_missing(value) or round(float(value), 2) == 0:
        return "neutral"
    return "good" if value > 0 else "bad"


def short_label(text: object, limit: int = 26) -> str:
    """A chart label cut at a word boundary: 'Xây dựng và phát triển Chính quyền…'."""
    text = str(text)
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",;:–-")
    return cut + "…"


def _rows(frame: pd.DataFrame, limit: int, make) -> tuple[tuple[tuple[str, ...], ...], int]:
    """Formatted rows of the first `limit` records and how many were left off."""
    shown = frame.head(limit)
    return tuple(tuple(make(r)) for r in shown.itertuples(index=False)), max(len(frame) - limit, 0)


# ---- the slides ------------------------------------------------------------------------------

def _title_slide(story_head: dict, lang: str, sources: list[str]) -> Slide:
    today = dt.date.today().strftime("%d/%m/%Y")
    return Slide(
        key="title",
        title=f"{story_head['index_name']} {story_head['year']}",
        subtitle=story_head["unit_name"],
        text="\n".join([dt_("deck.meeting", lang), dt_("deck.date", lang, date=today),
                        story_head["version_label"]]),
        notes=tuple(sources),
    )


def _headline_slide(con, req: Request, unit: str, index: str, sources: list[str], view) -> Slide:
    lang = req.lang
    title = dt_("deck.headline", lang, index=index, year=req.year, unit=unit)
    h = view.headline
    if h is None:
        return Slide("headline", title, empty=t("empty.no_score", lang, unit=unit, index=index, year=req.year),
                     notes=tuple(sources))
    if h.is_percent:
        score, note = fmt.percent(h.score, lang=lang), dt_("deck.score_pct", lang)
    else:
        score, note = fmt.number(h.score, lang=lang), dt_("deck.score_of", lang, max=fmt.number(h.max_score, 0 if float(h.max_score).is_integer() else 2, lang=lang))
    rank_note = t("ov.rank_published" if h.rank_published else "ov.rank_computed", lang) if h.rank is not None else ""
    if h.previous_year is not None and not is_missing(h.delta_score):
        change = Kpi(dt_("deck.change", lang, year=h.previous_year), fmt.signed(h.delta_score, lang=lang),
                     _places(h.delta_rank, lang), _tone(h.delta_score))
    else:
        change = Kpi(dt_("deck.change_none", lang), "–", t("ov.no_previous", lang))
    kpis = (
        Kpi(dt_("deck.score", lang), score, note),
        Kpi(dt_("deck.rank", lang), _rank_of(h.rank, h.rank_of), rank_note),
        change,
        # an index without bands (PAPI) gets no card rather than a card holding only a dash
        *((Kpi(dt_("deck.band", lang), band_name(h.band, lang)),) if not is_missing(h.band) else ()),
    )
    trend = view.trend
    chart = ChartSpec("trend_slide", trend, (("is_percent", bool(h.is_percent)),)) if trend is not None and len(trend) > 1 else None
    text = view.narrative(lang)
    # Read aloud, a rank or a change rests on the provinces scored: say when they are not all,
    # and where a figure's own source says otherwise.
    extra = [x for x in (context.coverage_note(con, req.index_code, req.year, lang), hl.source_note(h, lang)) if x]
    if extra:
        text = text + "\n" + " ".join(extra)
    return Slide("headline", title, kpis=kpis, text=text,
                 chart=chart, notes=(dt_("deck.notes_headline", lang), *sources))


def _fields_slide(req: Request, sources: list[str], view) -> Slide:
    lang = req.lang
    title = _own_words(req.index_code, 1, lang, "deck.fields", "deck.fields_of")
    df = criterion_names(view.fields, lang)
    if df is None or df.empty:
        return Slide("fields", title, empty=dt_("deck.no_components", lang), notes=tuple(sources))
    rows, more = _rows(df, FIELD_ROWS, lambda r: (
        str(r.criterion_code), str(r.name), _num(r.score, lang=lang), _num(r.max_score, lang=lang), _rank_of(r.rank, r.rank_of),
        _signed_rank(r.delta_rank)))
    table = Table((t("col.code", lang), _column_word(req.index_code, 1, lang, "col.field"), t("col.score", lang),
                   t("col.max_score", lang),
                   t("col.rank", lang), t("col.delta_rank", lang)),
                  rows, (False, False, True, True, True, True), (0.95, 4.2, 1.1, 1.0, 1.0, 1.1),
                  more=_more(more, "deck.sheet_fields", req))
    # the table beside the chart carries the full names; short labels leave the chart room to be read
    chart_data = df[df["delta_rank"].notna()].assign(name=lambda d: d["name"].map(short_label))
    chart = ChartSpec("rank_changes", chart_data) if len(chart_data) else None
    return Slide("fields", title, chart=chart, table=table, notes=(dt_("deck.notes_headline", lang), *sources))


def _weakest_slide(req: Request, sources: list[str], view) -> Slide:
    lang = req.lang
    title = _own_words(req.index_code, 2, lang, "deck.weakest", "deck.weakest_of")
    df = criterion_names(weakest_of(view.ledger, WEAKEST_ROWS), lang)
    if df is None or df.empty:
        return Slide("weakest", title, empty=dt_("deck.no_components", lang), notes=tuple(sources))
    rows, _ = _rows(df, WEAKEST_ROWS, lambda r: (
        str(r.criterion_code), str(r.name), f"{_num(r.score, lang=lang)}/{_num(r.max_score, lang=lang)}", fmt.percent(_none(r.pct), 1, lang=lang),
        _num(r.points_lost, lang=lang), str(r.lead_name) if not is_missing(r.lead_name) else t("lead.unassigned", lang)))
    table = Table((t("col.code", lang), _column_word(req.index_code, 2, lang, "col.criterion"),
                   dt_("deck.score_max", lang), t("col.pct", lang),
                   t("col.points_lost", lang), t("col.lead", lang)),
                  rows, (False, False, True, True, True, False), (0.8, 5.0, 1.4, 1.1, 1.1, 2.8))
    return Slide("weakest", title, table=table, notes=(dt_("deck.notes_weakest", lang), *sources))


def _own_words(index_code: str, depth: int, lang: str, default_key: str, own_key: str) -> str:
    """A slide title in the index's own words (PAPI: "chỉ số nội dung", "nội dung thành phần");
    PAR INDEX and the others keep the catalogue's title."""
    if str(index_code).upper() not in TREE_WORDS:
        return dt_(default_key, lang)
    word = tree_word(index_code, depth, lang)
    return t(own_key, lang, word=word, Word=word[:1].upper() + word[1:])


def _column_word(index_code: str, depth: int, lang: str, default_key: str) -> str:
    if str(index_code).upper() not in TREE_WORDS:
        return t(default_key, lang)
    word = tree_word(index_code, depth, lang)
    return word[:1].upper() + word[1:]


def _more(n: int, sheet_key: str, req: Request) -> str | None:
    """'… and N more rows', pointing to the sheet of the workbook that goes with the deck only
    when one does (`Request.workbook`): a deck never points to a file it does not carry."""
    if not n:
        return None
    if req.workbook:
        return dt_("deck.more_rows_in", req.lang, n=n, sheet=dt_(sheet_key, req.lang), file=req.workbook)
    return dt_("deck.more_rows", req.lang, n=n)


def _without_empty_column(table: Table, j: int) -> Table:
    """The table without column `j` when no row has a value in it: a column of dashes says nothing."""
    if any(row[j] != "–" for row in table.rows):
        return table
    cut = lambda items: tuple(x for k, x in enumerate(items) if k != j)  # noqa: E731
    return Table(cut(table.headers), tuple(cut(r) for r in table.rows), cut(table.numeric), cut(table.widths),
                 table.bold_rows, table.more)


def _none(value):
    return None if is_missing(value) else float(value)


def peer_codes(con, req: Request) -> tuple[str, ...]:
    """The selection's peers, else the unit's region (the sidebar's default group)."""
    if req.peers:
        return tuple(c for c in req.peers if c != req.unit_code)

    groups = peer_groups(con, req.year, req.unit_code) or {}
    return tuple(c for c in groups.get("region", []) if c != req.unit_code)


def peer_group(con, req: Request) -> pd.DataFrame:
    """The league table's rows of the unit and its peers, best first."""

    league = league_table(con, req.index_code, req.year)
    wanted = {req.unit_code, *peer_codes(con, req)}
    return league[league["unit_code"].isin(wanted)].sort_values("rank", kind="mergesort").reset_index(drop=True)


def _peers_slide(con, req: Request, sources: list[str]) -> Slide:
    lang = req.lang
    title = dt_("deck.peers", lang)
    group = peer_group(con, req)
    if len(group) <= 1:
        return Slide("peers", title, empty=dt_("deck.no_peers", lang), notes=tuple(sources))
    shown = group.head(PEER_ROWS)
    if req.unit_code not in set(shown["unit_code"]):  # our row is the point of the table: never cut it
        shown = pd.concat([group.head(PEER_ROWS - 1), group[group["unit_code"] == req.unit_code]])
    more = len(group) - len(shown)
    ours = tuple(i for i, code in enumerate(shown["unit_code"]) if code == req.unit_code)
    rows, _ = _rows(shown, PEER_ROWS, lambda r: (
        _int(r.rank), str(r.name), _num(r.score, lang=lang), _signed_rank(r.delta_rank), band_name(_band(r.band), lang)))
    table = Table((t("col.rank", lang), t("col.unit", lang), t("col.score", lang), t("col.delta_rank", lang),
                   t("col.band", lang)), rows, (True, False, True, True, False), (0.9, 3.4, 1.2, 1.3, 1.2),
                  bold_rows=ours, more=_more(more, "deck.sheet_peers", req))
    names = ", ".join(str(n) for n in group["name"])
    covered = _peer_coverage(con, req, (req.unit_code, *peer_codes(con, req)))
    if covered:
        table = replace(table, more=" ".join(x for x in (table.more, covered) if x))
    chart = ChartSpec("peer_dots", group[["rank", "unit_code", "name", "score", "band"]],
                      (("unit_code", req.unit_code),))
    return Slide("peers", title, chart=chart, table=table,
                 notes=(dt_("deck.notes_peers", lang, peers=names), *sources))


def _band(value):
    return None if is_missing(value) else str(value)


def _map_slide(con, req: Request, sources: list[str]) -> Slide:
    """Every province of the year's map coloured by score (no data in grey, said so), Hoàng Sa
    and Trường Sa labelled, the unit outlined; the coverage under the title when partial."""

    lang = req.lang
    title = dt_("deck.map", lang, index=index_name(req.index_code, lang), year=req.year)
    league = league_table(con, req.index_code, req.year)
    if league is None or league.empty:
        return Slide("map", title, empty=t("empty.no_score", lang), notes=tuple(sources))
    text = context.coverage_note(con, req.index_code, req.year, lang) or ""
    chart = ChartSpec("map_chart", league[["unit_code", "name", "score", "rank"]],
                      (("geography", context.geography_of_year(req.year)), ("highlight", req.unit_code)))
    return Slide("map", title, text=text, chart=chart, notes=tuple(sources))


def _peer_coverage(con, req: Request, codes: tuple[str, ...]) -> str | None:
    """'Nhóm so sánh: 3/6 tỉnh có số liệu.' when some of the group have no score."""

    cov = coverage(con, req.index_code, req.year, "", codes)
    if not cov.partial:
        return None
    return t("cov.peers", req.lang, cov=coverage_text(cov.n_scored, cov.n_units, req.lang))


def _targets_slide(con, req: Request, sources: list[str], view) -> Slide:
    lang = req.lang
    title = dt_("deck.targets", lang)
    status, h = view.status, view.headline
    kpis: list[Kpi] = []
    lines: list[str] = []
    points_needed = None
    if status is None:
        lines.append(t("ov.target_none", lang))
    else:
        met = status.get("met")
        target_rank = status.get("target_rank")
        needed = None
        if not is_missing(target_rank):
            needed = targets.score_for_rank(con, req.index_code, req.year, req.unit_code, int(target_rank))
            kpis.append(Kpi(dt_("deck.target_rank", lang), _int(target_rank)))
        if not is_missing(status.get("target_score")):
            kpis.append(Kpi(dt_("deck.target_score", lang), _num(status.get("target_score"), lang=lang)))
        elif needed is not None:  # a rank target: the score that would have reached it
            kpis.append(Kpi(dt_("deck.score_for_rank", lang, rank=int(target_rank)), fmt.number(needed, lang=lang)))
        kpis.append(Kpi(dt_("deck.status", lang),
                        t("tg.unknown" if met is None else ("tg.met" if met else "tg.not_met"), lang),
                        tone="neutral" if met is None else ("good" if met else "bad")))
        gap = status.get("gap")
        if is_missing(gap) and needed is not None and h is not None:
            gap = needed - float(h.score)
        if not is_missing(gap) and gap <= 0:  # reached: say by how much, not "0 short"
            kpis.append(Kpi(dt_("deck.above", lang), fmt.number(abs(float(gap)), lang=lang), tone="good"))
        elif not is_missing(gap):
            kpis.append(Kpi(dt_("deck.gap", lang), fmt.number(float(gap), lang=lang), tone="bad"))
        if not is_missing(gap) and gap > 0:
            points_needed = float(gap)
        if not is_missing(target_rank):
            if needed is None:
                lines.append(t("tg.score_needed_none", lang, rank=int(target_rank)))
            else:
                if not is_missing(status.get("target_score")):  # else the card above says it
                    lines.append(t("tg.score_needed", lang, rank=int(target_rank), score=fmt.number(needed, lang=lang)))
                if h is not None and needed > h.score:
                    points_needed = max(points_needed or 0.0, needed - h.score)
        if status.get("note"):
            lines.append(str(status["note"]))
    table = None
    if h is not None and points_needed:
        # the smallest set of criterion gains that closes the gap, most recoverable first
        gains = targets.gains_to_close(con, req.index_code, req.year, req.unit_code, points_needed)
        if gains is not None and not gains.empty:
            lines.append(dt_("deck.gains_for", lang, points=fmt.number(points_needed, lang=lang)))
            rows, _ = _rows(gains, GAINS_ROWS, lambda r: (
                str(r.criterion_code), str(r.name), _num(r.score, lang=lang), _num(r.max_score, lang=lang), _num(r.gain, lang=lang)))
            table = Table((t("col.code", lang), t("col.criterion", lang), t("col.score", lang),
                           t("col.max_score", lang), t("col.gain", lang)),
                          rows, (False, False, True, True, True), (0.8, 6.4, 1.1, 1.1, 1.2))
    return Slide("targets", title, kpis=tuple(kpis), text="\n".join(lines), table=table,
                 notes=(dt_("deck.notes_targets", lang), *sources))


def _follow_up_slide(con, req: Request, sources: list[str], threshold: float = 70.0) -> Slide:
    lang = req.lang
    title = dt_("deck.follow_up", lang)
    notes = (dt_("deck.notes_follow_up", lang, threshold=fmt.number(threshold, 0, lang=lang)), *sources)
    df = follow_up(con, req.index_code, req.year, req.unit_code, threshold=threshold)
    if df is None or df.empty:

        has_previous = previous_year(con, req.index_code, req.year, req.unit_code,
                                     context.geography_of_year(req.year)) is not None
        return Slide("follow_up", title, empty=dt_("deck.no_weak" if has_previous else "deck.no_previous", lang),
                     notes=notes)
    judged = df["improved"].dropna()
    text = t("ag.follow_up_count", lang, improved=int(judged.astype(bool).sum()), total=len(df))
    rows, more = _rows(df, FOLLOW_UP_ROWS, lambda r: (
        str(r.criterion_code), str(r.name), str(r.lead_name) if not is_missing(r.lead_name) else t("lead.unassigned", lang),
        fmt.percent(_none(r.previous_pct), 1, lang=lang), fmt.percent(_none(r.pct), 1, lang=lang),
        "–" if is_missing(r.improved) else dt_("deck.improved_yes" if r.improved else "deck.improved_no", lang)))
    table = Table((t("col.code", lang), t("col.criterion", lang), t("col.lead", lang), t("col.previous_pct", lang),
                   t("col.pct", lang), t("col.improved", lang)),
                  rows, (False, False, False, True, True, False), (0.8, 4.6, 2.6, 1.3, 1.2, 1.1),
                  more=_more(more, "deck.sheet_follow_up", req))
    table = _without_empty_column(table, 2)
    return Slide("follow_up", title, text=text, table=table, notes=notes)


SLIDE_KEYS = ("title", "headline", "fields", "weakest", "peers", "targets", "follow_up", "plans", "map")


def story(con, selection_or_args: object, lang: str | None = None) -> Story:
    """The nine slides of the meeting for a selection (always nine: a step with nothing to
    show carries its empty-state message, so the meeting's order never shifts). When the unit
    has no score at all there is no meeting to show: the story has no slides and `refusal`
    says what is missing and how to load it."""
    req = as_request(selection_or_args, lang)
    # the selection's figures read once, for every slide that shows them
    view = overview(con, req.index_code, req.year, req.unit_code, every_index=False)
    version = context.data_version(con)
    unit = context.unit_name(con, req.unit_code, req.year, req.lang)
    index = index_name(req.index_code, req.lang)
    sources = context.sources_of(con, req.index_code, req.year, req.unit_code, view.headline, req.lang)
    sources = [dt_("deck.notes_sources", req.lang) + ":", *sources,
               version.label(req.lang)]  # "Phiên bản dữ liệu: lô 2 · …" says its own name
    if version.is_demo:
        sources.append(dt_("deck.notes_demo", req.lang))
    refusal = (context.missing_score(con, req.index_code, req.year, req.unit_code, req.lang)
               if view.headline is None else None)
    if refusal:
        return Story(req, unit, index, version.label(req.lang), version.is_demo, (), refusal)
    head = {"index_name": index, "year": req.year, "unit_name": unit, "version_label": version.label(req.lang)}
    slides = (
        _title_slide(head, req.lang, sources),
        _headline_slide(con, req, unit, index, sources, view),
        _fields_slide(req, sources, view),
        _weakest_slide(req, sources, view),
        _peers_slide(con, req, sources),
        _targets_slide(con, req, sources, view),
        _follow_up_slide(con, req, sources),
        plans_slide(con, req, sources),  # "Kết quả thực hiện kế hoạch khắc phục" (issue 15)
        # an annex after the meeting's steps, so their order and numbers stay as they were
        _map_slide(con, req, sources),
    )
    return Story(req, unit, index, version.label(req.lang), version.is_demo, slides)
