"""The app's database, built from the bundled real data in `data/`.

Built on first start if missing; rebuilt when the bundled files change (their fingerprint is
kept in `meta`). A rebuild writes a new file in a private folder beside the live one
(`.dashboard.duckdb.building/`): reference and bundled data first, then the user's own imports
replayed in their original order from the archive, under their original batch numbers, and only
then swaps it in, so the live file is never half-built.

Two rules keep a province's data safe:
- a rebuild never discards a user batch: when one cannot be replayed (its archived copy is
  missing, or it no longer loads) the swap is refused (`RebuildRefused`), the live file stays as
  it was, and the message says how to restore (docs/recovery.md);
- a user's figure outranks the bundled one: the replay runs in replace mode, so a bundled row of
  the same key goes to `*_history` (replaced by the user's batch) and `overridden(con)` lists both.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from analysis import db, paths
from analysis.queries import load_meta as q
from analysis.queries import rebuild as qr

# The importer (and pandas with it) is imported by the functions that build: a command that
# only checks the database is up to date (`python -m analysis summary`) starts without it.

REFERENCE_SOURCE = "reference units bundled with the app (see data/README.md)"
BUNDLED_SOURCE = "real data bundled with the app (see data/README.md)"
FINGERPRINT_KEY = "bundle_fingerprint"


def bundled_files() -> list[Path]:
    """The bundled files, reference units first (read from `paths.BUNDLED_DATA_DIR` each time)."""
    root = paths.BUNDLED_DATA_DIR
    return [root / "reference" / "units.csv", root / "papi" / "criteria.csv", root / "papi" / "scores.csv",
            root / "published" / "scores.csv"]


class BuildError(Exception):
    """The bundled data did not load (a bug in data/ or the importer)."""


class RestoreError(Exception):
    """A restore cannot be done (e.g. no previous copy is kept); nothing was changed."""


class RebuildRefused(Exception):
    """A rebuild would lose user batches it cannot replay; the live database was left as it was."""

    def __init__(self, path: Path, failed: list[tuple[int, str]]):
        self.path, self.failed = Path(path), failed
        super().__init__(refusal_message(self.path, failed))


def refusal_message(path: Path, failed: list[tuple[int, str]]) -> str:
    batches = "; ".join(f"batch {batch}: {why}" for batch, why in failed)
    kept = (f"{path} is kept as it was, with these batches" if path.exists()
            else f"no database was written at {path}")
    return (f"The bundled data changed, but the database cannot be rebuilt without losing your imports "
            f"({batches}). Nothing was changed: {kept}. "
            f"To restore, put the missing files back into {paths.import_archive_dir(path)} (from a backup) "
            f"and run `python -m analysis build`, or run `python -m analysis restore --drop-unreplayable` "
            f"to rebuild without them (they are marked undone; the database as it is now is kept as "
            f"{db.previous_path(path)}). See docs/recovery.md.")


@dataclass
class BuildReport:
    path: Path
    action: str                      # "created", "rebuilt", "restored", "up to date"
    replayed: list[int] = field(default_factory=list)
    failed: list[tuple[int, str]] = field(default_factory=list)
    overridden: int = 0              # bundled scores outranked by the user's imports

    def __str__(self) -> str:
        text = f"{self.path}: {self.action}"
        if self.replayed:
            text += f"; replayed {len(self.replayed)} import(s) (batch {', '.join(map(str, self.replayed))})"
        for batch, why in self.failed:
            text += f"\n  import batch {batch} could not be replayed and was dropped (marked undone): {why}"
        if self.overridden:
            text += (f"\n  {self.overridden} bundled score(s) are outranked by your imports "
                     f"(listed by `python -m analysis history`)")
        return text


def fingerprint() -> str:
    """SHA-256 over the bundled files' names and contents."""
    digest = hashlib.sha256()
    for path in bundled_files():
        digest.update(str(path.relative_to(paths.BUNDLED_DATA_DIR)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _check(result, what: str) -> None:
    if not result.ok:
        raise BuildError(f"{what} did not load:\n" + "\n".join(str(e) for e in result.errors[:20]))


def create_database(path: Path) -> Path:
    """A new database with the schema and the reference units (63 + 34 provinces)."""
    from analysis.importer import load_files
    path = Path(path)
    if path.exists():
        raise FileExistsError(f"database already exists: {path}")
    with db.write_transaction(path, create=True):
        pass
    _check(load_files(path, bundled_files()[:1], kind="reference", source=REFERENCE_SOURCE), "reference units")
    return path


def overridden(con) -> "pandas.DataFrame":  # noqa: F821
    """Bundled scores outranked by a user's import of the same key: index_code, year, unit_code,
    unit_name, criterion_code, user_score, user_source, user_batch, bundled_score, bundled_source."""
    return con.execute(qr.BUNDLED_OVERRIDES).df()


def _build_bundled(path: Path) -> None:
    from analysis.importer import load_files
    create_database(path)
    _check(load_files(path, bundled_files()[1:], kind="bundled", source=BUNDLED_SOURCE), "bundled data")
    with db.write_transaction(path) as con:
        con.execute(q.META_DELETE, [FINGERPRINT_KEY])
        con.execute(q.META_SET, [FINGERPRINT_KEY, fingerprint()])


def _stored_fingerprint(path: Path) -> str | None:
    with db.open_read(path) as con:
        rows = con.execute(q.META_GET, [FINGERPRINT_KEY]).fetchall()
    return rows[0][0] if rows else None


# ---------------------------------------------------------------------------- the user's batches

@dataclass
class _Batch:
    batch_id: int
    loaded_at: dt.datetime | None
    source: str | None
    replace: bool
    rows_added: int = 0
    rows_replaced: int = 0
    undone_at: dt.datetime | None = None
    files: list[tuple] = field(default_factory=list)   # batch_file rows (without batch_id)


def _records_of(path: Path) -> list[_Batch] | None:
    """Every user batch recorded in a database file, oldest first; None if it cannot be read."""
    try:
        with db.open_read(path) as con:
            records = con.execute(qr.USER_BATCH_RECORDS).fetchall()
            files = con.execute(qr.USER_BATCH_FILE_RECORDS).fetchall()
    except (duckdb.Error, OSError):
        return None
    batches = {r[0]: _Batch(*r) for r in records}
    for batch_id, *rest in files:
        batches[batch_id].files.append(tuple(rest))
    return list(batches.values())


def _batches_of(path: Path) -> list[_Batch]:
    """Every user batch of the database (in force or undone), oldest first. When the database
    cannot be read (missing, corrupt) they come from the archive's manifests, completed by the
    previous copy's records (a batch undone in either stays undone)."""
    live = _records_of(path)
    if live is not None:
        return live
    merged = {b.batch_id: b for b in _records_of(db.previous_path(path)) or []}
    for b in _batches_of_manifests(path):
        known = merged.get(b.batch_id)
        b.undone_at = b.undone_at or (known.undone_at if known else None)
        merged[b.batch_id] = b
    return [merged[k] for k in sorted(merged)]


def _batches_of_manifests(path: Path) -> list[_Batch]:
    archive = paths.import_archive_dir(path)
    out = []
    for manifest in sorted(archive.glob("batch-*.json")) if archive.exists() else []:
        m = json.loads(manifest.read_text(encoding="utf-8"))
        undone = m.get("undone_at")
        out.append(_Batch(int(m["batch_id"]), dt.datetime.fromisoformat(m["loaded_at"]), m.get("source"),
                          bool(m.get("replace")), undone_at=dt.datetime.fromisoformat(undone) if undone else None,
                          files=[(f["name"], None, None, f["sha256"], 0, 0) for f in m["files"]]))
    return out


def _replay(batch: _Batch, archive: Path, new: Path) -> tuple[bool, str]:
    """Load one user batch into `new` under its own number: (stored anything?, problem or '')."""
    from analysis.importer import load_files
    found = {}
    for name, _sheet, _table, sha, *_counts in batch.files:
        matches = sorted(archive.glob(f"{sha}.*"))
        if not matches:
            return False, f"the archived copy of {name} is missing from {archive}"
        found[matches[0]] = name
    result = load_files(new, list(found), replace=True, source=batch.source, kind="user",
                        display_names=found, batch_id=batch.batch_id)
    if not result.ok:
        return False, str(result.errors[0]) if result.errors else result.message
    return result.batch_id is not None, ""


def _replay_all(old: Path, new: Path, report: BuildReport, drop_unreplayable: bool) -> None:
    """Replay the batches in force of `old` into `new`, then copy the records of the others, so
    that history keeps them and their numbers are never given again."""
    batches = _batches_of(old)
    archive = paths.import_archive_dir(old)
    stored: set[int] = set()
    for batch in batches:
        if batch.undone_at is not None:
            continue
        ok, why = _replay(batch, archive, new)
        if why:
            report.failed.append((batch.batch_id, why))
            continue
        report.replayed.append(batch.batch_id)
        if ok:   # else every row of it is already stored (bundled now): only its record is copied
            stored.add(batch.batch_id)
    if report.failed and not drop_unreplayable:
        raise RebuildRefused(old, report.failed)
    dropped = {b for b, _ in report.failed}
    now = dt.datetime.now()
    with db.write_transaction(new) as con:
        for b in batches:
            if b.batch_id in stored:
                con.execute(qr.SET_BATCH_ORIGIN, [b.loaded_at, b.replace, b.batch_id])
                continue
            undone = b.undone_at or (now if b.batch_id in dropped else None)
            con.execute(qr.INSERT_BATCH_RECORD, [b.batch_id, b.loaded_at or now, b.source, b.replace,
                                                 b.rows_added, b.rows_replaced, undone])
            con.executemany(qr.INSERT_BATCH_FILE_RECORD, [[b.batch_id, *f] for f in b.files])
        report.overridden = len(con.execute(qr.BUNDLED_OVERRIDES).fetchall())


def _readable(path: Path) -> bool:
    try:
        with db.open_read(path) as con:
            con.execute(qr.BATCH_IDS).fetchall()
        return True
    except (duckdb.Error, OSError):
        return False


def unreadable_path(path: Path) -> Path:
    """Where a restore puts a live file it could not read (`var/dashboard.unreadable.duckdb`),
    so that the previous copy, the better one, is not overwritten by it."""
    return path.with_name(f"{path.stem}.unreadable{path.suffix}")


def _swap_in(new: Path, path: Path) -> None:
    """The commit point of a rebuild or restore: keep the live file as the previous copy (or set
    it aside if it cannot be read), rename the new one over it, its archive joining the live one."""
    unreadable = path.exists() and not _readable(path)
    db.swap_in(new, path, keep_before=True, set_aside=unreadable_path(path) if unreadable else None)


def _rebuild(path: Path, action: str, drop_unreplayable: bool = False) -> BuildReport:
    """Build the database anew beside `path` and swap it in. Call it holding the writer lock."""
    from analysis.importer.history import mark_manifest_undone
    folder = db.build_dir(path)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    new = folder / path.name
    report = BuildReport(path, action)
    try:
        _build_bundled(new)
        if path.exists() or paths.import_archive_dir(path).exists():
            _replay_all(path, new, report, drop_unreplayable)
        _swap_in(new, path)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    for batch, _why in report.failed:      # dropped on request: a restore from the archive alone skips them
        mark_manifest_undone(path, batch)
    return report


class DatabaseUnreadable(Exception):
    """The live database cannot be read; it is never rebuilt over without an explicit restore."""

    def __init__(self, path: Path, error: Exception):
        super().__init__(f"cannot read the database {path} ({error.__class__.__name__}). Run "
                         f"`python -m analysis restore` to rebuild it from the bundled data and the archived "
                         f"imports, or `python -m analysis restore --previous` to go back to the copy kept before "
                         f"the last import (see docs/recovery.md)")
        self.path = path
        self.error = error


def _up_to_date(path: Path) -> bool:
    if not path.exists():
        return False
    try:
        return _stored_fingerprint(path) == fingerprint()
    except duckdb.Error as exc:
        raise DatabaseUnreadable(path, exc) from None


def ensure_app_database(path: Path | None = None) -> BuildReport:
    """Build the app database from the bundled files if missing, or rebuild it when they
    changed (replaying the user's archived imports). Returns what was done; raises
    `RebuildRefused` (nothing changed) when a user batch could not be replayed."""
    path = Path(path) if path else paths.app_db_path()
    if _up_to_date(path):
        db.remove_stale_if_idle(path)
        return BuildReport(path, "up to date")
    path.parent.mkdir(parents=True, exist_ok=True)
    # the writer lock of the live file keeps imports out while the new file is built
    with db.writer_lock(path):
        db.remove_stale(path)
        if _up_to_date(path):
            return BuildReport(path, "up to date")
        return _rebuild(path, "rebuilt" if path.exists() else "created")


# ---------------------------------------------------------------------------- restore

def restore_rebuild(path: Path | None = None, *, drop_unreplayable: bool = False) -> BuildReport:
    """Rebuild the database from the bundled data plus the archived imports, whatever its
    fingerprint says (also when the file is missing or corrupt: the batches then come from the
    archive's manifests). Refuses like a rebuild unless `drop_unreplayable`, which marks the
    batches that cannot be replayed undone."""
    path = Path(path) if path else paths.app_db_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    with db.writer_lock(path):
        db.remove_stale(path)
        return _rebuild(path, "restored", drop_unreplayable)


def restore_previous(path: Path | None = None) -> list[int]:
    """Roll back to the copy kept before the last import or rebuild. The batches that exist only
    in the database being replaced are recorded in the restored one as undone, so their numbers
    are never given again. The database being replaced becomes the previous copy (so a restore
    can itself be rolled back). Returns the batch numbers rolled back."""
    from analysis.importer.history import mark_manifest_undone
    path = Path(path) if path else paths.app_db_path()
    previous = db.previous_path(path)
    with db.writer_lock(path):
        db.remove_stale(path)
        if not previous.exists():
            raise RestoreError(f"no previous copy is kept at {previous} (one is kept at each import); "
                               f"nothing was changed")
        current = _batches_of(path) if path.exists() else []
        folder = db.build_dir(path)
        folder.mkdir()
        new = folder / path.name
        try:
            shutil.copyfile(previous, new)
            try:
                with db.open_read(new) as con:
                    known = {r[0] for r in con.execute(qr.BATCH_IDS).fetchall()}
            except duckdb.Error as exc:
                raise RestoreError(f"the previous copy {previous} cannot be read ({exc.__class__.__name__}); "
                                   f"nothing was changed") from None
            gone = [b for b in current if b.batch_id not in known]
            now = dt.datetime.now()
            with db.write_transaction(new) as con:
                for b in gone:
                    con.execute(qr.INSERT_BATCH_RECORD, [b.batch_id, b.loaded_at or now, b.source, b.replace,
                                                         b.rows_added, b.rows_replaced, b.undone_at or now])
                    con.executemany(qr.INSERT_BATCH_FILE_RECORD, [[b.batch_id, *f] for f in b.files])
            _swap_in(new, path)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
    rolled_back = [b.batch_id for b in gone if b.undone_at is None]
    for batch in rolled_back:
        mark_manifest_undone(path, batch)
    return rolled_back
