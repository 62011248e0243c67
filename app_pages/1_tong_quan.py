"""Tổng quan: headline cards for every index loaded, the trend, the narrative, field rank changes."""
import streamlit as st

from analysis import charts, overview
from analysis.i18n import index_name, t, tree_word
from ui import cards, data, layout, selection, tables, views

FIELD_COLUMNS = {"criterion_code": "text", "name": "text", "score": "num", "max_score": "num", "rank": "int",
                 "delta_rank": "signed_int", "delta_score": "signed", "break_note": "text"}


def body(lang: str, ws: str) -> None:
    sel = layout.require(selection.sidebar(), lang)
    # One derivation feeds the cards, the paragraph, the charts and the tables.
    view = data.ask(ws, overview.overview, sel.index_code, sel.year, sel.unit_code)
    if view is None:
        raise layout.Empty("empty.no_data")
    found, changes, h = view.cards, view.fields, view.headline
    if not found and views.is_empty(changes):
        raise layout.Empty("empty.no_score", unit=sel.unit_code, index=index_name(sel.index_code, lang), year=sel.year)
    if found:
        st.subheader(t("ov.headline", lang, year=sel.year))
        for column, (code, card, target) in zip(st.columns(min(len(found), 4)), found):
            with column:
                cards.headline_card(code, card, target, lang)
        cards.source_notes(found, lang)

    if h is None and not views.is_empty(changes):
        # Scored on some fields only: no total and no rank, but what there is is shown.
        st.warning(layout.md_escape(view.narrative(lang)))
        _fields(changes, lang, sel.index_code)
        return
    if h is None:
        raise layout.Empty("empty.no_score", unit=found[0][1].unit_name, index=index_name(sel.index_code, lang),
                           year=sel.year)
    left, right = st.columns([3, 2])
    with left:
        st.subheader(t("ov.trend", lang) + " · " + layout.md_escape(index_name(sel.index_code, lang)))
        # a post-merger province: its predecessors' lines beside its own
        if not views.is_empty(view.trend):
            layout.chart(layout.figure(charts.trend, view.trend, lang=lang, is_percent=h.is_percent,
                                       predecessors=view.predecessor_series), export="dien_bien")
    with right:
        st.subheader(t("ov.narrative", lang))
        # The paragraph quotes unit and criterion names: shown as text, never as Markdown.
        st.markdown(layout.md_escape(view.narrative(lang)))

    _fields(changes, lang, sel.index_code)

    if view.predecessors:
        st.subheader(t("ov.predecessors", lang))
        tables.show(views.frame(view.predecessors), {"code": "text", "name": "text", "year": "text", "score": "num",
                                                    "rank": "int"}, lang, key="predecessors",
                    export="tinh_truoc_sap_nhap", heading=t("ov.predecessors", lang))


def _fields(changes, lang: str, index_code: str) -> None:
    # Each index's own words: "chỉ số nội dung" for PAPI, "lĩnh vực" for PAR INDEX.
    heading = t("ov.fields", lang, word=tree_word(index_code, 1, lang))
    if not views.is_empty(changes):
        st.subheader(heading)
        # Chart above, table below at full width: side by side the table's right-hand columns
        # (maximum, rank, change) were cut off at a 1400-px screen.
        if views.has_values(changes, "delta_rank"):
            layout.chart(layout.figure(charts.rank_changes, changes, lang=lang), export="thay_doi_hang_linh_vuc")
        else:
            st.caption(t("ov.no_previous", lang))
        tables.show(changes, FIELD_COLUMNS if views.has_values(changes, "break_note") else
                    {k: v for k, v in FIELD_COLUMNS.items() if k != "break_note"}, lang, key="fields",
                    export="linh_vuc", heading=heading,
                    export_columns={**FIELD_COLUMNS, "previous_rank": "int", "previous_score": "num"})


layout.page("overview", body)
