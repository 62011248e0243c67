"""So sánh: peers (region, neighbours, top N, custom), the league table, fields side by side, rank
over the years, and the map of the provinces for the year's geography."""
import streamlit as st

from analysis import charts, compare
from analysis.i18n import coverage_text, index_name, t, tree_word
from ui import data, layout, selection, tables, views


def body(lang: str, ws: str) -> None:
    sel = layout.require(selection.sidebar(peers=True), lang)
    league = data.ask(ws, compare.league_table, sel.index_code, sel.year)
    if views.is_empty(league):
        raise layout.Empty("empty.no_score", unit=sel.unit_code, index=index_name(sel.index_code, lang), year=sel.year)
    group = (sel.unit_code, *sel.peers)
    if not sel.peers:
        st.info(t("cmp.peers_none", lang))
    # Coverage is stated wherever a figure rests on fewer provinces than the geography has.
    cov = data.ask(ws, compare.coverage, sel.index_code, sel.year)
    peers_cov = data.ask(ws, compare.coverage, sel.index_code, sel.year, "", group)
    if sel.peers and peers_cov is not None and peers_cov.partial:
        st.caption(t("cov.peers", lang, cov=coverage_text(peers_cov.n_scored, peers_cov.n_units, lang)))

    left, right = st.columns([3, 2])
    with left:
        st.subheader(t("cmp.fields", lang))
        fields = data.ask(ws, compare.compare_components, sel.index_code, sel.year, group)
        if views.has_depth(fields, 1):
            layout.chart(layout.figure(charts.compare_fields, fields, lang=lang, highlight=sel.unit_code),
                         export="so_sanh_linh_vuc")
        else:  # published overall figures only: an empty chart would say nothing
            st.caption(t("cmp.no_fields", lang, word=tree_word(sel.index_code, 1, lang)))
        st.subheader(t("cmp.bump", lang))
        ranks = data.ask(ws, compare.rank_history, sel.index_code, group, sel.geography)
        if not views.is_empty(ranks):
            layout.chart(layout.figure(charts.bump, ranks, lang=lang, highlight=sel.unit_code),
                         export="thu_hang_qua_cac_nam")
    with right:
        st.subheader(t("cmp.map", lang, index=layout.md_escape(index_name(sel.index_code, lang)), year=sel.year))
        event = layout.chart(charts.screen_map(league, geography=sel.geography, lang=lang, highlight=sel.unit_code),
                             key="map", on_select="rerun", export="ban_do")
        # A click on a province selects it (scored or not), for every page.
        picked = views.picked_unit(event, charts.MAP_PICK, charts.MAP_PICK_EMPTY)
        if layout.changed("map_pick", picked) and picked:
            selection.set_unit(picked)
        if cov is not None and cov.partial:
            st.caption(t("cov.map", lang, cov=coverage_text(cov.n_scored, cov.n_units, lang)))

    st.subheader(t("cmp.league", lang))
    if cov is not None and cov.partial:
        st.caption(t("cov.league", lang, cov=coverage_text(cov.n_scored, cov.n_units, lang), year=sel.year))
    tables.show(league, {"rank": "int", "name": "text", "score": "num", "pct": "pct", "previous_rank": "int",
                         "delta_rank": "signed_int", "band": "text", "region": "text"}, lang, key="league",
                height=420, export="xep_hang", heading=t("cmp.league", lang))


layout.page("compare", body)
