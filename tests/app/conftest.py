"""Databases for the app tests: the real workspace built from the bundled data/ (as a deployment
would) and the seeded demo workspace, both in a temporary folder, pointed to by PARDASH_DB and
PARDASH_DEMO_DB for the whole session."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

APP = str(Path(__file__).resolve().parents[2] / "app.py")


@pytest.fixture(scope="session")
def workspaces(tmp_path_factory) -> dict[str, Path]:
    from analysis import bundle, demo

    folder = tmp_path_factory.mktemp("app-dbs")
    real, fake = folder / "dashboard.duckdb", folder / "demo.duckdb"
    os.environ["PARDASH_DB"] = str(real)
    os.environ["PARDASH_DEMO_DB"] = str(fake)
    bundle.ensure_app_database(real)
    demo.build_demo_database(fake)
    return {"real": real, "demo": fake}
