"""The README's import commands run as written, on a fresh database, using examples/."""
from __future__ import annotations

import re
import shlex
import subprocess
import sys

from analysis.paths import PROJECT_DIR as ROOT
from tests.unit.import_fixture import rows


def test_the_readme_import_commands_run_as_written(tmp_path):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = [line.split("   #")[0] for line in re.findall(r"^\.venv/bin/python -m analysis .*--db var/vi_du\.duckdb.*$",
                                                              readme, re.M)]
    assert len(commands) >= 8
    db = tmp_path / "vi_du.duckdb"
    for command in commands:
        args = [a.replace("var/vi_du.duckdb", str(db)) for a in shlex.split(command)[1:]]
        done = subprocess.run([sys.executable, *args], cwd=ROOT, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, (command, done.stdout[-2000:], done.stderr[-2000:])
    # after the final undo, the PDF (nothing new) and the internal index remain undone / stored as loaded
    assert rows(db, "SELECT count(*) FROM score WHERE index_code = 'PAR_INDEX'") == [(2 * 63 * 9,)]
    assert rows(db, "SELECT count(*) FROM responsibility") == [(8,)]
