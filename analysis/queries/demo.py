"""SQL of the demo workspace: the marks that tell a database it holds generated data only."""
from __future__ import annotations

FORGET_META = "DELETE FROM meta WHERE key = ?"
SET_META = "INSERT INTO meta (key, value) VALUES (?, ?)"
META_VALUE = "SELECT value FROM meta WHERE key = ?"

# What the demo holds: units with an overall score per index, year, geography and level.
COVERAGE = """
    SELECT index_code, year, geography, level,
           count(DISTINCT unit_code) AS units,
           count(*) FILTER (WHERE rank_published) AS published_ranks
    FROM fact
    WHERE criterion_code = ''
    GROUP BY ALL
    ORDER BY index_code, year, level
"""

# The source notes of the stored scores (each must say the data is illustrative).
SCORE_SOURCES = "SELECT coalesce(source, '') AS source, count(*) AS n FROM score GROUP BY ALL ORDER BY ALL"
