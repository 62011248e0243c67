"""Where the project's files live. Every path can be moved by an environment variable so that
tests, CI and a deployed app each get their own database without touching the others."""
from __future__ import annotations

import os
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[1]
BUNDLED_DATA_DIR = PROJECT_DIR / "data"


def var_dir() -> Path:
    """Folder for databases and archived imports (not in git)."""
    return Path(os.environ.get("PARDASH_HOME", PROJECT_DIR / "var"))


def app_db_path() -> Path:
    """The app's own database, built from the bundled data plus the user's imports."""
    return Path(os.environ.get("PARDASH_DB", var_dir() / "dashboard.duckdb"))


def demo_db_path() -> Path:
    """The demo workspace: generated data only, never mixed with real data."""
    return Path(os.environ.get("PARDASH_DEMO_DB", var_dir() / "demo.duckdb"))


def import_archive_dir(db_path: Path) -> Path:
    """Copies of every file a user imported into `db_path`, by SHA-256, so the database can be
    rebuilt (bundled data changed) and every figure traced to the exact file it came from."""
    return db_path.parent / (db_path.stem + ".imports")
