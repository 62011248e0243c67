"""Unit names as people write them, reduced to one comparable form.

Annex tables, news articles and internal lists name the same province in many ways
(`TP. Hồ Chí Minh`, `Thành phố Hồ Chí Minh`, `Hồ Chí Minh`, `Ho Chi Minh City`), with or without
diacritics and in any case. `match_name` reduces all of them to `ho chi minh`; it is stored in
`unit.match_name` so lookups compare like with like.
"""
from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable

from analysis.queries import load_validate as q

# Affixes that say what kind of unit it is rather than which one. Leading ones are removed
# repeatedly (`UBND tỉnh Lạng Sơn`), trailing ones once (`Ho Chi Minh City`).
_LEADING = ("uy ban nhan dan", "ubnd", "thanh pho", "tp", "tinh")
_TRAILING = ("city", "province")
_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def fold(text: str) -> str:
    """Lower case, without diacritics (đ -> d), every run of other characters as one space.
    The importer's SQL macro `imp_fold` (queries/load_cells.py) is this rule, held equal to it by
    tests/unit/test_fold.py."""
    text = unicodedata.normalize("NFD", text.lower().replace("đ", "d").replace("Đ", "d"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return _NON_ALNUM.sub(" ", text).strip()


def match_name(text: str | None) -> str:
    """The comparable form of a unit name: folded, without affixes like Tỉnh/TP./UBND/City."""
    folded = fold(text or "")
    changed = True
    while changed:
        changed = False
        for affix in _LEADING:
            if folded.startswith(affix + " "):
                folded = folded[len(affix) + 1:]
                changed = True
    for affix in _TRAILING:
        if folded.endswith(" " + affix):
            folded = folded[: -len(affix) - 1]
    return folded


def closest_among(text: str, units: Iterable[tuple[str, str, str]], n: int = 3) -> list[tuple[str, str]]:
    """The `n` units whose names are nearest to `text`: (name, code) pairs.

    `units` holds (match_name, name, code) triples; several triples may name one unit (its
    Vietnamese and English names), which is listed once.
    """
    wanted = match_name(text)
    by_match: dict[str, list[tuple[str, str]]] = {}
    for key, name, code in units:
        by_match.setdefault(key, []).append((name, code))
    ranked = difflib.get_close_matches(wanted, list(by_match), n=max(n * 3, n), cutoff=0.0)
    out: list[tuple[str, str]] = []
    for key in ranked:
        for pair in by_match[key]:
            if pair not in out:
                out.append(pair)
    return out[:n]


def closest(con, text: str, n: int = 3, geography: str | None = None) -> list[tuple[str, str]]:
    """The `n` stored units nearest to `text` by name: (name, unit_code) pairs."""
    rows = con.execute(q.UNIT_NAMES, [geography]).fetchall()
    triples = [(match_name(name), name, code) for name, code in rows]
    return closest_among(text, triples, n)


def describe(pairs: list[tuple[str, str]]) -> str:
    """`Lạng Sơn (20), Lâm Đồng (68)` for messages."""
    return ", ".join(f"{name} ({code})" for name, code in pairs)
