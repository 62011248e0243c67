"""Vietnamese number formats, one place for screen, narrative and exports: decimal comma,
dot as thousands mark (85,57 · 1.234,5 · 79,30%)."""
from __future__ import annotations

import math


def number(value: float | int | None, decimals: int = 2, *, empty: str = "–") -> str:
    """85.567 -> '85,57'; 1234.5 -> '1.234,50'; None/NaN -> '–'."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return empty
    if round(value, decimals) == 0:
        value = 0.0  # never "-0,00"
    text = f"{value:,.{decimals}f}"  # '1,234.50'
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def percent(value: float | None, decimals: int = 2, *, empty: str = "–") -> str:
    """79.3 -> '79,30%' (the value is already in percent)."""
    text = number(value, decimals, empty=empty)
    return text if text == empty else text + "%"


def signed(value: float | None, decimals: int = 2, *, empty: str = "–") -> str:
    """A change with its sign: 3.86 -> '+3,86', -1.2 -> '−1,20', 0 -> '0,00'."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return empty
    text = number(abs(value), decimals)
    if round(value, decimals) > 0:
        return "+" + text
    if round(value, decimals) < 0:
        return "\u2212" + text
    return text


def integer(value: int | float | None, *, empty: str = "–") -> str:
    """1234567 -> '1.234.567'."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return empty
    return number(round(value), 0)


def two_digits(value: int) -> str:
    """Rank moves are written with two digits in provincial reports: 4 -> '04', 12 -> '12'."""
    return f"{abs(int(value)):02d}"


# Altair/Vega-Lite d3-format locale for Vietnamese, so axes and tooltips match the screen.
D3_LOCALE_VI = {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["", " ₫"]}
