"""The small rules every analysis module applies to what the database returns, each written once:

- `clean(value)`: a frame cell as a plain Python value (NaN, pd.NA and numpy scalars -> None or
  int/float/str);
- `rounded(x, digits)`: float noise off a sum or a difference (0.1 + 0.2 = 0.30000000000000004);
- `code_key(code)`, `parent_of(code)`: the tree order of dotted criterion codes;
- `same_name(a, b)`: whether two criterion names are the one a person would read as the same
  (a criterion is compared across years only where its name is unchanged, data contract §3);
- `records(cursor)`, `frame(rows, columns)`: a query's rows as dicts, and rows as a DataFrame for
  the screens. The analysis derives on records; pandas (with numpy and pyarrow, most of a second
  to import) is loaded only when a frame is asked for, which `summary --json` never does.
"""
from __future__ import annotations

import math
import sys
import unicodedata

# Sorts a part of a code that is not a number after every numbered part.
_AFTER_NUMBERS = 10**9


def clean(value):
    """NaN / pd.NA / numpy scalars -> None / plain Python values; anything else unchanged."""
    if value is None or _is_na(value):
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item"):  # numpy scalar
        value = value.item()
        if isinstance(value, float) and math.isnan(value):
            return None
    return value


def _is_na(value) -> bool:
    pd = sys.modules.get("pandas")  # a pd.NA exists only once pandas is loaded
    return pd is not None and value is pd.NA


def records(cursor) -> list[dict]:
    """The rows of an executed query as dicts keyed by column name."""
    columns = [d[0] for d in cursor.description]
    return [dict(zip(columns, row)) for row in cursor.fetchall()]


def frame(rows=(), columns=None, dtypes: dict | None = None):
    """Rows (dicts or sequences) as a DataFrame, with the `dtypes` given (e.g. "Int64", so that a
    missing rank stays missing rather than turning the column into floats)."""
    import pandas as pd  # only the screens and exports pay for pandas

    df = pd.DataFrame(list(rows), columns=columns)
    return df.astype(dtypes) if dtypes else df


def rounded(x, digits: int = 6) -> float | None:
    """`x` as a float rounded to `digits` (float noise off sums and differences); missing -> None."""
    x = clean(x)
    return None if x is None else round(float(x), digits)


def code_key(code: str) -> tuple:
    """Sort key of a dotted criterion code in tree order: '' < '1' < '1.2' < '1.10' < '2' < '10'.

    Flat pairs (number, text) per part, so keys of any two codes compare and `code_key(c)[0]` is
    the number of the top-level part; a part that is not a number comes after the numbered ones,
    in text order."""
    if not code:
        return ()
    key: list = []
    for part in code.split("."):
        key += [int(part), ""] if part.isdigit() else [_AFTER_NUMBERS, part]
    return tuple(key)


def parent_of(code: str) -> str | None:
    """'1.2.3' -> '1.2', '1' -> '' (the overall index), '' -> None."""
    if code == "":
        return None
    return code.rsplit(".", 1)[0] if "." in code else ""


def _reading(name) -> str:
    return " ".join(unicodedata.normalize("NFC", str(name)).casefold().split())


def same_name(a, b) -> bool:
    """Two names compared the way a person reads them: Unicode NFC, case and spacing ignored. A
    missing name is never the same as anything (no change is given rather than a wrong one)."""
    return a is not None and b is not None and _reading(a) == _reading(b)
