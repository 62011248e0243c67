"""Headline cards: score, rank/N, change in points and places, band, target. Texts come from the
catalogue and numbers from analysis.fmt; colours and arrows are chosen explicitly because the
Vietnamese minus sign and "giảm 2 bậc" are not read as negative by st.metric."""
from __future__ import annotations

import streamlit as st

from analysis import fmt
from analysis.i18n import band_name, index_name, places_change, t
from ui.layout import md_escape, score_text


def _direction(value) -> tuple[str, str]:
    if value is None or value != value or round(value, 2) == 0:
        return "gray", "off"
    return ("green", "up") if value > 0 else ("red", "down")


def places_text(delta_rank, lang: str) -> str | None:
    """'tăng 4 bậc' / 'giảm 2 bậc' / 'giữ nguyên thứ hạng'; None without a comparison."""
    return places_change(delta_rank, lang)


def rank_text(rank, rank_of) -> str:
    if rank is None or rank != rank:
        return "–"
    return f"{int(rank)}/{int(rank_of)}" if rank_of is not None and rank_of == rank_of else str(int(rank))


def target_text(target: dict | None, is_percent: bool, lang: str) -> str:
    if not target:
        return t("ov.target_none", lang)
    goal = target.get("target_score")
    goal_text = score_text(goal, is_percent) if goal is not None else (
        t("col.rank", lang) + " " + str(target.get("target_rank")) if target.get("target_rank") is not None else "–")
    if target.get("met"):
        return ":material/check_circle: " + t("ov.target_met", lang, target=goal_text)
    if target.get("met") is False and target.get("gap") is not None:
        return ":material/error: " + t("ov.target_gap", lang, gap=fmt.number(target["gap"]), target=goal_text)
    if target.get("met") is False:
        return ":material/error: " + t("tg.not_met", lang) + " (" + goal_text + ")"
    return t("tg.unknown", lang) + " (" + goal_text + ")"


def headline_card(index_code: str, h, target: dict | None, lang: str) -> None:
    """One bordered card for one index."""
    with st.container(border=True):
        st.markdown(f"**{md_escape(index_name(index_code, lang))}**")
        score_col, rank_col = st.columns(2)
        color, arrow = _direction(h.delta_score)
        delta = None
        if h.delta_score is not None and h.delta_score == h.delta_score:
            delta = t("ov.delta_points", lang, delta=fmt.signed(h.delta_score), year=h.previous_year)
        score_col.metric(t("ov.score", lang), score_text(h.score, h.is_percent), delta=delta,
                         delta_color=color, delta_arrow=arrow)
        color, arrow = _direction(h.delta_rank)
        rank_col.metric(t("ov.rank", lang), rank_text(h.rank, h.rank_of), delta=places_text(h.delta_rank, lang),
                        delta_color=color, delta_arrow=arrow,
                        help=t("ov.rank_published" if h.rank_published else "ov.rank_computed", lang))
        lines = []
        if h.band:
            lines.append(f"{t('ov.band', lang)}: **{md_escape(band_name(h.band, lang))}**")
        lines.append(target_text(target, h.is_percent, lang))
        if h.national_mean is not None and h.leader_name:
            lines.append(t("ov.national", lang, mean=score_text(h.national_mean, h.is_percent),
                           leader=md_escape(h.leader_name),
                           score=score_text(h.leader_score, h.is_percent)))
        st.caption("  \n".join(lines))
