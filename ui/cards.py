"""Headline cards: score, rank/N, change in points and places, band, target. Texts come from the
catalogue and numbers from analysis.fmt; colours and arrows are chosen explicitly because the
Vietnamese minus sign and "giảm 2 bậc" are not read as negative by st.metric."""
from __future__ import annotations

import streamlit as st

from analysis import config, fmt, headline as hl
from analysis.i18n import band_name, coverage_text, index_name, places_change, t
from ui.layout import score_text
from ui.markup import md_escape


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
    goal_text = score_text(goal, is_percent, lang) if goal is not None else (
        t("col.rank", lang) + " " + str(target.get("target_rank")) if target.get("target_rank") is not None else "–")
    if target.get("met"):
        return ":material/check_circle: " + t("ov.target_met", lang, target=goal_text)
    if target.get("met") is False and target.get("gap") is not None:
        return ":material/error: " + t("ov.target_gap", lang, gap=fmt.number(target["gap"], lang=lang), target=goal_text)
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
            delta = t("ov.delta_points", lang, delta=fmt.signed(h.delta_score, lang=lang), year=h.previous_year)
        score_col.metric(t("ov.score", lang), score_text(h.score, h.is_percent, lang), delta=delta,
                         delta_color=color, delta_arrow=arrow)
        color, arrow = _direction(h.delta_rank)
        rank_col.metric(t("ov.rank", lang), rank_text(h.rank, h.rank_of), delta=places_text(h.delta_rank, lang),
                        delta_color=color, delta_arrow=arrow,
                        help=t("ov.rank_published" if h.rank_published else "ov.rank_computed", lang))
        lines = []
        if h.band:
            lines.append(f"{t('ov.band', lang)}: **{md_escape(band_name(h.band, lang))}**")
        lines.append(target_text(target, h.is_percent, lang))
        line = national_line(h, lang)
        if line:
            lines.append(line)
        st.caption("  \n".join(lines))


def national_line(h, lang: str) -> str | None:
    """The national mean and leader, saying on how many units they rest when that is fewer than
    the group has, and no mean at all below config.MEAN_MIN_COVERAGE (with the reason)."""
    if h.national_mean is None or not h.leader_name:
        return None
    mean = score_text(h.national_mean, h.is_percent, lang)
    leader, score = md_escape(h.leader_name), score_text(h.leader_score, h.is_percent, lang)
    # a headline without coverage (built elsewhere) is shown as before
    n_scored, n_units = getattr(h, "n_scored", None), getattr(h, "n_units", None)
    if not hl.is_partial(n_scored, n_units):
        return t("ov.national", lang, mean=mean, leader=leader, score=score)
    cov = coverage_text(n_scored, n_units, lang, getattr(h, "level", "province"))
    if not hl.coverage_ok(n_scored, n_units):
        return t("ov.mean_hidden", lang, cov=cov, min=fmt.number(100 * config.MEAN_MIN_COVERAGE, 0, lang=lang),
                 leader=leader, score=score)
    return t("ov.national_partial", lang, cov=cov, mean=mean, leader=leader, score=score)


def source_notes(found, lang: str) -> None:
    """Under the cards: where a figure's own cited source says otherwise, the note that says so."""
    for code, h, _target in found:
        note = hl.source_note(h, lang)
        if note:
            st.caption(f":material/warning: **{md_escape(index_name(code, lang))}** · {md_escape(note)}")
