"""SQL of the importer, meta: the key/value `meta` table (what the bundled data was built from)."""
from __future__ import annotations

META_GET = "SELECT value FROM meta WHERE key = ?"
META_DELETE = "DELETE FROM meta WHERE key = ?"
META_SET = "INSERT INTO meta VALUES (?, ?)"
