"""Đơn vị chủ trì: points lost per lead agency, their weakest items, last year's follow-up and
the giải trình list to download."""
import streamlit as st

from analysis import agencies, charts
from analysis.config import WEAK_THRESHOLD
from analysis.i18n import t
from ui import data, downloads, layout, plans, selection, tables, views


def body(lang: str, ws: str) -> None:
    sel = layout.require(selection.sidebar(), lang)
    summary = data.ask(ws, agencies.agency_summary, sel.index_code, sel.year, sel.unit_code)
    if views.is_empty(summary):
        raise layout.Empty("empty.no_responsibility")
    st.subheader(t("ag.summary", lang))
    left, right = st.columns([2, 3])
    with left:
        layout.chart(charts.agencies(summary, lang=lang), export="diem_mat_theo_don_vi")
    with right:
        tables.show(summary, {"lead_name": "lead", "criteria_led": "int", "points_lost": "num",
                              "previous_points_lost": "num", "delta_points_lost": "signed",
                              "weakest_items": "text"}, lang, key="summary", export="don_vi_chu_tri",
                    heading=t("ag.summary", lang))

    st.subheader(t("ag.accountability", lang))
    items = data.ask(ws, agencies.accountability_list, sel.index_code, sel.year, sel.unit_code)
    agency = st.selectbox(t("ag.agency", lang), [None] + views.unique_values(items, "lead_name"), key="agency",
                          format_func=lambda a: a or t("ag.all", lang))
    shown = views.filter_equal(items, "lead_name", agency)
    tables.show(shown, {"lead_name": "lead", "criterion_code": "text", "name": "text", "score": "num",
                        "max_score": "num", "pct": "pct", "points_lost": "num", "delta_score": "signed"},
                lang, key="accountability", export="giai_trinh", heading=t("ag.accountability", lang),
                workbooks=[downloads.accountability_workbook(sel)])

    plans.section(sel, lang, ws, WEAK_THRESHOLD)

    follow = data.ask(ws, agencies.follow_up, sel.index_code, sel.year, sel.unit_code,
                      threshold=WEAK_THRESHOLD)
    st.subheader(t("ag.follow_up", lang, threshold=int(WEAK_THRESHOLD)))
    if views.is_empty(follow):
        st.caption(t("ov.no_previous", lang))
        return
    improved, total = views.count_true(follow, "improved")
    st.metric(t("ag.improved_label", lang), f"{improved}/{total}", border=True,
              width="content")
    tables.show(follow, {"lead_name": "lead", "criterion_code": "text", "name": "text", "previous_pct": "pct",
                         "pct": "pct", "improved": "bool"}, lang, key="follow_up", export="theo_doi",
                heading=t("ag.follow_up", lang, threshold=int(WEAK_THRESHOLD)))


layout.page("agencies", body)
