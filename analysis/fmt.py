"""Number formats, one place for screen, narrative and exports. Vietnamese (the default): decimal
comma, dot as thousands mark (85,57 · 1.234,5 · 79,30%); English (`lang="en"`): decimal point,
comma as thousands mark (85.57 · 1,234.50 · 79.30%)."""
from __future__ import annotations

import math


def number(value: float | int | None, decimals: int = 2, *, empty: str = "–", lang: str = "vi") -> str:
    """85.567 -> '85,57' ('85.57' in English); 1234.5 -> '1.234,50'; None/NaN -> '–'."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return empty
    if round(value, decimals) == 0:
        value = 0.0  # never "-0,00"
    text = f"{value:,.{decimals}f}"  # '1,234.50'
    if lang == "en":
        return text
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def percent(value: float | None, decimals: int = 2, *, empty: str = "–", lang: str = "vi") -> str:
    """79.3 -> '79,30%' (the value is already in percent)."""
    text = number(value, decimals, empty=empty, lang=lang)
    return text if text == empty else text + "%"


def signed(value: float | None, decimals: int = 2, *, empty: str = "–", lang: str = "vi") -> str:
    """A change with its sign: 3.86 -> '+3,86', -1.2 -> '−1,20', 0 -> '0,00'."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return empty
    text = number(abs(value), decimals, lang=lang)
    if round(value, decimals) > 0:
        return "+" + text
    if round(value, decimals) < 0:
        return "\u2212" + text
    return text


def integer(value: int | float | None, *, empty: str = "–", lang: str = "vi") -> str:
    """1234567 -> '1.234.567' ('1,234,567' in English)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return empty
    return number(round(value), 0, lang=lang)


def two_digits(value: int) -> str:
    """Rank moves are written with two digits in provincial reports: 4 -> '04', 12 -> '12'."""
    return f"{abs(int(value)):02d}"


def parse(text: str) -> float | None:
    """A number as either language writes it, back to a float: '1,08' and '1.08' -> 1.08,
    '1.234,5' -> 1234.5, '1,234.5' -> 1234.5; None when it is not a number."""
    text = str(text).strip().replace("\u2212", "-").replace(" ", "")
    if "," in text and "." in text:  # the last mark is the decimal one
        decimal = "," if text.rfind(",") > text.rfind(".") else "."
        text = text.replace("." if decimal == "," else ",", "").replace(decimal, ".")
    else:
        text = text.replace(",", ".")
    try:
        return float(text)
    except ValueError:
        return None


# Altair/Vega-Lite d3-format locales, so axes and tooltips match the screen.
D3_LOCALE_VI = {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["", " ₫"]}
D3_LOCALE_EN = {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["", " ₫"]}


def d3_locale(lang: str = "vi") -> dict:
    return dict(D3_LOCALE_EN if lang == "en" else D3_LOCALE_VI)
