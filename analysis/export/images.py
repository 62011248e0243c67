"""Charts as PNG and SVG, rendered on the server by vl-convert.

vl-convert draws text with the system's fonts, and its `sans-serif` is Liberation Sans 1.07
here, which has no Vietnamese: every label with ể/ỉ/ố/ụ falls back to a serif face while plain
labels stay sans (TOOLCHAIN §5). So every export sets the font explicitly to one that has the
Vietnamese glyphs (DejaVu Sans ships with the system image), keeping one typeface per chart.
"""
from __future__ import annotations

import struct
from typing import TYPE_CHECKING

import vl_convert as vlc

if TYPE_CHECKING:  # charts arrive built; importing altair costs a first page a quarter of a second
    import altair as alt

EXPORT_FONT = "DejaVu Sans"


def _spec(chart: alt.TopLevelMixin, font: str = EXPORT_FONT) -> dict:
    """The chart's Vega-Lite spec with every text role set to `font` (title, axes, legends,
    marks), overriding whatever the chart's own configuration says."""
    spec = chart.to_dict()
    config = dict(spec.get("config") or {})
    config["font"] = font
    for role in ("title", "axis", "legend", "header"):
        part = dict(config.get(role) or {})
        for key in ("font", "labelFont", "titleFont", "subtitleFont"):
            if key in part or role in ("axis", "legend", "header"):
                part[key] = font
        if role == "title":
            part["font"] = font
            part["subtitleFont"] = font
        config[role] = part
    text = dict(config.get("text") or {})
    text["font"] = font
    config["text"] = text
    spec["config"] = config
    return spec


def chart_png(chart: alt.TopLevelMixin, scale: float = 2, *, font: str = EXPORT_FONT,
              width: int | None = None) -> bytes:
    """The chart as PNG bytes at `scale` times its CSS pixel size (2 = sharp on screens and
    slides). `width` (CSS pixels of the plotting area) overrides the chart's own width, so a
    chart drawn for a narrow page column can fill a slide's box."""
    spec = _spec(chart, font)
    if width is not None:
        spec["width"] = int(width)
    return vlc.vegalite_to_png(spec, scale=scale)


def chart_svg(chart: alt.TopLevelMixin, *, font: str = EXPORT_FONT) -> str:
    """The chart as SVG text (real <text> elements, so the Vietnamese stays searchable/editable)."""
    return vlc.vegalite_to_svg(_spec(chart, font))


def png_size(png: bytes) -> tuple[int, int]:
    """(width, height) in pixels from a PNG's IHDR header."""
    if png[:8] != b"\x89PNG\r\n\x1a\n" or png[12:16] != b"IHDR":
        raise ValueError("not a PNG")
    return struct.unpack(">II", png[16:24])
