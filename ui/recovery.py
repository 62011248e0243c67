"""Recovery on screen (issue 9): the banner every page shows when a rebuild was refused, the
bundled figures the user's imports outrank, and the editors' restore action."""
from __future__ import annotations

import streamlit as st

from analysis import bundle, paths, problems
from analysis.i18n import t
from ui import data, tables, views
from ui.markup import md_escape


def refused_banner(lang: str, workspace: str) -> None:
    """A sentence, never a traceback: the old database is still served and nothing is lost."""
    try:
        batches = data.refused_batches(workspace)
    except Exception as exc:
        if problems.explain(exc, paths.app_db_path()) is None:
            raise
        return  # an unreadable database: the page's own frame says so, in its words
    if batches:
        st.error(t("rebuild.refused", lang, batches=", ".join(map(str, batches))), icon=":material/warning:")


def overrides(lang: str, ws: str) -> None:
    """Bundled scores outranked by the user's imports, both values and both sources."""
    frame = data.ask(ws, bundle.overridden)
    if views.is_empty(frame):
        return
    st.subheader(t("data.overrides", lang))
    st.caption(t("data.overrides_help", lang))
    tables.show(frame, {"index_code": "text", "year": "text", "unit_name": "text", "criterion_code": "text",
                        "user_score": "num", "user_source": "text", "user_batch": "text",
                        "bundled_score": "num", "bundled_source": "text"}, lang, key="overrides",
                export="so_lieu_uu_tien", heading=t("data.overrides", lang))


def restore_panel(lang: str, ws: str) -> None:
    """Rebuild from the bundled data plus the archive, or roll back to the previous copy."""
    if ws != "real":
        return
    st.subheader(t("recovery.title", lang))
    how = st.radio(t("recovery.title", lang), ["rebuild", "previous"], key="restore_how",
                   format_func=lambda k: t("recovery." + k, lang), label_visibility="collapsed")
    drop = how == "rebuild" and bool(data.refused_batches(ws)) and st.checkbox(t("recovery.drop", lang),
                                                                               key="restore_drop")
    sure = st.checkbox(t("recovery.confirm", lang), key="restore_sure")
    if st.button(t("recovery.run", lang), disabled=not sure, key="restore"):
        done, text = data.restore(ws, previous=how == "previous", drop_unreplayable=drop)
        st.session_state["last_restore"] = (done, text)
        if done:
            st.rerun()
    last = st.session_state.get("last_restore")
    if last:
        done, text = last
        (st.success if done else st.error)(t("recovery.done" if done else "recovery.failed", lang,
                                             what=md_escape(text), why=md_escape(text)))
