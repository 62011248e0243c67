"""Shared fixtures. Every test session gets its own PARDASH_HOME, so no test ever reads or
writes the developer's own databases under var/."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

_SESSION_HOME = Path(tempfile.mkdtemp(prefix="pardash-test-"))
os.environ["PARDASH_HOME"] = str(_SESSION_HOME)
os.environ.pop("PARDASH_DB", None)
os.environ.pop("PARDASH_DEMO_DB", None)

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def empty_db(tmp_path: Path) -> Path:
    """A new database with the schema and nothing else."""
    from analysis import db

    path = tmp_path / "empty.duckdb"
    with db.write_transaction(path, create=True):
        pass
    return path
