"""The list of import batches, and taking the newest one back."""
from __future__ import annotations

from pathlib import Path

from analysis import db
from analysis.queries import load_undo as q
from analysis.queries import schema


class UndoError(Exception):
    """Nothing is undone: no batch in force, the batch is reference/bundled data, or the batch
    named is unknown, already undone or not the newest in force. `reason` says which
    ('nothing', 'not_user', 'unknown', 'already_undone', 'not_newest'), for a translated message;
    `batch`, `newest`, `kind`, `files` and `loaded_at` fill it."""

    def __init__(self, message: str, reason: str, **values):
        super().__init__(message)
        self.reason = reason
        self.values = values
        for name in ("batch", "newest", "kind", "files", "loaded_at"):
            setattr(self, name, values.get(name))


def history(db_path: Path) -> list[dict]:
    """Import batches, newest first."""
    with db.open_read(Path(db_path)) as con:
        rows = con.execute(q.HISTORY).fetchall()
    return [{"batch_id": b, "loaded_at": at, "kind": kind, "source": source, "files": list(files),
             "rows_added": added, "rows_replaced": replaced, "undone": undone is not None}
            for b, at, kind, source, added, replaced, undone, files in rows]


def undo_last(db_path: Path, batch_id: int | None = None) -> dict:
    """Take back the newest batch still in force: delete its rows, restore the rows it replaced,
    rebuild the facts it touched. Reference and bundled batches cannot be undone.

    `batch_id` names the batch the caller means (the one an editor saw as the newest): when the
    newest batch in force is another one, nothing is undone and `UndoError` says which came
    after it. The check runs under the writer lock, so no import can slip in between."""
    from analysis.derive import refresh_facts

    with db.write_transaction(Path(db_path)) as con:
        batch_id = _batch_to_undo(con, batch_id)
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


def _batch_to_undo(con, wanted: int | None) -> int:
    """The newest batch in force if it may be undone (and is `wanted`, when given)."""
    found = con.execute(q.LAST_ACTIVE_BATCH).fetchall()
    if wanted is not None:
        info = con.execute(q.BATCH_INFO, [wanted]).fetchall()
        if not info:
            raise UndoError(f"there is no batch {wanted}", "unknown", batch=wanted)
        kind, _, undone, _ = info[0]
        if kind != "user":
            raise UndoError(f"batch {wanted} is {kind} data and cannot be undone", "not_user",
                            batch=wanted, kind=kind)
        if undone:
            raise UndoError(f"batch {wanted} was already undone", "already_undone", batch=wanted)
    if not found:
        raise UndoError("nothing to undo: no import batch in force", "nothing")
    newest, kind = found[0]
    if wanted is not None and newest != wanted:
        _, loaded_at, _, files = con.execute(q.BATCH_INFO, [newest]).fetchall()[0]
        raise UndoError(f"batch {wanted} is not the newest import in force: batch {newest} "
                        f"({', '.join(files) or 'no files'}, loaded {loaded_at:%Y-%m-%d %H:%M}) "
                        "came after it; nothing was undone", "not_newest", batch=wanted,
                        newest=newest, files=", ".join(files), loaded_at=loaded_at)
    if kind != "user":
        raise UndoError(f"batch {newest} is {kind} data and cannot be undone", "not_user",
                        batch=newest, kind=kind)
    return newest
