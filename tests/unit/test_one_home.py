"""Each rule of the dashboard is written in one place (issue 11). These tests grep the product
code for the known forms of a rule and fail when one turns up outside its home; each form is
also required to be found in its home, so a pattern that stopped matching fails too.

| rule                                  | home                                                 |
|---------------------------------------|------------------------------------------------------|
| year -> geography (vn63 / vn34)       | `analysis.geo.geography_of_year`, SQL macro          |
|                                       | `analysis.queries.schema.GEOGRAPHY_OF_YEAR`          |
| plain values, criterion code order,   | `analysis.values` (`clean`, `rounded`, `code_key`,   |
| same criterion name                   | `parent_of`, `same_name`)                            |
| the geography of a unit's facts       | `analysis.catalog.fact_geography`                    |
| build beside, then rename; file locks | `analysis.db` (`swap_in`, `write_file`, `writer_lock`)|
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCT = ("analysis", "ui", "app_pages", "app.py", "scripts")


def _product_files() -> dict[str, str]:
    files = {}
    for top in PRODUCT:
        where = ROOT / top
        for path in ([where] if where.is_file() else sorted(where.rglob("*.py"))):
            files[path.relative_to(ROOT).as_posix()] = path.read_text(encoding="utf-8")
    return files


FILES = _product_files()

# (what, pattern, the only files allowed to hold it)
FORMS = [
    ("a year compared with the merger year",
     r"\s(<|>)=?\s*202[45]\b|\b202[45]\s*(<|>)", {"analysis/queries/schema.py"}),
    ("a CASE choosing between the two geographies",
     r"THEN\s+'vn(34|63)'\s+ELSE\s+'vn(34|63)'", {"analysis/queries/schema.py"}),
    ("a Python choice between the two geographies",
     r"[\"']vn(63|34)[\"']\s+if\b", {"analysis/geo.py"}),
    ("the year -> geography function", r"def geography_of(_year)?\(", {"analysis/geo.py"}),
    ("the year -> geography SQL macro", r"MACRO\s+geography_of_year\b", {"analysis/queries/schema.py"}),
    ("a frame cell made plain / rounded", r"def (clean|rounded)\(", {"analysis/values.py"}),
    ("the order of criterion codes", r"def (code_key|parent_of)\(", {"analysis/values.py"}),
    # (the annex reader's `_same_name`, a folded and abbreviation-expanded header against a tree
    # name, is a rule of its own)
    ("the comparison of criterion names", r"def (_same|same_name)\(", {"analysis/values.py"}),
    ("the geography of a unit's facts", r"def (fact|unit)_geography\(", {"analysis/catalog.py"}),
    ("the query of a unit's fact geographies",
     r"SELECT DISTINCT (index_code, )?geography\s+FROM fact\s", {"analysis/queries/read.py"}),
    ("a file lock", r"\bfcntl\b", {"analysis/db.py"}),
    ("a rename over a file", r"\bos\.(replace|rename|renames)\(|\bshutil\.move\(", {"analysis/db.py"}),
    ("a flush to disk", r"\bos\.fsync\(", {"analysis/db.py"}),
]


@pytest.mark.parametrize("what, pattern, homes", FORMS, ids=[f[0] for f in FORMS])
def test_a_rule_is_written_in_its_home_only(what, pattern, homes):
    found = {name for name, text in FILES.items() if re.search(pattern, text)}
    assert found - homes == set(), f"{what} written outside its home {sorted(homes)}"
    assert found == homes, f"{what}: the pattern no longer finds its home {sorted(homes)}"


def test_the_importers_copies_of_the_year_rule_call_the_macro():
    # The SQL of the importer names the geography of a row's year through the one macro.
    load_sql = "\n".join(text for name, text in FILES.items() if name.startswith("analysis/queries/"))
    assert len(re.findall(r"geography_of_year\(", load_sql)) >= 4
