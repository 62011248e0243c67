"""Mục tiêu: target vs actual and the gap, then what it would take: the score for a wanted rank
and where the points are most recoverable."""
import streamlit as st

from analysis import charts, fmt, headline, targets
from analysis.i18n import index_name, t
from ui import cards, data, layout, selection, tables, views


def body(lang: str, ws: str) -> None:
    sel = layout.require(selection.sidebar(), lang)
    h = data.ask(ws, headline.headline, sel.index_code, sel.year, sel.unit_code)
    if h is None:
        raise layout.Empty("empty.no_score", unit=sel.unit_code, index=index_name(sel.index_code, lang), year=sel.year)
    target = data.ask(ws, targets.target_status, sel.index_code, sel.year, sel.unit_code)
    st.subheader(t("tg.status", lang))
    a, b, c, d = st.columns(4)
    layout.metric(t("col.score", lang), layout.score_text(h.score, h.is_percent, lang), container=a)
    layout.metric(t("col.rank", lang), cards.rank_text(h.rank, h.rank_of), container=b)
    if target:
        goal = target.get("target_score")
        layout.metric(t("col.target_score", lang), layout.score_text(goal, h.is_percent, lang) if goal is not None else "–",
                      container=c)
        layout.metric(t("col.target_rank", lang), fmt.integer(target.get("target_rank"), lang=lang), container=d)
        st.markdown(cards.target_text(target, h.is_percent, lang))
        if target.get("note"):
            st.caption(layout.md_escape(target["note"]))
    else:
        layout.empty_state(lang, "empty.no_target", index=index_name(sel.index_code, lang), year=sel.year)

    st.subheader(t("tg.what_it_takes", lang))
    default_rank = _rank_default((target or {}).get("target_rank"), h.rank)
    wanted = st.number_input(t("tg.rank_wanted", lang), min_value=1, max_value=int(h.rank_of or 63),
                             value=min(default_rank, int(h.rank_of or 63)), step=1, key="rank_wanted")
    needed = data.ask(ws, targets.score_for_rank, sel.index_code, sel.year, sel.unit_code, int(wanted))
    if needed is None:
        st.caption(t("tg.score_needed_none", lang, rank=wanted))
    else:
        st.markdown(t("tg.score_needed", lang, rank=wanted, score=layout.score_text(needed, h.is_percent, lang)))
    gap = (target or {}).get("gap")
    points = layout.decimal_input(t("tg.points", lang), _points_default(gap, needed, h.score), lang, key="points")
    gains = data.ask(ws, targets.gains_to_close, sel.index_code, sel.year, sel.unit_code, float(points))
    if not views.is_empty(gains):
        st.markdown("**" + t("tg.gains", lang) + "**")
        layout.chart(charts.gains(gains, lang=lang), export="co_the_tang")
        tables.show(gains, {"criterion_code": "text", "name": "text", "score": "num", "max_score": "num",
                            "gain": "num"}, lang, key="gains", export="tieu_chi_co_the_tang",
                    heading=t("tg.gains", lang))


def _rank_default(target_rank, rank) -> int:
    """The target rank while it is not reached, else five places better than now."""
    if rank is None:
        return int(target_rank or 1)
    if target_rank is not None and int(target_rank) < int(rank):
        return int(target_rank)
    return max(1, int(rank) - 5)


def _points_default(gap, needed, score) -> float:
    """The target's gap if there is one, else what the wanted rank needs (never negative)."""
    for value in (gap, None if needed is None else needed - score):
        if value is not None and value == value and value > 0:
            return round(min(float(value), 100.0), 2)
    return 1.0


layout.page("targets", body)
