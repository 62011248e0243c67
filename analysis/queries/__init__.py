"""The one query layer: every SQL statement of the project lives in this package, as named
constants or small functions, with values bound as parameters (`?` / `$name`). Identifiers that
cannot be parameters (generated staging columns) come only from `ident()`'s allow-list.

- `schema`: the tables (DDL).
- `load`: staging, validation and writing of imports.
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
