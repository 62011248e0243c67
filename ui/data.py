"""Cached access to the analysis for pages.

Every question opens a short-lived connection (`analysis.db.reading`) on the DuckDB instance of
the file's current version, inside a `st.cache_data` function keyed on (database path,
`database_version(path)`, question, arguments): an import swaps the database file, its version
changes, and every page asks afresh on a new instance. No instance serves two versions, because
DuckDB would keep serving the old file after a swap.

Pages call `ask(sel.workspace, headline.headline, ...)` with the analysis function itself (so
the import graph shows what each page uses), or the named helpers below; they never import
duckdb or write SQL.
"""
from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import streamlit as st

from analysis import bundle, catalog, db, demo, geo, importer, internal, paths
from analysis.importer import annex_load


@st.cache_resource(show_spinner=False)
def _app_database(configured: str, live_version) -> tuple[str, tuple[int, ...]]:
    """(path, batches a refused rebuild could not replay). Building the app database from data/
    can take seconds: once per process, path and live file. A refused rebuild leaves the old file
    live and is asked again when that file changes (e.g. `python -m analysis build` after the
    missing files are back)."""
    try:
        report = bundle.ensure_app_database(Path(configured))
    except bundle.RebuildRefused as refused:
        return configured, tuple(batch for batch, _why in refused.failed)
    return str(report.path), ()


def _app(configured: str) -> tuple[str, tuple[int, ...]]:
    return _app_database(configured, db.database_version(Path(configured)))


def refused_batches(workspace: str) -> tuple[int, ...]:
    """The user batches a rebuild of the workspace's database could not replay (then the app
    serves the old database and every page says so); empty when all is well."""
    return () if workspace == "demo" else _app(str(paths.app_db_path()))[1]


def restore(workspace: str, previous: bool, drop_unreplayable: bool) -> tuple[bool, str]:
    """The editors' restore action: (done, what was done or why not)."""
    path = paths.app_db_path()
    try:
        if previous:
            gone = bundle.restore_previous(path)
            text = str(path) + (f" ({', '.join(map(str, gone))})" if gone else "")
        else:
            text = str(bundle.restore_rebuild(path, drop_unreplayable=drop_unreplayable))
    except (bundle.RestoreError, bundle.RebuildRefused) as exc:
        return False, str(exc)
    _app_database.clear()
    return True, text


@st.cache_resource(show_spinner=False)
def _demo_database(configured: str) -> str:
    return str(demo.ensure_demo_database(Path(configured)))


def db_path(workspace: str) -> Path:
    """The database file of a workspace ('real' or 'demo'), built on first use."""
    if workspace == "demo":
        return Path(_demo_database(str(paths.demo_db_path())))
    return Path(_app(str(paths.app_db_path()))[0])


def version(workspace: str):
    return db.database_version(db_path(workspace))


# One DuckDB instance per version of a database file, shared by every session: opening one
# costs ~20 ms, a connection on it ~1 ms, and a first page asks a dozen questions. Keyed on the
# version, an import's swap gets a new instance; the few kept let a page mid-run finish on the
# file it started on.
@st.cache_resource(show_spinner=False, max_entries=4)
def _instance(path: str, db_version):
    return db.open_instance(Path(path))


@st.cache_data(show_spinner=False, max_entries=2000)
def _ask(path: str, db_version, name: str, _func: Callable, args: tuple, kwargs: tuple) -> Any:
    # Streamlit does not hash the leading-underscore `_func`: `name` (its module and qualified
    # name) stands for it in the cache key.
    with db.reading(_instance(path, db_version)) as con:
        return _func(con, *args, **dict(kwargs))


def ask(workspace: str, func: Callable, *args, **kwargs) -> Any:
    """`func(con, *args, **kwargs)` (an analysis function) on the workspace's database, cached
    until the database changes. A missing database answers None (the page shows its empty state)."""
    path = db_path(workspace)
    current = db.database_version(path)
    if current is None:
        return None
    name = f"{func.__module__}.{func.__qualname__}"
    return _ask(str(path), current, name, func, tuple(args), tuple(sorted(kwargs.items())))


def has_data(workspace: str) -> bool:
    """True when the workspace has at least one index with scores."""
    frame = ask(workspace, catalog.indices)
    return frame is not None and len(frame) > 0


# ---- geography (files, not the database) -----------------------------------------------------

def neighbours(geography: str, unit_code: str) -> list[str]:
    return geo.neighbours(geography, unit_code)


# ---- writes (never cached) -------------------------------------------------------------------

def load_files(workspace: str, files: list[tuple[str, bytes]], *, replace: bool, source: str | None,
               progress=None, index_code: str | None = None, year: int | None = None, mapping: dict | None = None):
    """Import uploaded files (name, bytes) through the importer; returns its LoadResult.
    The files are written to a temporary folder under their own names, because the importer
    recognises a table by its file name and reports problems as FILE:LINE:COLUMN."""
    path = db_path(workspace)
    with tempfile.TemporaryDirectory(prefix="pardash-upload-") as folder:
        saved = []
        for name, content in files:
            target = Path(folder) / Path(name).name
            target.write_bytes(content)
            saved.append(target)
        # annexes are read as printed (analysis.importer.annex_load); contract files go through as they are
        return annex_load.load(path, saved, index_code=index_code, year=year, mapping=mapping, replace=replace,
                               source=source or None, kind="user", display_names={p: p.name for p in saved},
                               progress=progress).result


def import_history(workspace: str) -> list[dict]:
    """The import batches, newest first (the importer's own history), cached per version."""
    path = db_path(workspace)
    return _history(str(path), db.database_version(path))


@st.cache_data(show_spinner=False)
def _history(path: str, db_version) -> list[dict]:
    return importer.history(Path(path))


def undo(workspace: str, batch_id: int) -> tuple[int | None, Any]:
    """Take back batch `batch_id`, the newest user import the editor saw: (batch_id, None), or
    (None, the importer's UndoError) when it is no longer the newest in force or cannot be undone."""
    try:
        undone = importer.undo_last(db_path(workspace), batch_id)
    except importer.UndoError as refused:
        return None, refused
    return undone["batch_id"], None


# ---- compound questions a page asks (loops over analysis calls, kept out of pages) -----------



INTERNAL_LEVELS = ("department", "district", "commune")


def internal_levels(workspace: str, index_code: str, year: int, province_code: str) -> list[str]:
    """The unit levels an internal index ranks in this province and year (departments for
    PAR_SO, districts for PAR_HUYEN...), found by asking for each level's ranking."""
    found = []
    for level in INTERNAL_LEVELS:
        ranking = ask(workspace, internal.internal_ranking, index_code, year, province_code, level)
        if ranking is not None and len(ranking) > 0:
            found.append(level)
    return found
