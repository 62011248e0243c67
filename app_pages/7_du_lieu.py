"""Dữ liệu: upload files (preview, the importer's own messages, progress), import history with
undo, blank templates of every table, and what is loaded from which source."""
import streamlit as st

from analysis import catalog
from analysis.i18n import import_message, t
from ui import annex_review, auth, data, layout, recovery, tables, undo, upload, views


def body(lang: str, ws: str) -> None:
    st.caption(t("data.database", lang, path=layout.md_escape(data.db_path(ws))))
    st.subheader(t("data.upload", lang))
    editor = False
    if ws == "demo":
        st.info(t("data.demo_readonly", lang))
    else:
        editor = auth.can_edit(lang)  # viewers see the history and the templates only
        if editor:
            _upload(lang, ws)
    _history(lang, ws, editor)
    recovery.overrides(lang, ws)
    if editor:
        recovery.restore_panel(lang, ws)
    _templates(lang)
    _loaded(lang, ws)


def _upload(lang: str, ws: str) -> None:
    st.caption(t("data.upload_help", lang))
    round_ = st.session_state.setdefault("upload_round", 0)
    style = upload.uploader_style(lang)
    if style:
        st.html(style)
    files = st.file_uploader(t("data.files", lang), type=["csv", "xlsx", "pdf"], accept_multiple_files=True,
                             key=f"upload_{round_}")
    plan = annex_review.review(lang, ws, files) if files else annex_review.AnnexPlan()
    for file in files or []:
        if any(r.name == file.name and r.kind != "contract" for r in plan.readings):
            continue  # an annex: shown above as its mapping and figures
        for label, table, frame in upload.preview(file.name, file.getvalue()):
            title = t("data.preview", lang, name=layout.md_escape(label)) + (f" → {table}" if table else "")
            with st.expander(title, expanded=True):
                message = upload.preview_message(frame)
                if message:  # the importer refuses this file outright: say why, in full
                    st.warning(layout.md_escape(import_message(message, lang)))
                    continue
                st.caption(t("data.preview_rows", lang, n=upload.PREVIEW_ROWS))
                st.dataframe(frame, hide_index=True, width="stretch")
    replace = st.checkbox(t("data.replace", lang), key="replace")
    source = st.text_input(t("data.source", lang), key="source")
    if plan.has_annex:
        st.markdown(f"**{t('annex.confirm', lang)}**")
    if st.button(t("data.load", lang), type="primary", disabled=not files or plan.blocked, key="load"):
        bar = st.progress(0.0, text=t("data.loading", lang))
        result = data.load_files(ws, [(f.name, f.getvalue()) for f in files], replace=replace, source=source,
                                 progress=lambda share, step: bar.progress(min(1.0, float(share)),
                                                                           text=import_message(step, lang)),
                                 **plan.load_options())
        bar.empty()
        if result.ok and plan.has_annex and plan.save:
            annex_review.save_mapping(ws, plan)
        st.session_state["last_import"] = _report(result)
        st.session_state["last_import_skipped"] = [(name, reason) for name, reason in result.skipped]
        if result.ok and result.batch_id is not None:
            st.session_state["upload_round"] = round_ + 1  # a fresh, empty uploader
            st.rerun()
    report = st.session_state.get("last_import")
    if report:
        kind, lines = report
        if kind == "ok":
            st.success(t("data.ok", lang, stored=layout.md_escape(import_message(lines[0], lang))))
        elif kind == "nothing":
            st.info(t("data.ok_nothing", lang))
        else:
            st.error(t("data.errors", lang, n=len(lines)))
            st.code("\n".join(import_message(line, lang) for line in lines), language=None)
        skipped = st.session_state.get("last_import_skipped")
        if skipped:  # hidden sheets, files naming no table: said, not silently dropped
            items = "; ".join(f"{name} ({import_message(reason, lang)})" for name, reason in skipped)
            st.caption(t("data.skipped", lang, items=layout.md_escape(items)))


def _report(result) -> tuple[str, list[str]]:
    """What to say after an import, kept across the rerun that clears the uploader."""
    if not result.ok:
        return "error", [str(p) for p in result.errors]
    if result.batch_id is None:
        return "nothing", [result.message]
    return "ok", [result.message]


def _history(lang: str, ws: str, editor: bool) -> None:
    st.subheader(t("data.history", lang))
    batches = data.import_history(ws)
    if views.is_empty(batches):
        st.caption(t("data.nothing_to_undo", lang))
        return
    tables.show(views.frame(batches) if isinstance(batches, list) else batches,
                {"batch_id": "text", "loaded_at": "when", "kind": "text", "source": "batch_source", "files": "text",
                 "rows_added": "int", "rows_replaced": "int", "undone": "bool"}, lang, key="history",
                export="lich_su_nhap", heading=t("data.history", lang))
    if ws == "real" and editor:
        undo.controls(lang, ws, batches)


def _templates(lang: str) -> None:
    st.subheader(t("data.templates", lang))
    st.caption(t("data.templates_help", lang))
    spec = upload.template_tables()
    cols = st.columns(len(spec) + 1)
    for col, (table, columns) in zip(cols, spec.items()):
        with col:
            st.markdown(f"**{table}**")
            st.caption(", ".join(c + ("*" if req else "") for c, _, req in columns))
            st.download_button(".csv", upload.template_csv(table), file_name=f"{table}.csv", mime="text/csv",
                               key=f"tpl_csv_{table}")
            st.download_button(".xlsx", upload.template_xlsx([table]), file_name=f"{table}.xlsx",
                               key=f"tpl_xlsx_{table}")
    with cols[-1]:
        st.markdown("**mau_nhap_lieu.xlsx**")
        st.download_button(".xlsx", upload.template_xlsx(), file_name="mau_nhap_lieu.xlsx", key="tpl_xlsx_all")


def _loaded(lang: str, ws: str) -> None:
    st.subheader(t("data.loaded", lang))
    indices = data.ask(ws, catalog.indices)
    if views.is_empty(indices):
        layout.empty_state(lang, "empty.no_data", link=False)
        return
    tables.show(indices, {"index_code": "text", "first_year": "text", "last_year": "text", "has_tree": "bool"}, lang,
                key="indices", export="du_lieu_dang_co", heading=t("data.loaded", lang))


layout.page("data", body)
