"""Charts rendered on the server: Vietnamese text, PNG at the expected pixel size, SVG text."""
from __future__ import annotations

import altair as alt
import pandas as pd
import pytest

from analysis.export.images import EXPORT_FONT, chart_png, chart_svg, png_size

FIELDS = pd.DataFrame({"field": ["Cải cách thể chế", "Tác động của CCHC", "Chính quyền số"],
                       "score": [8.5, 7.25, 9.0]})


def _chart() -> alt.Chart:
    return (alt.Chart(FIELDS, title="Điểm các lĩnh vực – Lạng Sơn")
            .mark_bar().encode(x=alt.X("score:Q", title="Điểm"), y=alt.Y("field:N", title=None))
            .properties(width=300, height=120)
            .configure(font="Liberation Sans"))  # the broken default; the export must override it


def test_png_is_non_empty_at_twice_and_three_times_the_css_size():
    png2, png3 = chart_png(_chart(), scale=2), chart_png(_chart(), scale=3)
    (w2, h2), (w3, h3) = png_size(png2), png_size(png3)
    assert len(png2) > 5_000
    # the plot is 300 × 120 CSS px; title and axes add a margin, scaled with the rest
    assert w2 > 2 * 300 and h2 > 2 * 120
    assert (w3, h3) == (pytest.approx(w2 * 1.5, abs=3), pytest.approx(h2 * 1.5, abs=3))


def test_width_override_widens_the_plot():
    narrow, wide = png_size(chart_png(_chart(), scale=1)), png_size(chart_png(_chart(), scale=1, width=500))
    assert wide[0] - narrow[0] == 200 and wide[1] == narrow[1]


def test_png_pixels_are_not_blank():
    import io

    from PIL import Image  # installed with python-pptx

    image = Image.open(io.BytesIO(chart_png(_chart(), scale=2))).convert("L")
    dark = sum(image.histogram()[:128])
    assert dark > 500  # bars and text were drawn


def test_svg_keeps_vietnamese_text_in_the_export_font():
    svg = chart_svg(_chart())
    assert "Điểm các lĩnh vực – Lạng Sơn" in svg and "Tác động của CCHC" in svg
    assert EXPORT_FONT in svg and "Liberation Sans" not in svg


def test_png_size_rejects_other_files():
    with pytest.raises(ValueError):
        png_size(b"GIF89a" + b"\0" * 30)
