"""Labels the exports need (column headers, sheet names, footers), looked up in the project's
one catalogue, `analysis/i18n.py` (keys "export.*" and "export.col.*"; the screen's "col.*"
words first, so an exported sheet uses the same header as the table on screen).
"""
from __future__ import annotations

import math

from analysis.i18n import TEXT, t


def text(key: str, lang: str = "vi", **values: object) -> str:
    """The export text for `key` in `lang` (the catalogue's "export.<key>"), `{name}` slots filled."""
    return t("export." + key, lang, **values)


# Columns whose header the project catalogue (analysis/i18n.py, `col.*`) already words, so an
# exported sheet uses the same header as the table on screen.
_CATALOGUE_KEYS = {
    "rank": "col.rank", "rank_of": "col.rank_of", "name": "col.name", "score": "col.score",
    "max_score": "col.max_score", "pct": "col.pct", "previous_score": "col.previous_score",
    "previous_rank": "col.previous_rank", "previous_pct": "col.previous_pct",
    "delta_score": "col.delta_score", "delta_rank": "col.delta_rank", "band": "col.band",
    "region": "col.region", "criterion_code": "col.code", "criterion_name": "col.criterion",
    "points_lost": "col.points_lost", "national_mean": "col.national_mean",
    "gap_to_mean": "col.gap_to_mean", "gap_to_best": "col.gap_to_best",
    "target_score": "col.target_score", "target_rank": "col.target_rank",
    "gap_to_target": "col.gap_to_target", "lead_name": "col.lead", "support_names": "col.support",
    "break_note": "col.break_note", "criteria_led": "col.criteria_led",
    "previous_points_lost": "col.previous_points_lost", "delta_points_lost": "col.delta_points_lost",
    "weakest_items": "col.weakest_items", "improved": "col.improved", "gain": "col.gain",
    "year": "col.year", "unit_name": "col.unit",
}


def column_label(column: str, lang: str = "vi") -> str:
    """A column header for people: the screen's word (`col.*`), else the export's own
    (`export.col.*`), else the column name itself."""
    key = _CATALOGUE_KEYS.get(column)
    if key and key in TEXT:
        return t(key, lang)
    if "export.col." + column in TEXT:
        return t("export.col." + column, lang)
    return column


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
