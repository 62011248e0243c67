"""Khối sở, huyện: the province's own ranking of its departments and districts, block averages,
units improved, bands."""
import streamlit as st

from analysis import charts, fmt, internal
from analysis.i18n import band_name, level_name, t
from ui import data, layout, selection, tables, views

def body(lang: str, ws: str) -> None:
    sel = selection.sidebar(internal=True)
    if sel is None or sel.unit_code is None:
        raise layout.Empty("empty.no_internal")
    levels = data.internal_levels(ws, sel.index_code, sel.year, sel.unit_code)
    if not levels:
        raise layout.Empty("empty.no_internal")
    level = st.segmented_control(t("side.level", lang), levels, default=levels[0], key="level",
                                 format_func=lambda v: level_name(v, lang)) or levels[0]
    ranking = data.ask(ws, internal.internal_ranking, sel.index_code, sel.year, sel.unit_code, level)
    if views.is_empty(ranking):
        raise layout.Empty("empty.no_internal")
    summary = data.ask(ws, internal.internal_summary, sel.index_code, sel.year, sel.unit_code, level)
    a, b, c = st.columns(3)
    mean, previous = summary.get("mean"), summary.get("previous_mean")
    layout.metric(t("in.mean", lang), fmt.number(mean, lang=lang),
                  delta=None if previous is None or mean is None else fmt.signed(mean - previous, lang=lang).replace("\u2212", "-"),
                  container=a)
    layout.metric(t("in.improved", lang), fmt.integer(summary.get("improved"), lang=lang), container=b)
    layout.metric(t("in.declined", lang), fmt.integer(summary.get("declined"), lang=lang), container=c)
    bands = summary.get("bands") or {}
    if bands:
        st.caption(t("in.bands", lang) + ": " + " · ".join(f"{layout.md_escape(band_name(k, lang))}: {v}"
                                                             for k, v in bands.items()))

    st.subheader(t("in.ranking", lang, level=level_name(level, lang).lower()))
    left, right = st.columns([2, 3])
    with left:
        layout.chart(charts.ranking(ranking, lang=lang), export=f"xep_hang_{level}")
    with right:
        tables.show(ranking, {"rank": "int", "name": "text", "score": "num", "pct": "pct", "previous_score": "num",
                              "delta_score": "signed", "delta_rank": "signed_int", "band": "text"}, lang, key="internal",
                    export=f"xep_hang_{level}", heading=t("in.ranking", lang, level=level_name(level, lang).lower()))


layout.page("internal", body)
