#!/usr/bin/env bash
# Install (first time) and start the dashboard on its bundled data: http://localhost:8501
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/pip install -q --disable-pip-version-check -r requirements.txt
.venv/bin/python -m analysis build
exec .venv/bin/python -m streamlit run app.py "$@"
