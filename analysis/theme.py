"""One look for every chart, on screen and in exports: colours, fonts, and the Vietnamese number
locale, so an axis reads 85,57 exactly like the tables and the narrative."""
from __future__ import annotations

from typing import TYPE_CHECKING

from analysis.fmt import D3_LOCALE_VI, d3_locale

# On screen Streamlit serves Source Sans (full Vietnamese coverage). Server-side exports
# (vl-convert) map sans-serif to Liberation 1.07 which lacks Vietnamese, so exports name DejaVu.
FONT_SCREEN = "Source Sans Pro, Source Sans 3, DejaVu Sans, sans-serif"
FONT_EXPORT = "DejaVu Sans"

PRIMARY = "#0b5394"      # the selected province / our unit
PEER = "#9fb7cf"         # everyone else
GOOD = "#2e7d32"         # rise, target met
BAD = "#c62828"          # fall, points lost
NEUTRAL = "#8a8a8a"
TARGET = "#ef6c00"
HIGHLIGHT = "#f9a825"
CATEGORY = ["#0b5394", "#ef6c00", "#2e7d32", "#6a1b9a", "#00838f", "#ad1457", "#5d4037", "#546e7a",
            "#9e9d24", "#3949ab"]
# Bands in their meaning's colours (best green ... worst red); unknown bands use CATEGORY.
BAND_COLORS = {"A": "#2e7d32", "B": "#0b5394", "Tốt": "#2e7d32", "Khá": "#0b5394", "Trung bình": "#ef6c00",
               "Yếu": "#c62828", "dưới 80%": "#ef6c00", "–": "#9e9e9e"}
# Sequential scale of the choropleth: light (low) to dark (high) blue.
SEQUENTIAL = "blues"
NO_DATA = "#d9d9d9"      # a province without a score on the map ("chưa có số liệu"), never 0
ARCHIPELAGO = "#37474f"  # Hoàng Sa and Trường Sa: dots and labels

# d3-format specs used by encodings: the locale turns "." into "," and "," into ".".
NUM = ",.2f"
NUM1 = ",.1f"
AXIS = ",.2~f"  # axis ticks: up to two decimals, trailing zeros dropped (0,05 · 0,1 · 87,5)
INT = ",d"
SIGNED = "+,.2f"

LOCALE = {"number": dict(D3_LOCALE_VI)}

if TYPE_CHECKING:
    import altair as alt


def finish(chart: alt.TopLevelMixin, *, export: bool = False, lang: str = "vi") -> alt.TopLevelMixin:
    """Apply the project's configuration (font, number locale of `lang`, quiet axes) to a
    finished chart."""
    import altair as alt  # here, not at the top: a first page whose charts are stored templates needs none

    font = FONT_EXPORT if export else FONT_SCREEN
    return (
        chart.configure(font=font, locale=alt.Locale(number=d3_locale(lang)))
        .configure_axis(labelFontSize=12, titleFontSize=12, grid=True, gridColor="#e8e8e8", domainColor="#bdbdbd")
        .configure_legend(labelFontSize=12, titleFontSize=12, orient="bottom")
        .configure_title(fontSize=14, anchor="start")
        .configure_view(strokeWidth=0)
    )
