"""Charts drawn for a slide (the deck, the offline copy and the Trình chiếu page), where the
page's charts would crowd: a slide is read from across a room, in one look.

- `trend_slide`: the score over the years. Values are written only where they fit (every point
  for a short series; first, last, lowest and highest for a long one), year labels that would
  touch are dropped, and methodology breaks are dashed rules explained once under the chart
  ("┆ Phương pháp mới: 2018, 2021"), never text written over the values.
- `peer_dots`: the peer group as a dot plot on an axis that starts near the lowest score (said
  in the axis title), so a 3-point difference is visible; our unit is the blue dot.
"""
from __future__ import annotations

import altair as alt
import pandas as pd

from analysis import theme
from analysis.charts import _period_starts, _tip
from analysis.i18n import t

LABEL_EVERY_POINT_UP_TO = 6   # years; beyond that only the points that tell the story are labelled


def _labelled_years(data: pd.DataFrame) -> set[int]:
    if len(data) <= LABEL_EVERY_POINT_UP_TO:
        return set(data["year"])
    scored = data.dropna(subset=["score"])
    picks = {scored["year"].iloc[0], scored["year"].iloc[-1],
             scored.loc[scored["score"].idxmin(), "year"], scored.loc[scored["score"].idxmax(), "year"]}
    return {int(y) for y in picks}


def trend_slide(df: pd.DataFrame, *, lang: str = "vi", is_percent: bool = False,
                export: bool = False) -> alt.TopLevelMixin:
    """Score over the years for a slide. df: year, score, rank, rank_of[, period]."""
    data = df.copy()
    data["label"] = data["year"].isin(_labelled_years(data))
    # one explicit year axis for every layer (the break rules carry only some years)
    x = alt.X("year:O", title=t("col.year", lang), scale=alt.Scale(domain=[int(y) for y in data["year"]]),
              axis=alt.Axis(labelAngle=0, labelOverlap="greedy"))
    base = alt.Chart(data).encode(
        x=x,
        y=alt.Y("score:Q", title=t("col.score", lang), scale=alt.Scale(zero=False, padding=18),
                axis=alt.Axis(format=theme.AXIS, tickCount=5)),
        tooltip=[_tip("year", t("col.year", lang), kind="O"), _tip("score", t("col.score", lang), theme.NUM)],
    )
    line = base.mark_line(color=theme.PRIMARY, strokeWidth=2.5)
    if "period" in data.columns:
        line = line.encode(detail=alt.Detail("period:N"))
    points = base.mark_point(filled=True, size=60, color=theme.PRIMARY)
    # values beside their point, not centred on it, so the break rule through a point's year never
    # crosses its value (the last one to the left, inside the frame); a white outline under each
    # keeps it legible where the line passes
    last = int(data["year"].iloc[-1])
    text = alt.Text("score:Q", format=theme.NUM)
    layers = [line, points]
    for keep, align, dx in ((f"datum.label && datum.year != {last}", "left", 6), (f"datum.year == {last}", "right", -6)):
        labelled = base.transform_filter(keep)
        layers.append(labelled.mark_text(align=align, dx=dx, dy=-11, fontSize=12, stroke="white", strokeWidth=4,
                                         strokeJoin="round").encode(text=text))
        layers.append(labelled.mark_text(align=align, dx=dx, dy=-11, fontSize=12, color="#333").encode(text=text))
    starts = _period_starts(data)
    chart_title = None
    if len(starts):
        # drawn first, under the line and the values
        layers.insert(0, alt.Chart(starts).mark_rule(color=theme.NEUTRAL, strokeDash=[4, 4]).encode(x=x))
        years = ", ".join(str(int(y)) for y in starts["year"])
        chart_title = alt.TitleParams(f"┆ {t('ch.method_break', lang)}: {years}", orient="bottom", anchor="start",
                                      fontSize=12, fontWeight="normal", color=theme.NEUTRAL)
    chart = alt.layer(*layers).properties(height=260)
    if chart_title is not None:
        chart = chart.properties(title=chart_title)
    return theme.finish(chart, export=export, lang=lang)


def peer_dots(df: pd.DataFrame, *, lang: str = "vi", unit_code: str = "", export: bool = False) -> alt.TopLevelMixin:
    """The peer group's scores as dots on an axis that does not start at 0. df: unit_code, name, score."""
    data = df.dropna(subset=["score"]).assign(ours=lambda d: d["unit_code"].astype(str) == str(unit_code))
    low, high = float(data["score"].min()), float(data["score"].max())
    pad = max((high - low) * 0.08, 0.5)
    axis_title = t("deck.axis_not_zero", lang, low=f"{low - pad:.0f}")
    y = alt.Y("name:N", title=None, sort=alt.EncodingSortField("score", order="descending"),
              axis=alt.Axis(labelLimit=260, labelFontSize=13))
    scale = alt.Scale(domain=[low - pad, high + pad * 2.5], nice=False, zero=False)
    x = alt.X("score:Q", title=axis_title, scale=scale, axis=alt.Axis(format=theme.AXIS, tickCount=5))
    colour = alt.condition("datum.ours", alt.value(theme.PRIMARY), alt.value("#9e9e9e"))
    base = alt.Chart(data).encode(y=y, x=x)
    stems = alt.Chart(data.assign(start=low - pad)).mark_rule(color="#dddddd", strokeWidth=1).encode(
        y=y, x=alt.X("start:Q", scale=scale, title=axis_title), x2=alt.X2("score"))
    dots = base.mark_circle(opacity=1).encode(color=colour, size=alt.condition("datum.ours", alt.value(190),
                                                                               alt.value(110)))
    values = base.mark_text(align="left", dx=9, fontSize=12).encode(
        text=alt.Text("score:Q", format=theme.NUM), color=colour)
    chart = alt.layer(stems, dots, values).properties(height=max(140, 26 * len(data)))
    return theme.finish(chart, export=export, lang=lang)
