"""SQL of the annex reader (analysis/importer/annex.py): the trees in force, the indices a load
may name, the stored units an annex row may name, and the check that every index code of a load
is one of them."""
from __future__ import annotations

TREES = """
SELECT index_code, valid_from, valid_to, criterion_code, name, max_score, aggregate
FROM criterion ORDER BY index_code, valid_from, criterion_code
"""

STORED_INDICES = """
SELECT DISTINCT index_code FROM criterion
UNION SELECT DISTINCT index_code FROM score
"""

UNITS_STORED = "SELECT geography, unit_code, name, name_en, level, parent_code FROM unit"

# An index code is a known index (stored, one of the four the project knows, or one whose tree
# the same load brings); a number, a percentage or a header is never one (issue 10: "90.42").
_KNOWN = """
(SELECT index_code FROM criterion UNION SELECT index_code FROM score
 UNION SELECT index_code FROM imp_criteria WHERE index_code IS NOT NULL
 UNION SELECT unnest(['PAR_INDEX', 'SIPAS', 'PAPI', 'PCI']))
"""

UNKNOWN_INDEX_IN_SCORES = """
INSERT INTO imp_problem
SELECT file_id, line, 'index_code', NULL,
       CASE WHEN NOT regexp_full_match(index_code, '[A-Z][A-Z0-9_]*')
            THEN 'not an index code: "' || index_code || '" (a number, a percentage or a header is never an index code; known: ' || $known || ')'
            ELSE 'unknown index "' || index_code || '" (known: ' || $known || '; a new index needs its criteria tree in the same load)' END
FROM imp_scores
WHERE index_code IS NOT NULL AND index_code NOT IN """ + _KNOWN

KNOWN_INDICES = "SELECT string_agg(DISTINCT index_code, ', ' ORDER BY index_code) FROM " + _KNOWN + " k(index_code)"
