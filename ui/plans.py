"""The remediation plans section of the Đơn vị chủ trì page (kế hoạch khắc phục, issue 15): the
follow-up per agency and weak item, the "plans missing" reminder list, and for editors a table
to update a plan's deadline, status and evidence. Every save is an import batch (source noted,
undoable on the spot and on the data page)."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis import plans as an
from analysis.plan_edits import changed_rows, save_plans
from analysis.i18n import t
from ui import auth, data, tables, undo

_SAVED = "_plans_saved"  # the LoadResult of the last save, shown once


def section(sel, lang: str, ws: str, threshold: float) -> None:
    year = data.ask(ws, an.followed_year, sel.index_code, sel.year, sel.unit_code) or sel.year
    st.subheader(t("plans.heading", lang, year=year))
    summary = data.ask(ws, an.plan_summary, sel.index_code, year, sel.unit_code, threshold=threshold)
    if not summary:
        st.caption(t("plans.none", lang, year=year))
        return
    cols = st.columns(5)
    for col, key in zip(cols, ("weak_items", "with_plan", "done", "overdue", "missing")):
        col.metric(t("plans.metric." + key, lang), summary[key], border=True)
    follow = data.ask(ws, an.follow_up, sel.index_code, year, sel.unit_code, threshold=threshold)
    shown = follow.assign(state=[t("plans.state." + s, lang) for s in follow["state"]],
                          deadline=[_day(d) for d in follow["deadline"]])
    tables.show(shown, {"agency_name": "lead", "criterion_code": "text", "name": "text", "pct": "pct",
                        "state": "text", "plans": "int", "deadline": "text", "next_pct": "pct",
                        "delta_pct": "signed", "delta_rank": "signed_int"},
                lang, key="plans_follow_up", export="ke_hoach_theo_doi", heading=t("plans.heading", lang, year=year))
    missing = data.ask(ws, an.plans_missing, sel.index_code, year, sel.unit_code, threshold=threshold)
    if missing is not None and len(missing):
        st.markdown("**" + t("plans.missing", lang, due=an.plan_due(year).strftime("%d/%m/%Y")) + "**")
        missing = missing.assign(due=[_day(d) for d in missing["due"]])
        tables.show(missing, {"agency_name": "lead", "criterion_code": "text", "name": "text", "pct": "pct",
                              "due": "text"}, lang, key="plans_missing", export="ke_hoach_con_thieu",
                    heading=t("plans.missing", lang, due=an.plan_due(year).strftime("%d/%m/%Y")))
    _editor(sel, lang, ws, year)


def _day(value) -> str | None:
    return value.strftime("%d/%m/%Y") if value is not None and not pd.isna(value) else None


def _editor(sel, lang: str, ws: str, year: int) -> None:
    """Editors update the plans in place; viewers see no editor at all."""
    stored = data.ask(ws, an.plans, sel.index_code, year, sel.unit_code)
    if stored is None or stored.empty:
        return
    with st.expander(t("plans.edit", lang), icon=":material/edit:"):
        if not auth.can_edit(lang):
            return
        before = editable(stored, lang)
        labels = {t("plans.status." + s, lang): s for s in an.STATUSES}
        edited = st.data_editor(
            before, key="plans_editor", hide_index=True, width="stretch",
            disabled=["criterion_code", "name", "agency_code", "agency_name", "action"],
            column_order=["criterion_code", "agency_name", "action", "deadline", "status", "evidence"],
            column_config={
                "criterion_code": st.column_config.TextColumn(t("col.code", lang)),
                "agency_name": st.column_config.TextColumn(t("col.lead", lang)),
                "action": st.column_config.TextColumn(t("plans.col.action", lang), width="large"),
                "deadline": st.column_config.DateColumn(t("plans.col.deadline", lang), format="DD/MM/YYYY"),
                "status": st.column_config.SelectboxColumn(t("plans.col.status", lang), options=list(labels),
                                                           required=True),
                "evidence": st.column_config.TextColumn(t("plans.col.evidence", lang)),
            })
        if st.button(t("plans.save", lang), key="plans_save", type="primary"):
            _save(sel, ws, year, before, edited, labels, lang)
        _show_saved(lang, ws)


def editable(stored: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The editor's frame: keys, then the editable columns with the status as its label."""
    out = stored[["criterion_code", "name", "agency_code", "agency_name", "action", "deadline", "status",
                  "evidence"]].copy()
    out["status"] = [t("plans.status." + s, lang) for s in out["status"]]
    return out.reset_index(drop=True)


def _save(sel, ws: str, year: int, before, edited, labels: dict, lang: str) -> None:
    def coded(frame):
        return frame.assign(status=[labels.get(s, s) for s in frame["status"]])

    rows = changed_rows(coded(before), coded(edited))
    if rows.empty:
        st.session_state[_SAVED] = None
        st.info(t("plans.nothing_changed", lang))
        return

    st.session_state[_SAVED] = save_plans(data.db_path(ws), sel.index_code, year, sel.unit_code, rows,
                                          source=t("plans.edit_source", lang))
    st.rerun()


def _show_saved(lang: str, ws: str) -> None:
    result = st.session_state.get(_SAVED)
    if result is None:
        return
    if result.ok:
        st.success(t("plans.saved", lang, batch=result.batch_id))
        undo.controls(lang, ws, data.import_history(ws))
    else:
        st.error("\n\n".join(str(e) for e in result.errors))
