"""SQL of the meeting outputs (issue 5): the data version printed on every slide and sheet, and
the provenance (batches, files, sources) written in the deck's speaker notes."""
from __future__ import annotations

# The newest batch still in force: what "data version" means on a slide footer.
DATA_VERSION = """
    SELECT batch_id, loaded_at, kind
    FROM batch
    WHERE undone_at IS NULL
    ORDER BY batch_id DESC
    LIMIT 1
"""

# A workspace is demo data when the demo generator marked it or a demo batch wrote to it (the
# demo file is never mixed with real data).
HAS_DEMO_BATCH = """
    SELECT (SELECT count(*) FROM batch WHERE kind = 'demo' AND undone_at IS NULL)
         + (SELECT count(*) FROM meta WHERE key = 'workspace' AND value = 'demo')
"""

# A unit's display names; the geography of the year first, since codes are reused across the merger.
UNIT_NAME = """
    SELECT name, name_en
    FROM unit
    WHERE unit_code = $unit_code
    ORDER BY (geography = $geography) DESC, geography
    LIMIT 1
"""

# Where the figures of one unit, index and year came from: each batch with its kind, note, files
# and the row-level `source` texts.
FIGURE_SOURCES = """
    WITH used AS (
        SELECT DISTINCT batch_id, source
        FROM fact
        WHERE index_code = $index_code AND year = $year AND unit_code = $unit_code
          AND geography = $geography
          AND batch_id IS NOT NULL  -- computed parents come from the rows listed already
    )
    SELECT u.batch_id, b.kind, b.loaded_at, b.source AS batch_source,
           (SELECT string_agg(DISTINCT f.file_name, ', ' ORDER BY f.file_name)
              FROM batch_file f WHERE f.batch_id = u.batch_id) AS files,
           string_agg(DISTINCT u.source, ' | ' ORDER BY u.source) AS row_sources
    FROM used u
    LEFT JOIN batch b ON b.batch_id = u.batch_id
    GROUP BY u.batch_id, b.kind, b.loaded_at, b.source
    ORDER BY u.batch_id NULLS LAST
"""
