"""The app's database, built from the bundled real data in `data/`.

Built on first start if missing; rebuilt when the bundled files change (their fingerprint is
kept in `meta`). A rebuild writes a new file: reference and bundled data first, then the user's
own imports replayed in their original order from the archive (undone ones skipped), and only
then swaps it in, so the live file is never half-built.
"""
from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from analysis import db, paths
from analysis.importer import load_files
from analysis.queries import load as q

REFERENCE_UNITS = paths.BUNDLED_DATA_DIR / "reference" / "units.csv"
BUNDLED_FILES = [
    REFERENCE_UNITS,
    paths.BUNDLED_DATA_DIR / "papi" / "criteria.csv",
    paths.BUNDLED_DATA_DIR / "papi" / "scores.csv",
    paths.BUNDLED_DATA_DIR / "published" / "scores.csv",
]
REFERENCE_SOURCE = "reference units bundled with the app (see data/README.md)"
BUNDLED_SOURCE = "real data bundled with the app (see data/README.md)"
FINGERPRINT_KEY = "bundle_fingerprint"


class BuildError(Exception):
    """The bundled data did not load (a bug in data/ or the importer)."""


@dataclass
class BuildReport:
    path: Path
    action: str                      # "created", "rebuilt", "up to date"
    replayed: list[int] = field(default_factory=list)
    failed: list[tuple[int, str]] = field(default_factory=list)

    def __str__(self) -> str:
        text = f"{self.path}: {self.action}"
        if self.replayed:
            text += f"; replayed {len(self.replayed)} import(s)"
        for batch, why in self.failed:
            text += f"\n  import batch {batch} could not be replayed: {why}"
        return text


def fingerprint() -> str:
    """SHA-256 over the bundled files' names and contents."""
    digest = hashlib.sha256()
    for path in BUNDLED_FILES:
        digest.update(str(path.relative_to(paths.BUNDLED_DATA_DIR)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _check(result, what: str) -> None:
    if not result.ok:
        raise BuildError(f"{what} did not load:\n" + "\n".join(str(e) for e in result.errors[:20]))


def create_database(path: Path) -> Path:
    """A new database with the schema and the reference units (63 + 34 provinces)."""
    path = Path(path)
    if path.exists():
        raise FileExistsError(f"database already exists: {path}")
    with db.write_transaction(path, create=True):
        pass
    _check(load_files(path, [REFERENCE_UNITS], kind="reference", source=REFERENCE_SOURCE),
           "reference units")
    return path


def _build_bundled(path: Path) -> None:
    create_database(path)
    _check(load_files(path, BUNDLED_FILES[1:], kind="bundled", source=BUNDLED_SOURCE), "bundled data")
    with db.write_transaction(path) as con:
        con.execute(q.META_DELETE, [FINGERPRINT_KEY])
        con.execute(q.META_SET, [FINGERPRINT_KEY, fingerprint()])


def _stored_fingerprint(path: Path) -> str | None:
    with db.open_read(path) as con:
        rows = con.execute(q.META_GET, [FINGERPRINT_KEY]).fetchall()
    return rows[0][0] if rows else None


def _user_batches(path: Path) -> list[tuple[int, str | None, bool, list[tuple[str, str]]]]:
    """(batch_id, source, replace, [(file name, sha256)]) of the user imports in force, oldest first."""
    with db.open_read(path) as con:
        rows = con.execute(q.USER_BATCHES).fetchall()
    batches: dict[int, tuple] = {}
    for batch_id, source, replace, name, sha in rows:
        batches.setdefault(batch_id, (batch_id, source, replace, []))[3].append((name, sha))
    return list(batches.values())


def _replay(old: Path, new: Path, report: BuildReport) -> None:
    archive = paths.import_archive_dir(old)
    new_archive = paths.import_archive_dir(new)
    for batch_id, source, replace, files in _user_batches(old):
        found = []
        for name, sha in files:
            matches = sorted(archive.glob(f"{sha}.*"))
            if not matches:
                report.failed.append((batch_id, f"archived copy of {name} is missing"))
                break
            found.append((matches[0], name))
        else:
            result = load_files(new, [p for p, _ in found], replace=replace, source=source, kind="user",
                                display_names={p: n for p, n in found})
            if result.ok:
                report.replayed.append(batch_id)
            else:
                report.failed.append((batch_id, str(result.errors[0]) if result.errors else result.message))
    # the new file's archive lives beside it under a temporary name: fold it into the real one
    if new_archive.exists():
        archive.mkdir(parents=True, exist_ok=True)
        for item in new_archive.iterdir():
            if not (archive / item.name).exists() or item.suffix == ".json":
                os.replace(item, archive / item.name)
        for item in new_archive.iterdir():
            item.unlink()
        new_archive.rmdir()


def ensure_app_database(path: Path | None = None) -> BuildReport:
    """Build the app database from the bundled files if missing, or rebuild it when they
    changed (replaying the user's archived imports). Returns what was done."""
    path = Path(path) if path else paths.app_db_path()
    if path.exists() and _stored_fingerprint(path) == fingerprint():
        return BuildReport(path, "up to date")
    path.parent.mkdir(parents=True, exist_ok=True)
    # the writer lock of the live file keeps imports out while the new file is built
    with db._writer_lock(path):
        if path.exists() and _stored_fingerprint(path) == fingerprint():
            return BuildReport(path, "up to date")
        new = path.with_name(f".{path.name}.{os.getpid()}.building")
        for leftover in (new, Path(str(new) + ".wal")):
            leftover.unlink(missing_ok=True)
        report = BuildReport(path, "rebuilt" if path.exists() else "created")
        try:
            _build_bundled(new)
            if path.exists():
                # old manifests are rewritten by the replay with the new batch numbers
                archive = paths.import_archive_dir(path)
                for manifest in archive.glob("batch-*.json") if archive.exists() else []:
                    manifest.unlink()
                _replay(path, new, report)
            os.replace(new, path)
        finally:
            # the build wrote `new` through write_transaction, which locked it with a sibling file
            for leftover in (new, new.with_name(new.name + ".lock")):
                leftover.unlink(missing_ok=True)
    return report
