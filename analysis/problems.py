"""What went wrong, in a sentence: the ways a command or a page fails because of its
surroundings rather than its input or a bug (a damaged or edited database file, a full disk, a
folder that may not be written, a missing folder, a database another program holds). `explain`
turns such an exception into a `Problem`: a catalogue key (analysis/i18n.py, "problem.*") and
its values, said in English by the command line and in the reader's language by the app.
Anything else is not dressed up: `explain` answers None and the caller lets it through.
"""
from __future__ import annotations

import errno
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from analysis import db
from analysis.i18n import t

_FULL = {errno.ENOSPC, errno.EDQUOT}
_DENIED = {errno.EACCES, errno.EPERM, errno.EROFS}

# DuckDB reports its own file errors as text only; these say which kind.
_DUCKDB_FULL = ("No space left on device", "Disk quota exceeded")
_DUCKDB_DENIED = ("Permission denied", "Read-only file system")
_DUCKDB_DAMAGED = ("not a valid DuckDB database", "Could not read enough bytes", "Corrupt database file",
                   "checksum", "database file was created with", "Serialization Error")


@dataclass(frozen=True)
class Problem:
    key: str                  # "problem.<kind>" in the text catalogue
    where: Path               # the file or folder concerned
    values: dict = field(default_factory=dict)

    def text(self, lang: str = "en", *, full_paths: bool = True, escape: Callable[[str], str] = str) -> str:
        """The sentence. The app passes full_paths=False (a viewer is told the file's name, not
        where it lives on the server) and its Markdown escape for the values."""
        where = str(self.where) if full_paths else self.where.name
        values = {name: escape(str(value)) for name, value in self.values.items()}
        return t(self.key, lang, where=escape(where), **values)

    def cli_text(self) -> str:
        """The command line's form, printed after "error: " (one line, English)."""
        sentence = self.text("en")
        return sentence[:1].lower() + sentence[1:]


def explain(exc: BaseException, db_path: Path | None = None) -> Problem | None:
    """The Problem `exc` stands for, or None. `db_path` is the database the work was on: a
    DuckDB error is checked against the file itself (can it be opened, are the tables there)."""
    from analysis.bundle import DatabaseUnreadable  # bundle imports the importer: only when asked

    if isinstance(exc, DatabaseUnreadable):
        # the app's start-up check could not read the live file: say what is wrong with it
        return explain(exc.error, exc.path) or Problem("problem.db_damaged", exc.path)
    if isinstance(exc, db.SchemaMismatch):
        return Problem("problem.db_schema", exc.path, {"missing": ", ".join(exc.missing)})
    if isinstance(exc, duckdb.Error):
        return _duckdb_problem(exc, db_path)
    if isinstance(exc, OSError):
        return _os_problem(exc, db_path)
    return None


def _os_problem(exc: OSError, db_path: Path | None) -> Problem | None:
    named = db.public_path(exc.filename) if exc.filename else db_path
    if named is None:
        return None
    if exc.errno in _FULL:
        return Problem("problem.disk_full", named)
    if exc.errno in _DENIED:
        return Problem("problem.read_only", named.parent)
    if exc.errno == errno.ENOENT and not named.parent.exists():
        return Problem("problem.no_folder", named.parent)
    return None


def _duckdb_problem(exc: duckdb.Error, db_path: Path | None) -> Problem | None:
    message = str(exc)
    if db_path is None:
        return None
    if any(s in message for s in _DUCKDB_FULL):
        return Problem("problem.disk_full", db_path)
    if any(s in message for s in _DUCKDB_DENIED):
        if db_path.exists() and not os.access(db_path, os.R_OK):
            return Problem("problem.no_access", db_path)
        return Problem("problem.read_only", db_path.parent)
    if "Could not set lock" in message:
        return Problem("problem.db_locked", db_path)
    found = db.diagnose(db_path) if db_path.exists() else None
    if found and found[0] == "schema":
        return Problem("problem.db_schema", db_path, {"missing": found[1]})
    # A damaged block shows only when it is read: DuckDB then names no file ("Corrupt database
    # file"); its other messages name the file, which must be ours (not an imported CSV).
    about_ours = db_path.name in message or "Corrupt database file" in message
    if found or (about_ours and any(s in message for s in _DUCKDB_DAMAGED)):
        return Problem("problem.db_damaged", db_path)
    return None
