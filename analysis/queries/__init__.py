"""The one query layer: every SQL statement of the project lives in this package, as named
constants or small functions, with values bound as parameters (`?` / `$name`). Identifiers that
cannot be parameters (generated staging columns) come only from `ident()`'s allow-list.

- `schema`: the tables (DDL).
- `load_cells`, `load_stage`, `load_validate`, `load_write`, `load_undo`, `load_meta`: the
  importer, one module per step of a load (cell rules, staging, validation, writing, undo, meta).
- `read`: the questions the analysis asks.
"""
from __future__ import annotations

import re

_IDENT = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def ident(name: str) -> str:
    """Return `name` as a SQL identifier, refusing anything but our own generated names
    (lower-case letters, digits, underscores). File headers never reach SQL as identifiers."""
    if not _IDENT.match(name):
        raise ValueError(f"not an allowed SQL identifier: {name!r}")
    return '"' + name + '"'


def render(template: str, **identifiers: str) -> str:
    """Fill `{name}` slots of a SQL template with allow-listed identifiers only (never values)."""
    return template.format(**{k: ident(v) for k, v in identifiers.items()})


def fill(template: str, **parts: str) -> str:
    """Fill the `{slot}`s of a constant SQL template with fragments built in this package only
    from `ident()` names and constant SQL (column lists, join conditions): never a value."""
    return template.format(**parts)


def column_list(columns: list[str], prefix: str = "") -> str:
    """`a, b, c` (or `t.a, t.b`) of allow-listed column names."""
    return ", ".join(prefix + ident(c) for c in columns)


def per_column(template: str, columns: list[str], sep: str) -> str:
    """`template` (with `{c}` the column as an identifier, `{name}` its bare name) per column."""
    return sep.join(template.format(c=ident(c), name=c) for c in columns)
