"""SQL of rebuilding and restoring the app database (analysis/bundle.py).

A rebuild replays the user's batches into a new file under their original numbers; the records
of the batches it does not replay (undone ones, or ones dropped on the user's explicit request)
are copied over so that a batch number is never given twice.
"""
from __future__ import annotations

# Every user batch of a database (in force or not), oldest first.
USER_BATCH_RECORDS = """
SELECT batch_id, loaded_at, source, replace_mode, rows_added, rows_replaced, undone_at
FROM batch WHERE kind = 'user' ORDER BY batch_id
"""
USER_BATCH_FILE_RECORDS = """
SELECT f.batch_id, f.file_name, f.sheet, f.table_name, f.sha256, f.row_count, f.rows_added
FROM batch_file f JOIN batch b USING (batch_id)
WHERE b.kind = 'user' ORDER BY f.batch_id, f.rowid
"""
BATCH_IDS = "SELECT batch_id FROM batch"

# A replayed batch keeps the time it was first loaded and the mode the user chose (the replay
# itself always runs in replace mode: the user's figure outranks the bundled one).
SET_BATCH_ORIGIN = "UPDATE batch SET loaded_at = ?, replace_mode = ? WHERE batch_id = ?"
INSERT_BATCH_RECORD = """
INSERT INTO batch (batch_id, loaded_at, kind, source, replace_mode, rows_added, rows_replaced, undone_at)
VALUES (?, ?, 'user', ?, ?, ?, ?, ?)
"""
INSERT_BATCH_FILE_RECORD = """
INSERT INTO batch_file (batch_id, file_name, sheet, table_name, sha256, row_count, rows_added)
VALUES (?, ?, ?, ?, ?, ?, ?)
"""

# Bundled (or reference) scores that a user's import outranks: the bundled row sits in
# `score_history`, taken away by a user batch, while a user batch's row of the same key is in
# force. Derived, not stored: undoing the user's batch brings the bundled row back and the line
# disappears by itself.
BUNDLED_OVERRIDES = """
SELECT s.index_code, s.year, s.unit_code, coalesce(u.name, s.unit_code) AS unit_name, s.criterion_code,
       s.score AS user_score, coalesce(s.source, ub.source) AS user_source, s.batch_id AS user_batch,
       h.score AS bundled_score, coalesce(h.source, hb.source) AS bundled_source
FROM score s
JOIN batch ub ON ub.batch_id = s.batch_id AND ub.kind = 'user'
JOIN score_history h
  ON h.index_code = s.index_code AND h.year = s.year AND h.geography = s.geography
 AND h.unit_code = s.unit_code AND h.criterion_code = s.criterion_code
JOIN batch hb ON hb.batch_id = h.batch_id AND hb.kind IN ('bundled', 'reference')
JOIN batch rb ON rb.batch_id = h.replaced_by AND rb.kind = 'user'
LEFT JOIN unit u ON u.geography = s.geography AND u.unit_code = s.unit_code
WHERE h.score IS DISTINCT FROM s.score
ORDER BY s.index_code, s.year, s.unit_code, s.criterion_code
"""
