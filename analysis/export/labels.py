"""Labels the exports need (column headers, sheet names, footers), looked up in the project's
one catalogue, `analysis/i18n.py` (keys "export.*" and "col.*": an exported sheet uses the same
header as the table on screen).
"""
from __future__ import annotations

import math

from analysis.i18n import TEXT, band_name, break_note, t


def text(key: str, lang: str = "vi", **values: object) -> str:
    """The export text for `key` in `lang` (the catalogue's "export.<key>"), `{name}` slots filled."""
    return t("export." + key, lang, **values)


# Columns whose catalogue word is not `col.<column>` (the screen's shorter name).
_ALIASES = {"criterion_code": "code", "criterion_name": "criterion", "lead_name": "lead",
            "support_names": "support", "unit_name": "unit"}


def column_label(column: str, lang: str = "vi") -> str:
    """A column header for people: the catalogue's `col.*` word, else the column name itself."""
    key = "col." + _ALIASES.get(column, column)
    return t(key, lang) if key in TEXT else column


def said(frame, lang: str = "vi"):
    """A frame's stored words in `lang`: method-break notes (stored in Vietnamese) and the
    configured band labels; the frame itself when there is nothing to say differently."""
    if lang == "vi":
        return frame
    spoken = {"break_note": lambda v: break_note(v, lang), "band": lambda v: band_name(v, lang)}
    changes = {c: [say(v) if isinstance(v, str) and v else v for v in frame[c]]
               for c, say in spoken.items() if c in frame.columns}
    return frame.assign(**changes) if changes else frame


def column_labels(columns, lang: str = "vi") -> dict[str, str]:
    return {c: column_label(c, lang) for c in columns}


def is_missing(value: object) -> bool:
    """None, NaN and pandas' NA/NaT all mean 'no value' (never 0)."""
    if value is None:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    try:
        import pandas as pd

        return bool(pd.isna(value)) if not isinstance(value, (list, tuple, dict)) else False
    except (TypeError, ValueError):
        return False
