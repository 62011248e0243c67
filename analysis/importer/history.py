"""The list of import batches, and taking the newest one back."""
from __future__ import annotations

from pathlib import Path

from analysis import db
from analysis.queries import load as q
from analysis.queries import schema


class UndoError(Exception):
    """Nothing can be undone (no batch, or the newest is reference/bundled data)."""


def history(db_path: Path) -> list[dict]:
    """Import batches, newest first."""
    with db.open_read(Path(db_path)) as con:
        rows = con.execute(q.HISTORY).fetchall()
    return [{"batch_id": b, "loaded_at": at, "kind": kind, "source": source, "files": list(files),
             "rows_added": added, "rows_replaced": replaced, "undone": undone is not None}
            for b, at, kind, source, added, replaced, undone, files in rows]


def undo_last(db_path: Path) -> dict:
    """Take back the newest batch still in force: delete its rows, restore the rows it replaced,
    rebuild the facts it touched. Reference and bundled batches cannot be undone."""
    from analysis.derive import refresh_facts

    with db.write_transaction(Path(db_path)) as con:
        found = con.execute(q.LAST_ACTIVE_BATCH).fetchall()
        if not found:
            raise UndoError("nothing to undo: no import batch in force")
        batch_id, kind = found[0]
        if kind != "user":
            raise UndoError(f"batch {batch_id} is {kind} data and cannot be undone")
        pairs = set(con.execute(q.undo_pairs("score"), [batch_id]).fetchall())
        pairs |= set(con.execute(q.undo_pairs_history(), [batch_id, batch_id]).fetchall())
        counts = {}
        for table in schema.STORED_TABLES:
            columns = schema.table_columns(table)
            con.execute(q.undo_move_to_history(table, columns), [batch_id, batch_id])
            con.execute(q.undo_delete(table), [batch_id])
            restored = con.execute(q.undo_restore(table, columns), [batch_id, batch_id]).fetchall()[0][0]
            con.execute(q.undo_forget_restored(table), [batch_id, batch_id])
            counts[table] = restored
        pairs |= set(con.execute(q.UNDO_AFFECTED_UNITS_PAIRS, [batch_id]).fetchall())
        pairs |= set(con.execute(q.UNDO_AFFECTED_CRITERIA_PAIRS, [batch_id]).fetchall())
        con.execute(q.MARK_UNDONE, [batch_id])
        refresh_facts(con, sorted((c, int(y)) for c, y in pairs))
    mark_manifest_undone(Path(db_path), batch_id)
    return {"batch_id": batch_id, "rows_restored": sum(counts.values()), "restored": counts}


def mark_manifest_undone(db_path: Path, batch_id: int) -> None:
    """The archive's manifest of the batch says it was undone (or dropped, or rolled back), so a
    restore from the archive alone (database lost) does not bring it back."""
    import datetime as dt
    import json

    from analysis import paths
    from analysis.importer.loader import _write_atomically

    manifest = paths.import_archive_dir(db_path) / f"batch-{batch_id:05d}.json"
    if not manifest.exists():
        return
    entry = json.loads(manifest.read_text(encoding="utf-8"))
    entry["undone_at"] = dt.datetime.now().isoformat(timespec="seconds")
    _write_atomically(manifest, json.dumps(entry, ensure_ascii=False, indent=1).encode("utf-8"))
