"""Connections to the dashboard database, and the one way to write to it.

DuckDB lets one process write a file while no other process reads it. The app must keep serving
while an import runs, and a crash in the middle of an import must leave the previous state. So a
write never touches the live file: it copies the file to a private copy, applies the whole import
to the copy, checkpoints, and then atomically renames the copy over the live file.

The guarantee, precisely: **the rename is the commit point.** Before it, the live file is the old
one byte for byte, whatever happened to the copy (an exception, a failed validation, a crash, a
kill); after it, the live file holds the whole import. What happens inside the copy is private:
the writer opens one transaction, but it may commit part of its work on the copy and continue in
a further transaction (e.g. store the rows, then derive the facts) without weakening anything,
because nobody else opens the copy and a failure before the rename throws the copy away. Readers
that are mid-query keep reading the old file (its inode stays alive until they close), every new
read-only connection sees the new one, and nobody ever sees half an import. A lock file
serialises writers, so two imports cannot lose each other's rows.

Readers open short-lived read-only connections (`open_read`), each on a DuckDB instance of its
own: DuckDB caches database instances by path, so a plain `connect` while another connection is
open in the process would serve the file that connection opened, not the live one. The app keeps
one instance per version of the file (`open_instance`, keyed on `database_version`) and reads
through short-lived connections on it (`reading`).
"""
from __future__ import annotations

import contextlib
import fcntl
import glob
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import duckdb

from analysis import paths
from analysis.queries import connect as connect_sql
from analysis.queries import schema


def database_version(path: Path) -> tuple[int, int, int] | None:
    """A cheap fingerprint of the live database file (inode, mtime, size): it changes on every
    swap, so caches keyed on it refresh exactly when the data changes."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return (st.st_ino, st.st_mtime_ns, st.st_size)


def open_instance(path: Path) -> duckdb.DuckDBPyConnection:
    """A DuckDB instance of its own (a fresh in-memory one, never one from DuckDB's per-path
    instance cache) with the file that is live at this moment attached read-only. It keeps
    reading that file after a swap (its inode stays alive), so whoever keeps it must key it on
    `database_version` and read through `reading`."""
    con = duckdb.connect(":memory:")
    try:
        con.execute(connect_sql.ATTACH_READ_ONLY, [str(path)])
    except BaseException:
        con.close()
        raise
    return con


@contextlib.contextmanager
def reading(instance: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection of its own on a shared instance (`open_instance`), the attached file made the
    default catalogue, closed on exit. About 1 ms against ~20 ms for a new instance, and safe to
    use beside other threads' connections on the same instance."""
    con = instance.cursor()
    try:
        con.execute(connect_sql.USE_LIVE)
        yield con
    finally:
        con.close()


@contextlib.contextmanager
def open_read(path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection to the file that is live at this moment, closed on exit.

    Each call gets a DuckDB instance of its own (`open_instance`): `duckdb.connect(path)` while
    any other connection to `path` is open in this process returns that connection's instance,
    i.e. the file as it was before an import renamed a new one over it."""
    instance = open_instance(path)
    try:
        with reading(instance) as con:
            yield con
    finally:
        instance.close()


class SchemaMismatch(Exception):
    """The database lacks tables or columns the dashboard needs (edited by hand, or made by
    another version); `missing` lists them ("fact", "score.score")."""

    def __init__(self, path: Path, missing: list[str]):
        super().__init__(f"{path}: missing {', '.join(missing)}")
        self.path = Path(path)
        self.missing = missing


# Tables whose absence means lost data: a write must not recreate them empty and carry on
# (`CREATE TABLE IF NOT EXISTS` would). Tables a newer version adds are simply created.
_NEEDED = tuple(t for t in (*schema.STORED_TABLES, *(t + "_history" for t in schema.STORED_TABLES),
                             "batch", "batch_file", "fact") if t not in schema.ADDED_LATER)


def _missing(con, tables: list[str] | tuple[str, ...]) -> list[str]:
    """The tables of `tables` the open database lacks, and the missing columns of those it has."""
    found = set(con.execute(connect_sql.COLUMNS).fetchall())
    present = {table for table, _ in found}
    missing = []
    for table in tables:
        if table not in present:
            missing.append(table)
            continue
        missing += [f"{table}.{column}" for column in schema.table_columns(table) if (table, column) not in found]
    return missing


def diagnose(path: Path) -> tuple[str, str] | None:
    """What is wrong with the database file, after a query on it failed: ('damaged', DuckDB's
    first line) when it cannot be opened as a database, ('schema', "fact, score.score") when
    tables or columns of the schema are missing, or None when the file looks sound (the failure
    lies elsewhere)."""
    try:
        with open_read(path) as con:
            missing = _missing(con, [t for t in schema.table_names() if t not in schema.ADDED_LATER])
    except duckdb.Error as exc:
        return "damaged", str(exc).splitlines()[0]
    return ("schema", ", ".join(missing)) if missing else None


_PRIVATE = re.compile(r"^\.(?P<name>.+)\.\d+\.(writing|building|part)$")


def public_path(path: str | os.PathLike) -> Path:
    """The file a private working copy stands for (`.x.duckdb.123.writing` -> `x.duckdb`), so
    a message names the file the user knows."""
    path = Path(path)
    match = _PRIVATE.match(path.name)
    return path.with_name(match["name"]) if match else path


@contextlib.contextmanager
def writer_lock(path: Path) -> Iterator[None]:
    """The one lock of every writer of `path` (imports, undo, builds, restores)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    lock_path = path.with_name(path.name + ".lock")
    with open(lock_path, "a+") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)



def build_dir(path: Path) -> Path:
    """The private folder where a rebuild of `path` is made before it is swapped in."""
    return path.with_name(f".{path.name}.building")


def previous_path(path: Path) -> Path:
    """The one copy of the database as it was before the last import or rebuild
    (`var/dashboard.previous.duckdb` beside `var/dashboard.duckdb`)."""
    return path.with_name(f"{path.stem}.previous{path.suffix}")


def remove_stale(path: Path) -> list[Path]:
    """Delete what killed writers and builders of `path` left behind: private copies
    (`.NAME.PID.writing`, their WAL), half-made previous copies and the build folder. Call it only
    while holding `writer_lock(path)`: then no writer is alive, so nothing of this is in use."""
    found = [*path.parent.glob(f".{glob.escape(path.name)}.*.writing*"),
             *path.parent.glob(f".{glob.escape(path.name)}.*.previous")]
    for stale in found:
        stale.unlink(missing_ok=True)
    folder = build_dir(path)
    if folder.exists():
        shutil.rmtree(folder, ignore_errors=True)
        found.append(folder)
    return found


def remove_stale_if_idle(path: Path) -> None:
    """`remove_stale` when no writer holds the lock right now; otherwise leave it to that writer
    (readers must not wait for an import to finish just to tidy up)."""
    lock_path = path.with_name(path.name + ".lock")
    if not lock_path.exists():
        return
    with open(lock_path, "a+") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return
        try:
            remove_stale(path)
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def private_path(path: Path, kind: str) -> Path:
    """`.NAME.PID.KIND` beside `path`: a working file of this process (`writing`, `building`,
    `previous`, `part`) that readers never open and `public_path` names back."""
    return path.with_name(f".{path.name}.{os.getpid()}.{kind}")


def keep_previous(path: Path) -> None:
    """Keep the live file as the previous copy (a hard link: no copying, and the live file's
    content is exactly what it was). Call it while holding the lock, just before a swap."""
    if not path.exists():
        return
    part = private_path(path, "previous")
    part.unlink(missing_ok=True)
    try:
        os.link(path, part)
    except OSError:  # a file system without hard links: a real copy
        _copy_file(path, part)
    os.replace(part, previous_path(path))


# ---- build beside, then rename: the one way any file of the app is replaced ---------------------

def swap_in(new: Path, path: Path, *, keep_before: bool = False, set_aside: Path | None = None,
            replace_archive: bool = False) -> None:
    """The commit point of every writer of a database (import, undo, rebuild, restore, demo):
    `new`, complete and closed, is flushed to disk and renamed over `path`.

    `keep_before` keeps the file replaced as `previous_path(path)`; `set_aside` moves it there
    instead (a restore sets an unreadable file aside rather than let it overwrite the previous
    copy, the better one). The import archive made beside `new` then joins `path`'s: added to it
    (what is already there stays), or instead of it with `replace_archive`. Call it holding
    `writer_lock(path)`."""
    _fsync_file(new)
    if set_aside is not None and path.exists():
        os.replace(path, set_aside)
    if keep_before:
        keep_previous(path)
    os.replace(new, path)
    _fsync_dir(path.parent)
    _join_archive(paths.import_archive_dir(new), paths.import_archive_dir(path), replace_archive)


def _join_archive(new_archive: Path, archive: Path, replace: bool) -> None:
    if not new_archive.exists():
        return
    if replace:
        shutil.rmtree(archive, ignore_errors=True)
        os.replace(new_archive, archive)
        return
    archive.mkdir(parents=True, exist_ok=True)
    for item in new_archive.iterdir():
        if not (archive / item.name).exists():
            os.replace(item, archive / item.name)


def write_file(target: Path, data: bytes = b"", *, source_path: Path | None = None) -> None:
    """`data` (or a copy of `source_path`, streamed) at `target`, complete or not at all: written
    beside, flushed to disk and renamed over it. A full disk or a kill leaves no half file."""
    part = private_path(target, "part")
    try:
        if source_path is not None:
            shutil.copyfile(source_path, part)
        else:
            part.write_bytes(data)
        _fsync_file(part)
        os.replace(part, target)
    except BaseException:
        part.unlink(missing_ok=True)
        raise


def _fsync_file(path: Path) -> None:
    with open(path, "rb+") as fh:
        os.fsync(fh.fileno())


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _copy_file(src: Path, dst: Path) -> None:
    with open(src, "rb") as fin, open(dst, "wb") as fout:
        while chunk := fin.read(8 << 20):
            fout.write(chunk)
        fout.flush()
        os.fsync(fout.fileno())


class WriteAborted(Exception):
    """Raised inside `write_transaction` to leave the live database exactly as it was."""


@contextlib.contextmanager
def write_transaction(path: Path, *, create: bool = False,
                      keep_before: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
    """Yield a read-write connection to a private copy of the database inside one transaction.

    On a clean exit the copy is committed, checkpointed and renamed over the live file (the
    commit point). On any exception (including `WriteAborted`) the copy is thrown away and the
    live file is untouched, byte for byte. The caller may `COMMIT` and `BEGIN` again on the copy
    (it must leave a transaction open). With `create=True` a missing database is created with
    the schema. With `keep_before=True` the file it replaces is kept as `previous_path(path)`.
    """
    path = Path(path)
    with writer_lock(path):
        # Holding the lock, no other writer is alive: any private copy left here was cut
        # short by a crash and is only taking disk space.
        remove_stale(path)
        tmp = private_path(path, "writing")
        con = None
        try:
            if path.exists():
                _copy_file(path, tmp)  # a full disk fails here: the copy must not stay behind
            elif not create:
                raise FileNotFoundError(f"no database at {path}")
            con = duckdb.connect(str(tmp))  # a damaged file fails here
            if path.exists():
                # only whole tables: a missing column fails the import's own statements, and a
                # migration of a later version may add columns after this point
                present = {table for table, _ in con.execute(connect_sql.COLUMNS).fetchall()}
                missing = [t for t in _NEEDED if t in schema.table_names() and t not in present]
                if missing:
                    raise SchemaMismatch(path, missing)
            for ddl in schema.create_statements():
                con.execute(ddl)
            con.execute("BEGIN TRANSACTION")
            yield con
            con.execute("COMMIT")
            con.execute("CHECKPOINT")
            con.close()
            swap_in(tmp, path, keep_before=keep_before)
        except BaseException:
            if con is not None:
                with contextlib.suppress(Exception):
                    con.close()
            tmp.unlink(missing_ok=True)
            with contextlib.suppress(FileNotFoundError):
                os.unlink(str(tmp) + ".wal")
            raise
