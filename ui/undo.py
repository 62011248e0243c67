"""The data page's undo. The button names the batch the editor sees as the newest import, and
the click carries that number: when a colleague's import became the newest in the meantime, the
importer refuses and the page says so, instead of undoing the colleague's batch. Data that ships
with the app (reference and bundled batches) is never offered for undo."""
from __future__ import annotations

import streamlit as st

from analysis import problems
from analysis.i18n import t
from ui import data
from ui.layout import md_escape, workspace_database

_SURE = "undo_sure"          # the confirmation checkbox
_SURE_FOR = "_undo_sure_for"  # the batch the confirmation was given for
_OUTCOME = "_undo_outcome"   # what the last click did, shown once


def newest_in_force(batches: list[dict]) -> dict | None:
    """The newest batch not undone (batches come newest first)."""
    return next((b for b in batches if not b["undone"]), None)


def controls(lang: str, ws: str, batches: list[dict]) -> None:
    """The outcome of the last click, then the confirmation and the button for the newest batch."""
    _show_outcome(lang)
    newest = newest_in_force(batches)
    if newest is None:
        st.caption(t("data.nothing_to_undo", lang))
        return
    batch = newest["batch_id"]
    if newest["kind"] != "user":
        st.caption(t("data.undo_bundled", lang, batch=batch))
        return
    if st.session_state.get(_SURE_FOR) != batch:
        # a confirmation given for another batch does not carry over to this one
        st.session_state[_SURE] = False
        st.session_state[_SURE_FOR] = batch
    files = md_escape(", ".join(newest["files"]))
    sure = st.checkbox(t("data.undo_confirm", lang, batch=batch, files=files), key=_SURE)
    st.button(t("data.undo", lang, batch=batch), disabled=not sure, key="undo", on_click=_undo, args=(ws, batch))


def _undo(ws: str, batch: int) -> None:
    """Button callback: runs before the page reruns, with the batch the button showed. It runs
    outside the page's frame, so a full disk or a damaged file is caught here and told below."""
    st.session_state[_SURE] = False  # every undo asks again
    st.session_state["last_import"] = None
    try:
        done, refused = data.undo(ws, batch)
    except Exception as exc:
        problem = problems.explain(exc, workspace_database())
        if problem is None:
            raise
        st.session_state[_OUTCOME] = ("problem", problem)
        return
    st.session_state[_OUTCOME] = ("done", {"batch": done}) if refused is None else (refused.reason, refused.values)


def _show_outcome(lang: str) -> None:
    outcome = st.session_state.pop(_OUTCOME, None)
    if outcome is None:
        return
    reason, values = outcome
    if reason == "problem":
        st.error(values.text(lang, full_paths=False, escape=md_escape), icon=":material/error:")
        return
    if reason == "done":
        st.success(t("data.undone", lang, **values))
        return
    shown = dict(values)
    if shown.get("files") is not None:
        shown["files"] = md_escape(shown["files"])
    if shown.get("loaded_at") is not None:
        shown["loaded_at"] = shown["loaded_at"].strftime("%d/%m/%Y %H:%M" if lang == "vi" else "%Y-%m-%d %H:%M")
    st.warning(t("data.undo_refused." + reason, lang, **shown))
