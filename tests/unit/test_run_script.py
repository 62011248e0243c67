"""scripts/run.sh says what it is doing while it installs (issue 13: the first run was silent for
about 100 s), and installs only when requirements.txt changed. Run on a copy of the script with
a stand-in python3 and pip (no network, no real install)."""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from analysis.paths import PROJECT_DIR as ROOT

FAKE_PYTHON3 = """#!/usr/bin/env bash
# stand-in for `python3 -m venv .venv`: a venv whose pip and python only print
mkdir -p "$3/bin"
cat > "$3/bin/pip" <<'PIP'
#!/usr/bin/env bash
echo "Collecting streamlit==1.67.0"
echo "  Downloading streamlit-1.67.0-py3-none-any.whl (9.9 MB)"
echo "Installing collected packages: streamlit"
echo "Successfully installed streamlit-1.67.0"
echo "pip $*" >> "$(dirname "$0")/../calls"
PIP
cat > "$3/bin/python" <<'PY'
#!/usr/bin/env bash
echo "python $*" >> "$(dirname "$0")/../calls"
PY
chmod +x "$3/bin/pip" "$3/bin/python"
"""


def _project(tmp_path: Path) -> Path:
    (tmp_path / "scripts").mkdir()
    shutil.copy2(ROOT / "scripts" / "run.sh", tmp_path / "scripts" / "run.sh")
    shutil.copy2(ROOT / "requirements.txt", tmp_path / "requirements.txt")
    bin_ = tmp_path / "fakebin"
    bin_.mkdir()
    (bin_ / "python3").write_text(FAKE_PYTHON3)
    (bin_ / "python3").chmod(0o755)
    return tmp_path


def _run(project: Path) -> str:
    env = dict(os.environ, PATH=f"{project / 'fakebin'}:{os.environ['PATH']}")
    done = subprocess.run(["bash", "scripts/run.sh"], cwd=project, env=env, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_first_run_shows_each_step_and_pips_progress_then_later_runs_skip_the_install(tmp_path):
    project = _project(tmp_path)
    first = _run(project).splitlines()
    assert first[0] == "==> Creating the Python environment (.venv)"
    assert first[1] == "==> Installing the Python packages (first time: about 2 minutes; progress below)"
    assert "    Collecting streamlit==1.67.0" in first and "    Successfully installed streamlit-1.67.0" in first
    assert first[-2:] == ["==> Building the database from data/ (first time: a few seconds)",
                          "==> Starting the app on http://localhost:8501 (Ctrl+C to stop)"]
    second = _run(project).splitlines()
    assert not [line for line in second if "Installing" in line or "Collecting" in line]
    calls = (project / ".venv" / "calls").read_text().splitlines()
    assert sum(c.startswith("pip install") for c in calls) == 1
    assert calls.count("python -m analysis build") == 2
    # a changed requirements.txt installs again
    with open(project / "requirements.txt", "a") as f:
        f.write("\n")
    assert "    Collecting streamlit==1.67.0" in _run(project).splitlines()
