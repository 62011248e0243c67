"""Charts as pure functions: a DataFrame (as the analysis returns it) in, a configured `alt.Chart`
out. Titles come from the text catalogue, numbers from the theme's Vietnamese locale, so tests can
assert on `chart.to_dict()` and exports reuse the same charts with `export=True`.
"""
from __future__ import annotations

import functools
import hashlib
import importlib.util
import json
import sys
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pandas as pd

from analysis import fmt, geo, theme
from analysis.i18n import TEXT, band_name, criterion_names, t
from analysis.ledger import weakest_first


class _LazyAltair:
    """`altair`, imported at its first use: the import costs a quarter of a second of a server's
    first page, whose charts all come from stored templates (`_template`) and need none of it."""

    def __getattr__(self, name: str):
        import altair
        return getattr(altair, name)


alt = _LazyAltair()

PICK = "pick"  # name of the click selection on drill-down charts (read back by the page)


# ---- one Altair build per chart shape -----------------------------------------------------------
# A page shows a maker's chart for one unit after another, and only the rows (and a bar chart's
# height) change. Building the chart in Altair costs 10-120 ms a time (encodings checked against
# the schema, deep copies, the frame sanitised once per layer): more than the page's queries. So a
# maker is written in two halves: the data half (the decorated function: the caller's frames in,
# `Parts` out) and the drawing half (`draw`: Altair objects from frames). Called, the maker draws
# as before (exports, the deck, tests); `maker.spec(...)` returns the same Vega-Lite dict as
# `maker(...).to_dict()` from a drawing made once per shape, with this call's rows filled in.

_SLOT = "__rows_"  # a template's placeholder dataset names: "__rows_data", "__rows_starts", ...
_TEXT = "__text_"  # ... and placeholder strings: "__text_dark_test"


@dataclass(frozen=True)
class Parts:
    """A chart before drawing. frames: slot name -> DataFrame; which slots are present is part
    of the shape (the trend draws a layer per slot present). options: (name, value) pairs the
    drawing depends on, beyond the rows (a template per value). props: (name, value) pairs of
    top-level properties computed from the rows (the height per bar), set into a template.
    texts: (name, string) pairs computed from the rows and used as whole strings anywhere in
    the spec (a condition's test), drawn as placeholders in a template."""
    frames: dict
    lang: str
    export: bool
    options: tuple = ()
    props: tuple = ()
    texts: tuple = ()


def _templated(draw):
    """Turns a data half into a maker: `maker(...)` is `draw`'s Altair chart, `maker.spec(...)`
    its dict, filled from a template."""
    def wrap(prepare):
        @functools.wraps(prepare)
        def make(*args, **kwargs) -> alt.TopLevelMixin:
            return _drawn(draw, prepare(*args, **kwargs))
        make.spec = lambda *args, **kwargs: _filled(draw, prepare(*args, **kwargs))
        make.draw = draw
        return make
    return wrap


def _drawn(draw, parts: Parts) -> alt.TopLevelMixin:
    return draw(parts.frames, lang=parts.lang, export=parts.export, **dict(parts.options), **dict(parts.props),
                **dict(parts.texts))


# "draw|slots|lang|export|options|prop and text names" -> the drawing's JSON with placeholders.
# A few dozen shapes in all; a race between two sessions builds one twice, harmlessly.
_TEMPLATES: dict[str, str] = {}


def _template_key(draw, parts: Parts) -> str:
    return "|".join([draw.__name__, "+".join(parts.frames), parts.lang, str(parts.export),
                     json.dumps(parts.options), "+".join(n for n, _ in parts.props + parts.texts)])


def _template(draw, parts: Parts) -> str:
    key = _template_key(draw, parts)
    text = _TEMPLATES.get(key) or _stored_templates().get(key)
    if text is None:
        text = _TEMPLATES[key] = _build_template(draw, parts)
    return text


def _build_template(draw, parts: Parts) -> str:
    slots = {slot: alt.NamedData(name=_SLOT + slot) for slot in parts.frames}
    texts = tuple((name, _TEXT + name) for name, _ in parts.texts)
    return json.dumps(_drawn(draw, replace(parts, frames=slots, texts=texts)).to_dict(validate=False))


# The templates of the shapes the pages draw (`_page_shapes`, `_map_shapes`), made before any request:
# scripts/build_chart_templates.py writes them (a unit test fails while the file is stale). They
# are used only while their fingerprint is the code's; otherwise each is built at first use.
TEMPLATE_FILE = Path(__file__).with_name("chart_templates.json")


@functools.cache
def _template_file() -> dict:
    try:
        return json.loads(TEMPLATE_FILE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _stored_section(section: str, fingerprint_key: str, fingerprint: str) -> dict[str, str]:
    """One section of the stored file as template text per key; empty when the file is missing
    or was made from other code (a stale file costs speed, never a wrong chart)."""
    stored = _template_file()
    if not stored or stored.get(fingerprint_key) != fingerprint:
        return {}
    # kept as objects in the file, for a readable diff; `json.dumps` gives back `_build_template`'s text
    return {key: json.dumps(spec) for key, spec in stored[section].items()}


@functools.cache
def _stored_templates() -> dict[str, str]:
    return _stored_section("templates", "fingerprint", template_fingerprint())


def template_fingerprint() -> str:
    """What a template is made of: this module's drawings, the theme, the number locales, the
    text catalogue, and the Altair release that draws them (read without importing it)."""
    sources = [Path(module.__file__).read_text(encoding="utf-8") for module in (sys.modules[__name__], theme, fmt)]
    found = importlib.util.find_spec("altair")
    release = sorted(p.name for p in Path(found.origin).parents[1].glob("altair-*.dist-info")) if found else []
    text = json.dumps([sources, TEXT, release], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def _page_shapes() -> list[tuple]:
    """(draw, Parts without rows) of every chart the pages show through `ui.layout.figure`."""
    shapes = []
    for lang in ("vi", "en"):
        for layers in ((), ("starts",), ("old",), ("starts", "old")):  # in `trend`'s order
            shapes.append((_trend_draw, Parts(dict.fromkeys(("data", *layers)), lang, False)))
        for draw in (_rank_changes_draw, _points_lost_draw):
            shapes.append((draw, Parts({"data": None}, lang, False, props=(("height", 0),))))
        for draw in (_history_draw, _distribution_draw):
            for value in ("pct", "score"):
                shapes.append((draw, Parts({"data": None}, lang, False, options=(("value", value),))))
        shapes.append((_compare_fields_draw, Parts({"data": None}, lang, False, texts=(("dark_test", ""),))))
        shapes.append((_compare_fields_draw, Parts({}, lang, False)))  # no field value: a sentence
        shapes.append((_bump_draw, Parts({"data": None}, lang, False)))
    return shapes


def stored_templates_text() -> str:
    """The content of TEMPLATE_FILE for the code as it is."""
    templates = {_template_key(draw, parts): json.loads(_build_template(draw, parts)) for draw, parts in _page_shapes()}
    maps = {_map_key(*shape): json.loads(_build_map_template(*shape)) for shape in _map_shapes()}
    return json.dumps({"fingerprint": template_fingerprint(), "templates": templates,
                       "map_fingerprint": map_fingerprint(), "maps": maps}, indent=1, ensure_ascii=False) + "\n"


def _filled(draw, parts: Parts) -> dict:
    """`_drawn(draw, parts).to_dict(validate=False)`, without Altair: the template with each
    placeholder dataset renamed as Altair names the rows (a hash of their values), the rows
    under `datasets` in the order the spec first uses them, the texts and the props set."""
    altair = sys.modules.get("altair")  # not imported yet: its data transformer is the default
    if altair is not None and (altair.data_transformers.active != "default"
                               or not altair.data_transformers.consolidate_datasets):
        return _drawn(draw, parts).to_dict(validate=False)  # rows inlined otherwise: Altair's way
    text = _template(draw, parts)
    placeholders = {slot: json.dumps(_SLOT + slot) for slot in parts.frames}
    datasets = {}
    for slot in sorted(parts.frames, key=lambda s: text.find(placeholders[s])):
        values = _values(parts.frames[slot])
        name = _dataset_name(values)
        datasets.setdefault(name, values)  # equal rows in two slots: one dataset, as Altair does
        text = text.replace(placeholders[slot], json.dumps(name))
    for name, value in parts.texts:
        text = text.replace(json.dumps(_TEXT + name), json.dumps(value))
    spec = json.loads(text)
    for key, value in parts.props:
        if key not in spec:
            raise KeyError(f"{key} is not a top-level property of {draw.__name__}'s chart")
        spec[key] = value
    if parts.frames:  # after the drawing's own inline rows (a message), if it has any
        spec["datasets"] = {**spec.get("datasets", {}), **datasets}
    return spec


def _dataset_name(values: list[dict]) -> str:
    # altair.vegalite.v6.api._dataset_name, whose name a spec must match (tests compare them)
    if values == [{}]:
        return "empty"
    text = json.dumps(values, sort_keys=True, default=str)
    return "data-" + hashlib.sha256(text.encode()).hexdigest()[:32]


_MAX_ROWS = 5000  # Altair's default transformer refuses more; such a frame goes through Altair


def _values(frame: pd.DataFrame) -> list[dict]:
    """The rows as Altair inlines them (`altair.utils.data.to_values`: NaN, ±inf and NA become
    None, numpy scalars Python ones), a column at a time, which is 5-10 times faster than its
    copy-and-sanitise for these small frames. Any other dtype (dates, categories, nullable
    floats, arrays in cells) goes through Altair itself."""
    if (len(frame) > _MAX_ROWS or not all(isinstance(c, str) for c in frame.columns)
            or not frame.columns.is_unique):
        return alt.data_transformers.get()(frame)["values"]
    columns = []
    for _, col in frame.items():
        values = _column(col)
        if values is None:
            return alt.data_transformers.get()(frame)["values"]
        columns.append(values)
    names = list(frame.columns)
    return [dict(zip(names, row)) for row in zip(*columns)] if columns else [{} for _ in range(len(frame))]


_NULLABLE_INTS = {"Int8", "Int16", "Int32", "Int64", "UInt8", "UInt16", "UInt32", "UInt64"}
_PLAIN = (str, int, float, bool)


def _column(col: pd.Series) -> list | None:
    """One column's cells as `_values` gives them, or None for a dtype left to Altair."""
    dtype, name = col.dtype, str(col.dtype)
    if name in ("str", "string", "boolean") or name in _NULLABLE_INTS:
        return [None if missing else value for value, missing in zip(col.tolist(), col.isna().tolist())]
    if name == "bool" or (isinstance(dtype, np.dtype) and dtype.kind in "iu"):
        return col.tolist()
    if isinstance(dtype, np.dtype) and dtype == np.float64:
        return [value if finite else None for value, finite in zip(col.tolist(), np.isfinite(col.to_numpy()).tolist())]
    if isinstance(dtype, np.dtype) and dtype == object:
        cells = [None if missing else value for value, missing in zip(col.tolist(), col.isna().tolist())]
        return cells if all(value is None or type(value) in _PLAIN for value in cells) else None
    return None


def _tip(field: str, title: str, fmt: str | None = None, kind: str = "Q") -> alt.Tooltip:
    return alt.Tooltip(f"{field}:{kind}", title=title, format=fmt) if fmt else alt.Tooltip(f"{field}:{kind}", title=title)


def _height(n: int, per_row: int = 22, minimum: int = 120) -> int:
    return max(minimum, per_row * n)


def _trend_draw(frames: dict, *, lang: str, export: bool) -> alt.TopLevelMixin:
    base = alt.Chart(frames["data"]).encode(
        x=alt.X("year:O", title=t("col.year", lang), axis=alt.Axis(labelAngle=0)),
        y=alt.Y("score:Q", title=t("col.score", lang), scale=alt.Scale(zero=False), axis=alt.Axis(format=theme.AXIS)),
        tooltip=[_tip("year", t("col.year", lang), kind="O"), _tip("score", t("col.score", lang), theme.NUM),
                 _tip("rank_text", t("col.rank", lang), kind="N")],
    )
    # one line per methodology period and per run of consecutive years: a change of criteria
    # tree is not a change of result, and a gap in the series is no change at all (contract §3)
    line = base.mark_line(color=theme.PRIMARY, strokeWidth=2.5).encode(detail=alt.Detail("run:N"))
    points = base.mark_point(filled=True, size=70, color=theme.PRIMARY)
    labels = base.mark_text(dy=-12, fontSize=11, color="#333").encode(text=alt.Text("score:Q", format=theme.NUM))
    layers = [line, points, labels]
    if "starts" in frames:
        starts = frames["starts"]
        rule = alt.Chart(starts).mark_rule(color=theme.NEUTRAL, strokeDash=[3, 3]).encode(x="year:O")
        # written along the rule, so notes of consecutive years never overlap
        note = alt.Chart(starts).mark_text(angle=270, align="right", baseline="bottom", dx=-4, fontSize=10,
                                           color=theme.NEUTRAL).encode(
            x="year:O", y=alt.value(0), text=alt.value(t("ch.method_break", lang)))
        layers += [rule, note]
    if "old" in frames:
        old = alt.Chart(frames["old"]).mark_line(strokeDash=[4, 3], point=True).encode(
            x="year:O", y="score:Q",
            color=alt.Color("name:N", title=None, scale=alt.Scale(range=["#9e9e9e", "#bdbdbd", "#757575", "#616161"]),
                            legend=alt.Legend(orient="bottom")),
            tooltip=[_tip("name", t("col.unit", lang), kind="N"), _tip("year", t("col.year", lang), kind="O"),
                     _tip("score", t("col.score", lang), theme.NUM), _tip("rank", t("col.rank", lang), theme.INT)],
        )
        layers.insert(0, old)
    return theme.finish(alt.layer(*layers).properties(height=260), export=export, lang=lang)


@_templated(_trend_draw)
def trend(df: pd.DataFrame, *, lang: str = "vi", is_percent: bool = False, predecessors: pd.DataFrame | None = None,
          export: bool = False) -> Parts:
    """Score over the years (line) with the rank in the tooltip. df: year, score, rank, rank_of.
    For a province formed in the 2025 merger, `predecessors` (unit_code, name, year, score, rank)
    draws the old provinces' lines beside it (dashed, grey), since no rank change crosses the merger."""
    data = df.assign(rank_text=[_rank_text(r, o) for r, o in zip(df["rank"], df["rank_of"])])
    data = data.assign(run=_runs(data, "period" if "period" in data.columns else None))
    frames = {"data": data}
    starts = _period_starts(data)
    if len(starts):  # a rule and a note at each new criteria tree
        frames["starts"] = starts
    if predecessors is not None and len(predecessors):
        frames["old"] = predecessors
    return Parts(frames, lang, export)


def _runs(df: pd.DataFrame, period: str | None = None, unit: str | None = None) -> list[str]:
    """An id per row that changes where the next year is not the year after (or the period, or
    the unit, changes), so a line joins only consecutive years of one series. Rows in year order
    within each unit."""
    ids, run, last = [], 0, None
    for row in df.to_dict("records"):
        key = (row.get(unit) if unit else None, row.get(period) if period else None)
        if last is None or key != last[0] or int(row["year"]) != last[1] + 1:
            run += 1
        last = (key, int(row["year"]))
        ids.append(f"{key[0]}·{run}")
    return ids


def _period_starts(df: pd.DataFrame) -> pd.DataFrame:
    """The years where a new criteria tree starts, after the first one shown."""
    if "period" not in df.columns or df["period"].isna().all():
        return pd.DataFrame({"year": []})
    changed = df["period"].ne(df["period"].shift()) & df["period"].shift().notna()
    return df.loc[changed, ["year"]]


def _rank_text(rank, of) -> str:
    if rank is None or pd.isna(rank):
        return "–"
    return f"{int(rank)}/{int(of)}" if of is not None and not pd.isna(of) else str(int(rank))


def _rank_changes_draw(frames: dict, *, lang: str, export: bool, height: int) -> alt.TopLevelMixin:
    chart = alt.Chart(frames["data"]).mark_bar().encode(
        y=alt.Y("label:N", title=None, sort=alt.SortField("criterion_code"), axis=alt.Axis(labelLimit=220)),
        x=alt.X("delta_rank:Q", title=t("col.delta_rank", lang), axis=alt.Axis(format=theme.INT, tickMinStep=1)),
        color=alt.Color("direction:N", legend=None,
                        scale=alt.Scale(domain=["up", "down", "same"], range=[theme.GOOD, theme.BAD, theme.NEUTRAL])),
        tooltip=[_tip("name", t("col.field", lang), kind="N"), _tip("rank", t("col.rank", lang), theme.INT),
                 _tip("delta_rank", t("col.delta_rank", lang), "+,d")],
    )
    return theme.finish(chart.properties(height=height), export=export, lang=lang)


@_templated(_rank_changes_draw)
def rank_changes(df: pd.DataFrame, *, lang: str = "vi", export: bool = False) -> Parts:
    """Diverging bars of places gained (+) or lost (−) per field. df: criterion_code, name, delta_rank, rank, rank_of."""
    df = criterion_names(df, lang)
    data = df.assign(label=df["criterion_code"].astype(str) + ". " + df["name"].astype(str).map(_short),
                     direction=[_direction(v) for v in df["delta_rank"]])
    return Parts({"data": data}, lang, export, props=(("height", _height(len(data), 28)),))


def _short(text: str, limit: int = 30) -> str:
    """Axis labels stay short; the full name is in the tooltip and the table beside the chart."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _direction(value) -> str:
    if value is None or pd.isna(value) or value == 0:
        return "same"
    return "up" if value > 0 else "down"


def _points_lost_draw(frames: dict, *, lang: str, export: bool, height: int) -> alt.TopLevelMixin:
    pick = alt.selection_point(name=PICK, fields=["criterion_code"], on="click")
    chart = alt.Chart(frames["data"]).mark_bar(cursor="pointer").encode(
        y=alt.Y("label:N", title=None, sort=alt.EncodingSortField("order", order="ascending"),
                axis=alt.Axis(labelLimit=420)),
        x=alt.X("points_lost:Q", title=t("col.points_lost", lang), axis=alt.Axis(format=theme.AXIS)),
        color=alt.condition("datum.chosen", alt.value(theme.HIGHLIGHT), alt.value(theme.BAD)),
        opacity=alt.condition(pick, alt.value(1.0), alt.value(0.55)),
        tooltip=[_tip("criterion_code", t("col.code", lang), kind="N"), _tip("name", t("col.criterion", lang), kind="N"),
                 _tip("score", t("col.score", lang), theme.NUM), _tip("max_score", t("col.max_score", lang), theme.NUM),
                 _tip("pct", t("col.pct", lang), theme.NUM1), _tip("points_lost", t("col.points_lost", lang), theme.NUM)],
    ).add_params(pick)
    return theme.finish(chart.properties(height=height, title=t("dd.chart", lang)), export=export, lang=lang)


@_templated(_points_lost_draw)
def points_lost(df: pd.DataFrame, *, lang: str = "vi", selected: str | None = None, limit: int = 25,
                export: bool = False) -> Parts:
    """Horizontal bars of points lost in the ledger table's own order, weakest first (lowest pct,
    then most points lost: `analysis.ledger.weakest_first`), named in the title so that table and
    chart read the same; a click selects a criterion (param `pick`).
    df: criterion_code, name, points_lost, pct, score, max_score."""
    data = weakest_first(criterion_names(df, lang).dropna(subset=["points_lost"])).head(limit)
    data = data.assign(label=data["criterion_code"].astype(str) + " " + data["name"].astype(str).str.slice(0, 60),
                       chosen=data["criterion_code"] == selected, order=range(len(data)))
    return Parts({"data": data}, lang, export, props=(("height", _height(len(data))),))


def points_lost_chosen(spec: dict, selected: str | None) -> dict:
    """The `points_lost` spec (a dict) with `selected` highlighted instead: a row click changes
    only the `chosen` flags, so the page builds the spec once per table and flags it per click
    (a build is a tenth of a second or more). The datasets are copied, the rest is shared."""
    datasets = {name: [{**row, "chosen": row.get("criterion_code") == selected} for row in rows]
                for name, rows in spec.get("datasets", {}).items()}
    return {**spec, "datasets": datasets}


def _history_draw(frames: dict, *, lang: str, export: bool, value: str) -> alt.TopLevelMixin:
    title = t("col.pct" if value == "pct" else "col.score", lang)
    base = alt.Chart(frames["data"]).encode(
        x=alt.X("year:O", title=t("col.year", lang), axis=alt.Axis(labelAngle=0)),
        y=alt.Y(f"{value}:Q", title=title, scale=alt.Scale(zero=False), axis=alt.Axis(format=theme.AXIS)),
        tooltip=[_tip("year", t("col.year", lang), kind="O"), _tip("score", t("col.score", lang), theme.NUM),
                 _tip("pct", t("col.pct", lang), theme.NUM1), _tip("rank", t("col.rank", lang), theme.INT)],
    )
    chart = base.mark_line(color=theme.PRIMARY, point=alt.OverlayMarkDef(filled=True, size=60, color=theme.PRIMARY))
    return theme.finish(chart.properties(height=220), export=export, lang=lang)


@_templated(_history_draw)
def history(df: pd.DataFrame, *, lang: str = "vi", value: str = "pct", export: bool = False) -> Parts:
    """A criterion's score (or pct) over the years. df: year, score, pct, rank."""
    return Parts({"data": df}, lang, export, options=(("value", value),))


def _distribution_draw(frames: dict, *, lang: str, export: bool, value: str) -> alt.TopLevelMixin:
    chart = alt.Chart(frames["data"]).mark_bar().encode(
        x=alt.X("name:N", title=None, sort=alt.EncodingSortField(value, order="descending"),
                axis=alt.Axis(labelAngle=-60, labelLimit=120, labelFontSize=10)),
        y=alt.Y(f"{value}:Q", title=t("col.pct" if value == "pct" else "col.score", lang), axis=alt.Axis(format=theme.AXIS)),
        color=alt.condition("datum.ours", alt.value(theme.PRIMARY), alt.value(theme.PEER)),
        tooltip=[_tip("name", t("col.unit", lang), kind="N"), _tip("score", t("col.score", lang), theme.NUM),
                 _tip("rank", t("col.rank", lang), theme.INT)],
    )
    return theme.finish(chart.properties(height=260), export=export, lang=lang)


@_templated(_distribution_draw)
def distribution(df: pd.DataFrame, unit_code: str, *, lang: str = "vi", value: str = "score",
                 export: bool = False) -> Parts:
    """Every unit's score on one criterion, best first, the selected unit highlighted.
    df: unit_code, name, score, pct, rank."""
    data = df.dropna(subset=[value]).assign(ours=lambda d: d["unit_code"] == unit_code)
    return Parts({"data": data}, lang, export, options=(("value", value),))


def agencies(df: pd.DataFrame, *, lang: str = "vi", export: bool = False) -> alt.TopLevelMixin:
    """Points lost per lead agency, most first. df: lead_name, points_lost, criteria_led."""
    data = df.dropna(subset=["points_lost"])
    chart = alt.Chart(data).mark_bar(color=theme.BAD).encode(
        y=alt.Y("lead_name:N", title=None, sort=alt.EncodingSortField("points_lost", order="descending"),
                axis=alt.Axis(labelLimit=360)),
        x=alt.X("points_lost:Q", title=t("col.points_lost", lang), axis=alt.Axis(format=theme.AXIS)),
        tooltip=[_tip("lead_name", t("col.lead", lang), kind="N"), _tip("points_lost", t("col.points_lost", lang), theme.NUM),
                 _tip("criteria_led", t("col.criteria_led", lang), theme.INT)],
    )
    return theme.finish(chart.properties(height=_height(len(data), 26)), export=export, lang=lang)


# The field heatmap: one row per unit, a fixed height per row so 5 or 63 rows stay readable
# (the chart grows instead of squeezing rows), and unit names cut with "…" before they reach the cells.
HEAT_ROW = 24
HEAT_COLUMN = 58
HEAT_LABEL_LIMIT = 180


def _compare_fields_draw(frames: dict, *, lang: str, export: bool, dark_test: str = "") -> alt.TopLevelMixin:
    if "data" not in frames:
        return _empty_state(t("cmp.fields_empty", lang), export=export, lang=lang)
    # Grid lines would run through the values; the cells themselves are the grid.
    quiet = dict(grid=False, ticks=False, domain=False)
    base = alt.Chart(frames["data"]).encode(
        x=alt.X("field:N", title=t("col.field", lang), sort=alt.SortField("criterion_code"),
                axis=alt.Axis(labelAngle=0, orient="top", **quiet)),
        y=alt.Y("unit:N", title=None,
                axis=alt.Axis(labelLimit=HEAT_LABEL_LIMIT, labelOverlap=False, labelPadding=6, **quiet)),
        tooltip=[_tip("name", t("col.unit", lang), kind="N"), _tip("criterion_name", t("col.field", lang), kind="N"),
                 _tip("score", t("col.score", lang), theme.NUM), _tip("pct", t("col.pct", lang), theme.NUM1)],
    )
    cells = base.mark_rect(stroke="white", strokeWidth=1).encode(
        color=alt.Color("pct:Q", title=t("col.pct", lang), scale=alt.Scale(scheme=theme.SEQUENTIAL),
                        legend=alt.Legend(format=theme.AXIS)))
    text = base.mark_text(fontSize=11).encode(
        text=alt.Text("pct:Q", format=theme.NUM1),
        color=alt.condition(dark_test, alt.value("white"), alt.value("#1f2933")))
    return theme.finish((cells + text).properties(height=alt.Step(HEAT_ROW), width=alt.Step(HEAT_COLUMN)),
                        export=export, lang=lang)


@_templated(_compare_fields_draw)
def compare_fields(df: pd.DataFrame, *, lang: str = "vi", highlight: str | None = None,
                   export: bool = False) -> Parts:
    """Fields side by side for several units: a heat table, units down, fields across, each cell
    the achievement in % (readable for 2 units or 63). df long: unit_code, name, criterion_code,
    criterion_name, score, pct. The overall row (criterion_code '') is left out; with no field
    value left, a chart that says so instead of an empty frame."""
    data = df[(df["criterion_code"].astype(str) != "") & df["pct"].notna()].assign(
        field=lambda d: d["criterion_code"].astype(str),
        unit=lambda d: d["name"].astype(str) + (d["unit_code"] == highlight).map({True: " ◀", False: ""}))
    if data.empty:
        return Parts({}, lang, export)
    return Parts({"data": data}, lang, export, texts=(("dark_test", f"datum.pct > {_dark_above(data['pct'])}"),))


def _empty_state(message: str, *, export: bool = False, lang: str = "vi") -> alt.TopLevelMixin:
    """A short chart holding only a sentence: what a reader sees where a chart has nothing to draw."""
    chart = alt.Chart(alt.Data(values=[{"message": message}])).mark_text(
        fontSize=14, color="#52606d", align="left", baseline="middle", x=0, y=20).encode(text="message:N")
    return theme.finish(chart.properties(height=40, width=400), export=export, lang=lang)


def _dark_above(values: pd.Series) -> float:
    """Cells in the darker ~40% of the colour scale get white text."""
    low, high = values.min(), values.max()
    return float(low + 0.6 * (high - low)) if pd.notna(low) and pd.notna(high) else 0.0


def _bump_draw(frames: dict, *, lang: str, export: bool) -> alt.TopLevelMixin:
    base = alt.Chart(frames["data"]).encode(
        x=alt.X("year:O", title=t("col.year", lang), axis=alt.Axis(labelAngle=0)),
        y=alt.Y("rank:Q", title=t("col.rank", lang), scale=alt.Scale(reverse=True, zero=False), axis=alt.Axis(format=theme.INT, tickMinStep=1)),
        color=alt.Color("name:N", title=t("col.unit", lang), scale=alt.Scale(range=theme.CATEGORY)),
        tooltip=[_tip("name", t("col.unit", lang), kind="N"), _tip("year", t("col.year", lang), kind="O"),
                 _tip("rank", t("col.rank", lang), theme.INT), _tip("score", t("col.score", lang), theme.NUM)],
    )
    # a line joins consecutive years only: across a gap there is no change to draw (contract §3)
    lines = base.mark_line(point=alt.OverlayMarkDef(filled=True, size=60)).encode(
        detail=alt.Detail("run:N"), strokeWidth=alt.condition("datum.ours", alt.value(4), alt.value(1.8)))
    return theme.finish(lines.properties(height=300), export=export, lang=lang)


@_templated(_bump_draw)
def bump(df: pd.DataFrame, *, lang: str = "vi", highlight: str | None = None, export: bool = False) -> Parts:
    """Rank over the years, rank 1 on top. df: unit_code, name, year, rank, score."""
    data = df.dropna(subset=["rank"]).sort_values(["unit_code", "year"], kind="stable")
    data = data.assign(ours=data["unit_code"] == highlight, run=_runs(data, unit="unit_code"))
    return Parts({"data": data}, lang, export)


MAP_PICK = "province"          # the map's click selection on scored provinces
MAP_PICK_EMPTY = "province_nd"  # ... and on provinces without data (a name may not repeat)


def _map_values(regions: list[dict], df: pd.DataFrame, lang: str, highlight: str | None) -> list[dict]:
    """Every province of the map (regions: unit_code, name) with its values: unit_code, name,
    score, rank, score_text, status, ours (the selected province). A province without a score
    keeps score None and reads "chưa có số liệu", never 0."""
    values = {str(r["unit_code"]): r for r in df.to_dict("records")}
    no_data = t("map.no_data", lang)
    out = []
    for region in regions:
        code = str(region["unit_code"])
        row = values.get(code, {})
        score = row.get("score")
        score = None if score is None or score != score else float(score)
        rank = row.get("rank")
        rank = None if rank is None or rank != rank else int(rank)
        out.append({"unit_code": code, "name": str(row.get("name") or region["name"]),
                    "score": score, "rank": rank,
                    "score_text": fmt.number(score, lang=lang) if score is not None else no_data,
                    "status": None if score is not None else no_data,
                    "ours": highlight is not None and code == str(highlight)})
    return out


def _map_features(features: list[dict], df: pd.DataFrame, prop: str, lang: str, highlight: str | None) -> list[dict]:
    """Every feature of the geography, clockwise, with its province's values flattened onto it."""
    regions = [{"unit_code": str(f.get("properties", {}).get(prop)), "name": geo.feature_name(f)} for f in features]
    return [{**geo.clockwise(f), **v} for f, v in zip(features, _map_values(regions, df, lang, highlight))]


# The map's three layers of shapes: provinces without a score, scored ones, the selected one.
_LAYER_TESTS = {"empty": ("datum.score == null", lambda v: v["score"] is None),
                "scored": ("datum.score != null", lambda v: v["score"] is not None),
                "ours": ("datum.ours", lambda v: v["ours"])}


def _inline_shapes(shaped: list[dict]):
    """Layers of a map carrying its geometry: each layer gets the features it draws."""
    def shapes(which: str) -> alt.Chart | None:
        chosen = [f for f in shaped if _LAYER_TESTS[which][1](f)]
        return alt.Chart(alt.Data(values=chosen)) if chosen else None
    return shapes


MAP_VALUES = "map_values"  # the screen map's values, joined to the shapes by unit_code
_MAP_FIELDS = ["unit_code", "name", "score", "rank", "score_text", "status", "ours"]


def _url_shapes(url: str, present: tuple[str, ...]):
    """Layers of a map whose geometry the browser fetches once from `url` (a FeatureCollection);
    the values are looked up by unit_code from the dataset MAP_VALUES, filled in by `screen_map`."""
    def shapes(which: str) -> alt.Chart | None:
        if which not in present:
            return None
        return alt.Chart(alt.Data(url=url, format=alt.DataFormat(type="json", property="features"))).transform_lookup(
            lookup="properties.unit_code", from_=alt.LookupData(alt.NamedData(name=MAP_VALUES), "unit_code", _MAP_FIELDS),
        ).transform_filter(_LAYER_TESTS[which][0])
    return shapes


def choropleth(features: list[dict], df: pd.DataFrame, *, lang: str = "vi", code_property: str | None = None,
               highlight: str | None = None, export: bool = False,
               archipelagos: list[dict] | None = None) -> alt.TopLevelMixin:
    """Every province of the geography, coloured by score; those without a score in a neutral
    grey named "chưa có số liệu" in the legend and the tooltip. Hoàng Sa and Trường Sa are drawn
    with their provinces and labelled (`archipelagos`: analysis.geo.archipelagos). A click on a
    province selects it (params MAP_PICK / MAP_PICK_EMPTY, field unit_code).
    features: GeoJSON features carrying the province code (`unit_code` from analysis.geo.geojson);
    df: unit_code, name, score, rank of the scored provinces."""
    prop = code_property or _code_property(features)
    shaped = _map_features(features, df, prop, lang, highlight)
    return _choropleth(_inline_shapes(shaped), lang=lang, export=export, archipelagos=archipelagos)


def map_chart(df: pd.DataFrame, *, geography: str, lang: str = "vi", highlight: str | None = None,
              export: bool = False) -> alt.TopLevelMixin:
    """The choropleth of a geography's bundled boundaries with Hoàng Sa and Trường Sa labelled,
    its geometry inline: the deck's map slide, the offline copy, vl-convert (which fetch nothing).
    df: unit_code, name, score, rank of the scored provinces."""
    return choropleth(geo.geojson(geography)["features"], df, lang=lang, highlight=highlight, export=export,
                      archipelagos=geo.archipelagos(geography))


def screen_map(df: pd.DataFrame, *, geography: str, lang: str = "vi", highlight: str | None = None) -> dict:
    """The same map for the screen, as a Vega-Lite spec (dict) whose geometry is the map file
    the app serves (analysis.geo.screen_map_url): a run sends the 63 provinces' values, not the
    boundaries, and builds no Altair objects (the spec without values is made once per process).
    `analysis.geo.inline_screen_maps` turns it into a spec that carries the geometry (exports)."""
    values = _map_values(geo.regions(geography), df, lang, highlight)
    present = tuple(which for which, (_, test) in _LAYER_TESTS.items() if any(test(v) for v in values))
    spec = json.loads(_screen_map_template(geography, lang, present))
    return _with_values(spec, values)


@functools.lru_cache(maxsize=32)
def _screen_map_template(geography: str, lang: str, present: tuple[str, ...]) -> str:
    stored = _stored_map_templates().get(_map_key(geography, lang, present))
    return stored if stored is not None else _build_map_template(geography, lang, present)


def _build_map_template(geography: str, lang: str, present: tuple[str, ...]) -> str:
    chart = _choropleth(_url_shapes(geo.screen_map_url(geography), present), lang=lang, export=False,
                        archipelagos=geo.archipelagos(geography))
    return chart.to_json(indent=None)


def _map_key(geography: str, lang: str, present: tuple[str, ...]) -> str:
    return "|".join([geography, lang, "+".join(present)])


def _map_shapes() -> list[tuple[str, str, tuple[str, ...]]]:
    """(geography, lang, layers present) of every screen map: each non-empty set of layers."""
    layers = list(_LAYER_TESTS)
    sets = [tuple(w for i, w in enumerate(layers) if mask >> i & 1) for mask in range(1, 2 ** len(layers))]
    return [(geography, lang, present) for geography in geo.GEOGRAPHIES for lang in ("vi", "en") for present in sets]


@functools.cache
def _stored_map_templates() -> dict[str, str]:
    # the maps' own fingerprint, read at the first map (So sánh), not on the first page: the
    # boundaries it needs are loaded for the map's regions anyway
    return _stored_section("maps", "map_fingerprint", map_fingerprint())


def map_fingerprint() -> str:
    """What a screen map's template is made of beyond `template_fingerprint`: the geography
    module, each map file's address (its content hash) and the islands drawn."""
    parts = [template_fingerprint(), Path(geo.__file__).read_text(encoding="utf-8"),
             [[geo.screen_map_url(g), geo.archipelagos(g)] for g in geo.GEOGRAPHIES]]
    return hashlib.sha256(json.dumps(parts, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def _with_values(spec, values: list[dict]):
    if isinstance(spec, list):
        return [_with_values(item, values) for item in spec]
    if not isinstance(spec, dict):
        return spec
    if spec == {"name": MAP_VALUES}:
        return {"values": values}
    return {key: _with_values(value, values) for key, value in spec.items()}


def _choropleth(shapes, *, lang: str, export: bool, archipelagos: list[dict] | None) -> alt.TopLevelMixin:
    tooltip = [_tip("name", t("col.unit", lang), kind="N"), _tip("score_text", t("col.score", lang), kind="N"),
               _tip("rank", t("col.rank", lang), theme.INT)]
    layers = []
    # exported (slide, PNG) the map is scaled to a slide's height: larger type keeps it legible
    legend_size = 16 if export else 12
    empty = shapes("empty")
    if empty is not None:
        no_data = t("map.no_data", lang)
        pick_empty = alt.selection_point(name=MAP_PICK_EMPTY, fields=["unit_code"], on="click")
        layers.append(empty.mark_geoshape(stroke="white", strokeWidth=0.5, cursor="pointer").encode(
            color=alt.Color("status:N", title=None,
                            scale=alt.Scale(domain=[no_data], range=[theme.NO_DATA]),
                            legend=alt.Legend(orient="bottom", symbolType="square", labelFontSize=legend_size,
                                              symbolSize=legend_size * 12)),
            tooltip=tooltip[:2],
        ).add_params(pick_empty).project(type="mercator"))
    scored = shapes("scored")
    if scored is not None:
        pick = alt.selection_point(name=MAP_PICK, fields=["unit_code"], on="click")
        layers.append(scored.mark_geoshape(stroke="white", strokeWidth=0.5, cursor="pointer").encode(
            color=alt.Color("score:Q", title=t("col.score", lang), scale=alt.Scale(scheme=theme.SEQUENTIAL),
                            legend=alt.Legend(format=theme.AXIS, orient="bottom", labelFontSize=legend_size,
                                              titleFontSize=legend_size)),
            tooltip=tooltip,
        ).add_params(pick).project(type="mercator"))
    ours = shapes("ours")
    if ours is not None:
        layers.append(ours.mark_geoshape(fill=None, stroke=theme.HIGHLIGHT, strokeWidth=2.5).project(type="mercator"))
    layers.extend(_archipelago_layers(archipelagos or [], lang, export))
    chart = alt.layer(*layers).resolve_scale(color="independent").properties(height=620, width=380)
    return theme.finish(chart, export=export, lang=lang)


def _archipelago_layers(archipelagos: list[dict], lang: str, export: bool) -> list:
    """The islands as small dark dots (a few pixels of polygon would vanish on a slide) and the
    names "QĐ. Hoàng Sa (Đà Nẵng)", "QĐ. Trường Sa (Khánh Hòa)" west of them, over the sea."""
    if not archipelagos:
        return []
    dots = [{"lon": lon, "lat": lat} for a in archipelagos for lon, lat in a["islands"]]
    size = 20 if export else 14  # ~10 pt on a slide scaled to its height; 14 px on screen
    points = alt.Chart(alt.Data(values=dots)).mark_circle(size=30, color=theme.ARCHIPELAGO, opacity=1).encode(
        longitude="lon:Q", latitude="lat:Q").project(type="mercator")
    layers = [points]
    # Hoàng Sa's name above its islands (west of them is the coast of Huế); Trường Sa's west of
    # its islands (above them the name would run off the map's east edge). Neither covers a dot.
    for a in archipelagos:
        lons, lats = [x for x, _ in a["islands"]], [y for _, y in a["islands"]]
        above = a["key"] == "hoang_sa"
        label = {"lon": a["centre"][0] if above else min(lons) - 0.3,
                 "lat": max(lats) + 0.35 if above else a["centre"][1],
                 "label": t("map." + a["key"], lang).replace(" (", "\n(")}
        layers.append(alt.Chart(alt.Data(values=[label])).mark_text(
            # Vega anchors the first of several lines: lift a two-line name above the dots by one line
            align="center" if above else "right", baseline="bottom" if above else "middle", fontSize=size,
            dy=-(size + 3) if above else 0,
            fontWeight="bold", color=theme.ARCHIPELAGO, lineBreak="\n").encode(
            longitude="lon:Q", latitude="lat:Q", text="label:N").project(type="mercator"))
    return layers


def _code_property(features: list[dict]) -> str:
    # analysis.geo.geojson() adds a zero-padded `unit_code` to every feature; raw files differ.
    props = features[0].get("properties", {}) if features else {}
    for name in ("unit_code", "gso_code", "code"):
        if name in props:
            return name
    return "unit_code"


def gains(df: pd.DataFrame, *, lang: str = "vi", export: bool = False) -> alt.TopLevelMixin:
    """Where points are recoverable: stacked score vs max per criterion. df: criterion_code, name, score, max_score, gain."""
    df = criterion_names(df, lang)
    data = df.assign(label=df["criterion_code"].astype(str) + " " + df["name"].astype(str).str.slice(0, 60))
    chart = alt.Chart(data).mark_bar(color=theme.GOOD).encode(
        y=alt.Y("label:N", title=None, sort=alt.EncodingSortField("gain", order="descending"), axis=alt.Axis(labelLimit=420)),
        x=alt.X("gain:Q", title=t("col.gain", lang), axis=alt.Axis(format=theme.AXIS)),
        tooltip=[_tip("label", t("col.criterion", lang), kind="N"), _tip("score", t("col.score", lang), theme.NUM),
                 _tip("max_score", t("col.max_score", lang), theme.NUM), _tip("gain", t("col.gain", lang), theme.NUM)],
    )
    return theme.finish(chart.properties(height=_height(len(data))), export=export, lang=lang)


def ranking(df: pd.DataFrame, *, lang: str = "vi", value: str = "score", export: bool = False) -> alt.TopLevelMixin:
    """Units ranked by score, coloured by band (named in `lang`). df: rank, name, score, band."""
    data = df.dropna(subset=[value]).assign(band=lambda d: d["band"].fillna("–").astype(str))
    scale = _band_scale(data["band"], lang)
    data = data.assign(band=[band_name(b, lang) if b != "–" else b for b in data["band"]])
    chart = alt.Chart(data).mark_bar().encode(
        y=alt.Y("name:N", title=None, sort=alt.EncodingSortField(value, order="descending"), axis=alt.Axis(labelLimit=300)),
        x=alt.X(f"{value}:Q", title=t("col.score", lang), axis=alt.Axis(format=theme.AXIS)),
        color=alt.Color("band:N", title=t("col.band", lang), scale=scale),
        tooltip=[_tip("rank", t("col.rank", lang), theme.INT), _tip("name", t("col.unit", lang), kind="N"),
                 _tip(value, t("col.score", lang), theme.NUM), _tip("band", t("col.band", lang), kind="N")],
    )
    return theme.finish(chart.properties(height=_height(len(data))), export=export, lang=lang)


def _band_scale(bands: pd.Series, lang: str = "vi") -> alt.Scale:
    """Colours by the configured band label, the legend in `lang`."""
    present = list(dict.fromkeys(bands))
    known = [b for b in theme.BAND_COLORS if b in present]
    others = [b for b in present if b not in theme.BAND_COLORS]
    return alt.Scale(domain=[band_name(b, lang) if b != "–" else b for b in known + others],
                     range=[theme.BAND_COLORS[b] for b in known] + theme.CATEGORY[: len(others)])
