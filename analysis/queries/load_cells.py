"""SQL of the importer, cell rules: how one cell's text becomes a value (the `imp_*` macros
every later step calls, and the number pattern of the contract). Run once per load, before
staging (`loader._load`).
"""
from __future__ import annotations

# A number as the contract allows it, after surrounding spaces and a trailing `%` are removed:
# plain (`85.57`, `85,57`), a lone mark is the decimal mark, or thousands marks beside a
# decimal mark of the other kind (`1.234,5`, `1,234.5`).
NUMBER_PATTERN = (
    r"[+-]?([0-9]+([.,][0-9]+)?|[0-9]{1,3}(\.[0-9]{3})+,[0-9]+|[0-9]{1,3}(,[0-9]{3})+\.[0-9]+|[.,][0-9]+)"
)

MACROS = [
    # text cell -> trimmed NFC text, '' -> NULL
    "CREATE OR REPLACE TEMP MACRO imp_txt(x) AS nullif(trim(nfc_normalize(x), ' \t' || chr(160)), '')",
    # a code: trimmed; a lone digit is a province code that lost its leading zero (`1` -> `01`)
    """CREATE OR REPLACE TEMP MACRO imp_code(x) AS
         CASE WHEN length(trim(x)) = 1 AND trim(x) BETWEEN '0' AND '9' THEN '0' || trim(x)
              ELSE nullif(trim(nfc_normalize(x), ' \t' || chr(160)), '') END""",
    # index codes are case-insensitive: `par index` -> `PAR_INDEX`
    "CREATE OR REPLACE TEMP MACRO imp_index(x) AS nullif(regexp_replace(upper(trim(x)), '[\\s-]+', '_', 'g'), '')",
    # criterion codes: `1.2.` -> `1.2`
    "CREATE OR REPLACE TEMP MACRO imp_crit(x) AS rtrim(trim(coalesce(x, '')), '.')",
    # a numeric cell's text without spaces and a trailing percent sign
    """CREATE OR REPLACE TEMP MACRO imp_numtext(x) AS
         CASE WHEN contains(x, '%') THEN trim(rtrim(trim(x, ' \t' || chr(160)), '%'), ' \t' || chr(160))
              ELSE trim(x, ' \t' || chr(160)) END""",
    # the value: where a comma comes after any dot it is the decimal mark, dots are thousands
    """CREATE OR REPLACE TEMP MACRO imp_numval(t) AS TRY_CAST(
         CASE WHEN strpos(t, ',') > strpos(t, '.') THEN replace(replace(t, '.', ''), ',', '.')
              ELSE replace(t, ',', '') END AS DOUBLE)""",
    # a parsed number (x__v) -> whole number or NULL
    "CREATE OR REPLACE TEMP MACRO imp_whole(v) AS CASE WHEN v = round(v) THEN CAST(v AS BIGINT) END",
    # `analysis.units.fold` in SQL, step for step (tests/unit/test_fold.py holds them equal): lower
    # case, đ -> d, no diacritics, every run of other characters one space, no space at the ends
    """CREATE OR REPLACE TEMP MACRO imp_fold(x) AS
         trim(regexp_replace(strip_accents(replace(lower(x), 'đ', 'd')), '[^0-9a-z]+', ' ', 'g'), ' ')""",
    "CREATE OR REPLACE TEMP MACRO imp_fmt(v) AS regexp_replace(CAST(v AS VARCHAR), '\\.0$', '')",
]
