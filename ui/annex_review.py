"""The Dữ liệu page's annex step: upload → the mapping table (column → what it becomes, with the
units recognised) → the figures as they will be stored → confirm. The reading is the importer's
own (analysis.importer.annex_load); this module only lays it out and keeps the person's choices
(index, year, a criterion code for a column) in the session."""
from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import streamlit as st

from analysis import fmt
from analysis.i18n import TEXT, import_message, t
from analysis.importer import annex_load, annex_mapping
from ui import data, layout

PREVIEW_ROWS = 30


@dataclass
class AnnexPlan:
    """What the confirm button passes to the import, and whether it may be pressed."""
    index_code: str | None = None
    year: int | None = None
    mapping: dict = field(default_factory=dict)
    readings: list = field(default_factory=list)
    has_annex: bool = False
    blocked: bool = False
    save: bool = False

    def load_options(self) -> dict:
        return {"index_code": self.index_code, "year": self.year, "mapping": self.mapping}


def _read(ws: str, files, index_code, year, mapping):
    db_path = data.db_path(ws)
    with tempfile.TemporaryDirectory(prefix="pardash-annex-ui-") as folder:
        paths = []
        for file in files:
            target = Path(folder) / Path(file.name).name
            target.write_bytes(file.getvalue())
            paths.append(target)
        ctx = annex_load.context(db_path, index_code=index_code, year=year, mapping=mapping)
        return annex_load.read_files(paths, ctx, {p: p.name for p in paths})


def review(lang: str, ws: str, files) -> AnnexPlan:
    """Show the mapping and the preview of every annex among `files`; returns the plan."""
    plan = AnnexPlan()
    cols = st.columns(2)
    index_code = cols[0].text_input(t("annex.index", lang), key="annex_index").strip().upper() or None
    year = int(cols[1].number_input(t("annex.year", lang), min_value=0, max_value=2100, value=0, step=1,
                                    key="annex_year")) or None
    chosen = st.session_state.setdefault("annex_overrides", {})
    mapping = annex_mapping.merge(annex_mapping.saved(data.db_path(ws)), chosen)
    readings = _read(ws, files, index_code, year, mapping)
    plan.index_code, plan.year, plan.mapping, plan.readings = index_code, year, mapping, readings
    for reading in readings:
        if reading.kind == "contract":
            continue
        plan.has_annex = True
        with st.container(border=True):
            st.markdown(f"**{layout.md_escape(t('annex.title', lang, name=reading.name))}**")
            for sheet in reading.sheets:
                if sheet.is_annex:
                    _sheet(lang, sheet, chosen)
            problems = annex_load.all_problems([reading])
            if problems:
                plan.blocked = True
                st.error(t("annex.problems", lang, n=len(problems)))
                st.code("\n".join(import_message(str(p), lang) for p in problems), language=None)
    if plan.has_annex:
        plan.save = st.checkbox(t("annex.save_mapping", lang), key="annex_save", value=True)
    return plan


def _sheet(lang: str, sheet, chosen: dict) -> None:
    st.caption(layout.md_escape(sheet.label) + " · " + t("annex.read_as", lang, index=sheet.index_code or "?",
                                                          year=sheet.year or "?", index_how=_how(lang, sheet.index_how),
                                                          year_how=_how(lang, sheet.year_how)))
    st.markdown(f"**{t('annex.mapping', lang)}**")
    st.caption(t("annex.mapping_help", lang))
    table = annex_load.mapping_table([_One(sheet)])
    shown = pd.DataFrame({
        t("annex.col.column", lang): table["column"],
        t("annex.col.becomes", lang): [t(f"annex.becomes.{b}", lang) for b in table["becomes"]],
        t("annex.col.code", lang): table["code"],
        t("annex.col.name", lang): table["name"],
        t("annex.col.max", lang): [_maximum(m, lang) for m in table["max_score"]],
        t("annex.col.how", lang): [_how(lang, h) for h in table["how"]],
    })
    code_col = t("annex.col.code", lang)
    edited = st.data_editor(shown, hide_index=True, width="stretch", key=f"annex_map_{sheet.label}",
                            disabled=[c for c in shown.columns if c != code_col])
    for header, before, after in zip(table["column"], table["code"], edited[code_col]):
        if (after or "") != (before or ""):
            chosen.update(annex_mapping.merge(chosen, annex_mapping.override(sheet.index_code, header, after)))
            st.rerun()
    hows: dict[str, int] = {}
    for u in sheet.units:
        hows[u.how] = hows.get(u.how, 0) + 1
    if sheet.problems:
        return
    st.caption(t("annex.units", lang, n=len(sheet.units), how=", ".join(f"{n} {_how(lang, h)}" for h, n in hows.items())))
    st.markdown(f"**{t('annex.preview', lang)}**")
    figures = annex_load.figures_table([_One(sheet)])
    st.caption(t("annex.preview_help", lang, n=len(figures), rows=PREVIEW_ROWS))
    preview = figures.head(PREVIEW_ROWS)
    st.dataframe(pd.DataFrame({
        t("annex.col.line", lang): preview["line"],
        t("annex.col.unit", lang): preview["unit"],
        t("annex.col.unit_name", lang): [f"{n} ({c})" if c else "" for n, c in zip(preview["unit_name"], preview["unit_code"])],
        t("annex.col.code", lang): preview["criterion_code"].replace("", "∑"),
        t("annex.col.score", lang): [fmt.number(v, lang=lang, empty="") if not pd.isna(v) else "" for v in preview["score"]],
        t("annex.col.rank", lang): [("" if pd.isna(r) else str(int(r))) for r in preview["rank"]],
    }), hide_index=True, width="stretch")


def _maximum(value, lang: str) -> str:
    """A maximum as the annex states it, without trailing zeros: 9,5 (9.5 in English)."""
    if pd.isna(value):
        return ""
    text = f"{value:g}"
    return text if lang == "en" else text.replace(".", ",")


def _how(lang: str, how: str) -> str:
    """How something was read, in the page's language (the reader's words where none is catalogued)."""
    key = f"annex.how.{how}"
    return t(key, lang) if key in TEXT else how


class _One:
    """One sheet dressed as a FileReading for the table builders."""

    def __init__(self, sheet):
        self.sheets = [sheet]


def save_mapping(ws: str, plan: AnnexPlan) -> None:
    annex_mapping.save(data.db_path(ws), plan.readings)
    st.session_state["annex_overrides"] = {}
