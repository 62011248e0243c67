"""The demo workspace: a seeded, complete and plausible ILLUSTRATIVE data set ("Dữ liệu minh
họa"), written as contract-form import files and loaded through the ordinary importer into its own
database file (`paths.demo_db_path()`), never the real one.

    write_demo_files(folder, seed)   -> the import files
    build_demo_database(path, seed)  -> a fresh demo database (built aside, then renamed in)
    ensure_demo_database(path)       -> build it if missing or made by another generator version
    main_demo(args)                  -> `python -m analysis demo [--db PATH] [--seed N] [--out DIR]`

The database is marked in `meta`: workspace = demo, demo_version, demo_seed, so the app can label
it and refuse to mix it with real data.
"""
from __future__ import annotations

import argparse
import hashlib
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path

import duckdb

from analysis import db, paths
from analysis.demo import org
from analysis.demo.files import SOURCE_LABEL, source_note, write_all
from analysis.queries import demo as q
from analysis.queries import schema

__all__ = ["DEFAULT_SEED", "DEMO_PROVINCE", "GENERATOR_VERSION", "SOURCE_LABEL", "DemoBuildError",
           "NotADemoDatabase",
           "build_demo_database", "coverage", "demo_version", "ensure_demo_database", "main_demo",
           "source_note", "stored_demo_version", "write_demo_files"]

DEFAULT_SEED = 2025
# Part of demo_version(): ensure_demo_database() rebuilds a demo made by another version.
GENERATOR_VERSION = "1"


class DemoBuildError(RuntimeError):
    """The importer refused the generated files (a generator or importer bug, never user data)."""

    def __init__(self, errors: Sequence[str]):
        self.errors = list(errors)
        super().__init__("demo import failed:\n" + "\n".join(self.errors[:20]))


class NotADemoDatabase(RuntimeError):
    """The target file exists and is not a demo workspace: it is never overwritten."""


DEMO_PROVINCE = org.PROVINCE  # the province the demo's internal data belongs to (Lạng Sơn)


def write_demo_files(folder: Path, seed: int = DEFAULT_SEED) -> list[Path]:
    """Write the demo data set as import files into `folder`; the same seed gives the same bytes."""
    return write_all(Path(folder), seed)


def demo_version() -> str:
    """The generator version, the schema version and a fingerprint of what the demo is made of
    (this package's code and the reference units), so changing any of them rebuilds the demo
    without anyone remembering to bump a number."""
    digest = hashlib.sha256()
    here = Path(__file__).resolve().parent
    for source in [*sorted(here.glob("*.py")), paths.BUNDLED_DATA_DIR / "reference" / "units.csv"]:
        digest.update(source.name.encode())
        digest.update(source.read_bytes())
    return f"{GENERATOR_VERSION}.{schema.SCHEMA_VERSION}+{digest.hexdigest()[:12]}"


def stored_demo_version(path: Path) -> str | None:
    """The demo_version recorded in a database, or None (missing file, not a demo database)."""
    if not Path(path).exists():
        return None
    try:
        with db.open_read(Path(path)) as con:
            rows = con.execute(q.META_VALUE, ["demo_version"]).fetchall()
    except duckdb.Error:
        return None
    return rows[0][0] if rows else None


def coverage(path: Path) -> list[tuple[str, int, str, str, int, int]]:
    """(index_code, year, geography, level, units with an overall score, published ranks)."""
    with db.open_read(Path(path)) as con:
        return con.execute(q.COVERAGE).fetchall()


def _workspace_of(path: Path) -> str | None:
    try:
        with db.open_read(path) as con:
            rows = con.execute(q.META_VALUE, ["workspace"]).fetchall()
    except duckdb.Error:
        return None
    return rows[0][0] if rows else None


def _guard(target: Path) -> None:
    """Refuse to replace anything but a demo database: a misconfigured path (the demo pointed at
    the real database) must not wipe the user's data."""
    if target.exists() and _workspace_of(target) != "demo":
        raise NotADemoDatabase(f"{target} exists and is not a demo database; not overwritten "
                               "(choose another path or delete it first)")
    if target.resolve() == paths.app_db_path().resolve():
        raise NotADemoDatabase(f"{target} is the app's real database; the demo never goes there")


def _mark_workspace(path: Path, seed: int) -> None:
    marks = {"workspace": "demo", "demo_version": demo_version(), "demo_seed": str(seed)}
    with db.write_transaction(path) as con:
        for key, value in marks.items():
            con.execute(q.FORGET_META, [key])
            con.execute(q.SET_META, [key, value])


def _discard(path: Path) -> None:
    # the database, its WAL, and the lock file `db.write_transaction` leaves beside it
    for p in (path, Path(str(path) + ".wal"), path.with_name(path.name + ".lock")):
        p.unlink(missing_ok=True)
    shutil.rmtree(paths.import_archive_dir(path), ignore_errors=True)


def build_demo_database(path: Path | None = None, seed: int = DEFAULT_SEED) -> Path:
    """Build the demo database from scratch at `path` (default `paths.demo_db_path()`); an
    existing file there is replaced only if it is a demo database (else `NotADemoDatabase`).

    It is built beside the target and renamed over it only when complete, so a reader never sees
    a half-built demo and a failed build leaves the previous one in place."""
    from analysis import bundle, importer  # late: the importer imports analysis.demo.guard

    target = Path(path) if path is not None else paths.demo_db_path()
    _guard(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    building = db.private_path(target, "building")
    _discard(building)
    try:
        with tempfile.TemporaryDirectory(prefix="pardash-demo-") as tmp:
            files = write_demo_files(Path(tmp), seed)
            bundle.create_database(building)
            result = importer.load_files(building, files, kind="demo", source=source_note(seed))
            if not result.ok:
                raise DemoBuildError([str(e) for e in result.errors])
        _mark_workspace(building, seed)
        db.swap_in(building, target, replace_archive=True)
    finally:
        _discard(building)
    return target


def ensure_demo_database(path: Path | None = None) -> Path:
    """The demo database, built first if it is missing or was made by another generator version."""
    target = Path(path) if path is not None else paths.demo_db_path()
    if stored_demo_version(target) == demo_version():
        return target
    # Two app sessions starting at once must not both build (and rename over each other).
    with db.writer_lock(target):
        if stored_demo_version(target) != demo_version():
            build_demo_database(target)
    return target


def add_demo_arguments(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """The `demo` subcommand's options (for the CLI's subparser)."""
    parser.add_argument("--db", type=Path, default=None,
                        help="demo database to build (default: the app's demo workspace file)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed (default 2025)")
    parser.add_argument("--out", type=Path, default=None,
                        help="only write the import files into this folder, build no database")
    return parser


def main_demo(args: argparse.Namespace | Sequence[str] | None = None) -> int:
    """`python -m analysis demo [--db PATH] [--seed N] [--out FOLDER]`; returns the exit status."""
    if args is None or not isinstance(args, argparse.Namespace):
        args = add_demo_arguments(argparse.ArgumentParser(prog="python -m analysis demo")).parse_args(args)
    seed = getattr(args, "seed", None)
    seed = DEFAULT_SEED if seed is None else seed
    out = getattr(args, "out", None)
    if out is not None:
        files = write_demo_files(Path(out), seed)
        print(f"{SOURCE_LABEL}: {len(files)} tệp / files written to {out}")
        for f in files:
            print(f"  {f.name}")
        return 0
    try:
        target = build_demo_database(getattr(args, "db", None), seed)
    except DemoBuildError as exc:
        print("\n".join(exc.errors))
        return 1
    except NotADemoDatabase as exc:
        print(exc)
        return 1
    print(f"{SOURCE_LABEL}: demo database built at {target} (seed {seed})")
    for index_code, year, geography, level, units, published in coverage(target):
        ranks = f", {published} published ranks" if published else ""
        print(f"  {index_code} {year} {geography} {level}: {units} units{ranks}")
    return 0
