"""Presentational shaping of analysis frames (filter a level, pick a row, sort for display).
No numbers are computed here: every value comes from analysis/ as it was returned."""
from __future__ import annotations

import pandas as pd

from analysis.ledger import weakest_first


def ledger_level(ledger: pd.DataFrame, depth: int, field: str | None) -> pd.DataFrame:
    """Rows of one tree level, optionally inside one field (code prefix), weakest first
    (lowest pct, then most points lost), as the contract orders the weakest criteria."""
    rows = ledger[ledger["depth"] == depth]
    if field:
        rows = rows[(rows["criterion_code"] == field) | rows["criterion_code"].str.startswith(field + ".")]
    return weakest_first(rows)


def fields(ledger: pd.DataFrame) -> dict[str, str]:
    """code -> name of the top-level fields of a ledger."""
    top = ledger[ledger["depth"] == 1]
    return dict(zip(top["criterion_code"].astype(str), top["name"].astype(str)))


def depths(ledger: pd.DataFrame) -> list[int]:
    return sorted(int(d) for d in ledger["depth"].unique() if int(d) > 0)


def row_value(df: pd.DataFrame, position: int | None, column: str):
    if position is None or df is None or position >= len(df):
        return None
    return df.iloc[position][column]


def lookup(df: pd.DataFrame, key_column: str, key, column: str):
    """One cell by key (e.g. a criterion's name by its code), None when absent."""
    if df is None or key is None:
        return None
    hit = df[df[key_column] == key]
    return None if hit.empty else hit.iloc[0][column]


def units_of(frame: pd.DataFrame, codes: list[str]) -> pd.DataFrame:
    return frame[frame["unit_code"].isin(codes)]


def filter_equal(frame: pd.DataFrame, column: str, value) -> pd.DataFrame:
    return frame if value is None else frame[frame[column] == value].reset_index(drop=True)


def is_empty(frame) -> bool:
    return frame is None or len(frame) == 0


def frame(rows: list[dict]) -> pd.DataFrame:
    return pd.DataFrame(rows)


def count_true(frame: pd.DataFrame, column: str) -> tuple[int, int]:
    """(rows where column is True, rows where it is known)."""
    known = frame[column].dropna()
    return int(known.astype(bool).sum()), int(len(known))


def unique_values(frame: pd.DataFrame, column: str) -> list:
    return [] if frame is None or column not in frame else list(dict.fromkeys(frame[column].dropna()))


def has_values(frame: pd.DataFrame, column: str) -> bool:
    return frame is not None and column in frame and frame[column].notna().any()


def picked_unit(event, *params: str) -> str | None:
    """The unit_code a click on a chart selected under any of `params` (the map), or None."""
    if not event:
        return None
    chosen = event["selection"] or {}
    for param in params:
        rows = chosen.get(param) or []
        if rows and rows[0].get("unit_code"):
            return str(rows[0]["unit_code"])
    return None


def fewest(frame: pd.DataFrame, column: str) -> int | None:
    """The smallest whole number of a column (e.g. the fewest units a mean rests on), or None."""
    if frame is None or column not in frame or not frame[column].notna().any():
        return None
    return int(frame[column].min())


def has_depth(frame, depth: int) -> bool:
    """Whether a frame with a `depth` column has rows of that depth (e.g. fields, depth 1)."""
    return frame is not None and "depth" in frame and bool((frame["depth"] == depth).any())
