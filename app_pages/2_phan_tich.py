"""Phân tích chỉ số thành phần: the ledger field → criterion → sub-criterion, weakest first, a bar
chart of points lost, and the detail of the row or bar the user picks."""
import streamlit as st

from analysis import charts, compare
from analysis import ledger as lg
from analysis.i18n import coverage_text, t
from ui import data, downloads, layout, selection, tables, views

# On screen, what a Sở reads first fits a 1366-px laptop without scrolling sideways: achievement,
# points lost, the gaps and the lead agency; the raw scores, the change and the note follow on the
# right. The export keeps every column in the ledger's own order.
LEDGER_COLUMNS = {"criterion_code": "text", "name": "text", "pct": "pct", "points_lost": "num",
                  "gap_to_mean": "signed", "gap_to_target": "signed", "lead_name": "lead",
                  "delta_score": "signed", "score": "num", "max_score": "num", "gap_to_best": "signed",
                  "break_note": "text"}
LEDGER_WIDTHS = {"criterion_code": 56, "name": 230, "pct": 72, "points_lost": 86, "gap_to_mean": 92,
                 "gap_to_target": 122, "lead_name": 190}
LEDGER_EXPORT = {"criterion_code": "text", "name": "text", "score": "num", "max_score": "num", "pct": "pct",
                 "points_lost": "num", "delta_score": "signed", "gap_to_mean": "signed", "gap_to_best": "signed",
                 "gap_to_target": "signed", "lead_name": "lead", "break_note": "text"}


def body(lang: str, ws: str) -> None:
    sel = layout.require(selection.sidebar(), lang)
    ledger = data.ask(ws, lg.ledger, sel.index_code, sel.year, sel.unit_code)
    if views.is_empty(ledger) or not views.depths(ledger):
        raise layout.Empty("empty.no_tree")
    # Every row's detail, asked with the page: a row click then opens its detail from the cache.
    details = data.ask(ws, lg.criteria_details, sel.index_code, sel.year, sel.unit_code)
    _ledger_and_detail(sel, ws, lang, ledger, details)


# A row or bar click, the level and the field change only what is below them: they rerun this
# part alone, not the sidebar and the page around it (a province change reruns everything).
@st.fragment
def _ledger_and_detail(sel, ws: str, lang: str, ledger, details) -> None:
    levels = views.depths(ledger)
    fields = views.fields(ledger)
    c1, c2 = st.columns(2)
    # Both kept in the URL (?level=&field=), so a copied link reopens the same cut of the ledger.
    depth = selection.page_choice("radio", c1, t("dd.depth", lang), "level", levels, levels[-1], horizontal=True,
                                  fmt=lambda d: t(f"dd.depth{d}", lang))
    field = selection.page_choice("selectbox", c2, t("dd.field", lang), "field", [""] + list(fields), "",
                                  fmt=lambda c: f"{c}. {fields[c]}" if c else t("dd.all_fields", lang))
    rows = views.ledger_level(ledger, depth, field or None)

    st.subheader(t("dd.ledger", lang))
    event = tables.show(rows, LEDGER_COLUMNS, lang, key="ledger", select=True, height=400, export="bang_diem",
                        heading=t("dd.ledger", lang), workbooks=[downloads.ledger_workbook(sel)],
                        export_columns=LEDGER_EXPORT, widths=LEDGER_WIDTHS)
    _mean_coverage(ws, sel, ledger, lang)
    # Whichever of the table row or the chart bar changed last opens its criterion.
    row = views.row_value(rows, tables.selected_row(event), "criterion_code")
    bar = _picked_bar(st.session_state.get("bars"))
    for source, picked in (("row", row), ("bar", bar)):
        if layout.changed("drill_" + source, picked) and picked:
            selection.set_extra("crit", picked)
    code = selection.extra("crit")
    if code and views.lookup(ledger, "criterion_code", code, "name") is not None:
        _detail(sel, lang, ledger, details, code)
    else:
        st.info(t("dd.pick", lang))
    # The chart's own title names its order (the table's): exported PNGs keep it.
    bars = charts.points_lost_chosen(layout.figure(charts.points_lost, rows, lang=lang), code)
    layout.chart(bars, key="bars", on_select="rerun",
                 export="diem_bi_mat")


def _mean_coverage(ws, sel, ledger, lang: str) -> None:
    """Says on how many provinces the national mean of the gap column rests, when not on all."""
    cov = data.ask(ws, compare.coverage, sel.index_code, sel.year)
    fewest = views.fewest(ledger, "mean_of")
    if cov is not None and fewest is not None and fewest < cov.n_units:
        st.caption(t("cov.mean_col", lang, cov=coverage_text(fewest, cov.n_units, lang)))


def _picked_bar(event):
    if not event:
        return None
    chosen = (event["selection"] or {}).get(charts.PICK) or []
    return chosen[0].get("criterion_code") if chosen else None


def ui_lead(lead: dict) -> str:
    """'Sở Nội vụ (phối hợp: Văn phòng UBND tỉnh)'."""
    text = str(lead.get("lead_name") or lead.get("lead_code"))
    return text + (f" · {lead['support_names']}" if lead.get("support_names") else "")


def _detail(sel, lang: str, ledger, details, code: str) -> None:
    name = views.lookup(ledger, "criterion_code", code, "name")
    st.subheader(t("dd.detail", lang, code=layout.md_escape(code), name=layout.md_escape(name)))
    detail = lg.detail_of(details, code) if details else None
    lead = detail.get("lead") if detail else None
    st.markdown(t("dd.lead", lang, lead=layout.md_escape(ui_lead(lead))) if lead else t("dd.no_lead", lang))
    left, right = st.columns([2, 3])
    with left:
        st.markdown("**" + t("dd.history", lang) + "**")
        if detail and not views.is_empty(detail["history"]):
            layout.chart(layout.figure(charts.history, detail["history"], lang=lang), export=f"qua_cac_nam_{code}")
    with right:
        st.markdown("**" + t("dd.distribution", lang) + "**")
        if detail and not views.is_empty(detail["distribution"]):
            layout.chart(layout.figure(charts.distribution, detail["distribution"], sel.unit_code, lang=lang,
                                        value="pct"),
                         export=f"cac_tinh_{code}")


layout.page("drilldown", body)
